/**
 * Fallback for plans where environments cannot require reviewers: an issue lists what is being
 * deployed, mentions the approvers, and this step polls its comments until enough allowed people
 * approve, one denies, or the time runs out. The job's runner stays busy (and billed) while it waits.
 */
import { runUrl } from '../core/context.js';
import { ConfigurationError } from '../core/errors.js';
import { isRequestError } from '../core/github.js';
import { redact } from '../core/mask.js';
import { clock, sleepFor, type ApprovalDeps } from './deps.js';
import { closeIssue, issueState, listIssueComments, openIssue, type Repo } from './github.js';
import { evaluateComments, formatApprover, type ReviewRules } from './policy.js';
import type { ApprovalVerdict, ApproverRef, VerifiedDigest } from './types.js';

export interface IssueOptions {
  readonly pollIntervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly approveWords: readonly string[];
  readonly denyWords: readonly string[];
}

export interface IssueWait {
  /** Where the issue lives (default: the repository being deployed). */
  readonly repository?: Repo;
  readonly labels?: readonly string[];
  /** Re-checks a verdict (e.g. the approvers' repository permission); may drop approvals. */
  readonly vet?: (verdict: ApprovalVerdict) => Promise<ApprovalVerdict>;
  readonly environment: string;
  readonly ref: string;
  readonly digests: readonly VerifiedDigest[];
  readonly approvers: readonly ApproverRef[];
  readonly rules: ReviewRules;
  readonly options: IssueOptions;
}

export interface IssueOutcome {
  readonly issue: { readonly number: number; readonly url: string };
  readonly verdict: ApprovalVerdict;
  readonly outcome: 'approved' | 'denied' | 'timed-out' | 'cancelled' | 'closed';
  /** Outcome 'closed': who closed the issue. */
  readonly closedBy?: string;
}

