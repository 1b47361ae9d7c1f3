/**
 * Proves that a person approved this deployment: the environment is protected, the run's reviews
 * (or, in issue mode, the approval issue's comments) hold enough approvals from allowed people
 * other than the initiator, no administrator bypassed the rules; then records a deployment with
 * the verified digests and the approval evidence. Fails closed at every step.
 */
import type { AuditRecord } from '../core/audit.js';
import { runUrl } from '../core/context.js';
import { ConfigurationError } from '../core/errors.js';
import type { GitHubClient } from '../core/github.js';
import { clock, type ApprovalDeps } from './deps.js';
import {
  collaboratorRole,
  createDeployment,
  getEnvironment,
  getRun,
  getRunAttemptStart,
  listEnvironmentDeployments,
  listProtectionRuleApps,
  listProtectionRules,
  listRefPolicies,
  listRunApprovals,
  readAuditLog,
  teamMembers,
  tokenExpiry,
  type DeploymentEvidence,
  type Repo,
  type Role,
  type RunInfo,
} from './github.js';
import { formatDuration, waitForIssueApproval, type IssueOptions } from './issue.js';
import {
  DEFAULT_APPROVE_WORDS,
  DEFAULT_DENY_WORDS,
  ENVIRONMENT_AUDIT_EVENTS,
  environmentSettingsPath,
  evaluateReviews,
  findProtectionChanges,
  formatApprover,
  protectionProblems,
  requiresReviewers,
  roleAtLeast,
  shortRef,
  type ReviewRules,
} from './policy.js';
import type { ApprovalVerdict, Approver, ApproverRef, Refusal, RunApproval, VerifiedDigest } from './types.js';

/**
 * Issue mode waits up to the timeout: refuse up front a token that GitHub says expires before then
 * (GitHub App installation tokens live one hour), unless the client refreshes it (app-id /
 * app-private-key). GitHub states a token's expiry in the `github-authentication-token-expiration`
 * response header; without it (GITHUB_TOKEN lives as long as the job; classic tokens do not
 * expire) the wait goes ahead.
 */
async function checkTokenLife(deps: ApprovalDeps, r: Repo, timeoutSeconds: number): Promise<void> {
  if (deps.refreshesToken) return;
  const expires = await tokenExpiry(deps.client, r);
  if (!expires) return;
  const now = clock(deps)().getTime();
  const left = Math.floor((expires.getTime() - now) / 1000);
  if (left >= timeoutSeconds) return;
  throw new ConfigurationError(
    `The token expires at ${expires.toISOString()} (in ${formatDuration(Math.max(left, 0))}), before this approval request would time out (${formatDuration(timeoutSeconds)}): GitHub App installation tokens live one hour. Pass 'app-id' and 'app-private-key' (from secrets) so that the step mints fresh tokens while it waits, or set 'timeout-minutes' below ${Math.max(Math.floor(left / 60), 0)}.`,
  );
}

/** The chain of environments whose approvals count: `environment` first, then `environments`. */
function chainOf(options: ApprovalOptions): string[] {
  const out = [options.environment];
  for (const e of options.environments ?? []) {
    if (!out.some((x) => x.toLowerCase() === e.toLowerCase())) out.push(e);
  }
  return out;
}

export interface ApprovalOptions {
  /** The environment of the job running this step: the deployment is recorded for it. */
  readonly environment: string;
  /**
   * Further environments of the chain the release passed through in this run, whose approvals
   * count too (GitHub releases an environment's jobs on its first approval, so N distinct
   * approvers need N environments). `environment` is always part of the chain.
   */
  readonly environments?: readonly string[];
  readonly mode: 'environment' | 'issue';
  /** Fail unless each environment requires reviewers, prevents self-review, stops admin bypass and limits refs. */
  readonly requireProtection: boolean;
  readonly allowSelfApproval: boolean;
  /** Accept environments whose administrators may bypass the protection rules (stated in the summary and audit event). */
  readonly allowAdminBypass?: boolean;
  /** Slugs of GitHub Apps whose custom deployment protection rule counts as protection (and as one approval). */
  readonly acceptProtectionRules?: readonly string[];
  /** Users and teams whose approval counts; empty means any reviewer GitHub let approve. */
  readonly approvers: readonly ApproverRef[];
  /** The least repository role an approver must hold ('write', 'maintain', 'admin', ...). */
  readonly approverPermission?: Role;
  readonly minApprovals: number;
  /** Read the organization audit log for documented changes to the chain's protection rules during the run. */
  readonly detectBypass: boolean;
  /** Verified artifacts, recorded in the deployment payload. */
  readonly digests: readonly VerifiedDigest[];
  readonly createDeployment: boolean;
  /** The ref to deploy; defaults to the run's ref (short name), else its commit. */
  readonly ref?: string;
  /** Issue mode only; defaults: poll every 30 s, time out after 60 min, the default words. */
  readonly issue?: Partial<IssueOptions>;
  /** Issue mode: the repository the approval issue is opened in (default: the one being deployed). */
  readonly issueRepository?: Repo;
  /** Issue mode: labels put on the approval issue. */
  readonly issueLabels?: readonly string[];
  /**
   * Environment mode: when the chain's environments give fewer than `min-approvals` distinct
   * people, open an approval issue for the rest (after every environment check has passed).
   */
  readonly issueForMore?: boolean;
}

export const DEFAULT_ISSUE_OPTIONS: IssueOptions = {
  pollIntervalSeconds: 30,
  timeoutSeconds: 3600,
  approveWords: DEFAULT_APPROVE_WORDS,
  denyWords: DEFAULT_DENY_WORDS,
};

