/**
 * Pure scoring: the evidence collected for each repository (one application) becomes a verdict
 * per criterion, then SAMM's answer per question from the share of applications meeting all of
 * that stream's criteria.
 */
import { type Answer, CRITERIA, type Stream, answerFor, QUESTIONS } from './criteria.js';
import { type PracticeCoverage, practiceCoverage } from './coverage.js';
import type { SuiteStep, WorkflowFacts, WorkflowJob } from './workflows.js';

export interface EnvironmentFacts {
  readonly name: string;
  readonly requiredReviewers: number;
}

export interface SecretFacts {
  readonly scope: 'repository' | 'environment';
  readonly name: string;
  readonly environment?: string;
  readonly updatedAt: string;
}

export interface FingerprintFacts {
  readonly secret: string;
  readonly instance: string;
  readonly fingerprint: string;
}

export interface RepoEvidence {
  readonly repository: string;
  readonly workflows: readonly WorkflowFacts[];
  readonly environments: readonly EnvironmentFacts[];
  readonly secrets: readonly SecretFacts[];
  readonly fingerprints: readonly FingerprintFacts[];
  /** What could not be read; a repository with problems is never reported as meeting a criterion it could not be checked for. */
  readonly problems: readonly string[];
  /**
   * Scheduled audit-secrets and rotate-secret steps anywhere in the organization that cover this
   * repository (see coverage.ts), computed when collecting; without it only its own workflows count.
   */
  readonly practices?: PracticeCoverage;
}

export interface CriterionResult {
  readonly id: string;
  /**
   * False when the repository has nothing the criterion is about (no verification to compensate
   * for, no secret to age): reported as n/a, left out of the coverage and of the stream's verdict.
   */
  readonly applicable: boolean;
  readonly met: boolean;
  readonly evidence: readonly string[];
  readonly missing: readonly string[];
}

export interface RepoScore {
  readonly repository: string;
  readonly criteria: readonly CriterionResult[];
  readonly meetsStream: Readonly<Record<Stream, boolean>>;
  readonly problems: readonly string[];
}

export interface StreamAnswer {
  readonly stream: Stream;
  readonly question: string;
  readonly answer: Answer;
  readonly meeting: number;
  readonly total: number;
  readonly share: number;
}

export interface Assessment {
  readonly generatedAt: string;
  readonly scope: string;
  readonly maxAgeDays: number;
  /** True when some repositories could not be fully read: the answers are then a lower bound. */
  readonly partial: boolean;
  /** The repositories that could not be fully read. */
  readonly unreadable: readonly string[];
  readonly answers: readonly StreamAnswer[];
  readonly coverage: readonly {
    id: string;
    stream: Stream;
    title: string;
    meeting: number;
    /** Repositories the criterion applies to. */
    total: number;
    notApplicable: number;
  }[];
  readonly repositories: readonly RepoScore[];
}

const VERIFYING: ReadonlySet<string> = new Set(['verify-signatures', 'deploy-gate']);

/** Audit sinks that leave the runner: a `file` sink is central only if the workflow ships the file somewhere, which we cannot see. */
const CENTRAL_SINKS: ReadonlySet<string> = new Set(['http', 'syslog', 'github']);

/** The sink kinds of an `audit-log` input, one sink a line (`<kind> <target> [key=value ...]`). */
export function sinkKinds(auditLog: string): string[] {
  return auditLog
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split(/\s+/)[0] ?? '');
}

function at(wf: WorkflowFacts, job: WorkflowJob, step?: SuiteStep): string {
  return `${wf.path} job '${job.id}'${step ? ` step ${step.uses}` : ''}`;
}

function verifySteps(workflows: readonly WorkflowFacts[]) {
  return workflows.flatMap((wf) =>
    wf.jobs.flatMap((job) => job.steps.filter((s) => VERIFYING.has(s.action)).map((step) => ({ wf, job, step }))),
  );
}

function result(id: string, met: boolean, evidence: string[], missing: string[]): CriterionResult {
  return { id, applicable: true, met, evidence, missing: met ? [] : missing };
}

/** A criterion with nothing to judge in this repository; `why` says what is absent. */
function notApplicable(id: string, why: string): CriterionResult {
  return { id, applicable: false, met: false, evidence: [`not applicable: ${why}`], missing: [] };
}