function issueBody(wait: IssueWait, deps: ApprovalDeps): string {
  const ctx = deps.ctx;
  const mentions = wait.approvers.map((a) => `@${formatApprover(a)}`).join(', ');
  const lines = [
    `## Deployment approval: \`${wait.ref}\` → \`${wait.environment}\``,
    '',
    `| | |`,
    `|---|---|`,
    `| Repository | ${ctx.repository} |`,
    `| Environment | ${wait.environment} |`,
    `| Ref | \`${ctx.ref || wait.ref}\` |`,
    `| Commit | \`${ctx.sha}\` |`,
    `| Workflow run | ${runUrl(ctx) || '(not in a workflow run)'} |`,
    `| Started by | @${ctx.actor} |`,
    `| Approvals needed | ${wait.rules.minApprovals} |`,
    '',
  ];
  if (wait.digests.length > 0) {
    lines.push('### Verified artifacts', '', '| Digest | Artifact |', '|---|---|');
    for (const d of wait.digests) lines.push(`| \`${d.digest}\` | \`${d.path}\` |`);
    lines.push('');
  } else {
    lines.push('_No verified artifact digests were passed to this step._', '');
  }
  lines.push(
    `${mentions}: please review and comment **${wait.options.approveWords[0] ?? 'approve'}** to approve or **${wait.options.denyWords[0] ?? 'deny'}** to deny.`,
    '',
    `Words that approve: ${wait.options.approveWords.map((w) => `\`${w}\``).join(', ')}. Words that deny: ${wait.options.denyWords.map((w) => `\`${w}\``).join(', ')} (the first word of a comment counts).`,
    wait.rules.allowSelfApproval ? '' : `The person who started the run (@${ctx.actor}) cannot approve it.`,
    'Closing this issue without an approval denies the deployment.',
    `This request times out after ${formatDuration(wait.options.timeoutSeconds)}.`,
  );
  return lines.join('\n');
}

export function formatDuration(seconds: number): string {
  if (seconds % 3600 === 0 && seconds >= 3600) return `${seconds / 3600} h`;
  if (seconds % 60 === 0 && seconds >= 60) return `${seconds / 60} min`;
  return `${seconds} s`;
}

export async function waitForIssueApproval(wait: IssueWait, deps: ApprovalDeps): Promise<IssueOutcome> {
  const r: Repo = wait.repository ?? { owner: deps.ctx.owner, repo: deps.ctx.repo };
  const now = clock(deps);
  const sleep = sleepFor(deps);
  if (wait.options.pollIntervalSeconds <= 0 || wait.options.timeoutSeconds <= 0) {
    throw new ConfigurationError("Inputs 'poll-interval-seconds' and the timeout must be positive.");
  }
  const title = `Approve deployment of ${wait.ref} to ${wait.environment}${deps.ctx.runId !== undefined ? ` (run ${deps.ctx.runId})` : ''}`;
  const issue = await openIssue(deps.client, r, title, issueBody(wait, deps), wait.labels ?? []);
  deps.log.info(`Waiting for approval in ${issue.url} (up to ${formatDuration(wait.options.timeoutSeconds)}).`);
  const deadline = now().getTime() + wait.options.timeoutSeconds * 1000;
  const words = { approve: wait.options.approveWords, deny: wait.options.denyWords };
  const reported = new Set<string>();
  try {
    for (;;) {
      const comments = await listIssueComments(deps.client, r, issue.number);
      const counted = evaluateComments(comments, wait.rules, words);
      const verdict = wait.vet ? await wait.vet(counted) : counted;
      for (const x of verdict.refused) {
        const key = `${x.login.toLowerCase()}\n${x.reason}`;
        if (!reported.has(key)) {
          reported.add(key);
          deps.log.info(`Not counted: ${x.login} (${x.reason}).`);
        }
      }
      if (verdict.rejections.length > 0) {
        const who = verdict.rejections.map((x) => `@${x.login}`).join(', ');
        await closeIssue(deps.client, r, issue.number, `Deployment **denied** by ${who}.`, 'not_planned');
        return { issue, verdict, outcome: 'denied' };
      }
      if (verdict.approved) {
        const who = verdict.accepted.map((x) => `@${x.login}`).join(', ');
        await closeIssue(
          deps.client,
          r,
          issue.number,
          `Deployment **approved** by ${who}. ${runUrl(deps.ctx)}`.trim(),
          'completed',
        );
        return { issue, verdict, outcome: 'approved' };
      }
      // Closing the issue without enough approvals denies, whoever closed it (trstringer/manual-approval
      // users ask for it: a closed request must not linger as a pending approval).
      const state = await issueState(deps.client, r, issue.number);
      if (!state.open) {
        return { issue, verdict, outcome: 'closed', ...(state.closedBy ? { closedBy: state.closedBy } : {}) };
      }
      if (deps.signal?.aborted) {
        await closeIssue(
          deps.client,
          r,
          issue.number,
          `Approval request **cancelled**: the workflow run was cancelled with ${verdict.accepted.length} of ${wait.rules.minApprovals} approvals.`,
          'not_planned',
        );
        return { issue, verdict, outcome: 'cancelled' };
      }
      const remaining = deadline - now().getTime();
      if (remaining <= 0) {
        await closeIssue(
          deps.client,
          r,
          issue.number,
          `Approval request **timed out** after ${formatDuration(wait.options.timeoutSeconds)} with ${verdict.accepted.length} of ${wait.rules.minApprovals} approvals. Rerun the workflow to ask again.`,
          'not_planned',
        );
        return { issue, verdict, outcome: 'timed-out' };
      }
      await sleep(Math.min(wait.options.pollIntervalSeconds * 1000, remaining));
    }
  } catch (error) {
    // Whatever went wrong, the request is over: say so on the issue rather than leave it open.
    await closeAfterFailure(deps, r, issue, error);
    throw error;
  }
}

async function closeAfterFailure(
  deps: ApprovalDeps,
  r: Repo,
  issue: { readonly number: number; readonly url: string },
  error: unknown,
): Promise<void> {
  const said = isRequestError(error)
    ? `the GitHub API answered ${error.status} (${error.message})`
    : error instanceof Error
      ? error.message
      : String(error);
  const reason = redact(said).replace(/\s+/g, ' ').trim().slice(0, 500);
  try {
    await closeIssue(
      deps.client,
      r,
      issue.number,
      `Approval request **failed**: ${reason || 'unknown error'}. Nothing was approved; rerun the workflow to ask again. ${runUrl(deps.ctx)}`.trim(),
      'not_planned',
    );
  } catch (closeError) {
    deps.log.warning(
      `Approval issue ${issue.url} could not be closed after the failure: ${redact(closeError instanceof Error ? closeError.message : String(closeError))}`,
    );
  }
}
