/**
 * Which trusted root and which policy verify a bundle, chosen per bundle from its signing
 * certificate, as `gh attestation verify` does (cli/cli pkg/cmd/attestation/verification/sigstore.go,
 * chooseVerifier): a certificate issued by the Sigstore public-good Fulcio is checked against the
 * public-good root with its policy (transparency log, SCT, time: one each); one issued by GitHub's
 * Fulcio (private repositories' attestations) against GitHub's root with GitHub's policy (an RFC 3161
 * signed timestamp; GitHub's instance has no transparency log and no CT log). With a trusted root
 * given by the user, only the roots in that file are used, and the one whose certificate authority
 * issued the certificate is chosen.
 */
import { type KeyObject, X509Certificate } from 'node:crypto';
import { Verifier } from '@sigstore/verify';
import type { Bundle } from './bundle.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../core/thresholds.js';
import {
  INSTANCE_TITLES,
  type InstanceName,
  instanceTrustedRoot,
  loadTrustedRootFile,
  type TrustedRoot,
  trustMaterial,
} from './trusted-roots.js';
import { ArtifactError } from './types.js';

/** The organization in each instance's Fulcio certificates' issuer (cli/cli: PublicGoodIssuerOrg, GitHubIssuerOrg). */
export const INSTANCE_ORGANIZATIONS: Readonly<Record<InstanceName, string>> = {
  'public-good': 'sigstore.dev',
  github: 'GitHub, Inc.',
};

/**
 * Each instance's own policy. Public-good: one transparency-log entry, one SCT, one trusted time
 * (cli/cli newPublicGoodVerifierWithTrustedRoot). GitHub: a signed timestamp only
 * (newGitHubVerifierWithTrustedRoot: `WithSignedTimestamps(1)`). A root of another instance: the
 * public-good defaults, unless the user sets thresholds.
 */
export const INSTANCE_THRESHOLDS: Readonly<Record<InstanceName | 'custom', Thresholds>> = {
  'public-good': DEFAULT_THRESHOLDS,
  github: { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 1 },
  custom: DEFAULT_THRESHOLDS,
};

/** The trust root chosen for one bundle. */
export interface ChosenRoot {
  readonly root: TrustedRoot;
  readonly verifier: Verifier;
  readonly instance: InstanceName | 'custom';
  /** Only an RFC 3161 timestamp counts as the trusted time (GitHub's instance). */
  readonly requireSignedTimestamp: boolean;
  /** "the trusted root of GitHub's Sigstore instance", "the trusted root roots.jsonl": for messages. */
  readonly title: string;
}

export interface TrustRootsOptions {
  /** The user's trusted-root file: its roots and nothing else. Unset: the known instances' roots. */
  readonly given?: { readonly roots: readonly TrustedRoot[]; readonly source: string };
  /** Loads a known instance's root (TUF refresh or shipped copy), called once per instance, when first needed. */
  readonly load?: (instance: InstanceName) => Promise<TrustedRoot>;
  /** Thresholds the user set; unset ones take the chosen instance's own policy. */
  readonly thresholds?: Partial<Thresholds>;
  /** The user's public key, for key-signed bundles. */
  readonly key?: KeyObject;
}

interface Issuer {
  /** The issuer DN as Node prints it, one attribute per line. */
  readonly dn: string;
  readonly organization?: string;
}

function oneLine(dn: string): string {
  return dn.split('\n').join(', ');
}

/** The organization (O=) of a DN as Node prints it (`O=GitHub\, Inc.`). */
function organizationOf(dn: string): string | undefined {
  const line = dn.split('\n').find((l) => l.startsWith('O='));
  return line?.slice(2).replace(/\\(.)/g, '$1');
}

function knownInstance(organization: string | undefined): InstanceName | undefined {
  for (const [name, org] of Object.entries(INSTANCE_ORGANIZATIONS) as [InstanceName, string][]) {
    if (organization === org) return name;
  }
  return undefined;
}

function parseCertificate(raw: Uint8Array, what: string): X509Certificate {
  try {
    return new X509Certificate(Buffer.from(raw));
  } catch (error) {
    throw new ArtifactError(`the bundle's ${what} cannot be parsed: ${(error as Error).message}`);
  }
}

/** The DER certificates a bundle carries, leaf first; empty for a key-signed bundle. */
export function bundleCertificates(bundle: Bundle): Uint8Array[] {
  const material = bundle.verificationMaterial.content;
  switch (material.$case) {
    case 'certificate':
      return [material.certificate.rawBytes];
    case 'x509CertificateChain':
      return material.x509CertificateChain.certificates.map((c) => c.rawBytes);
    default:
      return [];
  }
}

/** Every certificate of a root's certificate authorities, DER. */
function authorityCertificates(root: TrustedRoot): Buffer[] {
  return root.certificateAuthorities.flatMap((ca) =>
    (ca.certChain?.certificates ?? []).map((c) => Buffer.from(c.rawBytes)),
  );
}

