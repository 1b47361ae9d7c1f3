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
  createDeployment,
  getEnvironment,
  getRun,
  listRefPolicies,
  listRunApprovals,
  readAuditLog,
  teamMembers,
  type Repo,
} from './github.js';
import { formatDuration, waitForIssueApproval, type IssueOptions } from './issue.js';
import {
  DEFAULT_APPROVE_WORDS,
  DEFAULT_DENY_WORDS,
  environmentSettingsPath,
  evaluateReviews,
  findBypass,
  formatApprover,
  protectionProblems,
  shortRef,
  type ReviewRules,
} from './policy.js';
import type { ApprovalVerdict, Approver, ApproverRef, Refusal, VerifiedDigest } from './types.js';

export interface ApprovalOptions {
  readonly environment: string;
  readonly mode: 'environment' | 'issue';
  /** Fail unless the environment requires reviewers, prevents self-review and limits refs. */
  readonly requireProtection: boolean;
  readonly allowSelfApproval: boolean;
  /** Users and teams whose approval counts; empty means any reviewer GitHub let approve. */
  readonly approvers: readonly ApproverRef[];
  readonly minApprovals: number;
  /** Look for a bypass of the protection rules in the organization audit log. */
  readonly detectBypass: boolean;
  /** Verified artifacts, recorded in the deployment payload. */
  readonly digests: readonly VerifiedDigest[];
  readonly createDeployment: boolean;
  /** The ref to deploy; defaults to the run's ref (short name), else its commit. */
  readonly ref?: string;
  /** Issue mode only; defaults: poll every 30 s, time out after 60 min, the default words. */
  readonly issue?: Partial<IssueOptions>;
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

/** Whether an environment exists and what its protection lacks (for the action and the CLI). */
export async function inspectProtection(
  client: GitHubClient,
  r: Repo,
  environment: string,
  options: { readonly allowSelfApproval: boolean },
): Promise<{ readonly exists: boolean; readonly problems: readonly string[] }> {
  const env = await getEnvironment(client, r, environment);
  if (!env) return { exists: false, problems: [] };
  const policies = env.deployment_branch_policy?.custom_branch_policies
    ? await listRefPolicies(client, r, environment)
    : undefined;
  return { exists: true, problems: protectionProblems(env, policies, options) };
}

export function missingEnvironmentMessage(environment: string, repository: string): string {
  return `Environment '${environment}' does not exist in ${repository}. Create it under Settings → Environments → New environment with required reviewers (or run this action once with 'configure: true'), and declare 'environment: ${environment}' on the deploy job.`;
}

export function unprotectedMessage(environment: string, problems: readonly string[]): string {
  return `Environment '${environment}' is not protected: ${problems.join('; ')}. Change it under ${environmentSettingsPath(environment)}, or set it as code with 'configure: true'.`;
}

/** Checks the environment's protection rules; returns a line for the summary. */
async function checkProtection(options: ApprovalOptions, deps: ApprovalDeps, r: Repo, ref: string): Promise<string> {
  const found = await inspectProtection(deps.client, r, options.environment, options);
  if (!found.exists) {
    return deny(
      deps,
      options,
      ref,
      new ApprovalDenied(missingEnvironmentMessage(options.environment, deps.ctx.repository)),
    );
  }
  if (!options.requireProtection) return 'not required (require-protection: false)';
  if (found.problems.length > 0) {
    return deny(deps, options, ref, new ApprovalDenied(unprotectedMessage(options.environment, found.problems)), {
      problems: found.problems,
    });
  }
  return 'checked: required reviewers, self-review prevented, deployment refs limited';
}

interface RunReviews extends ApprovalVerdict {
  readonly reviewed: boolean;
  readonly runCreatedAt: string | undefined;
}

/** The run's environment reviews, counted per the rules (nothing fails here). */
async function readReviews(
  options: ApprovalOptions,
  deps: ApprovalDeps,
  r: Repo,
  runId: number,
  allowed: ReadonlySet<string> | undefined,
): Promise<RunReviews> {
  const run = await getRun(deps.client, r, runId);
  const reviews = await listRunApprovals(deps.client, r, runId);
  const rules: ReviewRules = {
    environment: options.environment,
    minApprovals: options.minApprovals,
    initiators: initiators(deps, run),
    allowSelfApproval: options.allowSelfApproval,
    allowed,
    now: clock(deps)().toISOString(),
  };
  return {
    ...evaluateReviews(reviews, rules),
    reviewed: reviews.some((x) => x.state !== 'pending'),
    runCreatedAt: run.createdAt,
  };
}

/** Fails unless the reviews approve: no rejection, at least `min-approvals` counted. */
async function requireReviews(
  options: ApprovalOptions,
  deps: ApprovalDeps,
  ref: string,
  runId: number,
  verdict: RunReviews,
): Promise<void> {
  const seen = { accepted: verdict.accepted, refused: verdict.refused };
  if (verdict.rejections.length > 0) {
    await deny(
      deps,
      options,
      ref,
      new ApprovalDenied(
        `Deployment to '${options.environment}' was rejected in run ${runId} by ${describeRefused(verdict.rejections)}.`,
        seen,
      ),
    );
  }
  if (!verdict.reviewed) {
    await deny(
      deps,
      options,
      ref,
      new ApprovalDenied(
        `Run ${runId} has no approvals: nobody reviewed a deployment to '${options.environment}'. Declare 'environment: ${options.environment}' on this job and give the environment required reviewers (${environmentSettingsPath(options.environment)} → Required reviewers), so that GitHub waits for a person to approve before this step runs.`,
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
        `Deployment to '${options.environment}' has ${verdict.accepted.length} of ${options.minApprovals} required approval${options.minApprovals === 1 ? '' : 's'} from distinct people in run ${runId}.${notCounted}`,
        seen,
      ),
    );
  }
}

/** Audit-log events this long before the run was created are still read (clock skew). */
const BYPASS_SLACK_MS = 5 * 60 * 1000;

/**
 * Fails if the organization audit log shows that an administrator bypassed the protection rules
 * for this run, or if it holds too many events to tell. Runs before the approvals are judged: a
 * bypassed deployment usually has none, and the failure should name the administrator.
 */
async function checkBypass(
  options: ApprovalOptions,
  deps: ApprovalDeps,
  ref: string,
  verdict: ApprovalVerdict,
  runCreatedAt: string | undefined,
): Promise<string> {
  if (!options.detectBypass) return 'off';
  const org = deps.ctx.owner;
  const created = runCreatedAt ? Date.parse(runCreatedAt) : Number.NaN;
  // Events of this repository since the day the run was created (the audit log filters by day);
  // reading stops once it reaches back before the run was created.
  const day = Number.isNaN(created) ? undefined : new Date(created).toISOString().slice(0, 10);
  const since = Number.isNaN(created) ? undefined : created - BYPASS_SLACK_MS;
  const phrase = `repo:${deps.ctx.repository}${day ? ` created:>=${day}` : ''}`;
  const found = await readAuditLog(deps.client, org, phrase, since === undefined ? {} : { since });
  if ('skipped' in found) {
    deps.log.warning(`Bypass detection was skipped because ${found.skipped}.`);
    return `skipped: ${found.skipped}`;
  }
  const seen = { accepted: verdict.accepted, refused: verdict.refused };
  const bypass = findBypass(found.events, {
    repository: deps.ctx.repository,
    environment: options.environment,
    runId: deps.ctx.runId,
  });
  if (bypass) {
    return deny(
      deps,
      options,
      ref,
      new ApprovalDenied(
        `Administrator '${bypass.actor}' bypassed the protection rules of '${options.environment}' for this run (audit log '${bypass.action}' at ${bypass.time}). A bypassed deployment is not an approved one: rerun the workflow and have a reviewer approve it.`,
        seen,
      ),
      { bypass },
    );
  }
  if (found.truncated) {
    const window =
      since === undefined ? '' : ` since ${new Date(since).toISOString()} (5 minutes before this run was created)`;
    return deny(
      deps,
      options,
      ref,
      new ApprovalDenied(
        `The organization audit log was too large to confirm that nobody bypassed the protection rules of '${options.environment}' for this run: ${deps.ctx.repository} has more audit-log events${window} than the ${found.events.length} this step reads, and a bypass could be among those not read. To narrow it, start a new run of the workflow and approve it promptly (events are read from when the run was created); if this repository's audit log is always this busy, watch for bypasses another way (e.g. audit-log streaming) and set 'detect-bypass: false'.`,
        seen,
      ),
      { audit_log_events_read: found.events.length },
    );
  }
  return 'no bypass found in the organization audit log';
}

export async function requireApproval(options: ApprovalOptions, deps: ApprovalDeps): Promise<ApprovalResult> {
  const r: Repo = { owner: deps.ctx.owner, repo: deps.ctx.repo };
  if (!r.owner || !r.repo) throw new ConfigurationError('GITHUB_REPOSITORY is not set: run this in a workflow.');
  const ref = deployRef(options, deps);
  let protection: string;
  let bypassCheck: string;
  let verdict: ApprovalVerdict;
  let issue: ApprovalResult['issue'];

  if (options.mode === 'environment') {
    const runId = deps.ctx.runId;
    if (runId === undefined) throw new ConfigurationError('GITHUB_RUN_ID is not set: run this in a workflow.');
    // Resolve teams first: a reviewer team that cannot be resolved is a bad input, whatever else is wrong.
    const allowed = await allowedLogins(deps, options.approvers);
    protection = await checkProtection(options, deps, r, ref);
    const reviewed = await readReviews(options, deps, r, runId, allowed);
    // Bypass first: a bypassed deployment usually has no approvals, and the failure should say who bypassed.
    bypassCheck = await checkBypass(options, deps, ref, reviewed, reviewed.runCreatedAt);
    await requireReviews(options, deps, ref, runId, reviewed);
    verdict = reviewed;
  } else {
    if (options.approvers.length === 0) {
      throw new ConfigurationError(
        "Input 'approvers' is empty: issue mode needs the users or teams whose comments approve (anyone who can comment could approve otherwise).",
      );
    }
    const allowed = (await allowedLogins(deps, options.approvers)) ?? new Set<string>();
    const who = initiators(deps);
    const eligible = [...allowed].filter(
      (l) => options.allowSelfApproval || !who.some((i) => i.toLowerCase() === l),
    ).length;
    if (eligible < options.minApprovals) {
      throw new ConfigurationError(
        `Input 'approvers' gives ${eligible} people other than the run's initiator (${who.join(', ')}), fewer than min-approvals ${options.minApprovals}: this request could never be approved.`,
      );
    }
    const rules: ReviewRules = {
      environment: options.environment,
      minApprovals: options.minApprovals,
      initiators: who,
      allowSelfApproval: options.allowSelfApproval,
      allowed,
      now: clock(deps)().toISOString(),
    };
    const issueOpts = issueOptions(options);
    const outcome = await waitForIssueApproval(
      {
        environment: options.environment,
        ref,
        digests: options.digests,
        approvers: options.approvers,
        rules,
        options: issueOpts,
      },
      deps,
    );
    issue = outcome.issue;
    verdict = outcome.verdict;
    const seen = { accepted: verdict.accepted, refused: verdict.refused, issue };
    if (outcome.outcome === 'denied') {
      await deny(
        deps,
        options,
        ref,
        new ApprovalDenied(
          `Deployment to '${options.environment}' was denied in ${issue.url} by ${describeRefused(verdict.rejections)}.`,
          seen,
        ),
        { issue: issue.url },
      );
    } else if (outcome.outcome === 'cancelled') {
      await deny(
        deps,
        options,
        ref,
        new ApprovalDenied(
          `The run was cancelled while waiting for approval in ${issue.url}; the issue is closed.`,
          seen,
        ),
        { issue: issue.url },
      );
    } else if (outcome.outcome === 'timed-out') {
      await deny(
        deps,
        options,
        ref,
        new ApprovalDenied(
          `Approval timed out after ${formatDuration(issueOpts.timeoutSeconds)}: ${verdict.accepted.length} of ${options.minApprovals} approvals in ${issue.url}.${verdict.refused.length > 0 ? ` Not counted: ${describeRefused(verdict.refused)}.` : ''}`,
          seen,
        ),
        { issue: issue.url },
      );
    }
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
          protection,
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
  };
}
