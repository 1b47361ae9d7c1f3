/**
 * The trust policy: who may sign which artifact, as governed data. A YAML file validated by the
 * JSON Schema shipped at `schemas/trust-policy.v1.json`; every error names the line, the path and
 * what is expected.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { minimatch } from 'minimatch';
import * as openpgp from 'openpgp';
import type * as pkijs from 'pkijs';
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { ConfigurationError, errorMessage } from '../core/errors.js';
import { type AnchoredPattern, compileAnchoredPattern } from '../core/pattern.js';
import { notACaReason, parseCertificates, subjectName } from './certs.js';
import { looksLikePem, pemDecode } from './pem.js';
import schemaJson from '../../schemas/trust-policy.v1.json' with { type: 'json' };
import { checkYamlNesting } from '../core/nesting.js';

// ajv-formats is CommonJS with a default export; under NodeNext the callable sits on `.default`.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv,
) => Ajv;

/** Fields every anchor has. */
export interface AnchorBase {
  id: string;
  owner: string;
  /** `YYYY-MM-DD`: the date by which someone must confirm the anchor is still trusted. */
  reviewBy: string;
  thirdParty: boolean;
  description?: string;
  /** Line in the policy file where the anchor starts (1-based). */
  line: number;
}

/** A Sigstore (Fulcio) identity with GitHub workflow claims. */
export interface SigstoreAnchor extends AnchorBase {
  type: 'sigstore';
  issuer: string;
  /** Exact certificate identity (SAN). */
  identity?: string;
  /** Identity pattern as written; `identityRegExp` is the same pattern anchored at both ends. */
  identityPattern?: string;
  identityRegExp?: AnchoredPattern;
  signerWorkflow?: string;
  sourceRepository?: string;
  sourceRef?: string;
  signerDigest?: string;
  sourceDigest?: string;
  denySelfHostedRunners: boolean;
}

/** A PEM public key for key-signed bundles. */
export interface PublicKeyAnchor extends AnchorBase {
  type: 'public-key';
  keyPem: string;
}

/** One or more X.509 CA certificates of an organisation's PKI. */
export interface X509CaAnchor extends AnchorBase {
  type: 'x509-ca';
  certificates: pkijs.Certificate[];
  /** Extra intermediates offered for chain building (not trusted by themselves). */
  intermediates: pkijs.Certificate[];
  /** DER CRLs to honour. */
  crls: Uint8Array[];
}

/** An RFC 3161 timestamp authority certificate (root or signing certificate). */
export interface TsaAnchor extends AnchorBase {
  type: 'timestamp-authority';
  certificates: pkijs.Certificate[];
}

/** An OpenPGP public key pinned by its full fingerprint. */
export interface OpenPgpAnchor extends AnchorBase {
  type: 'openpgp';
  /** Lower-case hex without spaces. */
  fingerprint: string;
  armoredKey: string;
}

export type TrustAnchor = SigstoreAnchor | PublicKeyAnchor | X509CaAnchor | TsaAnchor | OpenPgpAnchor;
export type AnchorType = TrustAnchor['type'];

export interface SignatureRule {
  kind: 'signature';
  patterns: string[];
  anchors: string[];
  require: 'any' | 'all';
  description?: string;
  line: number;
}

export interface ChecksumPin {
  algorithm: 'sha256' | 'sha512';
  hex: string;
}

/** A compensating measure: no signature, a pinned checksum and the reason why. */
export interface ChecksumRule {
  kind: 'checksum';
  patterns: string[];
  checksums: ChecksumPin[];
  reason: string;
  description?: string;
  line: number;
}

export type ArtifactRule = SignatureRule | ChecksumRule;

export interface TrustPolicy {
  version: 1;
  /** Absolute path of the policy file ('' when parsed from text without a path). */
  path: string;
  anchors: TrustAnchor[];
  rules: ArtifactRule[];
}

/** A rule that matched an artifact, with its anchors resolved. */
export type MatchedRule =
  (SignatureRule & { resolvedAnchors: TrustAnchor[] }) | (ChecksumRule & { resolvedAnchors: [] });

let validator: ReturnType<Ajv['compile']> | undefined;

function validate(data: unknown): ErrorObject[] {
  if (!validator) {
    const ajv = new Ajv({
      allErrors: true,
      discriminator: true,
      strict: true,
      strictRequired: false,
      allowUnionTypes: true,
      verbose: true,
    });
    addFormats(ajv);
    validator = ajv.compile(schemaJson);
  }
  return validator(data) ? [] : [...(validator.errors ?? [])];
}