export function scoreRepository(ev: RepoEvidence, now: Date, maxAgeDays: number): RepoScore {
  const out: CriterionResult[] = [];
  const verifies = verifySteps(ev.workflows);
  const preDeploy = verifies.filter(({ step }) => (step.with.mode ?? 'pre-deploy') !== 'post-deploy');
  const onRelease = preDeploy.filter(({ wf }) => wf.releaseTagTriggered);

  out.push(
    result(
      'verify-on-release',
      onRelease.length > 0,
      onRelease.map(({ wf, job, step }) => `${at(wf, job, step)} runs on release tags`),
      [
        preDeploy.length > 0
          ? 'verification runs, but in no workflow triggered by a release tag (on: push: tags, or on: release)'
          : 'no workflow runs verify-signatures or the deploy gate before deploying',
      ],
    ),
  );

  const failOpen = verifies.filter(({ job, step }) => step.continueOnError || job.continueOnError);
  const rollback = verifies.filter(({ step }) => step.with.mode === 'post-deploy');
  out.push(
    result(
      'breach-stops-deployment',
      verifies.length > 0 && failOpen.length === 0,
      [
        ...verifies
          .filter((v) => !failOpen.includes(v))
          .map(({ wf, job, step }) => `${at(wf, job, step)} fails the job on a breach`),
        ...rollback.map(({ wf, job }) => `${at(wf, job)} rolls back after deployment (mode: post-deploy)`),
      ],
      verifies.length === 0
        ? ['no verification step that could stop a deployment']
        : failOpen.map(
            ({ wf, job, step }) =>
              `${at(wf, job, step)} has continue-on-error, so a breach does not stop the deployment`,
          ),
    ),
  );

  const signing = ev.workflows.flatMap((wf) =>
    wf.jobs
      .filter(
        (job) =>
          job.uses.some((u) => /^(actions\/attest(-build-provenance|-sbom)?|sigstore\/cosign-installer)@/.test(u)) ||
          job.runs.some((r) => /\bcosign\s+(sign|attest)|\bgh\s+attestation\b|\bsigstore\s+sign\b/.test(r)),
      )
      .map((job) => `${wf.path} job '${job.id}' signs or attests its build`),
  );
  out.push(
    result('build-time-signatures', signing.length > 0, signing, ['no workflow signs or attests what it builds']),
  );

  const withChecksums = verifies.filter(({ step }) => (step.with.checksums ?? '') !== '');
  const unexplained = withChecksums.filter(({ step }) => (step.with.reason ?? '').trim() === '');
  out.push(
    verifies.length === 0
      ? notApplicable('compensating-measures', 'no verification step, so no artifact is accepted unsigned')
      : result(
          'compensating-measures',
          unexplained.length === 0,
          withChecksums.length === 0
            ? [`${verifies.length} verification step(s), none accepting an artifact on a checksum alone`]
            : withChecksums
                .filter((v) => !unexplained.includes(v))
                .map(({ wf, job, step }) => `${at(wf, job, step)} pins checksums with a reason`),
          unexplained.map(({ wf, job, step }) => `${at(wf, job, step)} accepts checksums without a 'reason'`),
        ),
  );

  const envByName = new Map(ev.environments.map((e) => [e.name, e]));
  const gateJobs = [...new Map(preDeploy.map(({ wf, job }) => [`${wf.path}#${job.id}`, { wf, job }])).values()];
  const ungated = gateJobs.filter(({ job }) => (envByName.get(job.environment ?? '')?.requiredReviewers ?? 0) < 1);
  out.push(
    result(
      'approval-gate',
      gateJobs.length > 0 && ungated.length === 0,
      gateJobs
        .filter((g) => !ungated.includes(g))
        .map(({ wf, job }) => `${at(wf, job)} runs in environment '${job.environment ?? ''}' which requires review`),
      gateJobs.length === 0
        ? ['no deploy job to gate']
        : ungated.map(({ wf, job }) =>
            job.environment
              ? `${at(wf, job)}: environment '${job.environment}' ${envByName.has(job.environment) ? 'has no required reviewers' : 'does not exist'}`
              : `${at(wf, job)} names no environment`,
          ),
    ),
  );

  // Practices run once for the organization count for every repository they cover.
  const practices = ev.practices ?? practiceCoverage([ev], [ev.repository]).get(ev.repository);
  const rotation = [...(practices?.rotated ?? [])];
  out.push(
    result('rotated-by-tool', rotation.length > 0, rotation, [
      'no scheduled workflow (here, or elsewhere in the organization with this repository as a destination) runs rotate-secret for this repository',
    ]),
  );

  const byFingerprint = new Map<string, FingerprintFacts[]>();
  for (const f of ev.fingerprints) byFingerprint.set(f.fingerprint, [...(byFingerprint.get(f.fingerprint) ?? []), f]);
  const shared = [...byFingerprint.values()].filter((group) => group.length > 1);
  out.push(
    result(
      'distinct-per-instance',
      ev.fingerprints.length > 0 && shared.length === 0,
      ev.fingerprints.length > 0 ? [`${ev.fingerprints.length} instance fingerprints, all different`] : [],
      ev.fingerprints.length === 0
        ? ['no rotate-secret fingerprints recorded, so distinct values cannot be shown']
        : shared.map(
            (g) =>
              `one value shared by ${g
                .map((f) => `${f.secret}@${f.instance}`)
                .sort()
                .join(', ')}`,
          ),
    ),
  );

  const limit = now.getTime() - maxAgeDays * 86_400_000;
  const stale = ev.secrets.filter((s) => Date.parse(s.updatedAt) < limit);
  out.push(
    ev.secrets.length === 0
      ? notApplicable('rotated-within-max-age', 'no repository or environment secrets')
      : result(
          'rotated-within-max-age',
          stale.length === 0,
          [`${ev.secrets.length - stale.length} of ${ev.secrets.length} secrets updated within ${maxAgeDays} days`],
          stale.map(
            (s) =>
              `${s.name}${s.environment ? ` (environment ${s.environment})` : ''} last updated ${s.updatedAt.slice(0, 10)}`,
          ),
        ),
  );

  const suiteSteps = ev.workflows.flatMap((wf) =>
    wf.jobs.flatMap((job) => job.steps.map((step) => ({ wf, job, step }))),
  );
  const sinks = suiteSteps.map((s) => ({ ...s, kinds: sinkKinds(s.step.with['audit-log'] ?? '') }));
  const central = sinks.filter((s) => s.kinds.some((k) => CENTRAL_SINKS.has(k)));
  const unlogged = sinks.filter((s) => s.kinds.length === 0);
  const local = sinks.filter((s) => s.kinds.length > 0 && !central.includes(s));
  const reviewed = [...(practices?.reviewed ?? [])];
  // "All access to secrets (both reading and writing)": the suite's own steps log their accesses,
  // and the reads GitHub hands to workflow jobs are covered only by an audit that reviews them.
  const readsReviewed = [...(practices?.readsReviewed ?? [])];
  out.push(
    result(
      'access-logged-and-reviewed',
      suiteSteps.length > 0 && central.length === suiteSteps.length && reviewed.length > 0 && readsReviewed.length > 0,
      [
        `${central.length} of ${suiteSteps.length} secure-deploy steps log to a central sink`,
        ...reviewed,
        ...readsReviewed,
        ...central.map(
          ({ wf, job, step, kinds }) =>
            `${at(wf, job, step)} logs to a central sink (${kinds.filter((k) => CENTRAL_SINKS.has(k)).join(', ')})`,
        ),
      ],
      [
        ...(suiteSteps.length === 0 ? ['no secure-deploy step records audit events'] : []),
        ...unlogged.map(({ wf, job, step }) => `${at(wf, job, step)} sets no 'audit-log' sink`),
        ...local.map(
          ({ wf, job, step }) =>
            `${at(wf, job, step)} logs only to a file sink, which alone is not central: add an http, syslog or github sink`,
        ),
        ...(reviewed.length === 0
          ? [
              'no scheduled workflow runs audit-secrets over this repository (here, or organization-wide from another repository of the organization)',
            ]
          : readsReviewed.length === 0
            ? [
                ...(practices?.readsMissing ?? []),
                'secret reads (the jobs GitHub handed each secret to) are reviewed by no scheduled audit: run audit-secrets over the organization with its audit log (or a streamed export), a ledger or audit-state, and a central sink',
              ]
            : []),
      ],
    ),
  );

  const problems = [...ev.problems, ...ev.workflows.filter((w) => w.error).map((w) => `${w.path}: ${w.error ?? ''}`)];
  // A repository that could not be fully read meets nothing it could not be checked for, and
  // what it seems to lack (no secrets, no verification) may only be what could not be read.
  const criteria =
    ev.problems.length > 0
      ? out.map((c) => ({
          ...c,
          applicable: true,
          met: false,
          evidence: c.applicable ? c.evidence : [],
          missing: [...c.missing, ...ev.problems],
        }))
      : out;
  // A stream is met when every applicable criterion is, and at least one is: n/a is no evidence.
  const meets = (stream: Stream) => {
    const results = CRITERIA.filter((c) => c.stream === stream).map((c) => criteria.find((r) => r.id === c.id));
    return results.every((r) => r !== undefined && (r.met || !r.applicable)) && results.some((r) => r?.met === true);
  };
  return { repository: ev.repository, criteria, meetsStream: { A: meets('A'), B: meets('B') }, problems };
}

