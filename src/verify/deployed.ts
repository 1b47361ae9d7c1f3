/**
 * What actually runs, for `mode: post-deploy`: `sha256:<hex>  <name>` lines given as an input or
 * printed by a command. The command runs with execFile and no shell: the input is split into
 * words here, never interpolated into a shell string.
 */
import { execFile } from 'node:child_process';
import { ConfigurationError, errorMessage } from '../core/errors.js';
import { explainGitHubError } from '../core/github.js';
import { type DeploymentsClient, recordOf, rollbackOnMismatch, type RollbackResult } from './rollback.js';
import type { ArtifactResult } from './types.js';

export interface DeployedDigest {
  /** `sha256:<hex>` (or sha384/sha512), lower case. */
  readonly digest: string;
  /** The name on the line, '' when there is none. */
  readonly name: string;
}

const DIGEST = /^(sha256:[0-9a-f]{64}|sha384:[0-9a-f]{96}|sha512:[0-9a-f]{128})$/;

/** Parses `sha256:<hex>  <name>` lines (blank lines and `#` comments skipped); duplicates removed. */
export function parseDeployedDigests(text: string, what: string): DeployedDigest[] {
  const out = new Map<string, DeployedDigest>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const [first = '', ...rest] = line.split(/\s+/);
    const digest = first.toLowerCase();
    if (!DIGEST.test(digest)) {
      throw new ConfigurationError(
        `${what}, line ${index + 1}: '${line.slice(0, 80)}' does not start with a digest; write sha256:<64 hex>  <name>`,
      );
    }
    if (!out.has(digest)) out.set(digest, { digest, name: rest.join(' ') });
  });
  if (out.size === 0) {
    throw new ConfigurationError(
      `${what} lists no digest: cannot tell what runs, so the deployment cannot be confirmed`,
    );
  }
  return [...out.values()];
}

/**
 * Splits a command into program and arguments without a shell: several lines are one word each;
 * one line is split at spaces, with '...' and "..." grouping words (no expansion of any kind).
 */
export function splitCommand(command: string): string[] {
  const lines = command
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length > 1) return lines;
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (const ch of lines[0] ?? '') {
    if (quote) {
      if (ch === quote) quote = undefined;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new ConfigurationError(`deployed-digests-command: a ${quote} quote is not closed`);
  if (inWord) words.push(word);
  if (words.length === 0) throw new ConfigurationError('deployed-digests-command is empty');
  return words;
}

/** Runs the command (no shell, 2 minutes, 10 MB of output at most) and returns its standard output. */
export function runDigestsCommand(command: string, cwd: string, timeoutMs = 120_000): Promise<string> {
  const [file = '', ...args] = splitCommand(command);
  return new Promise((resolvePromise, reject) => {
    execFile(
      file,
      args,
      { cwd, timeout: timeoutMs, maxBuffer: 10 * 1024 * 1024, shell: false, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) {
          const tail = stderr.trim().split('\n').slice(-3).join(' | ');
          reject(
            new ConfigurationError(
              `deployed-digests-command ${file} failed (${errorMessage(error).split('\n')[0] ?? ''})${tail ? `: ${tail}` : ''}`,
            ),
          );
        } else resolvePromise(stdout);
      },
    );
  });
}

/** What `checkDeployment` needs: the part of Octokit rollback uses, plus reading one deployment. */
export interface DeploymentCheckClient extends DeploymentsClient {
  rest: DeploymentsClient['rest'] & {
    repos: DeploymentsClient['rest']['repos'] & {
      getDeployment(params: { owner: string; repo: string; deployment_id: number }): Promise<{ data: unknown }>;
    };
  };
}

export interface DeploymentCheck {
  readonly owner: string;
  readonly repo: string;
  readonly deploymentId: number;
  /** Default: the deployment's own environment. */
  readonly environment?: string;
  readonly deployed: readonly DeployedDigest[];
  readonly logUrl?: string;
}

export interface DeploymentCheckResult {
  readonly environment: string;
  readonly verifiedDigests: readonly string[];
  readonly rollback: RollbackResult;
  /** One `results` row per deployed digest (method `deployment`). */
  readonly rows: ArtifactResult[];
  /** The unexpected digests with their names, for the annotation. */
  readonly unexpected: string[];
}

/**
 * Post-deploy: what runs against the digests recorded as verified in the deployment's payload; on
 * a mismatch `rollbackOnMismatch` marks it failed and deploys the last good verified ref.
 */
export async function checkDeployment(
  client: DeploymentCheckClient,
  check: DeploymentCheck,
): Promise<DeploymentCheckResult> {
  const { owner, repo, deploymentId } = check;
  let deployment: { payload?: unknown; environment?: unknown };
  try {
    deployment = (await client.rest.repos.getDeployment({ owner, repo, deployment_id: deploymentId })).data as {
      payload?: unknown;
      environment?: unknown;
    };
  } catch (error) {
    throw explainGitHubError(error, `reading deployment ${deploymentId}`, 'deployments: read');
  }
  const record = recordOf(deployment.payload);
  if (!record) {
    throw new ConfigurationError(
      `Deployment ${deploymentId} records no verified digests in its payload (it was not created by require-approval or the deploy gate with verified digests): cannot tell what was verified, so what runs cannot be confirmed.`,
    );
  }
  const environment = check.environment || (typeof deployment.environment === 'string' ? deployment.environment : '');
  if (!environment) throw new ConfigurationError(`Deployment ${deploymentId} names no environment: set 'environment'.`);
  const rollback = await rollbackOnMismatch(client, {
    owner,
    repo,
    environment,
    deploymentId,
    deployedDigests: check.deployed.map((d) => d.digest),
    verifiedDigests: record.digests,
    ...(check.logUrl ? { logUrl: check.logUrl } : {}),
  });
  const bad = new Set(rollback.unexpected);
  const rows: ArtifactResult[] = check.deployed.map((d) => ({
    artifact: d.name || d.digest,
    digest: d.digest,
    method: 'deployment',
    status: bad.has(d.digest) ? 'failed' : 'verified',
    reason: bad.has(d.digest)
      ? `runs in ${environment}, but deployment ${deploymentId} verified only ${record.digests.join(', ')}`
      : `verified for deployment ${deploymentId}`,
  }));
  const unexpected = check.deployed
    .filter((d) => bad.has(d.digest))
    .map((d) => (d.name ? `${d.digest} (${d.name})` : d.digest));
  return { environment, verifiedDigests: record.digests, rollback, rows, unexpected };
}

/** The one-sentence failure for a breach: names the unexpected digests and what was done. */
export function breachMessage(deploymentId: number, result: DeploymentCheckResult): string {
  const to = result.rollback.rolledBackTo;
  return `Integrity breach in ${result.environment}: deployment ${deploymentId} runs unverified ${result.unexpected.join(', ')}. ${
    to
      ? `It is marked failed and rolled back to ${to.ref} (deployment ${to.deploymentId}) as deployment ${to.newDeploymentId}.`
      : 'It is marked failed; no earlier successful verified deployment was found to roll back to.'
  }`;
}
