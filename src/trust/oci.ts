/**
 * Container images by reference: a small OCI distribution client (manifests and blobs, bearer and
 * basic auth, every digest re-computed) and the discovery and verification of Sigstore signatures
 * and attestations stored beside an image — cosign's tag scheme (`sha256-<hex>.sig` / `.att`) and
 * OCI 1.1 referrers (the API, or the `sha256-<hex>` fallback tag registries without it use).
 */
import { createHash } from 'node:crypto';
import type { Bundle } from '@sigstore/bundle';
import { ConfigurationError, errorMessage, isConfigurationError } from '../core/errors.js';
import { maskSecret, redact } from '../core/mask.js';
import { describePredicate, predicateMatches } from '../core/predicates.js';
import { RegistryError, TrustVerificationError } from './errors.js';
import { pemDecode } from './pem.js';
import type { PublicKeyAnchor, SigstoreAnchor } from './policy.js';
import {
  parseBundle,
  predicateTypeOf,
  verifyBundleWithAnchor,
  type SigstoreSigner,
  type SigstoreTrust,
} from './sigstore.js';
import { parseJsonText } from '../core/nesting.js';

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  simpleSigning: 'application/vnd.dev.cosign.simplesigning.v1+json',
  dsse: 'application/vnd.dsse.envelope.v1+json',
  bundleV03: 'application/vnd.dev.sigstore.bundle.v0.3+json',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
} as const;

export const COSIGN_ANNOTATIONS = {
  signature: 'dev.cosignproject.cosign/signature',
  certificate: 'dev.sigstore.cosign/certificate',
  chain: 'dev.sigstore.cosign/chain',
  rekorBundle: 'dev.sigstore.cosign/bundle',
  timestamp: 'dev.sigstore.cosign/rfc3161timestamp',
} as const;

const MANIFEST_ACCEPT = [MEDIA.ociIndex, MEDIA.ociManifest, MEDIA.dockerManifest, MEDIA.dockerList].join(', ');
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_BLOB_BYTES = 16 * 1024 * 1024;