function issueOptions(options: ApprovalOptions): IssueOptions {
  const given = options.issue ?? {};
  return {
    pollIntervalSeconds: given.pollIntervalSeconds ?? DEFAULT_ISSUE_OPTIONS.pollIntervalSeconds,
    timeoutSeconds: given.timeoutSeconds ?? DEFAULT_ISSUE_OPTIONS.timeoutSeconds,
    approveWords: given.approveWords?.length ? given.approveWords : DEFAULT_ISSUE_OPTIONS.approveWords,
    denyWords: given.denyWords?.length ? given.denyWords : DEFAULT_ISSUE_OPTIONS.denyWords,
  };
}

export interface ApprovalResult {
  readonly approved: true;
  readonly mode: ApprovalOptions['mode'];
  readonly environment: string;
  readonly ref: string;
  readonly approvers: readonly Approver[];
  readonly refused: readonly Refusal[];
  readonly deploymentId: number | undefined;
  readonly issue?: { readonly number: number; readonly url: string };
  /** 'checked', 'not required' or 'not applicable (issue mode)'. */
  readonly protection: string;
  /** Environment mode: one line per environment of the chain (its gate, admin bypass, apps). */
  readonly chain: readonly string[];
  /** Environment mode: who decided each environment in this attempt. */
  readonly decisions: readonly { readonly environment: string; readonly decidedBy: string }[];
  /** Whether administrators were allowed to bypass (allow-admin-bypass: true). */
  readonly adminBypassAllowed: boolean;
  /** 'no bypass found', 'skipped: <why>' or 'off'. */
  readonly bypassCheck: string;
}

/** The deployment was not approved: a ConfigurationError carrying what was seen, for the summary. */
export class ApprovalDenied extends ConfigurationError {
  readonly accepted: readonly Approver[];
  readonly refused: readonly Refusal[];
  readonly issue: { readonly number: number; readonly url: string } | undefined;

  constructor(
    message: string,
    seen: {
      accepted?: readonly Approver[];
      refused?: readonly Refusal[];
      issue?: { number: number; url: string };
    } = {},
  ) {
    super(message);
    this.accepted = seen.accepted ?? [];
    this.refused = seen.refused ?? [];
    this.issue = seen.issue;
  }
}