const subjectsCache = new WeakMap<TrustedRoot, Set<string>>();

/** The subject DNs (as Node prints them) of a root's CA certificates, parsed once per root. */
function authoritySubjects(root: TrustedRoot): Set<string> {
  let subjects = subjectsCache.get(root);
  if (!subjects) {
    subjects = new Set();
    for (const der of authorityCertificates(root)) {
      try {
        subjects.add(new X509Certificate(der).subject ?? '');
      } catch {
        // a certificate Node cannot parse names no issuer
      }
    }
    subjectsCache.set(root, subjects);
  }
  return subjects;
}

/**
 * The instance whose policy a root gets when no certificate chooses it (key-signed bundles, container
 * images): by the organization of its CAs (as gh does), else custom. A root holding several
 * instances' authorities (public-good's and GitHub's merged into one) is custom too: it gets the
 * default, strictest thresholds, never the laxer policy of whichever instance happens to come first.
 */
function instanceOfRoot(root: TrustedRoot): InstanceName | 'custom' {
  const found = new Set<InstanceName>();
  for (const der of authorityCertificates(root)) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(der);
    } catch {
      continue;
    }
    const instance = knownInstance(organizationOf(cert.subject ?? ''));
    if (instance) found.add(instance);
  }
  const [only, ...others] = [...found];
  return only !== undefined && others.length === 0 ? only : 'custom';
}

function advice(issuer: Issuer, given: string | undefined): string {
  const from = knownInstance(issuer.organization);
  const where = `issued by "${oneLine(issuer.dn)}"`;
  if (from && given) {
    return `the signing certificate was ${where}: it comes from ${INSTANCE_TITLES[from]}, whose certificate authority is not in the trusted root ${given}. Add that instance's root (\`gh attestation trusted-root\` prints public-good's and GitHub's, one per line), or leave trusted-root unset to use the roots shipped with this action`;
  }
  const org = issuer.organization ? ` (organization "${issuer.organization}")` : ' (no organization)';
  if (given) {
    return `the signing certificate was ${where}${org}, which is not a certificate authority of the trusted root ${given}: pass the trusted root of the Sigstore instance that issued it with 'trusted-root'`;
  }
  return `the signing certificate was ${where}${org}: it comes neither from the Sigstore public-good instance (organization "sigstore.dev") nor from GitHub's (organization "GitHub, Inc."). Pass the trusted root of the Sigstore instance that issued it with 'trusted-root'`;
}

/** Chooses, per bundle, the trusted root and policy that verify it. */
export class TrustRoots {
  readonly #options: TrustRootsOptions;
  readonly #loading: Map<InstanceName, Promise<TrustedRoot>> = new Map();
  /**
   * One verifier per (root, instance): a root may hold several instances' authorities (public-good's
   * and GitHub's merged into one file), and the thresholds follow the instance that issued each
   * bundle's certificate, never the order in which bundles were verified.
   */
  readonly #verifiers = new Map<TrustedRoot, Map<InstanceName | 'custom', Verifier>>();

  constructor(options: TrustRootsOptions, loading?: Map<InstanceName, Promise<TrustedRoot>>) {
    if (!options.given && !options.load) throw new Error('TrustRoots needs given roots or a loader');
    this.#options = options;
    if (loading) this.#loading = loading;
  }