export interface ImageReference {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/**
 * `registry/name:tag`, `registry/name@sha256:<hex>` or both. The registry part is required (no
 * implicit Docker Hub): the first path segment must contain a `.` or `:` or be `localhost`.
 */
export function parseImageReference(reference: string): ImageReference {
  const text = reference.trim();
  const bad = (why: string): never => {
    throw new ConfigurationError(
      `image reference '${reference}' ${why}; write registry/name:tag or registry/name@sha256:<64 hex>`,
    );
  };
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) bad('has a digest that is not sha256:<64 lower-case hex>');
  }
  const slash = rest.indexOf('/');
  if (slash < 0) bad('names no registry');
  const registry = rest.slice(0, slash);
  if (!(registry.includes('.') || registry.includes(':') || registry === 'localhost'))
    bad(`starts with '${registry}', which is not a registry host`);
  let repository = rest.slice(slash + 1);
  let tag: string | undefined;
  const colon = repository.lastIndexOf(':');
  if (colon >= 0) {
    tag = repository.slice(colon + 1);
    repository = repository.slice(0, colon);
    if (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/.test(tag)) bad(`has an invalid tag '${tag}'`);
  }
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository)) {
    bad(`has an invalid repository name '${repository}'`);
  }
  if (!tag && !digest) bad('has neither a tag nor a digest');
  return { registry, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

export function formatReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

export interface RegistryCredentials {
  /** Basic credentials (also used to obtain bearer tokens). */
  username?: string;
  password?: string;
  /** A bearer token to send as is. */
  token?: string;
}

export interface RegistryClientOptions {
  credentials?: RegistryCredentials;
  /** Use http:// instead of https:// (default: only for localhost / 127.0.0.1 / [::1]). */
  plainHttp?: boolean;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface FetchedManifest {
  /** `sha256:<hex>` of the exact bytes. */
  digest: string;
  mediaType: string;
  bytes: Uint8Array;
  json: OciManifest;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  artifactType?: string;
}

export interface OciManifest {
  schemaVersion?: number;
  mediaType?: string;
  artifactType?: string;
  config?: Descriptor;
  layers?: Descriptor[];
  manifests?: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/** A read-only OCI distribution client for one registry. Credentials never reach messages or logs. */
export class RegistryClient {
  readonly registry: string;
  private readonly base: string;
  private readonly credentials: RegistryCredentials;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly tokens = new Map<string, string>();

  constructor(registry: string, options: RegistryClientOptions = {}) {
    this.registry = registry;
    const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(registry);
    this.base = `${(options.plainHttp ?? local) ? 'http' : 'https'}://${registry}`;
    this.credentials = { ...options.credentials };
    if (this.credentials.password) maskSecret(this.credentials.password);
    if (this.credentials.token) maskSecret(this.credentials.token);
    if (this.credentials.username && this.credentials.password) {
      maskSecret(Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64'));
    }
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** GET a manifest by tag or digest; the digest is re-computed from the bytes and checked. */
  async getManifest(repository: string, reference: string): Promise<FetchedManifest> {
    const fetched = await this.getManifestOrUndefined(repository, reference);
    if (!fetched) throw new RegistryError(`${this.registry}/${repository}: manifest ${reference} not found`);
    return fetched;
  }

  /** Like getManifest, but undefined when the registry answers 404. */
  async getManifestOrUndefined(repository: string, reference: string): Promise<FetchedManifest | undefined> {
    const where = `${this.registry}/${repository}:${reference}`;
    const response = await this.request(repository, `/v2/${repository}/manifests/${reference}`, {
      accept: MANIFEST_ACCEPT,
    });
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    await this.expectOk(response, `manifest ${where}`);
    const bytes = await readLimited(response, MAX_MANIFEST_BYTES, `manifest ${where}`);
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    const header = response.headers.get('docker-content-digest');
    if (header && header !== digest) {
      throw new RegistryError(
        `${where}: the registry says the manifest digest is ${header}, but its bytes hash to ${digest}`,
      );
    }
    if (reference.startsWith('sha256:') && reference !== digest) {
      throw new RegistryError(
        `${where}: the registry returned a manifest whose bytes hash to ${digest}, not the requested ${reference}`,
      );
    }
    const json = parseJson(bytes, `manifest ${where}`);
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      throw new RegistryError(`manifest ${where} is not a JSON object`);
    const manifest = json as OciManifest;
    const mediaType = manifest.mediaType ?? response.headers.get('content-type')?.split(';')[0] ?? '';
    if (![MEDIA.ociIndex, MEDIA.ociManifest, MEDIA.dockerManifest, MEDIA.dockerList].includes(mediaType as never)) {
      throw new RegistryError(
        `manifest ${where} has media type '${mediaType}', which is not an image manifest or index`,
      );
    }
    return { digest, mediaType, bytes, json: manifest };
  }

  /** GET a blob; its digest is re-computed and checked. */
  async getBlob(repository: string, digest: string, maxBytes = MAX_BLOB_BYTES): Promise<Uint8Array> {
    const where = `${this.registry}/${repository}@${digest}`;
    const response = await this.request(repository, `/v2/${repository}/blobs/${digest}`, {});
    await this.expectOk(response, `blob ${where}`);
    const bytes = await readLimited(response, maxBytes, `blob ${where}`);
    const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (actual !== digest) throw new RegistryError(`blob ${where}: its bytes hash to ${actual}`);
    return bytes;
  }

  /** The referrers API; undefined when the registry does not implement it (404). */
  async referrers(repository: string, digest: string): Promise<OciManifest | undefined> {
    const where = `${this.registry}/${repository} referrers of ${digest}`;
    const response = await this.request(repository, `/v2/${repository}/referrers/${digest}`, {
      accept: MEDIA.ociIndex,
    });
    if (response.status === 404 || response.status === 405 || response.status === 400) {
      await response.body?.cancel();
      return undefined;
    }
    await this.expectOk(response, where);
    const json = parseJson(await readLimited(response, MAX_MANIFEST_BYTES, where), where);
    if (typeof json !== 'object' || json === null || !Array.isArray((json as OciManifest).manifests)) {
      throw new RegistryError(`${where}: the answer is not an OCI index`);
    }
    return json;
  }

  private async request(repository: string, path: string, headers: Record<string, string>): Promise<Response> {
    const url = `${this.base}${path}`;
    let response = await this.send(url, { ...headers, ...this.authHeader(repository) });
    if (response.status !== 401) return response;
    const challenge = response.headers.get('www-authenticate') ?? '';
    await response.body?.cancel();
    const auth = await this.authenticate(repository, challenge);
    if (!auth) {
      throw new RegistryError(
        `${this.registry} asks for authentication (${challenge.split(' ')[0] || 'no challenge'}) and ${this.credentials.username || this.credentials.token ? 'refused the credentials given' : 'no credentials were given'}`,
      );
    }
    response = await this.send(url, { ...headers, authorization: auth });
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw new RegistryError(`${this.registry} refused the credentials for ${repository} (HTTP ${response.status})`);
    }
    return response;
  }

  private authHeader(repository: string): Record<string, string> {
    const token = this.tokens.get(repository);
    if (token) return { authorization: `Bearer ${token}` };
    if (this.credentials.token) return { authorization: `Bearer ${this.credentials.token}` };
    return {};
  }

  private async authenticate(repository: string, challenge: string): Promise<string | undefined> {
    const scheme = challenge.split(' ')[0]?.toLowerCase();
    const { username, password } = this.credentials;
    const basic =
      username && password ? `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` : undefined;
    if (scheme === 'basic') return basic;
    if (scheme !== 'bearer') return undefined;
    const params: Record<string, string> = {};
    for (const match of challenge.matchAll(/(\w+)="([^"]*)"/g)) {
      if (match[1] !== undefined && match[2] !== undefined) params[match[1]] = match[2];
    }
    if (!params.realm) throw new RegistryError(`${this.registry} sent a bearer challenge without a realm`);
    const tokenUrl = new URL(params.realm);
    if (params.service) tokenUrl.searchParams.set('service', params.service);
    tokenUrl.searchParams.set('scope', params.scope ?? `repository:${repository}:pull`);
    const response = await this.send(tokenUrl.toString(), basic ? { authorization: basic } : {});
    if (!response.ok) {
      await response.body?.cancel();
      throw new RegistryError(
        `${this.registry}: the token service ${tokenUrl.origin} answered HTTP ${response.status}`,
      );
    }
    const json = parseJson(await readLimited(response, 1024 * 1024, 'token response'), 'token response') as {
      token?: unknown;
      access_token?: unknown;
    };
    const token =
      typeof json.token === 'string'
        ? json.token
        : typeof json.access_token === 'string'
          ? json.access_token
          : undefined;
    if (!token) throw new RegistryError(`${this.registry}: the token service returned no token`);
    maskSecret(token);
    this.tokens.set(repository, token);
    return `Bearer ${token}`;
  }

  private async send(url: string, headers: Record<string, string>): Promise<Response> {
    try {
      return await this.fetchImpl(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw new RegistryError(`${this.registry} cannot be reached: ${redact(errorMessage(error))}`);
    }
  }

  private async expectOk(response: Response, what: string): Promise<void> {
    if (response.ok) return;
    let detail = '';
    try {
      detail = (await response.text()).slice(0, 200).replace(/\s+/g, ' ');
    } catch {
      detail = '';
    }
    throw new RegistryError(
      `${what}: the registry answered HTTP ${response.status}${detail ? ` (${redact(detail)})` : ''}`,
    );
  }
}

async function readLimited(response: Response, max: number, what: string): Promise<Uint8Array> {
  const length = Number(response.headers.get('content-length') ?? '0');
  if (length > max) throw new RegistryError(`${what} is ${length} bytes, more than the ${max} allowed`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > max) throw new RegistryError(`${what} is more than the ${max} bytes allowed`);
  return bytes;
}

function parseJson(bytes: Uint8Array, what: string): unknown {
  try {
    return parseJsonText(Buffer.from(bytes).toString('utf8'), what);
  } catch (error) {
    if (isConfigurationError(error)) throw new RegistryError(error.message);
    throw new RegistryError(`${what} is not JSON (${errorMessage(error)}): the registry answered garbage`);
  }
}

// ---------------------------------------------------------------------------------------------

export type SignatureSource = 'cosign-signature-tag' | 'cosign-attestation-tag' | 'referrers-api' | 'referrers-tag';

/** One signature or attestation found beside the image, before verification. */
export interface FoundSignature {
  source: SignatureSource;
  /** Where it was found, for messages: `sha256-<hex>.sig layer 0`. */
  location: string;
  kind: 'signature' | 'attestation';
  /** The bundle to verify. */
  bundle: Bundle;
  /** For simple-signing payloads: the signed bytes. */
  payload?: Uint8Array;
  /** For simple-signing payloads: the `critical.image.docker-manifest-digest` claimed. */
  claimedDigest?: string;
}

export interface ImageVerifyOptions {
  /** Anchors that may sign this image (from `rulesFor(policy, reference)`). */
  anchors: readonly (SigstoreAnchor | PublicKeyAnchor)[];
  /** `any` (default): one verified signature by any anchor; `all`: one per anchor. */
  require?: 'any' | 'all';
  trust: SigstoreTrust;
  registry?: RegistryClientOptions;
  /** Only attestations with this predicate type count; signatures are always considered. */
  predicateType?: string;
}

export interface VerifiedSignature extends SigstoreSigner {
  source: SignatureSource;
  location: string;
  kind: 'signature' | 'attestation';
  predicateType?: string;
}

export interface ImageVerification {
  /** As given. */
  reference: string;
  /** `registry/name@sha256:<hex>`: deploy exactly this. */
  pinned: string;
  digest: string;
  verified: VerifiedSignature[];
  /** Signatures found that did not verify, with the reason (informational when the image passed). */
  rejected: { location: string; reason: string }[];
}

/**
 * Resolves `reference` to a digest, finds its Sigstore signatures and attestations, and verifies
 * them against the anchors. Throws TrustVerificationError (nothing verified, or `all` not met) or
 * RegistryError (the registry failed or answered garbage).
 */
export async function verifyImage(reference: string, options: ImageVerifyOptions): Promise<ImageVerification> {
  const ref = parseImageReference(reference);
  if (options.anchors.length === 0) {
    throw new TrustVerificationError('the policy names no Sigstore identity or public key for this image', reference);
  }
  const client = new RegistryClient(ref.registry, options.registry);
  const image = await client.getManifest(ref.repository, ref.digest ?? (ref.tag as string));
  const digest = image.digest;
  const pinned = `${ref.registry}/${ref.repository}@${digest}`;
  const found = await findSignatures(client, ref.repository, digest);
  if (found.signatures.length === 0) {
    throw new TrustVerificationError(
      `no Sigstore signature or attestation found for ${digest} (looked at ${found.looked.join(', ')}); the image is unsigned`,
      reference,
    );
  }
  const verified: VerifiedSignature[] = [];
  const rejected: { location: string; reason: string }[] = [...found.unusable];
  const hex = digest.slice('sha256:'.length);
  for (const signature of found.signatures) {
    const predicateType = predicateTypeOf(signature.bundle);
    if (
      signature.kind === 'attestation' &&
      options.predicateType &&
      !predicateMatches(options.predicateType, predicateType ?? '')
    ) {
      rejected.push({
        location: signature.location,
        reason: `predicate type ${predicateType ?? '(none)'} is not ${describePredicate(options.predicateType)}`,
      });
      continue;
    }
    if (signature.claimedDigest !== undefined && signature.claimedDigest !== digest) {
      rejected.push({
        location: signature.location,
        reason: `the signed payload is for ${signature.claimedDigest || '(no digest)'}, not ${digest} (a signature copied from another image, or a re-tagged image)`,
      });
      continue;
    }
    const subject = signature.payload
      ? {
          kind: 'bytes' as const,
          bytes: signature.payload,
          sha256: createHash('sha256').update(signature.payload).digest('hex'),
        }
      : signature.bundle.content.$case === 'messageSignature'
        ? { kind: 'bytes' as const, bytes: image.bytes, sha256: hex }
        : { kind: 'digest' as const, sha256: hex };
    const reasons: string[] = [];
    for (const anchor of options.anchors) {
      try {
        const signer = verifyBundleWithAnchor(signature.bundle, subject, anchor, options.trust);
        verified.push({
          ...signer,
          source: signature.source,
          location: signature.location,
          kind: signature.kind,
          ...(predicateType ? { predicateType } : {}),
        });
        reasons.length = 0;
        break;
      } catch (error) {
        reasons.push(`${anchor.id}: ${error instanceof TrustVerificationError ? error.reason : errorMessage(error)}`);
      }
    }
    if (reasons.length > 0) rejected.push({ location: signature.location, reason: reasons.join('; ') });
  }
  const summary = (): string => rejected.map((r) => `${r.location}: ${r.reason}`).join(' | ');
  if (verified.length === 0) {
    throw new TrustVerificationError(
      `none of the ${found.signatures.length} signatures for ${digest} is trusted: ${summary()}`,
      reference,
    );
  }
  if ((options.require ?? 'any') === 'all') {
    const missing = options.anchors.filter((a) => !verified.some((v) => v.anchorId === a.id)).map((a) => a.id);
    if (missing.length > 0) {
      throw new TrustVerificationError(
        `the policy requires signatures by all of its anchors; missing: ${missing.join(', ')}${rejected.length ? ` (${summary()})` : ''}`,
        reference,
      );
    }
  }
  return { reference, pinned, digest, verified, rejected };
}

/** Finds signatures and attestations by cosign's tag scheme and OCI 1.1 referrers. */
export async function findSignatures(
  client: RegistryClient,
  repository: string,
  digest: string,
): Promise<{ signatures: FoundSignature[]; unusable: { location: string; reason: string }[]; looked: string[] }> {
  const tagBase = digest.replace(':', '-');
  const signatures: FoundSignature[] = [];
  const unusable: { location: string; reason: string }[] = [];
  const looked: string[] = [];

  for (const [suffix, kind, source] of [
    ['.sig', 'signature', 'cosign-signature-tag'],
    ['.att', 'attestation', 'cosign-attestation-tag'],
  ] as const) {
    const tag = `${tagBase}${suffix}`;
    looked.push(`tag ${tag}`);
    const manifest = await client.getManifestOrUndefined(repository, tag);
    if (!manifest) continue;
    for (const [index, layer] of (manifest.json.layers ?? []).entries()) {
      const location = `${tag} layer ${index}`;
      try {
        signatures.push(await fromCosignLayer(client, repository, layer, location, kind, source));
      } catch (error) {
        if (error instanceof RegistryError) throw error;
        unusable.push({
          location,
          reason: error instanceof TrustVerificationError ? error.reason : errorMessage(error),
        });
      }
    }
  }

  // OCI 1.1 referrers: the API first, then the fallback tag.
  looked.push('the referrers API');
  let index = await client.referrers(repository, digest);
  let source: SignatureSource = 'referrers-api';
  if (!index) {
    looked.push(`tag ${tagBase}`);
    const fallback = await client.getManifestOrUndefined(repository, tagBase);
    if (fallback) {
      if (fallback.mediaType !== MEDIA.ociIndex) {
        unusable.push({
          location: `tag ${tagBase}`,
          reason: `the referrers tag holds a ${fallback.mediaType}, not an OCI index`,
        });
      } else index = fallback.json;
      source = 'referrers-tag';
    }
  }
  for (const descriptor of index?.manifests ?? []) {
    const artifactType = descriptor.artifactType ?? '';
    if (!artifactType.startsWith('application/vnd.dev.sigstore.bundle')) continue;
    const location = `referrer ${descriptor.digest}`;
    const manifest = await client.getManifest(repository, descriptor.digest);
    if (manifest.json.subject?.digest !== digest) {
      unusable.push({ location, reason: `its subject is ${manifest.json.subject?.digest ?? '(none)'}, not ${digest}` });
      continue;
    }
    for (const [i, layer] of (manifest.json.layers ?? []).entries()) {
      if (!layer.mediaType.startsWith('application/vnd.dev.sigstore.bundle')) continue;
      try {
        const bundle = parseBundle(
          parseJson(await client.getBlob(repository, layer.digest), `${location} layer ${i}`),
          `${location} layer ${i}`,
        );
        signatures.push({
          source,
          location: `${location} layer ${i}`,
          kind: bundle.content.$case === 'dsseEnvelope' ? 'attestation' : 'signature',
          bundle,
        });
      } catch (error) {
        if (error instanceof RegistryError && !errorMessage(error).includes('not JSON')) throw error;
        unusable.push({ location: `${location} layer ${i}`, reason: errorMessage(error) });
      }
    }
  }
  return { signatures, unusable, looked };
}

async function fromCosignLayer(
  client: RegistryClient,
  repository: string,
  layer: Descriptor,
  location: string,
  kind: 'signature' | 'attestation',
  source: SignatureSource,
): Promise<FoundSignature> {
  if (layer.mediaType === MEDIA.bundleV03) {
    const bytes = await client.getBlob(repository, layer.digest);
    const bundle = parseBundle(parseJson(bytes, location), location);
    return { source, location, kind: bundle.content.$case === 'dsseEnvelope' ? 'attestation' : 'signature', bundle };
  }
  const annotations = layer.annotations ?? {};
  const payload = await client.getBlob(repository, layer.digest);
  if (layer.mediaType === MEDIA.simpleSigning) {
    const signature = annotations[COSIGN_ANNOTATIONS.signature];
    if (!signature) throw new TrustVerificationError(`the layer has no ${COSIGN_ANNOTATIONS.signature} annotation`);
    const claimed = simpleSigningDigest(payload);
    const bundle = legacyBundle(annotations, {
      $case: 'messageSignature',
      messageSignature: {
        messageDigest: { algorithm: 1, digest: createHash('sha256').update(payload).digest() },
        signature: Buffer.from(signature, 'base64'),
      },
    });
    return { source, location, kind, bundle, payload, claimedDigest: claimed };
  }
  if (layer.mediaType === MEDIA.dsse) {
    const envelope = parseJson(payload, location) as { payload?: unknown; payloadType?: unknown; signatures?: unknown };
    if (
      typeof envelope.payload !== 'string' ||
      typeof envelope.payloadType !== 'string' ||
      !Array.isArray(envelope.signatures)
    ) {
      throw new TrustVerificationError('the DSSE envelope is malformed');
    }
    const signatures = (envelope.signatures as { sig?: unknown; keyid?: unknown }[]).map((s) => ({
      sig: Buffer.from(typeof s.sig === 'string' ? s.sig : '', 'base64'),
      keyid: typeof s.keyid === 'string' ? s.keyid : '',
    }));
    const bundle = legacyBundle(annotations, {
      $case: 'dsseEnvelope',
      dsseEnvelope: { payload: Buffer.from(envelope.payload, 'base64'), payloadType: envelope.payloadType, signatures },
    });
    return { source, location, kind: 'attestation', bundle };
  }
  throw new TrustVerificationError(
    `layer media type ${layer.mediaType} is not a cosign signature, attestation or Sigstore bundle`,
  );
}

/** `critical.image.docker-manifest-digest` of a cosign simple-signing payload. */
export function simpleSigningDigest(payload: Uint8Array): string {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload).toString('utf8'));
  } catch {
    throw new TrustVerificationError('the simple-signing payload is not JSON');
  }
  const critical = (json as { critical?: { type?: unknown; image?: { 'docker-manifest-digest'?: unknown } } }).critical;
  if (critical?.type !== 'cosign container image signature') {
    throw new TrustVerificationError(
      `the payload type is ${JSON.stringify(critical?.type)}, not "cosign container image signature"`,
    );
  }
  const digest = critical.image?.['docker-manifest-digest'];
  if (typeof digest !== 'string')
    throw new TrustVerificationError('the simple-signing payload names no docker-manifest-digest');
  return digest;
}

/** A Sigstore bundle assembled from cosign's layer annotations (certificate, Rekor bundle, RFC 3161 timestamp). */
function legacyBundle(annotations: Record<string, string>, content: Bundle['content']): Bundle {
  const certificatePem = annotations[COSIGN_ANNOTATIONS.certificate];
  const tlogEntries: Bundle['verificationMaterial']['tlogEntries'] = [];
  const rekor = annotations[COSIGN_ANNOTATIONS.rekorBundle];
  if (rekor) {
    const parsed = JSON.parse(rekor) as {
      SignedEntryTimestamp?: string;
      Payload?: { body?: string; integratedTime?: number; logIndex?: number; logID?: string };
    };
    const p = parsed.Payload;
    if (
      !parsed.SignedEntryTimestamp ||
      !p?.body ||
      p.integratedTime === undefined ||
      p.logIndex === undefined ||
      !p.logID
    ) {
      throw new TrustVerificationError(`the ${COSIGN_ANNOTATIONS.rekorBundle} annotation is incomplete`);
    }
    const body = JSON.parse(Buffer.from(p.body, 'base64').toString('utf8')) as { kind?: string; apiVersion?: string };
    tlogEntries.push({
      logIndex: String(p.logIndex),
      logId: { keyId: Buffer.from(p.logID, 'hex') },
      kindVersion: { kind: body.kind ?? 'hashedrekord', version: body.apiVersion ?? '0.0.1' },
      integratedTime: String(p.integratedTime),
      inclusionPromise: { signedEntryTimestamp: Buffer.from(parsed.SignedEntryTimestamp, 'base64') },
      inclusionProof: undefined,
      canonicalizedBody: Buffer.from(p.body, 'base64'),
    });
  }
  const rfc3161Timestamps: { signedTimestamp: Buffer }[] = [];
  // cosign timestamps an attestation's envelope bytes, not its DSSE signature as Sigstore bundles do,
  // so @sigstore/verify cannot check that token: with a Rekor entry present it is left out (the log's
  // integrated time is the trusted time); without one it is kept and fails closed if it does not match.
  const ts = content.$case === 'dsseEnvelope' && rekor ? undefined : annotations[COSIGN_ANNOTATIONS.timestamp];
  if (ts) {
    const parsed = JSON.parse(ts) as { SignedRFC3161Timestamp?: string };
    if (!parsed.SignedRFC3161Timestamp)
      throw new TrustVerificationError(`the ${COSIGN_ANNOTATIONS.timestamp} annotation is incomplete`);
    rfc3161Timestamps.push({ signedTimestamp: Buffer.from(parsed.SignedRFC3161Timestamp, 'base64') });
  }
  let material: Bundle['verificationMaterial']['content'];
  if (certificatePem) {
    const ders = pemDecode(certificatePem, 'CERTIFICATE');
    const first = ders[0];
    if (!first)
      throw new TrustVerificationError(`the ${COSIGN_ANNOTATIONS.certificate} annotation holds no PEM certificate`);
    material = { $case: 'certificate', certificate: { rawBytes: Buffer.from(first) } };
  } else {
    material = { $case: 'publicKey', publicKey: { hint: '' } };
  }
  const bundle: Bundle = {
    mediaType: MEDIA.bundleV03,
    verificationMaterial: { content: material, tlogEntries, timestampVerificationData: { rfc3161Timestamps } },
    content,
  };
  return bundle;
}