/** Loads, validates and resolves a trust policy file. Throws ConfigurationError on any mistake. */
export function loadTrustPolicy(path: string): TrustPolicy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`trust policy ${path} cannot be read: ${errorMessage(error)}`);
  }
  return parseTrustPolicy(text, resolve(path));
}

/**
 * Parses policy text. Relative `*-file` paths resolve against the policy file's directory
 * (or the working directory when `path` is empty).
 */
export function parseTrustPolicy(text: string, path = ''): TrustPolicy {
  const name = path || 'trust policy';
  checkYamlNesting(text, name);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const where = first?.linePos?.[0] ? `line ${first.linePos[0].line}` : 'somewhere';
    throw new ConfigurationError(
      `${name}: ${where}: not valid YAML: ${first?.message.split('\n')[0] ?? 'parse error'}`,
    );
  }
  const data: unknown = doc.toJS({ maxAliasCount: 50 });
  const locate = (segments: readonly (string | number)[], key?: string): number =>
    lineOf(doc, lineCounter, segments, key);

  const errors = validate(data);
  if (errors.length > 0) {
    const messages = [...new Set(explain(errors, locate))].slice(0, 10);
    throw new ConfigurationError(
      `${name} does not follow schemas/trust-policy.v1.json:\n${messages.map((m) => `  - ${m}`).join('\n')}`,
    );
  }
  const base = path ? dirname(path) : process.cwd();
  const raw = data as RawPolicy;
  const problems: string[] = [];
  const anchors: TrustAnchor[] = [];
  const seen = new Map<string, number>();
  raw.anchors.forEach((entry, index) => {
    const line = locate(['anchors', index]);
    const previous = seen.get(entry.id);
    if (previous !== undefined) {
      problems.push(
        `line ${line}: anchors/${index}: duplicate anchor id '${entry.id}' (first declared on line ${previous})`,
      );
      return;
    }
    seen.set(entry.id, line);
    try {
      anchors.push(resolveAnchor(entry, line, base));
    } catch (error) {
      problems.push(`line ${line}: anchors/${index} (${entry.id}): ${errorMessage(error)}`);
    }
  });
  const rules: ArtifactRule[] = raw.rules.map((entry, index) => {
    const line = locate(['rules', index]);
    const patterns = typeof entry.artifacts === 'string' ? [entry.artifacts] : entry.artifacts;
    for (const pattern of patterns) {
      if (pattern.split('/').includes('..')) {
        problems.push(`line ${line}: rules/${index}: pattern '${pattern}' must not contain '..'`);
      }
    }
    if ('checksum' in entry) {
      const list = typeof entry.checksum === 'string' ? [entry.checksum] : entry.checksum;
      return {
        kind: 'checksum',
        patterns,
        checksums: list.map((value) => {
          const [algorithm, hex] = value.split(':') as ['sha256' | 'sha512', string];
          return { algorithm, hex };
        }),
        reason: entry.reason,
        ...(entry.description === undefined ? {} : { description: entry.description }),
        line,
      };
    }
    for (const id of entry.anchors) {
      if (!seen.has(id)) {
        problems.push(
          `line ${line}: rules/${index}: anchor '${id}' is not declared under anchors (declared: ${[...seen.keys()].join(', ')})`,
        );
      }
    }
    return {
      kind: 'signature',
      patterns,
      anchors: [...new Set(entry.anchors)],
      require: entry.require ?? 'any',
      ...(entry.description === undefined ? {} : { description: entry.description }),
      line,
    };
  });
  if (problems.length > 0) {
    throw new ConfigurationError(
      `${name} is not a usable trust policy:\n${problems.map((m) => `  - ${m}`).join('\n')}`,
    );
  }
  return { version: 1, path, anchors, rules };
}

/**
 * The rules that apply to an artifact path (or an image reference such as `registry/app`), in
 * file order, each with its anchors resolved. An empty list means the policy says nothing about
 * the artifact — callers must treat that as a failure, never as a pass.
 */