  /** The same roots, for bundles that must be signed with this key (a trust policy's key anchor). */
  withKey(key: KeyObject | undefined): TrustRoots {
    return new TrustRoots({ ...this.#options, key }, this.#loading);
  }

  /** The roots in use for what is not chosen per bundle (container images): the user's first, else public-good's. */
  async primary(): Promise<TrustedRoot> {
    const first = this.#options.given?.roots[0];
    return first ?? this.#load('public-good');
  }

  /** The thresholds for that primary root. */
  primaryThresholds(root: TrustedRoot): Thresholds {
    const instance = this.#options.given ? instanceOfRoot(root) : 'public-good';
    return { ...INSTANCE_THRESHOLDS[instance], ...this.#options.thresholds };
  }

  /** The public key given by the user, if any. */
  get key(): KeyObject | undefined {
    return this.#options.key;
  }

  #load(instance: InstanceName): Promise<TrustedRoot> {
    let pending = this.#loading.get(instance);
    if (!pending) {
      const load = this.#options.load;
      if (!load) throw new Error('no loader');
      pending = load(instance);
      this.#loading.set(instance, pending);
    }
    return pending;
  }

  #chosen(root: TrustedRoot, instance: InstanceName | 'custom'): ChosenRoot {
    const given = this.#options.given;
    // A given root of a known instance is named with that instance: "the trusted root roots.jsonl (GitHub's Sigstore instance)".
    const title = !given
      ? instance === 'custom'
        ? 'the trusted root'
        : `the trusted root of ${INSTANCE_TITLES[instance]}`
      : `the trusted root ${given.source}${instance === 'custom' ? '' : ` (${INSTANCE_TITLES[instance]})`}`;
    let byInstance = this.#verifiers.get(root);
    if (!byInstance) {
      byInstance = new Map();
      this.#verifiers.set(root, byInstance);
    }
    let verifier = byInstance.get(instance);
    if (!verifier) {
      const thresholds = { ...INSTANCE_THRESHOLDS[instance], ...this.#options.thresholds };
      verifier = new Verifier(trustMaterial(root, this.#options.key), thresholds);
      byInstance.set(instance, verifier);
    }
    // A user who asks for transparency-log entries gets them counted as trusted times too.
    const requireSignedTimestamp = instance === 'github' && !this.#options.thresholds?.tlogThreshold;
    return { root, verifier, instance, requireSignedTimestamp, title };
  }

  /** The root for a bundle; throws ArtifactError naming the instance it comes from when none fits. */
  async choose(bundle: Bundle): Promise<ChosenRoot> {
    const given = this.#options.given;
    const certificates = bundleCertificates(bundle);
    const leafDer = certificates[0];
    if (!leafDer) {
      // Key-signed: the root that holds the transparency log the entry names, else the first.
      if (!given) return this.#chosen(await this.#load('public-good'), 'public-good');
      const logId = bundle.verificationMaterial.tlogEntries[0]?.logId?.keyId;
      const withLog = logId
        ? given.roots.find((r) => r.tlogs.some((t) => t.logId && Buffer.from(t.logId.keyId).equals(Buffer.from(logId))))
        : undefined;
      const root = withLog ?? given.roots[0];
      if (!root) throw new ArtifactError(`the trusted root ${given.source} holds no root`);
      return this.#chosen(root, instanceOfRoot(root));
    }
    const leaf = parseCertificate(leafDer, 'signing certificate');
    const issuer: Issuer = { dn: leaf.issuer ?? '', organization: organizationOf(leaf.issuer ?? '') };
    if (given) {
      for (const root of given.roots) {
        if (authoritySubjects(root).has(issuer.dn)) {
          return this.#chosen(root, knownInstance(issuer.organization) ?? 'custom');
        }
      }
      throw new ArtifactError(advice(issuer, given.source));
    }
    const instance = knownInstance(issuer.organization);
    if (!instance) throw new ArtifactError(advice(issuer, undefined));
    return this.#chosen(await this.#load(instance), instance);
  }
}

export interface LoadTrustRootsOptions {
  /** A trusted-root file (one root, or JSON lines); unset: the known instances' roots. */
  readonly trustedRoot?: string;
  readonly offline: boolean;
  readonly thresholds?: Partial<Thresholds>;
  readonly key?: KeyObject;
  /** GHE.com: the trust domain from `GET /meta`, naming GitHub's root for that domain. */
  readonly trustDomain?: string;
  readonly warn: (message: string) => void;
}

/** The trust roots for a run: the user's file read now, or the known instances' roots loaded when first needed. */
export async function loadTrustRoots(options: LoadTrustRootsOptions): Promise<TrustRoots> {
  const common = {
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
    ...(options.key ? { key: options.key } : {}),
  };
  if (options.trustedRoot) {
    const roots = await loadTrustedRootFile(options.trustedRoot);
    return new TrustRoots({ given: { roots, source: options.trustedRoot }, ...common });
  }
  return new TrustRoots({
    load: (instance) =>
      instanceTrustedRoot(instance, {
        offline: options.offline,
        warn: options.warn,
        ...(instance === 'github' && options.trustDomain ? { trustDomain: options.trustDomain } : {}),
      }),
    ...common,
  });
}

/**
 * The certificates a bundle carries beyond its leaf (v0.1 bundles from 2023 carry the whole chain,
 * root included) must each be a certificate of the chosen root's certificate authorities: a root or
 * intermediate comes from the trusted root, never from the bundle, so one that is not there is
 * refused, named. sigstore-js ignores these certificates and builds the chain from the trusted root
 * alone; refusing strangers also refuses the conformance case `bundle-with-root-cert_fail`, whose
 * chain carries a root that is not the trusted one.
 */
export function checkCarriedChain(bundle: Bundle, chosen: ChosenRoot): void {
  const carried = bundleCertificates(bundle).slice(1);
  if (carried.length === 0) return;
  const trusted = authorityCertificates(chosen.root);
  for (const der of carried) {
    if (trusted.some((t) => t.equals(Buffer.from(der)))) continue;
    const cert = parseCertificate(der, 'certificate chain');
    const selfSigned = cert.subject === cert.issuer;
    throw new ArtifactError(
      `the bundle's certificate chain carries ${selfSigned ? 'the root' : 'the certificate'} "${oneLine(cert.subject ?? '')}" (SHA-256 ${cert.fingerprint256}), which is not a certificate of ${chosen.title}: ${selfSigned ? 'roots' : 'chain certificates'} come only from the trusted root`,
    );
  }
}
