/**
 * A local Sigstore stack for tests, built on @sigstore/mock: a Fulcio CA (with a CT log), a Rekor
 * log, answering in-process through nock, and @sigstore/sign to make real bundles with them. It
 * writes the matching trusted_root.json. The clock is fixed (whole seconds) so that timestamps and
 * certificate validity are reproducible.
 */
import { createHash, generateKeyPairSync, type KeyObject, sign as cryptoSign } from 'node:crypto';
import { bundleToJSON, type SerializedBundle } from '@sigstore/bundle';
import { fulcioHandler, initializeCA, initializeCTLog, initializeTLog, rekorHandler } from '@sigstore/mock';
import type { HandlerFn } from '@sigstore/mock';
import {
  DSSEBundleBuilder,
  FulcioSigner,
  MessageSignatureBundleBuilder,
  RekorWitness,
  type Signer,
} from '@sigstore/sign';
import nock from 'nock';

export const FULCIO_URL = 'https://fulcio.mock.test';
export const REKOR_URL = 'https://rekor.mock.test';
export const ISSUER = 'https://token.actions.githubusercontent.com';

/** GitHub Actions OIDC claims that Fulcio copies into the certificate's extensions. */
export interface GitHubClaims {
  readonly repository: string;
  readonly workflowFile: string;
  readonly ref: string;
  readonly sha?: string;
  readonly runnerEnvironment?: string;
  readonly issuer?: string;
  /** The certificate's SAN when it is not a workflow identity (GitHub's release signer, say). */
  readonly subject?: string;
}

export function identityFor(claims: GitHubClaims): string {
  return `https://github.com/${claims.repository}/.github/workflows/${claims.workflowFile}@${claims.ref}`;
}

function b64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** An unsigned JWT: the mock Fulcio decodes claims without checking a signature. */
export function token(claims: GitHubClaims): string {
  const sha = claims.sha ?? 'a'.repeat(40);
  const body = {
    iss: claims.issuer ?? ISSUER,
    sub: claims.subject ?? identityFor(claims),
    aud: 'sigstore',
    repository: claims.repository,
    repository_owner: claims.repository.split('/')[0],
    ref: claims.ref,
    sha,
    event_name: 'push',
    workflow: 'release',
    job_workflow_ref: `${claims.repository}/.github/workflows/${claims.workflowFile}@${claims.ref}`,
    job_workflow_sha: sha,
    runner_environment: claims.runnerEnvironment ?? 'github-hosted',
    repository_id: '1',
    repository_owner_id: '2',
    workflow_ref: `${claims.repository}/.github/workflows/${claims.workflowFile}@${claims.ref}`,
    workflow_sha: sha,
    repository_visibility: 'public',
    run_id: '42',
    run_attempt: '1',
  };
  return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(body)}.`;
}

/** Answers POSTs to `base` + `path` in-process (nock) with a @sigstore/mock handler. */
export function intercept(base: string, path: string, fn: HandlerFn): void {
  nock(base)
    .persist()
    .post(path)
    .reply(async (_uri, body) => {
      const request = typeof body === 'string' ? body : JSON.stringify(body);
      const { statusCode, response, contentType } = await fn(request);
      return [statusCode, response, { 'Content-Type': contentType ?? 'text/plain' }];
    });
}

export interface Stack {
  readonly clock: Date;
  /** trusted_root.json for this stack. */
  readonly trustedRoot: object;
  signBlob(data: Buffer, claims: GitHubClaims): Promise<SerializedBundle>;
  attest(statement: object, claims: GitHubClaims): Promise<SerializedBundle>;
  signWithKey(data: Buffer, key: KeyObject, publicPem: string): Promise<SerializedBundle>;
  close(): void;
}

export function inTotoStatement(name: string, data: Buffer, predicateType = 'https://slsa.dev/provenance/v1'): object {
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name, digest: { sha256: createHash('sha256').update(data).digest('hex') } }],
    predicateType,
    predicate: { buildDefinition: { buildType: 'https://example.test/build' }, runDetails: {} },
  };
}

/**
 * Starts a stack whose clock is `clock`. The default is two seconds ahead, in whole seconds: the mock
 * CA dates its root certificate from the real time at start, and every certificate and log entry it
 * makes must not predate that root.
 */
export async function startStack(clock = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000)): Promise<Stack> {
  const caKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const logKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ctlog = await initializeCTLog(caKeys, clock);
  const ca = await initializeCA(caKeys, ctlog, clock);
  const tlog = await initializeTLog(REKOR_URL, logKeys, clock);
  const fulcio = fulcioHandler(ca, { strict: true });
  const rekor = rekorHandler(tlog, { strict: true });
  intercept(FULCIO_URL, fulcio.path, fulcio.fn);
  intercept(REKOR_URL, rekor.path, rekor.fn);

  const start = new Date(clock.getTime() - 24 * 3600 * 1000).toISOString();
  const keyDetails = 'PKIX_ECDSA_P256_SHA_256';
  const spki = (raw: Buffer) => raw.toString('base64');
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: REKOR_URL,
        hashAlgorithm: 'SHA2_256',
        publicKey: { rawBytes: spki(tlog.publicKey), keyDetails, validFor: { start } },
        logId: { keyId: createHash('sha256').update(tlog.publicKey).digest('base64') },
      },
    ],
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
        uri: FULCIO_URL,
        certChain: { certificates: [{ rawBytes: Buffer.from(ca.rootCertificate.buffer).toString('base64') }] },
        validFor: { start },
      },
    ],
    ctlogs: [
      {
        baseUrl: 'https://ctfe.mock.test',
        hashAlgorithm: 'SHA2_256',
        publicKey: { rawBytes: spki(ctlog.publicKey), keyDetails, validFor: { start } },
        logId: { keyId: Buffer.from(ctlog.logID.buffer).toString('base64') },
      },
    ],
    timestampAuthorities: [],
  };

  // The mock Rekor logs the proposed entry as it is, so DSSE envelopes go in as 'intoto' entries (whose
  // proposed form already carries the signatures and hashes the verifier compares).
  const witnesses = (entryType?: 'intoto') => [
    new RekorWitness({ rekorBaseURL: REKOR_URL, fetchOnConflict: false, entryType }),
  ];
  const fulcioSigner = (claims: GitHubClaims) =>
    new FulcioSigner({
      fulcioBaseURL: FULCIO_URL,
      identityProvider: { getToken: () => Promise.resolve(token(claims)) },
    });

  return {
    clock,
    trustedRoot,
    async signBlob(data, claims) {
      const bundle = await new MessageSignatureBundleBuilder({
        signer: fulcioSigner(claims),
        witnesses: witnesses(),
      }).create({ data });
      return bundleToJSON(bundle);
    },
    async attest(statement, claims) {
      const bundle = await new DSSEBundleBuilder({
        signer: fulcioSigner(claims),
        witnesses: witnesses('intoto'),
      }).create({
        data: Buffer.from(JSON.stringify(statement)),
        type: 'application/vnd.in-toto+json',
      });
      return bundleToJSON(bundle);
    },
    async signWithKey(data, key, publicPem) {
      const signer: Signer = {
        sign: (payload: Buffer) =>
          Promise.resolve({
            signature: cryptoSign(key.asymmetricKeyType === 'ed25519' ? null : 'sha256', payload, key),
            key: { $case: 'publicKey', publicKey: publicPem, hint: '' },
          }),
      };
      const bundle = await new MessageSignatureBundleBuilder({ signer, witnesses: witnesses() }).create({ data });
      return bundleToJSON(bundle);
    },
    close() {
      nock.cleanAll();
    },
  };
}