export function rulesFor(policy: TrustPolicy, artifactPath: string): MatchedRule[] {
  const subject = artifactPath.replace(/\\/g, '/').replace(/^\.\//, '');
  const byId = new Map(policy.anchors.map((anchor) => [anchor.id, anchor]));
  const out: MatchedRule[] = [];
  for (const rule of policy.rules) {
    const hit = rule.patterns.some((pattern) => minimatch(subject, pattern.replace(/^\.\//, ''), { dot: true }));
    if (!hit) continue;
    if (rule.kind === 'checksum') out.push({ ...rule, resolvedAnchors: [] });
    else {
      const resolvedAnchors = rule.anchors.map((id) => byId.get(id)).filter((a): a is TrustAnchor => a !== undefined);
      out.push({ ...rule, resolvedAnchors });
    }
  }
  return out;
}

/** The anchor with this id, or undefined. */
export function anchorById(policy: TrustPolicy, id: string): TrustAnchor | undefined {
  return policy.anchors.find((anchor) => anchor.id === id);
}

/** Anchors of one type. */
export function anchorsOfType<T extends AnchorType>(policy: TrustPolicy, type: T): Extract<TrustAnchor, { type: T }>[] {
  return policy.anchors.filter((anchor): anchor is Extract<TrustAnchor, { type: T }> => anchor.type === type);
}

/** Normalises a fingerprint: lower-case hex, no spaces. */
export function normaliseFingerprint(fingerprint: string): string {
  return fingerprint.replace(/\s+/g, '').toLowerCase();
}

/**
 * Anchors `pattern` at both ends whatever the user wrote; it must compile on its own first, so
 * that `a)|(b` cannot close the wrapping group and leave `b` unanchored.
 */
export function anchoredRegExp(pattern: string): AnchoredPattern {
  return compileAnchoredPattern(pattern, 'identity-pattern');
}

// ---------------------------------------------------------------------------------------------

interface RawAnchorBase {
  id: string;
  owner: string;
  'review-by': string;
  'third-party': boolean;
  description?: string;
}
type RawAnchor =
  | (RawAnchorBase & {
      type: 'sigstore';
      issuer: string;
      identity?: string;
      'identity-pattern'?: string;
      'signer-workflow'?: string;
      'source-repository'?: string;
      'source-ref'?: string;
      'signer-digest'?: string;
      'source-digest'?: string;
      'deny-self-hosted-runners'?: boolean;
    })
  | (RawAnchorBase & { type: 'public-key'; key?: string; 'key-file'?: string })
  | (RawAnchorBase & {
      type: 'x509-ca';
      certificate?: string;
      'certificate-file'?: string;
      'intermediates-file'?: string;
      'crl-file'?: string;
    })
  | (RawAnchorBase & { type: 'timestamp-authority'; certificate?: string; 'certificate-file'?: string })
  | (RawAnchorBase & { type: 'openpgp'; fingerprint: string; key?: string; 'key-file'?: string });

type RawRule =
  | { artifacts: string | string[]; anchors: string[]; require?: 'any' | 'all'; description?: string }
  | { artifacts: string | string[]; checksum: string | string[]; reason: string; description?: string };

interface RawPolicy {
  version: 1;
  anchors: RawAnchor[];
  rules: RawRule[];
}

function readRelative(base: string, file: string, what: string): Uint8Array {
  const full = isAbsolute(file) ? file : resolve(base, file);
  try {
    return new Uint8Array(readFileSync(full));
  } catch (error) {
    throw new Error(`${what} ${full} cannot be read: ${errorMessage(error)}`);
  }
}

function resolveAnchor(entry: RawAnchor, line: number, base: string): TrustAnchor {
  const common: AnchorBase = {
    id: entry.id,
    owner: entry.owner,
    reviewBy: entry['review-by'],
    thirdParty: entry['third-party'],
    ...(entry.description === undefined ? {} : { description: entry.description }),
    line,
  };
  if (!isRealDate(entry['review-by'])) throw new Error(`review-by '${entry['review-by']}' is not a calendar date`);
  switch (entry.type) {
    case 'sigstore': {
      const identityRegExp =
        entry['identity-pattern'] === undefined ? undefined : anchoredRegExp(entry['identity-pattern']);
      return {
        ...common,
        type: 'sigstore',
        issuer: entry.issuer,
        ...(entry.identity === undefined ? {} : { identity: entry.identity }),
        ...(entry['identity-pattern'] === undefined ? {} : { identityPattern: entry['identity-pattern'] }),
        ...(identityRegExp === undefined ? {} : { identityRegExp }),
        ...(entry['signer-workflow'] === undefined ? {} : { signerWorkflow: entry['signer-workflow'] }),
        ...(entry['source-repository'] === undefined ? {} : { sourceRepository: entry['source-repository'] }),
        ...(entry['source-ref'] === undefined ? {} : { sourceRef: entry['source-ref'] }),
        ...(entry['signer-digest'] === undefined ? {} : { signerDigest: entry['signer-digest'] }),
        ...(entry['source-digest'] === undefined ? {} : { sourceDigest: entry['source-digest'] }),
        denySelfHostedRunners: entry['deny-self-hosted-runners'] ?? false,
      };
    }
    case 'public-key': {
      const keyPem = entry.key ?? Buffer.from(readRelative(base, entry['key-file'] ?? '', 'key-file')).toString('utf8');
      if (pemDecode(keyPem, 'PUBLIC KEY').length !== 1) {
        throw new Error('the key must be exactly one PEM "PUBLIC KEY" block (SubjectPublicKeyInfo)');
      }
      return { ...common, type: 'public-key', keyPem };
    }
    case 'x509-ca': {
      const bytes =
        entry.certificate !== undefined
          ? new Uint8Array(Buffer.from(entry.certificate))
          : readRelative(base, entry['certificate-file'] ?? '', 'certificate-file');
      const what = entry['certificate-file'] ?? 'certificate';
      const certificates = parseCertificates(bytes, what);
      for (const cert of certificates) {
        const reason = notACaReason(cert);
        if (reason) {
          throw new Error(
            `${what} holds ${subjectName(cert)}, which is not a CA certificate: ${reason}; name the CA that issued your signing certificates, not the signing certificate itself`,
          );
        }
      }
      const intermediates =
        entry['intermediates-file'] === undefined
          ? []
          : parseCertificates(
              readRelative(base, entry['intermediates-file'], 'intermediates-file'),
              entry['intermediates-file'],
            );
      const crls: Uint8Array[] = [];
      if (entry['crl-file'] !== undefined) {
        const crlBytes = readRelative(base, entry['crl-file'], 'crl-file');
        if (looksLikePem(crlBytes)) {
          crls.push(...pemDecode(Buffer.from(crlBytes).toString('utf8'), 'X509 CRL'));
          if (crls.length === 0) throw new Error(`crl-file ${entry['crl-file']} holds no PEM "X509 CRL" block`);
        } else crls.push(crlBytes);
      }
      return { ...common, type: 'x509-ca', certificates, intermediates, crls };
    }
    case 'timestamp-authority': {
      const bytes =
        entry.certificate !== undefined
          ? new Uint8Array(Buffer.from(entry.certificate))
          : readRelative(base, entry['certificate-file'] ?? '', 'certificate-file');
      return {
        ...common,
        type: 'timestamp-authority',
        certificates: parseCertificates(bytes, entry['certificate-file'] ?? 'certificate'),
      };
    }
    case 'openpgp': {
      const armoredKey =
        entry.key ?? Buffer.from(readRelative(base, entry['key-file'] ?? '', 'key-file')).toString('utf8');
      if (!armoredKey.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----')) {
        throw new Error('the key must be an ASCII-armored "PGP PUBLIC KEY BLOCK"');
      }
      return { ...common, type: 'openpgp', fingerprint: normaliseFingerprint(entry.fingerprint), armoredKey };
    }
  }
}

/** Loads an OpenPGP anchor's key and checks its fingerprint pin. */
export async function readPinnedKey(anchor: OpenPgpAnchor): Promise<openpgp.PublicKey> {
  let key: openpgp.PublicKey;
  try {
    key = await openpgp.readKey({ armoredKey: anchor.armoredKey });
  } catch (error) {
    throw new ConfigurationError(`anchor ${anchor.id}: the OpenPGP key cannot be read: ${errorMessage(error)}`);
  }
  const actual = key.getFingerprint().toLowerCase();
  if (actual !== anchor.fingerprint) {
    throw new ConfigurationError(
      `anchor ${anchor.id}: the key's fingerprint is ${actual}, not the pinned ${anchor.fingerprint}; the key file was replaced or the pin is wrong`,
    );
  }
  return key;
}

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function lineOf(doc: Document, counter: LineCounter, segments: readonly (string | number)[], key?: string): number {
  let node: unknown = doc.contents;
  for (const segment of segments) {
    if (isMap(node) || isSeq(node)) {
      const next: unknown = node.get(segment, true);
      if (next === undefined) break;
      node = next;
    } else break;
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((item) => {
      const k: unknown = item.key;
      return (k as { value?: unknown } | null)?.value === key;
    });
    const keyNode = pair?.key as YamlNode | undefined;
    if (keyNode?.range) return counter.linePos(keyNode.range[0]).line;
  }
  const range = (node as YamlNode | undefined)?.range;
  return range ? counter.linePos(range[0]).line : 1;
}

function pathSegments(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function explain(
  errors: ErrorObject[],
  locate: (segments: readonly (string | number)[], key?: string) => number,
): string[] {
  // Errors of failed branches are noise when a more specific error exists at or below the same path.
  const specific = errors.filter((e) => !['oneOf', 'anyOf', 'if'].includes(e.keyword));
  const out: string[] = [];
  const paths = new Set(specific.map((e) => e.instancePath));
  for (const error of errors) {
    const segments = pathSegments(error.instancePath);
    const where = error.instancePath || '/';
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'additionalProperties': {
        const extra = String(params.additionalProperty);
        const line = locate(segments, extra);
        out.push(`line ${line}: ${where}: unknown key '${extra}'${suggestion(error)}`);
        break;
      }
      case 'required': {
        out.push(
          `line ${locate(segments)}: ${where}: missing required key '${String(params.missingProperty)}'${requiredHint(String(params.missingProperty))}`,
        );
        break;
      }
      case 'format':
        out.push(
          `line ${locate(segments)}: ${where}: must be a ${String(params.format)} (YYYY-MM-DD), got ${JSON.stringify(error.data)}`,
        );
        break;
      case 'const':
        out.push(`line ${locate(segments)}: ${where}: must be ${JSON.stringify(params.allowedValue)}`);
        break;
      case 'enum':
        out.push(
          `line ${locate(segments)}: ${where}: must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
        );
        break;
      case 'discriminator': {
        const tag = typeof params.tag === 'string' ? params.tag : 'type';
        out.push(
          `line ${locate(segments)}: ${where}: '${tag}' must be one of sigstore, public-key, x509-ca, timestamp-authority, openpgp${params.tagValue === undefined ? '' : `, got ${JSON.stringify(params.tagValue)}`}`,
        );
        break;
      }
      case 'oneOf':
      case 'anyOf': {
        if (Array.isArray(params.passingSchemas)) {
          out.push(`line ${locate(segments)}: ${where}: give only one of ${alternatives(error)}`);
        } else if (
          ![...paths].some((p) => p.startsWith(error.instancePath) && p !== error.instancePath) &&
          !paths.has(error.instancePath)
        ) {
          out.push(
            `line ${locate(segments)}: ${where}: ${error.message ?? 'is invalid'}${alternatives(error) ? ` (give one of ${alternatives(error)})` : ''}`,
          );
        }
        break;
      }
      case 'if':
        break;
      default:
        out.push(`line ${locate(segments)}: ${where}: ${error.message ?? 'is invalid'}`);
    }
  }
  // A oneOf of alternatives (identity / identity-pattern) whose branches all failed on `required`.
  return out;
}

function requiredHint(key: string): string {
  switch (key) {
    case 'reason':
      return ': a checksum pin is a compensating measure and must say why the artifact cannot be verified by signature';
    case 'identity':
    case 'identity-pattern':
      return " (a Sigstore anchor needs 'identity' or 'identity-pattern')";
    case 'key':
    case 'key-file':
      return " ('key' inline or 'key-file')";
    case 'certificate':
    case 'certificate-file':
      return " ('certificate' inline PEM or 'certificate-file')";
    case 'review-by':
      return ': every anchor needs a review date';
    default:
      return '';
  }
}

function alternatives(error: ErrorObject): string {
  const schema: unknown = error.schema;
  if (!Array.isArray(schema)) return '';
  const names = schema
    .map((branch: unknown) => (branch as { required?: unknown }).required)
    .filter((req): req is string[] => Array.isArray(req))
    .map((req) => req.map((r) => `'${r}'`).join(' + '));
  return names.join(' or ');
}

function suggestion(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const extra = String(params.additionalProperty);
  const parent: unknown = error.parentSchema;
  const props = (parent as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (!props) return '';
  const known = Object.keys(props);
  const close = known.find((k) => k.replace(/[-_]/g, '') === extra.replace(/[-_]/g, '').toLowerCase());
  return close ? ` (did you mean '${close}'?)` : ` (allowed: ${known.join(', ')})`;
}
