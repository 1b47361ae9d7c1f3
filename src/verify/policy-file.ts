/**
 * The `policy` file: the identity checks per artifact glob. Kept apart from the checks themselves so
 * that a later, versioned trust-policy format only replaces this loader.
 *
 *   artifacts:
 *     - match: "dist/*.tgz"                 # glob over the artifact's workspace-relative path
 *       certificate-identity-regexp: "https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v.*"
 *       certificate-oidc-issuer: https://token.actions.githubusercontent.com
 *       source-ref: refs/tags/v1.2.3
 *
 * The first entry whose glob matches applies; an artifact no entry matches fails.
 */
import { readFile } from 'node:fs/promises';
import { minimatch } from 'minimatch';
import { parse as parseYaml } from 'yaml';
import { ConfigurationError, errorMessage } from '../core/errors.js';
import { type IdentityPolicy, validatePolicy } from './policy.js';

export interface PolicyRule {
  readonly match: string;
  readonly policy: IdentityPolicy;
}

const STRING_KEYS = {
  'certificate-identity': 'certificateIdentity',
  'certificate-identity-regexp': 'certificateIdentityRegexp',
  'certificate-oidc-issuer': 'certificateOidcIssuer',
  'signer-workflow': 'signerWorkflow',
  'source-repository': 'sourceRepository',
  'source-ref': 'sourceRef',
  'signer-digest': 'signerDigest',
  'source-digest': 'sourceDigest',
  'predicate-type': 'predicateType',
} as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses policy text (YAML or JSON). `defaults` fill what an entry leaves out (e.g. the issuer). */
export function parsePolicy(text: string, source: string, defaults: IdentityPolicy = {}): PolicyRule[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new ConfigurationError(`Policy ${source} is not valid YAML: ${errorMessage(error)}`);
  }
  if (!isRecord(doc) || !Array.isArray(doc.artifacts) || doc.artifacts.length === 0) {
    throw new ConfigurationError(
      `Policy ${source} must have a non-empty 'artifacts' list of entries with 'match' and identity keys.`,
    );
  }
  return doc.artifacts.map((entry: unknown, i): PolicyRule => {
    const where = `Policy ${source}, artifacts[${i}]`;
    if (!isRecord(entry)) throw new ConfigurationError(`${where} is not a mapping.`);
    const policy: Record<string, string | boolean> = { ...defaults };
    let match: string | undefined;
    for (const [key, value] of Object.entries(entry)) {
      if (key === 'match') {
        if (typeof value !== 'string' || value.trim() === '') {
          throw new ConfigurationError(`${where}: 'match' must be a non-empty glob.`);
        }
        match = value.trim();
      } else if (key === 'deny-self-hosted-runners') {
        if (typeof value !== 'boolean') throw new ConfigurationError(`${where}: '${key}' must be true or false.`);
        policy.denySelfHostedRunners = value;
      } else if (key in STRING_KEYS) {
        if (typeof value !== 'string') throw new ConfigurationError(`${where}: '${key}' must be a string.`);
        policy[STRING_KEYS[key as keyof typeof STRING_KEYS]] = value;
      } else {
        throw new ConfigurationError(
          `${where}: unknown key '${key}'. Known keys: match, ${Object.keys(STRING_KEYS).join(', ')}, deny-self-hosted-runners.`,
        );
      }
    }
    if (match === undefined) throw new ConfigurationError(`${where} has no 'match' glob.`);
    validatePolicy(policy, where);
    return { match, policy };
  });
}

export async function loadPolicyFile(path: string, defaults: IdentityPolicy = {}): Promise<PolicyRule[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`Cannot read policy file ${path}: ${errorMessage(error)}`);
  }
  return parsePolicy(text, path, defaults);
}

/** The rule for an artifact (workspace-relative path, `/` separators), or undefined when none matches. */
export function ruleFor(rules: readonly PolicyRule[], relativePath: string): PolicyRule | undefined {
  return rules.find((rule) => minimatch(relativePath, rule.match, { dot: true }));
}
