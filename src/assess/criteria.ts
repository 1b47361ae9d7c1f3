/**
 * The OWASP SAMM v2 Secure Deployment level-3 quality criteria this tool collects evidence for,
 * and the two assessment questions they answer.
 */
export type Stream = 'A' | 'B';

export interface Criterion {
  readonly id: string;
  readonly stream: Stream;
  readonly title: string;
  /** What counts as evidence, in a sentence a reviewer can check by hand. */
  readonly evidence: string;
}

export const QUESTIONS: Readonly<Record<Stream, string>> = {
  A: 'Do you consistently validate the integrity of deployed artifacts?',
  B: 'Do you practice proper lifecycle management for application secrets?',
};

export const CRITERIA: readonly Criterion[] = [
  {
    id: 'verify-on-release',
    stream: 'A',
    title: 'Deployments of release tags verify artifact integrity first',
    evidence:
      'a workflow triggered by a release tag (or a published release) runs verify-signatures or the deploy gate before deploying',
  },
  {
    id: 'breach-stops-deployment',
    stream: 'A',
    title: 'An integrity breach prevents or rolls back the deployment',
    evidence:
      'no verification step or its job has continue-on-error, or a post-deploy verification (mode: post-deploy) rolls back',
  },
  {
    id: 'build-time-signatures',
    stream: 'A',
    title: 'Deployed artifacts carry signatures made at build time',
    evidence: 'a workflow signs or attests what it builds (actions/attest*, cosign sign, sigstore) ',
  },
  {
    id: 'compensating-measures',
    stream: 'A',
    title: 'Unsigned third-party artifacts have declared compensating measures',
    evidence: 'every verification that accepts pinned checksums also states the reason',
  },
  {
    id: 'approval-gate',
    stream: 'A',
    title: 'Deploy jobs are gated by an environment that requires review',
    evidence: 'every job that verifies and deploys names an environment whose protection requires a reviewer',
  },
  {
    id: 'rotated-by-tool',
    stream: 'B',
    title: 'Secrets are generated and synchronised by a vetted solution',
    evidence: 'a scheduled workflow runs rotate-secret',
  },
  {
    id: 'distinct-per-instance',
    stream: 'B',
    title: 'Secret values differ between application instances',
    evidence: "rotate-secret's per-instance fingerprints are all different",
  },
  {
    id: 'rotated-within-max-age',
    stream: 'B',
    title: "Secrets were rotated within the policy's maximum age",
    evidence: 'every repository and environment secret was updated within the maximum age',
  },
  {
    id: 'access-logged-and-reviewed',
    stream: 'B',
    title: 'Secret access is logged centrally and reviewed',
    evidence: 'every secure-deploy step sends audit-log events somewhere, and a scheduled workflow runs audit-secrets',
  },
];

/** SAMM's four answers, from the share of applications that meet every criterion of a stream. */
export type Answer =
  | 'No'
  | 'Yes, for some applications'
  | 'Yes, for at least half of the applications'
  | 'Yes, for most or all of the applications';

/** Thresholds: "most or all" from 80 % of applications, "at least half" from 50 %, "some" above 0. */
export function answerFor(share: number): Answer {
  if (share >= 0.8) return 'Yes, for most or all of the applications';
  if (share >= 0.5) return 'Yes, for at least half of the applications';
  if (share > 0) return 'Yes, for some applications';
  return 'No';
}