export function assess(evidence: readonly RepoEvidence[], scope: string, now: Date, maxAgeDays: number): Assessment {
  const repositories = evidence.map((ev) => scoreRepository(ev, now, maxAgeDays));
  const total = repositories.length;
  const answers = (['A', 'B'] as const).map((stream) => {
    const meeting = repositories.filter((r) => r.meetsStream[stream]).length;
    const share = total === 0 ? 0 : meeting / total;
    return { stream, question: QUESTIONS[stream], answer: answerFor(share), meeting, total, share };
  });
  // Coverage counts only the repositories a criterion applies to.
  const coverage = CRITERIA.map((c) => {
    const results = repositories.flatMap((r) => r.criteria.filter((x) => x.id === c.id));
    return {
      id: c.id,
      stream: c.stream,
      title: c.title,
      meeting: results.filter((x) => x.met).length,
      total: results.filter((x) => x.applicable).length,
      notApplicable: results.filter((x) => !x.applicable).length,
    };
  });
  const unreadable = evidence.filter((ev) => ev.problems.length > 0).map((ev) => ev.repository);
  return {
    generatedAt: now.toISOString(),
    scope,
    maxAgeDays,
    partial: unreadable.length > 0,
    unreadable,
    answers,
    coverage,
    repositories,
  };
}
