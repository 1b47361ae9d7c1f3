/** One bundle, one subject, one identity or key: what `secure-deploy verify-bundle` runs. */
import { errorMessage, isConfigurationError } from '../core/errors.js';
import { readBundleFile } from './bundle.js';
import { type VerifyContext, verifyBundle } from './engine.js';
import { subjectFromArgument } from './subject.js';
import { loadTrustRoots } from './instances.js';
import { type Thresholds, validateThresholds } from '../core/thresholds.js';
import { loadPublicKey } from './keys.js';
import { ArtifactError, UnexpectedArtifactError } from './types.js';

export interface SingleBundleRequest {
  readonly bundle: string;
  readonly subject: string;
  readonly certificateIdentity?: string;
  readonly certificateOidcIssuer?: string;
  readonly key?: string;
  readonly trustedRoot?: string;
  readonly offline: boolean;
  /** Thresholds the user set; unset ones follow the instance that issued the signing certificate. */
  readonly thresholds?: Partial<Thresholds>;
  readonly warn: (message: string) => void;
}

export interface Outcome {
  readonly ok: boolean;
  readonly message: string;
  /** The failure is a bug (an unexpected exception), not a verdict on the bundle. */
  readonly unexpected?: boolean;
}

export async function verifySingleBundle(request: SingleBundleRequest): Promise<Outcome> {
  try {
    const thresholds = validateThresholds(request.thresholds ?? {}, request.warn);
    const key = request.key ? await loadPublicKey(request.key) : undefined;
    const roots = await loadTrustRoots({
      ...(request.trustedRoot ? { trustedRoot: request.trustedRoot } : {}),
      offline: request.offline,
      thresholds,
      ...(key ? { key } : {}),
      warn: request.warn,
    });
    const ctx: VerifyContext = { roots, key };
    const subject = await subjectFromArgument(request.subject);
    const bundles = await readBundleFile(request.bundle);
    if (bundles.length !== 1 || !bundles[0]) {
      return { ok: false, message: `${request.bundle} holds ${bundles.length} bundles; verify-bundle takes one` };
    }
    const facts = await verifyBundle(bundles[0], subject, ctx, {
      certificateIdentity: request.certificateIdentity,
      certificateOidcIssuer: request.certificateOidcIssuer,
    });
    const who = facts.keySigned ? 'the given key' : `${facts.signerIdentity ?? '?'} (${facts.issuer ?? '?'})`;
    const legacy = bundles[0].legacy ? ', legacy cosign bundle' : '';
    const instance = facts.instance === 'github' ? ", GitHub's Sigstore instance" : '';
    return { ok: true, message: `${subject.label} signed by ${who}${instance}${legacy}` };
  } catch (error) {
    if (error instanceof UnexpectedArtifactError) {
      // Refused (fail closed), but a probable bug rather than a verdict: verify-bundle exits 2 for it.
      return { ok: false, unexpected: true, message: `${request.subject}: ${error.message}` };
    }
    if (error instanceof ArtifactError || isConfigurationError(error)) {
      return { ok: false, message: `${request.subject}: ${error.message}` };
    }
    return { ok: false, unexpected: true, message: `${request.subject}: unexpected error: ${errorMessage(error)}` };
  }
}
