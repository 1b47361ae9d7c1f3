/**
 * A local Sigstore stack for the trust tests, from @sigstore/mock's CA and TSA with a fixed clock
 * (the mock TSA sometimes writes a generalized time with two fractional digits, which the parser
 * rejects): keyless signatures with GitHub workflow claims, key-signed bundles, DSSE attestations,
 * each timestamped by the TSA. No transparency log: the verifier runs with tlogThreshold 0.
 */
import { createHash, generateKeyPairSync, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { initializeCA, initializeTLog, initializeTSA } from '@sigstore/mock';
import { toTrustMaterial } from '@sigstore/verify';
import type { SigstoreTrust } from '../../src/trust/sigstore.ts';

type TrustedRootShape = Parameters<typeof toTrustMaterial>[0];

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

export interface Claims {
  identity: string;
  issuer?: string;
  signerWorkflow?: string;
  sourceRepository?: string;
  sourceRef?: string;
  runner?: string;
}

export interface SigstoreStack {
  trust: SigstoreTrust;
  /** The same trust plus the mock Rekor log, requiring one transparency-log entry. */
  trustWithLog: SigstoreTrust;
  /** cosign's `dev.sigstore.cosign/bundle` annotation: a hashedrekord entry in the mock Rekor log. */
  rekorAnnotation(payload: Uint8Array, signature: Buffer, certificateDer: Buffer): Promise<string>;
  clock: Date;
  /** Keyless: an ephemeral key, a certificate from the mock Fulcio CA with the claims, a TSA timestamp. */
  signKeyless(
    payload: Uint8Array,
    claims: Claims,
  ): Promise<{ signature: Buffer; certificateDer: Buffer; timestampResponse: Buffer }>;
  /** Serialized bundle v0.3 with a message signature over `payload`. */
  bundleKeyless(payload: Uint8Array, claims: Claims): Promise<unknown>;
  /** Serialized bundle v0.3 signed with `key` (public-key hint), over `payload`. */
  bundleWithKey(payload: Uint8Array, key: KeyObject): Promise<unknown>;
  /** Serialized DSSE bundle v0.3 with an in-toto statement about `sha256Hex`. */
  attestationKeyless(sha256Hex: string, predicateType: string, claims: Claims): Promise<unknown>;
  timestamp(signature: Buffer): Promise<Buffer>;
}

function bytesOf(view: ArrayBufferView): Buffer {
  return Buffer.from(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
}

function ecKeys(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}

/**
 * `clock` must not precede the mock CA and TSA certificates, which are made "now": the default is
 * the next whole second (whole seconds also avoid the fractional-digit problem).
 */
export async function createSigstoreStack(
  clock = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000),
): Promise<SigstoreStack> {
  const ca = await initializeCA(ecKeys(), undefined, clock);
  const tsa = await initializeTSA(ecKeys(), clock);
  const tlog = await initializeTLog('https://rekor.mock', ecKeys(), clock);
  const start = new Date(clock.getTime() - 24 * 3600 * 1000);
  const root = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [],
    ctlogs: [],
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
        uri: 'https://fulcio.mock',
        certChain: { certificates: [{ rawBytes: bytesOf(ca.rootCertificate) }] },
        validFor: { start, end: undefined },
      },
    ],
    timestampAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'tsa' },
        uri: 'https://tsa.mock',
        certChain: {
          certificates: [{ rawBytes: bytesOf(tsa.intCertificate) }, { rawBytes: bytesOf(tsa.rootCertificate) }],
        },
        validFor: { start, end: undefined },
      },
    ],
  } as unknown as TrustedRootShape;
  const trust: SigstoreTrust = {
    trustMaterial: toTrustMaterial(root),
    verifierOptions: { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 1 },
  };
  const withLog = {
    ...(root as unknown as Record<string, unknown>),
    tlogs: [
      {
        baseUrl: 'https://rekor.mock',
        hashAlgorithm: 1, // SHA2_256
        publicKey: { rawBytes: tlog.publicKey, keyDetails: 5, validFor: { start, end: undefined } }, // PKIX_ECDSA_P256_SHA_256
        logId: { keyId: createHash('sha256').update(tlog.publicKey).digest() },
      },
    ],
  } as unknown as TrustedRootShape;
  const trustWithLog: SigstoreTrust = {
    trustMaterial: toTrustMaterial(withLog),
    verifierOptions: { tlogThreshold: 1, ctlogThreshold: 0, timestampThreshold: 1 },
  };

  const timestamp = async (signature: Buffer): Promise<Buffer> =>
    bytesOf(
      await tsa.timestamp({
        artifactHash: createHash('sha256').update(signature).digest(),
        hashAlgorithmOID: '2.16.840.1.101.3.4.2.1',
        nonce: Math.floor(Math.random() * 1e9),
        policyOID: '1.2.3.4',
        certReq: false,
      }),
    );

  const certificate = async (publicKey: KeyObject, claims: Claims): Promise<Buffer> => {
    const extensions = [
      { oid: '1.3.6.1.4.1.57264.1.8', value: claims.issuer ?? GITHUB_ISSUER },
      ...(claims.signerWorkflow ? [{ oid: '1.3.6.1.4.1.57264.1.9', value: claims.signerWorkflow }] : []),
      { oid: '1.3.6.1.4.1.57264.1.11', value: claims.runner ?? 'github-hosted' },
      ...(claims.sourceRepository ? [{ oid: '1.3.6.1.4.1.57264.1.12', value: claims.sourceRepository }] : []),
      ...(claims.sourceRef ? [{ oid: '1.3.6.1.4.1.57264.1.14', value: claims.sourceRef }] : []),
    ];
    const spki = publicKey.export({ format: 'der', type: 'spki' });
    const der = await ca.issueCertificate({
      publicKey: new Uint8Array(spki),
      subjectAltName: claims.identity,
      extensions,
    });
    return bytesOf(der);
  };

  const signKeyless: SigstoreStack['signKeyless'] = async (payload, claims) => {
    const keys = ecKeys();
    const certificateDer = await certificate(keys.publicKey, claims);
    const signature = cryptoSign('sha256', payload, keys.privateKey);
    return { signature, certificateDer, timestampResponse: await timestamp(signature) };
  };

  const messageBundle = (payload: Uint8Array, signature: Buffer, material: object, ts: Buffer): unknown => ({
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: {
      ...material,
      tlogEntries: [],
      timestampVerificationData: { rfc3161Timestamps: [{ signedTimestamp: ts.toString('base64') }] },
    },
    messageSignature: {
      messageDigest: { algorithm: 'SHA2_256', digest: createHash('sha256').update(payload).digest('base64') },
      signature: signature.toString('base64'),
    },
  });

  return {
    trust,
    trustWithLog,
    async rekorAnnotation(payload, signature, certificateDer) {
      const pem = `-----BEGIN CERTIFICATE-----\n${certificateDer.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
      // LogEntry comes from @sigstore/rekor-types, which is not installed: treat it as a plain record.
      const logged = (await tlog.log({
        apiVersion: '0.0.1',
        kind: 'hashedrekord',
        spec: {
          data: { hash: { algorithm: 'sha256', value: createHash('sha256').update(payload).digest('hex') } },
          signature: {
            content: signature.toString('base64'),
            publicKey: { content: Buffer.from(pem).toString('base64') },
          },
        },
      })) as unknown as Record<string, unknown>;
      const entry = Object.values(logged)[0] as {
        body: string;
        integratedTime: number;
        logID: string;
        logIndex: number;
        verification: { signedEntryTimestamp: string };
      };
      return JSON.stringify({
        SignedEntryTimestamp: entry.verification.signedEntryTimestamp,
        Payload: {
          body: entry.body,
          integratedTime: entry.integratedTime,
          logIndex: entry.logIndex,
          logID: entry.logID,
        },
      });
    },
    clock,
    signKeyless,
    timestamp,
    async bundleKeyless(payload, claims) {
      const { signature, certificateDer, timestampResponse } = await signKeyless(payload, claims);
      return messageBundle(
        payload,
        signature,
        { certificate: { rawBytes: certificateDer.toString('base64') } },
        timestampResponse,
      );
    },
    async bundleWithKey(payload, key) {
      const signature = cryptoSign('sha256', payload, key);
      return messageBundle(payload, signature, { publicKey: { hint: 'test-key' } }, await timestamp(signature));
    },
    async attestationKeyless(sha256Hex, predicateType, claims) {
      const statement = Buffer.from(
        JSON.stringify({
          _type: 'https://in-toto.io/Statement/v1',
          subject: [{ name: 'image', digest: { sha256: sha256Hex } }],
          predicateType,
          predicate: {},
        }),
      );
      const payloadType = 'application/vnd.in-toto+json';
      const pae = Buffer.concat([
        Buffer.from(`DSSEv1 ${payloadType.length} ${payloadType} ${statement.length} `),
        statement,
      ]);
      const keys = ecKeys();
      const certificateDer = await certificate(keys.publicKey, claims);
      const signature = cryptoSign('sha256', pae, keys.privateKey);
      return {
        mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        verificationMaterial: {
          certificate: { rawBytes: certificateDer.toString('base64') },
          tlogEntries: [],
          timestampVerificationData: {
            rfc3161Timestamps: [{ signedTimestamp: (await timestamp(signature)).toString('base64') }],
          },
        },
        dsseEnvelope: {
          payload: statement.toString('base64'),
          payloadType,
          signatures: [{ sig: signature.toString('base64'), keyid: '' }],
        },
      };
    },
  };
}
