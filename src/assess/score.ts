/**
 * Pure scoring: the evidence collected for each repository (one application) becomes a verdict
 * per criterion, then SAMM's answer per question from the share of applications meeting all of
 * that stream's criteria.
 */
import { type Answer, CRITERIA, type Stream, answerFor, QUESTIONS } from './criteria.js';
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
}

export interface CriterionResult {
  readonly id: string;
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
  readonly answers: readonly StreamAnswer[];
  readonly coverage: readonly { id: string; stream: Stream; title: string; meeting: number; total: number }[];
  readonly repositories: readonly RepoScore[];
}

const VERIFYING: ReadonlySet<string> = new Set(['verify-signatures', 'deploy-gate']);

function at(wf: WorkflowFacts, job: WorkflowJob, step?: SuiteStep): string {
  return `${wf.path} job '${job.id}'${step ? ` step ${step.uses}` : ''}`;
}

function verifySteps(workflows: readonly WorkflowFacts[]) {
  return workflows.flatMap((wf) =>
    wf.jobs.flatMap((job) => job.steps.filter((s) => VERIFYING.has(s.action)).map((step) => ({ wf, job, step }))),
  );
}

function result(id: string, met: boolean, evidence: string[], missing: string[]): CriterionResult {
  return { id, met, evidence, missing: met ? [] : missing };
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
    result(
      'compensating-measures',
      unexplained.length === 0,
      withChecksums.length === 0
        ? ['no artifact is accepted on a checksum alone']
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

  const rotation = ev.workflows.flatMap((wf) =>
    wf.scheduled
      ? wf.jobs.flatMap((job) =>
          job.steps.filter((s) => s.action === 'rotate-secret').map((s) => `${at(wf, job, s)} on a schedule`),
        )
      : [],
  );
  out.push(result('rotated-by-tool', rotation.length > 0, rotation, ['no scheduled workflow runs rotate-secret']));

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
    result(
      'rotated-within-max-age',
      stale.length === 0,
      ev.secrets.length === 0
        ? ['no secrets']
        : [`${ev.secrets.length - stale.length} of ${ev.secrets.length} secrets updated within ${maxAgeDays} days`],
      stale.map(
        (s) =>
          `${s.name}${s.environment ? ` (environment ${s.environment})` : ''} last updated ${s.updatedAt.slice(0, 10)}`,
      ),
    ),
  );

  const suiteSteps = ev.workflows.flatMap((wf) =>
    wf.jobs.flatMap((job) => job.steps.map((step) => ({ wf, job, step }))),
  );
  const unlogged = suiteSteps.filter(({ step }) => (step.with['audit-log'] ?? '').trim() === '');
  const reviewed = ev.workflows.flatMap((wf) =>
    wf.scheduled
      ? wf.jobs.flatMap((job) =>
          job.steps.filter((s) => s.action === 'audit-secrets').map((s) => `${at(wf, job, s)} reviews on a schedule`),
        )
      : [],
  );
  out.push(
    result(
      'access-logged-and-reviewed',
      suiteSteps.length > 0 && unlogged.length === 0 && reviewed.length > 0,
      [
        ...suiteSteps
          .filter((s) => !unlogged.includes(s))
          .map(({ wf, job, step }) => `${at(wf, job, step)} logs to audit-log`),
        ...reviewed,
      ],
      [
        ...(suiteSteps.length === 0 ? ['no secure-deploy step records audit events'] : []),
        ...unlogged.map(({ wf, job, step }) => `${at(wf, job, step)} sets no 'audit-log' sink`),
        ...(reviewed.length === 0 ? ['no scheduled workflow runs audit-secrets'] : []),
      ],
    ),
  );

  const problems = [...ev.problems, ...ev.workflows.filter((w) => w.error).map((w) => `${w.path}: ${w.error ?? ''}`)];
  // A repository that could not be fully read meets nothing it could not be checked for.
  const criteria =
    ev.problems.length > 0 ? out.map((c) => ({ ...c, met: false, missing: [...c.missing, ...ev.problems] })) : out;
  const meets = (stream: Stream) =>
    CRITERIA.filter((c) => c.stream === stream).every((c) => criteria.find((r) => r.id === c.id)?.met === true);
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
  const coverage = CRITERIA.map((c) => ({
    id: c.id,
    stream: c.stream,
    title: c.title,
    meeting: repositories.filter((r) => r.criteria.find((x) => x.id === c.id)?.met).length,
    total,
  }));
  return { generatedAt: now.toISOString(), scope, maxAgeDays, answers, coverage, repositories };
}
