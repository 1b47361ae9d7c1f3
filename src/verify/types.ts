/** Shared shapes of the verify-signatures capability. */

/** How an artifact was checked: Sigstore bundle, GitHub attestation, key-signed bundle, pinned checksum,
 * X.509 (CMS or raw signature with certificate), OpenPGP, container image in a registry, or (post-deploy)
 * a deployed digest compared with what was verified. */
export type Method = 'bundle' | 'attestation' | 'key' | 'checksum' | 'x509' | 'openpgp' | 'image' | 'deployment';
export type Status = 'verified' | 'compensated' | 'failed';

/** The outcome for one artifact, as the `results` output reports it. */
export interface ArtifactResult {
  readonly artifact: string;
  /** `sha256:<hex>`, or '' when the artifact could not be read. */
  readonly digest: string;
  readonly method: Method;
  readonly status: Status;
  readonly signerIdentity?: string;
  readonly issuer?: string;
  readonly sourceRepository?: string;
  readonly sourceRef?: string;
  readonly logIndex?: string;
  readonly signingTime?: string;
  readonly predicateType?: string;
  /** Why it failed, or what compensated for a missing signature, or what was checked. */
  readonly reason: string;
}

/** A failure for one artifact whose message a person can act on. */
export class ArtifactError extends Error {
  override readonly name = 'ArtifactError';
}

/**
 * A refusal caused by an error this code did not foresee (a TypeError or RangeError from a library
 * reading the bundle): the artifact still fails closed, but the failure is reported as a probable bug
 * (`verify-bundle` exits 2, as for any unexpected error), not as a verdict on the bundle.
 */
export class UnexpectedArtifactError extends ArtifactError {
  readonly unexpected = true;
}

/** Digests of one subject by algorithm name (`sha256`, `sha512`, ...), as lower-case hex. */
export type Digests = Readonly<Partial<Record<HashAlgorithm, string>>>;

export type HashAlgorithm = 'sha256' | 'sha384' | 'sha512';

/** What a signature must cover: a file on disk or only a digest given by the user. */
export interface Subject {
  /** How the user named it (the path as given, or `sha256:<hex>`). */
  readonly label: string;
  /** Absolute path, when the subject is a file. */
  readonly path?: string;
  readonly size?: number;
  readonly digests: Digests;
}