function stringField(obj: unknown, key: string): string | undefined {
  if (typeof obj !== 'object' || obj === null) return undefined;
  const v = (obj as Record<string, unknown>)[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function objectField(obj: unknown, key: string): unknown {
  if (typeof obj !== 'object' || obj === null) return undefined;
  return (obj as Record<string, unknown>)[key];
}

/** Everyone who started this run, pushed its ref or authored its release: none of them may approve it. */
function initiators(deps: ApprovalDeps, run?: { actor?: string; triggeringActor?: string }): string[] {
  const event = deps.ctx.event;
  const names = [
    deps.ctx.actor,
    deps.ctx.triggeringActor,
    run?.actor,
    run?.triggeringActor,
    stringField(event.pusher, 'name'),
    stringField(event.sender, 'login'),
    // A release event can be sent by someone other than the release's author (an edit, a bot).
    stringField(objectField(event.release, 'author'), 'login'),
  ];
  return [...new Set(names.filter((n): n is string => typeof n === 'string' && n !== ''))];
}

async function allowedLogins(deps: ApprovalDeps, approvers: readonly ApproverRef[]): Promise<Set<string> | undefined> {
  if (approvers.length === 0) return undefined;
  const out = new Set<string>();
  for (const a of approvers) {
    if (a.kind === 'user') out.add(a.login.toLowerCase());
    else for (const m of await teamMembers(deps.client, a.org, a.slug)) out.add(m.toLowerCase());
  }
  return out;
}

function describeRefused(refused: readonly Refusal[]): string {
  return refused.map((x) => `${x.login} (${x.reason})`).join('; ');
}

function deployRef(options: ApprovalOptions, deps: ApprovalDeps): string {
  const ref = options.ref || shortRef(deps.ctx.ref) || deps.ctx.sha;
  if (!ref) {
    throw new ConfigurationError("No ref to deploy: set input 'ref', or run in a workflow (GITHUB_REF).");
  }
  return ref;
}

async function record(deps: ApprovalDeps, event: AuditRecord): Promise<void> {
  if (deps.audit)
    await deps.audit.emit(event, (sink, error) => deps.log.warning(`Audit sink ${sink}: ${String(error)}`));
}

function auditTarget(deps: ApprovalDeps, environment: string, ref: string): AuditRecord['target'] {
  return { scope: 'environment', repository: deps.ctx.repository, environment, name: ref };
}

async function deny(
  deps: ApprovalDeps,
  options: ApprovalOptions,
  ref: string,
  error: ApprovalDenied,
  extra: Record<string, unknown> = {},
): Promise<never> {
  await record(deps, {
    action: 'deployment.approve',
    target: auditTarget(deps, options.environment, ref),
    outcome: 'denied',
    details: {
      mode: options.mode,
      reason: error.message,
      accepted: error.accepted,
      refused: error.refused,
      min_approvals: options.minApprovals,
      ...extra,
    },
  });
  throw error;
}

export interface ProtectionReport {
  readonly exists: boolean;
  readonly problems: readonly string[];
  /** Custom deployment protection rules: the gating app's slug, whether enabled and accepted. */
  readonly apps: readonly { readonly slug: string; readonly enabled: boolean; readonly accepted: boolean }[];
  /** Accepted apps whose enabled rule gates the environment. */
  readonly gatedBy: readonly string[];
  readonly requiresReviewers: boolean;
  /** `can_admins_bypass` as GitHub reported it (undefined: not reported, read as true). */
  readonly canAdminsBypass: boolean | undefined;
  /** The environment's required reviewers (users' logins, teams as `org/slug`). */
  readonly reviewers: readonly ApproverRef[];
}

/** Whether an environment exists and what its protection lacks (for the action and the CLI). */
export async function inspectProtection(
  client: GitHubClient,
  r: Repo,
  environment: string,
  options: {
    readonly allowSelfApproval: boolean;
    readonly allowAdminBypass?: boolean;
    readonly acceptProtectionRules?: readonly string[];
  },
): Promise<ProtectionReport> {
  const env = await getEnvironment(client, r, environment);
  if (!env) {
    return {
      exists: false,
      problems: [],
      apps: [],
      gatedBy: [],
      requiresReviewers: false,
      canAdminsBypass: undefined,
      reviewers: [],
    };
  }
  const policies = env.deployment_branch_policy?.custom_branch_policies
    ? await listRefPolicies(client, r, environment)
    : undefined;
  const rules = await listProtectionRules(client, r, environment);
  const accept = options.acceptProtectionRules ?? [];
  if (accept.length > 0) {
    const available = (await listProtectionRuleApps(client, r, environment)).map((x) => x.toLowerCase());
    const missing = accept.filter((slug) => !available.includes(slug));
    if (missing.length > 0) {
      throw new ConfigurationError(
        `Input 'accept-protection-rules' names ${missing.map((x) => `'${x}'`).join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not a GitHub App installed on ${r.owner}/${r.repo} that can gate environments (installed: ${available.length > 0 ? available.join(', ') : 'none'}). Check the app's slug (github.com/apps/<slug>), or install it and add its rule under ${environmentSettingsPath(environment)} → Deployment protection rules.`,
      );
    }
  }
  const apps = rules.map((x) => ({ ...x, accepted: accept.includes(x.slug.toLowerCase()) }));
  const gatedBy = apps.filter((x) => x.enabled && x.accepted).map((x) => x.slug);
  const rule = (env.protection_rules ?? []).find((x) => x.type === 'required_reviewers');
  const reviewers: ApproverRef[] = [];
  for (const x of rule?.reviewers ?? []) {
    if (x.type === 'Team' && x.reviewer?.slug) reviewers.push({ kind: 'team', org: r.owner, slug: x.reviewer.slug });
    else if (x.reviewer?.login) reviewers.push({ kind: 'user', login: x.reviewer.login });
  }
  return {
    exists: true,
    problems: protectionProblems(env, policies, { ...options, gatedBy }),
    apps,
    gatedBy,
    requiresReviewers: requiresReviewers(env),
    canAdminsBypass: env.can_admins_bypass,
    reviewers,
  };
}

export function missingEnvironmentMessage(environment: string, repository: string): string {
  return `Environment '${environment}' does not exist in ${repository}. Create it under Settings → Environments → New environment with required reviewers (or run this action once with 'configure: true'), and declare 'environment: ${environment}' on the deploy job.`;
}

export function unprotectedMessage(environment: string, problems: readonly string[]): string {
  return `Environment '${environment}' is not protected: ${problems.join('; ')}. Change it under ${environmentSettingsPath(environment)}, or set it as code with 'configure: true'.`;
}

function describeApps(report: ProtectionReport): string {
  if (report.apps.length === 0) return '';
  const list = report.apps
    .map((x) => `${x.slug}${x.enabled ? '' : ' (disabled)'}${x.accepted ? ' (accepted)' : ''}`)
    .join(', ');
  return `; deployment protection apps: ${list}`;
}

/** Checks every environment of the chain; returns one line per environment for the summary. */
async function checkProtection(
  options: ApprovalOptions,
  deps: ApprovalDeps,
  r: Repo,
  ref: string,
  chain: readonly string[],
): Promise<Map<string, ProtectionReport & { readonly line: string }>> {
  const out = new Map<string, ProtectionReport & { readonly line: string }>();
  for (const name of chain) {
    const found = await inspectProtection(deps.client, r, name, options);
    if (!found.exists) {
      return deny(deps, options, ref, new ApprovalDenied(missingEnvironmentMessage(name, deps.ctx.repository)));
    }
    if (options.requireProtection && found.problems.length > 0) {
      return deny(deps, options, ref, new ApprovalDenied(unprotectedMessage(name, found.problems)), {
        environment_checked: name,
        problems: found.problems,
      });
    }
    const gate = found.requiresReviewers
      ? 'required reviewers'
      : found.gatedBy.length > 0
        ? `app ${found.gatedBy.join(', ')}`
        : 'no reviewers';
    const bypass =
      found.canAdminsBypass === false
        ? 'administrators cannot bypass'
        : 'ADMINISTRATORS MAY BYPASS (allow-admin-bypass: true)';
    const line = options.requireProtection
      ? `${name}: ${gate}, ${bypass}, self-review prevented, deployment refs limited${describeApps(found)}`
      : `${name}: not required (require-protection: false)${describeApps(found)}`;
    out.set(name, { ...found, line });
  }
  return out;
}

/** Deployment status states that mean the job got past the environment's protection rules. */
const PAST_THE_GATE: ReadonlySet<string> = new Set(['queued', 'in_progress', 'success']);

/** Run ids that deployment-status links name (`.../actions/runs/<id>`). */
function linkedRuns(links: readonly string[]): string[] {
  return links.flatMap((l) => [...l.matchAll(/\/actions\/runs\/(\d+)/g)].map((m) => m[1] ?? ''));
}

/**
 * What one environment of the chain saw in this run attempt.
 *
 * Evidence, and why (github-facts: run-approvals-carry-no-attempt, environment-job-creates-deployment):
 * - `GET .../runs/{id}/approvals` lists the reviews of every attempt of the run, with no attempt
 *   and no time. GitHub records at most one review per environment per attempt
 *   (one-review-per-environment-per-attempt).
 * - Each job that references an environment makes GitHub create a deployment for it at the run's
 *   commit when the job reaches it, before its protection rules are evaluated. Attempt n's
 *   `run_started_at` (`GET .../attempts/{n}`) separates the deployments of this attempt from those
 *   of earlier ones (deployments whose statuses link another run are left out).
 * So: when no earlier attempt of this run reached the environment, all its reviews are this
 * attempt's. When an earlier attempt reached it too and there are reviews, they cannot be told
 * apart: that fails closed, saying so.
 */
interface EnvironmentEvidence {
  readonly name: string;
  readonly reachedNow: readonly DeploymentEvidence[];
  readonly reachedBefore: readonly DeploymentEvidence[];
  readonly reviews: readonly RunApproval[];
}

interface RunEvidence {
  readonly runId: number;
  readonly attempt: number;
  readonly attemptStartedAt: string;
  readonly firstStartedAt: string;
  readonly run: RunInfo;
  readonly environments: readonly EnvironmentEvidence[];
}

function covers(review: RunApproval, environment: string): boolean {
  return review.environments.some((e) => (e.name ?? '').toLowerCase() === environment.toLowerCase());
}

async function readRunEvidence(
  deps: ApprovalDeps,
  r: Repo,
  runId: number,
  run: RunInfo,
  chain: readonly string[],
): Promise<RunEvidence> {
  const attempt = deps.ctx.runAttempt ?? run.runAttempt;
  const attemptStartedAt =
    attempt === run.runAttempt ? run.runStartedAt : await getRunAttemptStart(deps.client, r, runId, attempt);
  const firstStartedAt = attempt === 1 ? attemptStartedAt : await getRunAttemptStart(deps.client, r, runId, 1);
  if (!attemptStartedAt || !firstStartedAt || !run.headSha) {
    throw new ConfigurationError(
      `GitHub did not say when attempt ${attempt} of run ${runId} started or which commit it runs, so this step cannot tell which environment reviews belong to it.`,
    );
  }
  const reviews = (await listRunApprovals(deps.client, r, runId)).filter(
    (x) => x.state === 'approved' || x.state === 'rejected',
  );
  const nowMs = Date.parse(attemptStartedAt);
  const environments: EnvironmentEvidence[] = [];
  for (const name of chain) {
    const all = await listEnvironmentDeployments(deps.client, r, name, run.headSha, firstStartedAt);
    const actions = all.filter((d) => !d.ours && linkedRuns(d.links).every((id) => id === String(runId)));
    environments.push({
      name,
      reachedNow: actions.filter((d) => Date.parse(d.createdAt) >= nowMs),
      reachedBefore: actions.filter((d) => Date.parse(d.createdAt) < nowMs),
      reviews: reviews.filter((x) => covers(x, name)),
    });
  }
  return { runId, attempt, attemptStartedAt, firstStartedAt, run, environments };
}

/** People who could approve across the chain: reviewers (and team members) who count. */
async function possibleApprovers(
  deps: ApprovalDeps,
  reports: ReadonlyMap<string, ProtectionReport>,
  rules: {
    readonly allowed: ReadonlySet<string> | undefined;
    readonly initiators: readonly string[];
    readonly allowSelfApproval: boolean;
  },
): Promise<{ readonly people: readonly string[]; readonly unknown: readonly string[] }> {
  const people = new Set<string>();
  const unknown: string[] = [];
  for (const report of reports.values()) {
    for (const ref of report.reviewers) {
      let logins: string[];
      if (ref.kind === 'user') logins = [ref.login];
      else {
        try {
          logins = await teamMembers(deps.client, ref.org, ref.slug);
        } catch {
          // Without 'members: read' the team's size is unknown: the check below cannot be exact.
          unknown.push(formatApprover(ref));
          continue;
        }
      }
      for (const login of logins) {
        const key = login.toLowerCase();
        if (/\[bot\]$/i.test(login)) continue;
        if (rules.allowed && !rules.allowed.has(key)) continue;
        if (!rules.allowSelfApproval && rules.initiators.some((i) => i.toLowerCase() === key)) continue;
        people.add(key);
      }
    }
  }
  return { people: [...people], unknown };
}

/** Bad input that makes `min-approvals` impossible to meet, found before any run evidence is read. */
async function checkReachable(
  options: ApprovalOptions,
  deps: ApprovalDeps,
  reports: ReadonlyMap<string, ProtectionReport>,
  rules: {
    readonly allowed: ReadonlySet<string> | undefined;
    readonly initiators: readonly string[];
    readonly allowSelfApproval: boolean;
  },
): Promise<void> {
  if (options.issueForMore === true) return; // an approval issue collects what the environments cannot
  const names = [...reports.keys()];
  const gates = [...reports.values()].filter((x) => x.requiresReviewers || x.gatedBy.length > 0).length;
  if (options.minApprovals > gates) {
    throw new ConfigurationError(
      `min-approvals ${options.minApprovals} can never be met: GitHub releases an environment's jobs on its first approval ("Only one of the required reviewers needs to approve the job for it to proceed"), so each environment yields at most one approval per run attempt, and ${names.map((n) => `'${n}'`).join(', ')} ${names.length === 1 ? 'gives' : 'give'} ${gates}. List more environments in 'environments' (e.g. production-security and production-operations, each with its own required reviewers, one job each) or lower min-approvals.`,
    );
  }
  const reviewerEnvs = new Map([...reports].filter(([, x]) => x.requiresReviewers));
  const appGates = new Set([...reports.values()].flatMap((x) => (x.requiresReviewers ? [] : x.gatedBy))).size;
  const { people, unknown } = await possibleApprovers(deps, reviewerEnvs, rules);
  if (unknown.length === 0 && people.length + appGates < options.minApprovals) {
    throw new ConfigurationError(
      `min-approvals ${options.minApprovals} is larger than the ${people.length} ${people.length === 1 ? 'person' : 'people'} who could approve across ${names.map((n) => `'${n}'`).join(', ')} (${people.join(', ') || 'nobody'}; required reviewers${rules.allowed ? " who are in 'approvers'" : ''}, not bots${rules.allowSelfApproval ? '' : ', not whoever started the run'}). Add required reviewers to the environments or lower min-approvals.`,
    );
  }
}

/** Judges the chain's reviews in this attempt; throws (fails closed) on anything it cannot vouch for. */
async function judgeChain(
  options: ApprovalOptions,
  deps: ApprovalDeps,
  ref: string,
  evidence: RunEvidence,
  reports: ReadonlyMap<string, ProtectionReport>,
  rules: ReviewRules,
): Promise<ApprovalVerdict & { readonly perEnvironment: readonly { environment: string; decidedBy: string }[] }> {
  const where = `run ${evidence.runId} attempt ${evidence.attempt}`;
  const accepted = new Map<string, Approver>();
  const refused: Refusal[] = [];
  const rejections: Refusal[] = [];
  const perEnvironment: { environment: string; decidedBy: string }[] = [];
  for (const env of evidence.environments) {
    const report = reports.get(env.name);
    if (env.reachedNow.length === 0) {
      throw new ConfigurationError(
        `Environment '${env.name}' is in the chain, but no job of ${where} has reached it: GitHub records a deployment of ${evidence.run.headSha ?? 'the commit'} to '${env.name}' when a job that references it runs, and there is none since this attempt started (${evidence.attemptStartedAt}). Remove '${env.name}' from 'environments', or declare 'environment: ${env.name}' on a job that this job 'needs:'${evidence.attempt > 1 ? ' (a re-run of failed jobs does not re-run the jobs that passed: re-run all jobs)' : ''}.`,
      );
    }
    if (evidence.attempt > 1 && env.reachedBefore.length > 0 && env.reviews.length > 0) {
      return deny(
        deps,
        options,
        ref,
        new ApprovalDenied(
          `This is attempt ${evidence.attempt} of run ${evidence.runId}, and an earlier attempt also reached '${env.name}'. GitHub's review history (GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals) gives neither the attempt nor the time of a review, so this step cannot tell which of the ${env.reviews.length} review(s) of '${env.name}' (${env.reviews.map((x) => `${x.state} by ${x.user?.login ?? 'unknown'}`).join('; ')}) belong to this attempt, and counts none. Start a new workflow run (not a re-run) to deploy.`,
          { accepted: [...accepted.values()], refused },
        ),
        { environment_checked: env.name, run_attempt: evidence.attempt },
      );
    }
    if (env.reviews.length > 1) {
      return deny(
        deps,
        options,
        ref,
        new ApprovalDenied(
          `'${env.name}' has ${env.reviews.length} reviews in ${where}, but GitHub releases or rejects an environment on its first review: this step does not know what these reviews mean and counts none.`,
          { accepted: [...accepted.values()], refused },
        ),
      );
    }
    const review = env.reviews[0];
    if (!review) {
      if (report && !report.requiresReviewers && report.gatedBy.length > 0) {
        // No person reviewed; the accepted app counts only when it let this attempt's job through:
        // GitHub creates the deployment before the protection rules run, so its existence proves
        // nothing — a status past `waiting` (queued, in_progress, success) does.
        const through = env.reachedNow.some((d) => d.states.some((x) => PAST_THE_GATE.has(x)));
        if (!through) {
          return deny(
            deps,
            options,
            ref,
            new ApprovalDenied(
              `'${env.name}' is gated by ${report.gatedBy.join(', ')}, but no deployment of ${where} got past it (no queued, in_progress or success status): the app has not let the job through, or rejected it. Make this job 'needs:' the job that uses '${env.name}'.`,
              { accepted: [...accepted.values()], refused },
            ),
          );
        }
        const app = report.gatedBy.join(', ');
        perEnvironment.push({ environment: env.name, decidedBy: `app ${app}` });
        for (const slug of report.gatedBy) {
          const key = `app/${slug}`;
          if (!accepted.has(key)) {
            accepted.set(key, {
              login: key,
              time: rules.now,
              comment: `custom deployment protection rule of '${env.name}'`,
            });
          }
        }
        continue;
      }
      if (report?.requiresReviewers) {
        const d = env.reachedNow[0];
        return deny(
          deps,
          options,
          ref,
          new ApprovalDenied(
            `Environment '${env.name}' requires reviewers, but a job of ${where} ran for it (deployment ${d?.id ?? '?'} at ${d?.createdAt ?? '?'}, created for ${d?.creator ?? 'unknown'}) with no review recorded in this attempt: its protection rules were bypassed (an administrator can while '${env.name}' allows administrators to bypass its protection rules), or reviewers were added after the job started, or that job is still waiting (make this job 'needs:' it). The run was started by ${evidence.run.actor ?? deps.ctx.actor}${evidence.run.triggeringActor && evidence.run.triggeringActor !== evidence.run.actor ? ` and triggered by ${evidence.run.triggeringActor}` : ''}. A bypassed deployment is not an approved one: start a new run and have a reviewer approve it.`,
            { accepted: [...accepted.values()], refused },
          ),
          {
            environment_checked: env.name,
            bypass: {
              run_id: evidence.runId,
              attempt: evidence.attempt,
              deployment_id: d?.id ?? null,
              actor: evidence.run.actor ?? null,
            },
          },
        );
      }
      perEnvironment.push({ environment: env.name, decidedBy: 'no review (none required)' });
      continue;
    }
    const verdict = evaluateReviews([review], { ...rules, environment: env.name });
    refused.push(...verdict.refused);
    rejections.push(...verdict.rejections);
    for (const a of verdict.accepted) {
      const key = a.login.toLowerCase();
      if (accepted.has(key)) {
        refused.push({
          login: a.login,
          reason: `also approved '${env.name}': one person counts once across the chain`,
        });
      } else accepted.set(key, a);
    }
    perEnvironment.push({ environment: env.name, decidedBy: `${review.state} by ${review.user?.login ?? 'unknown'}` });
  }
  const list = [...accepted.values()];
  return {
    accepted: list,
    refused,
    rejections,
    approved: rejections.length === 0 && list.length >= options.minApprovals,
    perEnvironment,
  };
}

/** Restricts `verdict` to approvers holding at least `least` on the repository. */
async function requirePermission(
  deps: ApprovalDeps,
  r: Repo,
  least: Role | undefined,
  verdict: ApprovalVerdict,
  minApprovals: number,
): Promise<ApprovalVerdict> {
  if (!least) return verdict;
  const accepted: Approver[] = [];
  const refused: Refusal[] = [...verdict.refused];
  for (const a of verdict.accepted) {
    if (a.login.startsWith('app/')) {
      accepted.push(a);
      continue;
    }
    const role = await collaboratorRole(deps.client, r, a.login);
    if (roleAtLeast(role, least)) accepted.push(a);
    else
      refused.push({
        login: a.login,
        reason: `has role '${role}' on ${r.owner}/${r.repo}; approver-permission needs '${least}' or more`,
      });
  }
  return {
    accepted,
    refused,
    rejections: verdict.rejections,
    approved: verdict.rejections.length === 0 && accepted.length >= minApprovals,
  };
}

/** Fails unless the reviews approve: no rejection, at least `min-approvals` counted. */
async function requireReviews(
  options: ApprovalOptions,
  deps: ApprovalDeps,
  ref: string,
  evidence: RunEvidence,
  verdict: ApprovalVerdict,
  chain: readonly string[],
): Promise<void> {
  const seen = { accepted: verdict.accepted, refused: verdict.refused };
  const where = `run ${evidence.runId}${evidence.attempt > 1 ? ` attempt ${evidence.attempt}` : ''}`;
  if (verdict.rejections.length > 0) {
    await deny(
      deps,
      options,
      ref,
      new ApprovalDenied(
        `Deployment to '${options.environment}' was rejected in ${where} by ${describeRefused(verdict.rejections)}.`,
        seen,
      ),
    );
  }
  if (!verdict.approved) {
    const notCounted = verdict.refused.length > 0 ? ` Not counted: ${describeRefused(verdict.refused)}.` : '';
    await deny(
      deps,
      options,
      ref,
      new ApprovalDenied(
        `Deployment to '${options.environment}' has ${verdict.accepted.length} of ${options.minApprovals} required approval${options.minApprovals === 1 ? '' : 's'} from distinct people in ${where} across ${chain.map((n) => `'${n}'`).join(', ')}.${notCounted}`,
        seen,
      ),
    );
  }
}

/** Audit-log events this long before the run's first attempt started are still read (clock skew). */
const AUDIT_SLACK_MS = 5 * 60 * 1000;

/**
 * Reads the organization audit log for the documented `environment.*` events (see
 * ENVIRONMENT_AUDIT_EVENTS) on the chain's environments since the run started: a protection rule
 * added, changed (reviewers, prevent self-review, can_admins_bypass) or removed, or the environment
 * deleted, while this run was deploying. Each names the administrator. Fails closed if there are
 * more events than it reads; warns and goes on if the token cannot read the audit log (the run's
 * own evidence, above, has already been checked).
 */
async function checkAuditLog(
  options: ApprovalOptions,
  deps: ApprovalDeps,
  ref: string,
  verdict: ApprovalVerdict,
  startedAt: string,
  chain: readonly string[],
): Promise<string> {
  if (!options.detectBypass) return 'run evidence only (detect-bypass: false)';
  const org = deps.ctx.owner;
  const since = Date.parse(startedAt) - AUDIT_SLACK_MS;
  const day = new Date(since).toISOString().slice(0, 10);
  const phrase = `repo:${deps.ctx.repository} action:environment created:>=${day}`;
  const found = await readAuditLog(deps.client, org, phrase, { since });
  if ('skipped' in found) {
    deps.log.warning(
      `The organization audit log was not read (${found.skipped}); the run's own evidence (reviews and deployments of this attempt) was checked.`,
    );
    return `run evidence checked; audit log skipped: ${found.skipped}`;
  }
  const seen = { accepted: verdict.accepted, refused: verdict.refused };
  const changes = findProtectionChanges(found.events, { repository: deps.ctx.repository, environments: chain, since });
  const first = changes.at(-1);
  if (first) {
    return deny(
      deps,
      options,
      ref,
      new ApprovalDenied(
        `The protection rules of '${first.environment}' changed while this run was deploying: '${first.actor}' (audit log '${first.action}' at ${first.time})${changes.length > 1 ? ` and ${changes.length - 1} more change(s)` : ''}. Rules changed during a run (reviewers removed and restored, administrator bypass turned on) cannot vouch for it: start a new run once the rules are settled.`,
        seen,
      ),
      { protection_changes: changes },
    );
  }
  if (found.truncated) {
    return deny(
      deps,
      options,
      ref,
      new ApprovalDenied(
        `The organization audit log has more 'environment' events for ${deps.ctx.repository} since ${new Date(since).toISOString()} than the ${found.events.length} this step reads, so it cannot confirm that nobody changed the protection rules of ${chain.map((n) => `'${n}'`).join(', ')} during this run. Start a new run, or set 'detect-bypass: false' and watch the audit log another way.`,
        seen,
      ),
      { audit_log_events_read: found.events.length },
    );
  }
  return `run evidence checked; no change to the protection rules in the audit log (${ENVIRONMENT_AUDIT_EVENTS.join(', ')})`;
}

/**
 * Opens an approval issue and waits for `needed` approvals from allowed people (not in `already`,
 * who were counted for an environment); fails (and records the denial) unless they come.
 */
async function issueApprovals(
  options: ApprovalOptions,
  deps: ApprovalDeps,
  r: Repo,
  ref: string,
  needed: number,
  already: readonly Approver[],
): Promise<{ readonly verdict: ApprovalVerdict; readonly issue: { readonly number: number; readonly url: string } }> {
  if (options.approvers.length === 0 && !options.approverPermission) {
    throw new ConfigurationError(
      "Inputs 'approvers' and 'approver-permission' are empty: issue mode needs the users or teams whose comments approve, or the least repository role an approver must hold (anyone who can comment could approve otherwise).",
    );
  }
  const allowed = await allowedLogins(deps, options.approvers);
  const who = initiators(deps);
  const eligible = [...(allowed ?? [])].filter(
    (l) => options.allowSelfApproval || !who.some((i) => i.toLowerCase() === l),
  ).length;
  if (allowed && eligible < needed) {
    throw new ConfigurationError(
      `Input 'approvers' gives ${eligible} people other than the run's initiator (${who.join(', ')}), fewer than the ${needed} approval(s) the issue must collect: this request could never be approved.`,
    );
  }
  const rules: ReviewRules = {
    environment: options.environment,
    minApprovals: needed,
    initiators: who,
    allowSelfApproval: options.allowSelfApproval,
    allowed,
    now: clock(deps)().toISOString(),
  };
  const issueOpts = issueOptions(options);
  await checkTokenLife(deps, options.issueRepository ?? r, issueOpts.timeoutSeconds);
  const roles = new Map<string, Role | 'none'>();
  const least = options.approverPermission;
  const outcome = await waitForIssueApproval(
    {
      ...(options.issueRepository ? { repository: options.issueRepository } : {}),
      labels: options.issueLabels ?? [],
      ...(least || already.length > 0
        ? {
            vet: async (v: ApprovalVerdict): Promise<ApprovalVerdict> => {
              const refused: Refusal[] = [...v.refused];
              const accepted: Approver[] = [];
              for (const a of v.accepted) {
                const key = a.login.toLowerCase();
                if (already.some((x) => x.login.toLowerCase() === key)) {
                  refused.push({
                    login: a.login,
                    reason: 'already counted for an environment: one person counts once',
                  });
                  continue;
                }
                if (least) {
                  if (!roles.has(key)) roles.set(key, await collaboratorRole(deps.client, r, a.login));
                  const role = roles.get(key) ?? 'none';
                  if (!roleAtLeast(role, least)) {
                    refused.push({
                      login: a.login,
                      reason: `has role '${role}' on ${deps.ctx.repository}; approver-permission needs '${least}' or more`,
                    });
                    continue;
                  }
                }
                accepted.push(a);
              }
              return {
                accepted,
                refused,
                rejections: v.rejections,
                approved: v.rejections.length === 0 && accepted.length >= needed,
              };
            },
          }
        : {}),
      environment: options.environment,
      ref,
      digests: options.digests,
      approvers: options.approvers,
      rules,
      options: issueOpts,
    },
    deps,
  );
  const issue = outcome.issue;
  const verdict = outcome.verdict;
  const seen = { accepted: [...already, ...verdict.accepted], refused: verdict.refused, issue };
  // Every outcome but approval denies the deployment: the reason, and what the audit event adds.
  const denial = ((): [string, Record<string, unknown>] | undefined => {
    switch (outcome.outcome) {
      case 'denied':
        return [
          `Deployment to '${options.environment}' was denied in ${issue.url} by ${describeRefused(verdict.rejections)}.`,
          {},
        ];
      case 'closed':
        return [
          `Approval issue ${issue.url} was closed${outcome.closedBy ? ` by ${outcome.closedBy}` : ''} with ${verdict.accepted.length} of ${needed} approvals: closing the issue denies the deployment.`,
          { closed_by: outcome.closedBy ?? null },
        ];
      case 'cancelled':
        return [`The run was cancelled while waiting for approval in ${issue.url}; the issue is closed.`, {}];
      case 'timed-out':
        return [
          `Approval timed out after ${formatDuration(issueOpts.timeoutSeconds)}: ${verdict.accepted.length} of ${needed} approvals in ${issue.url}.${verdict.refused.length > 0 ? ` Not counted: ${describeRefused(verdict.refused)}.` : ''}`,
          {},
        ];
      case 'approved':
        return undefined;
    }
  })();
  if (denial) {
    const [message, extra] = denial;
    await deny(deps, options, ref, new ApprovalDenied(message, seen), { issue: issue.url, ...extra });
  }
  return { verdict, issue };
}

export async function requireApproval(options: ApprovalOptions, deps: ApprovalDeps): Promise<ApprovalResult> {
  const r: Repo = { owner: deps.ctx.owner, repo: deps.ctx.repo };
  if (!r.owner || !r.repo) throw new ConfigurationError('GITHUB_REPOSITORY is not set: run this in a workflow.');
  const ref = deployRef(options, deps);
  let protection: string;
  let bypassCheck: string;
  let verdict: ApprovalVerdict;
  let issue: ApprovalResult['issue'];

  let chainLines: string[] = [];
  let chain: string[] = [options.environment];
  let decisions: readonly { environment: string; decidedBy: string }[] = [];
  if (options.mode === 'environment') {
    const runId = deps.ctx.runId;
    if (runId === undefined) throw new ConfigurationError('GITHUB_RUN_ID is not set: run this in a workflow.');
    chain = chainOf(options);
    // Resolve teams first: a reviewer team that cannot be resolved is a bad input, whatever else is wrong.
    const allowed = await allowedLogins(deps, options.approvers);
    const reports = await checkProtection(options, deps, r, ref, chain);
    chainLines = [...reports.values()].map((x) => x.line);
    protection = options.requireProtection ? 'checked' : 'not required (require-protection: false)';
    const run = await getRun(deps.client, r, runId);
    const rules: ReviewRules = {
      environment: options.environment,
      minApprovals: options.minApprovals,
      initiators: initiators(deps, run),
      allowSelfApproval: options.allowSelfApproval,
      allowed,
      now: clock(deps)().toISOString(),
    };
    await checkReachable(options, deps, reports, rules);
    const evidence = await readRunEvidence(deps, r, runId, run, chain);
    const judged = await judgeChain(options, deps, ref, evidence, reports, rules);
    decisions = judged.perEnvironment;
    verdict = await requirePermission(deps, r, options.approverPermission, judged, options.minApprovals);
    bypassCheck = await checkAuditLog(options, deps, ref, verdict, evidence.firstStartedAt, chain);
    if (options.issueForMore === true && verdict.rejections.length === 0 && !verdict.approved) {
      // The environments gave fewer approvals than needed: collect the rest in an approval issue.
      const envApproved = verdict.accepted;
      const collected = await issueApprovals(
        options,
        deps,
        r,
        ref,
        options.minApprovals - envApproved.length,
        envApproved,
      );
      issue = collected.issue;
      verdict = {
        accepted: [...envApproved, ...collected.verdict.accepted],
        refused: [...verdict.refused, ...collected.verdict.refused],
        rejections: [],
        approved: true,
      };
    }
    await requireReviews(options, deps, ref, evidence, verdict, chain);
  } else {
    const collected = await issueApprovals(options, deps, r, ref, options.minApprovals, []);
    verdict = collected.verdict;
    issue = collected.issue;
    protection = 'not applicable (issue mode)';
    bypassCheck = 'not applicable (issue mode)';
  }

  let deploymentId: number | undefined;
  if (options.createDeployment) {
    const names = verdict.accepted.map((a) => a.login).join(', ');
    deploymentId = await createDeployment(deps.client, r, {
      ref,
      environment: options.environment,
      description: `Approved by ${names} (secure-deploy require-approval)`.slice(0, 140),
      logUrl: runUrl(deps.ctx),
      statusDescription: `Approved by ${names}; deploying`,
      payload: {
        tool: 'secure-deploy/require-approval',
        repository: deps.ctx.repository,
        ref: deps.ctx.ref || ref,
        sha: deps.ctx.sha,
        run_id: deps.ctx.runId ?? null,
        run_attempt: deps.ctx.runAttempt ?? null,
        run_url: runUrl(deps.ctx),
        workflow_ref: deps.ctx.workflowRef,
        actor: deps.ctx.actor,
        digests: options.digests.map((d) => ({ digest: d.digest, path: d.path })),
        approval: {
          mode: options.mode,
          environment: options.environment,
          min_approvals: options.minApprovals,
          approvers: verdict.accepted,
          allowed_approvers: options.approvers.map(formatApprover),
          ...(options.approverPermission ? { approver_permission: options.approverPermission } : {}),
          protection,
          ...(options.mode === 'environment'
            ? { chain: chainLines, decisions, run_attempt: deps.ctx.runAttempt ?? null }
            : {}),
          admin_bypass_allowed: options.allowAdminBypass === true,
          bypass_check: bypassCheck,
          ...(issue ? { issue_url: issue.url } : {}),
        },
      },
    });
  }

  await record(deps, {
    action: 'deployment.approve',
    target: auditTarget(deps, options.environment, ref),
    outcome: 'success',
    details: {
      mode: options.mode,
      approvers: verdict.accepted,
      refused: verdict.refused,
      min_approvals: options.minApprovals,
      deployment_id: deploymentId ?? null,
      digests: options.digests.map((d) => d.digest),
      protection,
      ...(options.mode === 'environment' ? { chain: chainLines, decisions } : {}),
      admin_bypass_allowed: options.allowAdminBypass === true,
      bypass_check: bypassCheck,
      ...(issue ? { issue: issue.url } : {}),
    },
  });

  return {
    approved: true,
    mode: options.mode,
    environment: options.environment,
    ref,
    approvers: verdict.accepted,
    refused: verdict.refused,
    deploymentId,
    ...(issue ? { issue } : {}),
    protection,
    bypassCheck,
    chain: chainLines,
    decisions,
    adminBypassAllowed: options.allowAdminBypass === true,
  };
}
