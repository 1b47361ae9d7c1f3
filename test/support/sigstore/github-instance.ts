/**
 * A local stand-in for GitHub's own Sigstore instance (the one `actions/attest-build-provenance`
 * signs with in private repositories): a Fulcio CA whose certificates' issuer is
 * `O=GitHub, Inc., CN=Fulcio Intermediate l2` (as GitHub's Fulcio writes it), an RFC 3161 timestamp
 * authority, and no transparency log and no CT log. Its bundles have the shape of the real ones
 * (test/data/real-world/ghprivate-2024-*): v0.3, the leaf certificate only, an RFC 3161 timestamp,
 * no tlog entries, no SCT in the certificate.
 *
 * Built from @sigstore/mock (its CA without a CT log, its TSA, their request handlers, answering
 * in-process through nock) and @sigstore/sign (FulcioSigner, TSAWitness, DSSEBundleBuilder). The
 * mock CA names itself `O=sigstore.mock`, so its root and every certificate it issues are renamed
 * with PKI.js and signed again with the same key. The clock is fixed in whole seconds: the mock TSA
 * sometimes writes a generalized time with two fractional digits, which the verifier rejects.
 */
import { generateKeyPairSync, type KeyObject, webcrypto } from 'node:crypto';
import { bundleToJSON, type SerializedBundle } from '@sigstore/bundle';
import { fulcioHandler, initializeCA, initializeTSA, tsaHandler } from '@sigstore/mock';
import { DSSEBundleBuilder, FulcioSigner, MessageSignatureBundleBuilder, TSAWitness } from '@sigstore/sign';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { type GitHubClaims, intercept, token } from './stack.ts';

/** Each instance started answers on hosts of its own (nock intercepts by host). */
let started = 0;
/** The issuer GitHub's Fulcio writes in its certificates (see the real bundle's leaf). */
export const GITHUB_CA_NAME = { organization: 'GitHub, Inc.', commonName: 'Fulcio Intermediate l2' };

export interface GitHubInstance {
  readonly clock: Date;
  /** trusted_root.json for this instance: its CA and TSA, no transparency log, no CT log. */
  readonly trustedRoot: object;
  attest(statement: object, claims: GitHubClaims): Promise<SerializedBundle>;
  signBlob(data: Buffer, claims: GitHubClaims): Promise<SerializedBundle>;
}

type CryptoKey = webcrypto.CryptoKey;
const engine = new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto });

/** GitHub's CA name, one attribute per RDN as in its certificates (PKI.js would put both in one multi-valued RDN). */
function caDistinguishedName(caName: { organization: string; commonName: string }): pkijs.RelativeDistinguishedNames {
  const rdn = (type: string, value: string) =>
    new asn1js.Set({
      value: [
        new asn1js.Sequence({
          value: [new asn1js.ObjectIdentifier({ value: type }), new asn1js.PrintableString({ value })],
        }),
      ],
    });
  const name = new asn1js.Sequence({
    value: [rdn('2.5.4.10', caName.organization), rdn('2.5.4.3', caName.commonName)],
  });
  return pkijs.RelativeDistinguishedNames.fromBER(name.toBER(false));
}

async function signingKey(key: KeyObject): Promise<CryptoKey> {
  return webcrypto.subtle.importKey(
    'pkcs8',
    key.export({ format: 'der', type: 'pkcs8' }),
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
}

/** The certificate `der` with `name` as its issuer (and subject too, when `self`), signed again with `key`. */
async function renamed(
  der: ArrayBufferView,
  key: CryptoKey,
  name: () => pkijs.RelativeDistinguishedNames,
  self: boolean,
): Promise<Uint8Array<ArrayBuffer>> {
  const cert = pkijs.Certificate.fromBER(new Uint8Array(der.buffer, der.byteOffset, der.byteLength));
  cert.issuer = name();
  if (self) cert.subject = name();
  await cert.sign(key as Parameters<typeof cert.sign>[0], 'SHA-384', engine);
  return new Uint8Array(cert.toSchema(true).toBER(false));
}

function bytesOf(view: ArrayBufferView): Buffer {
  return Buffer.from(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
}

/**
 * Starts GitHub's instance stand-in with `clock`, which must not precede the moment it is called in
 * (the mock TSA dates its certificates from the real time); the default is the next whole second.
 * `caName` names the CA otherwise: `{ organization: 'sigstore.dev', ... }` makes certificates that
 * claim to come from the public-good instance.
 * `close()` of the public-good stack (nock.cleanAll) also stops this one.
 */
export async function startGitHubInstance(
  clock = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000),
  caName: { organization: string; commonName: string } = GITHUB_CA_NAME,
): Promise<GitHubInstance> {
  started += 1;
  const fulcioUrl = `https://fulcio-${started}.githubapp.mock.test`;
  const tsaUrl = `https://timestamp-${started}.githubapp.mock.test`;
  const caKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const tsaKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const key = await signingKey(caKeys.privateKey);
  // No CT log: GitHub's Fulcio embeds no SCT.
  const mockCA = await initializeCA(caKeys, undefined, clock);
  const name = () => caDistinguishedName(caName);
  const rootCertificate = await renamed(mockCA.rootCertificate, key, name, true);
  const ca = {
    rootCertificate,
    issueCertificate: async (options: Parameters<typeof mockCA.issueCertificate>[0]) =>
      renamed(await mockCA.issueCertificate(options), key, name, false),
  };
  const tsa = await initializeTSA(tsaKeys, clock);
  const fulcio = fulcioHandler(ca, { strict: true });
  const timestamps = tsaHandler(tsa, { strict: true });
  intercept(fulcioUrl, fulcio.path, fulcio.fn);
  intercept(tsaUrl, timestamps.path, timestamps.fn);

  const start = new Date(clock.getTime() - 24 * 3600 * 1000).toISOString();
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [],
    certificateAuthorities: [
      {
        subject: { ...caName },
        uri: fulcioUrl,
        certChain: { certificates: [{ rawBytes: Buffer.from(rootCertificate).toString('base64') }] },
        validFor: { start },
      },
    ],
    ctlogs: [],
    timestampAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'tsa' },
        uri: tsaUrl,
        certChain: {
          certificates: [
            { rawBytes: bytesOf(tsa.intCertificate).toString('base64') },
            { rawBytes: bytesOf(tsa.rootCertificate).toString('base64') },
          ],
        },
        validFor: { start },
      },
    ],
  };

  const signer = (claims: GitHubClaims) =>
    new FulcioSigner({
      fulcioBaseURL: fulcioUrl,
      identityProvider: { getToken: () => Promise.resolve(token(claims)) },
    });
  // A signed timestamp, no transparency-log entry: what GitHub's instance gives.
  const witnesses = () => [new TSAWitness({ tsaBaseURL: tsaUrl })];

  return {
    clock,
    trustedRoot,
    async attest(statement, claims) {
      const bundle = await new DSSEBundleBuilder({ signer: signer(claims), witnesses: witnesses() }).create({
        data: Buffer.from(JSON.stringify(statement)),
        type: 'application/vnd.in-toto+json',
      });
      return bundleToJSON(bundle);
    },
    async signBlob(data, claims) {
      const bundle = await new MessageSignatureBundleBuilder({ signer: signer(claims), witnesses: witnesses() }).create(
        { data },
      );
      return bundleToJSON(bundle);
    },
  };
}
