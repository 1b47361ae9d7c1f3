/**
 * The GitHub calls the approval capability makes, each turning a refusal into a message that names
 * the permission the token lacks. Returns the plain shapes of `./types.js`.
 */
import { ConfigurationError } from '../core/errors.js';
import { errorStatus, explainGitHubError, isRequestError, type GitHubClient } from '../core/github.js';
import { eventMillis, type AuditLogEvent, type IssueComment } from './policy.js';
import type { EnvironmentLike, RefPolicy, RunApproval } from './types.js';

export type Repo = {
  readonly owner: string;
  readonly repo: string;
};

/** The environment, or undefined if it does not exist. */
export async function getEnvironment(
  client: GitHubClient,
  r: Repo,
  environment: string,
): Promise<(EnvironmentLike & { readonly id: number }) | undefined> {
  try {
    const { data } = await client.rest.repos.getEnvironment({ ...r, environment_name: environment });
    return data;
  } catch (error) {
    if (errorStatus(error) === 404) {
      // 404 also answers a token that cannot read the repository; the repository check tells them apart.
      await assertRepositoryVisible(client, r, `reading environment '${environment}'`);
      return undefined;
    }
    throw explainGitHubError(error, `reading environment '${environment}' of ${r.owner}/${r.repo}`, 'actions: read');
  }
}

async function assertRepositoryVisible(client: GitHubClient, r: Repo, doing: string): Promise<void> {
  try {
    await client.rest.repos.get({ owner: r.owner, repo: r.repo });
  } catch (error) {
    throw explainGitHubError(error, `${doing} (the repository ${r.owner}/${r.repo} itself)`, 'metadata: read');
  }
}

export interface RefPolicyWithId extends RefPolicy {
  readonly id: number;
}

export async function listRefPolicies(client: GitHubClient, r: Repo, environment: string): Promise<RefPolicyWithId[]> {
  try {
    const out: RefPolicyWithId[] = [];
    for (let page = 1; ; page++) {
      const { data } = await client.rest.repos.listDeploymentBranchPolicies({
        ...r,
        environment_name: environment,
        per_page: 100,
        page,
      });
      for (const p of data.branch_policies) {
        out.push({ id: p.id ?? 0, name: p.name ?? '', type: p.type === 'tag' ? 'tag' : 'branch' });
      }
      if (data.branch_policies.length < 100) return out;
    }
  } catch (error) {
    throw explainGitHubError(
      error,
      `listing the deployment branch and tag policies of '${environment}'`,
      'actions: read',
    );
  }
}

export interface RunInfo {
  readonly actor: string | undefined;
  readonly triggeringActor: string | undefined;
  readonly headSha: string | undefined;
  readonly createdAt: string | undefined;
  /** The latest attempt (a re-run keeps the run id and adds an attempt). */
  readonly runAttempt: number;
  /** When the latest attempt started. */
  readonly runStartedAt: string | undefined;
}

export async function getRun(client: GitHubClient, r: Repo, runId: number): Promise<RunInfo> {
  try {
    const { data } = await client.rest.actions.getWorkflowRun({ ...r, run_id: runId });
    return {
      actor: data.actor?.login,
      triggeringActor: data.triggering_actor?.login,
      headSha: data.head_sha,
      createdAt: data.created_at,
      runAttempt: data.run_attempt ?? 1,
      runStartedAt: data.run_started_at,
    };
  } catch (error) {
    throw explainGitHubError(error, `reading workflow run ${runId}`, 'actions: read');
  }
}

/** When attempt `attempt` of the run started (`run_started_at` of `GET .../attempts/{n}`). */
export async function getRunAttemptStart(
  client: GitHubClient,
  r: Repo,
  runId: number,
  attempt: number,
): Promise<string | undefined> {
  try {
    const { data } = await client.rest.actions.getWorkflowRunAttempt({ ...r, run_id: runId, attempt_number: attempt });
    return data.run_started_at;
  } catch (error) {
    throw explainGitHubError(error, `reading attempt ${attempt} of workflow run ${runId}`, 'actions: read');
  }
}

/** A deployment as the evidence of a job reaching an environment. */
export interface DeploymentEvidence {
  readonly id: number;
  readonly environment: string;
  readonly createdAt: string;
  readonly creator: string | undefined;
  /** `log_url` / `target_url` of its statuses (Actions links the run there). */
  readonly links: readonly string[];
  /** Its statuses' states, newest first (`waiting` while protection rules hold the job). */
  readonly states: readonly string[];
  /** Our own deployment record (payload.tool), not one GitHub Actions created. */
  readonly ours: boolean;
}

/** At most this many pages (100 each) of an environment's deployments at one commit are read. */
const DEPLOYMENT_PAGES = 5;

/**
 * The deployments of `environment` at commit `sha` created at or after `since` (ISO), newest
 * first, with their statuses' links. Fails closed when there are more than it reads.
 */
export async function listEnvironmentDeployments(
  client: GitHubClient,
  r: Repo,
  environment: string,
  sha: string,
  since: string,
): Promise<DeploymentEvidence[]> {
  const out: DeploymentEvidence[] = [];
  const sinceMs = Date.parse(since);
  try {
    for (let page = 1; page <= DEPLOYMENT_PAGES; page++) {
      const { data } = await client.rest.repos.listDeployments({ ...r, environment, sha, per_page: 100, page });
      let older = false;
      for (const d of data) {
        if (Date.parse(d.created_at) < sinceMs) {
          older = true;
          continue;
        }
        const { data: statuses } = await client.rest.repos.listDeploymentStatuses({
          ...r,
          deployment_id: d.id,
          per_page: 100,
        });
        const payload = d.payload as unknown;
        const tool =
          typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>).tool : undefined;
        out.push({
          id: d.id,
          environment: d.environment,
          createdAt: d.created_at,
          creator: d.creator?.login,
          links: statuses.flatMap((x) => [x.log_url ?? '', x.target_url]).filter((u) => u !== ''),
          states: statuses.map((x) => x.state),
          ours: tool === 'secure-deploy/require-approval',
        });
      }
      if (data.length < 100 || older) return out;
    }
  } catch (error) {
    throw explainGitHubError(error, `listing the deployments of '${environment}'`, 'deployments: read');
  }
  throw new ConfigurationError(
    `Environment '${environment}' has more than ${DEPLOYMENT_PAGES * 100} deployments of commit ${sha} since ${since}: too many to tell which this run created.`,
  );
}

export interface ProtectionRuleApp {
  readonly slug: string;
  readonly enabled: boolean;
}

/** The environment's custom deployment protection rules (GitHub Apps that gate it). */
export async function listProtectionRules(
  client: GitHubClient,
  r: Repo,
  environment: string,
): Promise<ProtectionRuleApp[]> {
  try {
    const { data } = await client.rest.repos.getAllDeploymentProtectionRules({ ...r, environment_name: environment });
    return (data.custom_deployment_protection_rules ?? []).map((x) => ({
      slug: x.app?.slug ?? '',
      enabled: x.enabled === true,
    }));
  } catch (error) {
    throw explainGitHubError(
      error,
      `listing the custom deployment protection rules of '${environment}'`,
      'actions: read',
    );
  }
}

/** Slugs of the GitHub Apps installed on the repository that can gate `environment`. */
export async function listProtectionRuleApps(client: GitHubClient, r: Repo, environment: string): Promise<string[]> {
  try {
    const out: string[] = [];
    for (let page = 1; page <= 10; page++) {
      const { data } = await client.rest.repos.listCustomDeploymentRuleIntegrations({
        ...r,
        environment_name: environment,
        per_page: 100,
        page,
      });
      const list = data.available_custom_deployment_protection_rule_integrations ?? [];
      out.push(...list.map((a) => a.slug));
      if (list.length < 100) break;
    }
    return out;
  } catch (error) {
    throw explainGitHubError(error, `listing the GitHub Apps that can gate '${environment}'`, 'actions: read');
  }
}

/** Repository roles, weakest first. */
export const ROLES = ['read', 'triage', 'write', 'maintain', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A user's role in the repository (`role_name`), or 'none'. */
export async function collaboratorRole(client: GitHubClient, r: Repo, login: string): Promise<Role | 'none'> {
  try {
    const { data } = await client.rest.repos.getCollaboratorPermissionLevel({ ...r, username: login });
    const role = data.role_name;
    return (ROLES as readonly string[]).includes(role) ? (role as Role) : 'none';
  } catch (error) {
    if (errorStatus(error) === 404) return 'none';
    throw explainGitHubError(error, `reading the permission of '${login}' on ${r.owner}/${r.repo}`, 'metadata: read');
  }
}

export async function listRunApprovals(client: GitHubClient, r: Repo, runId: number): Promise<RunApproval[]> {
  try {
    const { data } = await client.rest.actions.getReviewsForRun({ ...r, run_id: runId });
    return data.map((a) => ({
      state: a.state,
      comment: a.comment,
      user: a.user ? { login: a.user.login, type: a.user.type } : null,
      environments: a.environments.map((e) => ({ name: e.name })),
    }));
  } catch (error) {
    throw explainGitHubError(error, `reading the approvals of workflow run ${runId}`, 'actions: read');
  }
}

export async function resolveUser(client: GitHubClient, login: string): Promise<{ id: number; login: string }> {
  try {
    const { data } = await client.rest.users.getByUsername({ username: login });
    return { id: data.id, login: data.login };
  } catch (error) {
    if (errorStatus(error) === 404) {
      throw new ConfigurationError(`Input 'approvers': user '${login}' does not exist on GitHub. Check the spelling.`);
    }
    throw explainGitHubError(error, `looking up user '${login}'`);
  }
}

function teamNotResolved(org: string, slug: string, detail: string): ConfigurationError {
  return new ConfigurationError(
    `Input 'approvers': team '${org}/${slug}' cannot be resolved (${detail}). Check the team slug (as in github.com/orgs/${org}/teams/<slug>), and give the token organization permission 'members: read' — GITHUB_TOKEN cannot read teams, so pass a GitHub App or fine-grained token.`,
  );
}

export async function resolveTeam(client: GitHubClient, org: string, slug: string): Promise<{ id: number }> {
  try {
    const { data } = await client.rest.teams.getByName({ org, team_slug: slug });
    return { id: data.id };
  } catch (error) {
    const status = errorStatus(error);
    if (status === 404 || status === 403) {
      throw teamNotResolved(org, slug, status === 404 ? 'not found, or not visible to this token' : 'access refused');
    }
    throw explainGitHubError(error, `looking up team '${org}/${slug}'`, 'members: read');
  }
}

export async function teamMembers(client: GitHubClient, org: string, slug: string): Promise<string[]> {
  try {
    const out: string[] = [];
    for (let page = 1; ; page++) {
      const { data } = await client.rest.teams.listMembersInOrg({ org, team_slug: slug, per_page: 100, page });
      out.push(...data.map((u) => u.login));
      if (data.length < 100) return out;
    }
  } catch (error) {
    const status = errorStatus(error);
    if (status === 404 || status === 403) {
      throw teamNotResolved(org, slug, status === 404 ? 'not found, or not visible to this token' : 'access refused');
    }
    throw explainGitHubError(error, `listing the members of team '${org}/${slug}'`, 'members: read');
  }
}

/** At most this many audit-log pages (100 events each) are read for one check. */
export const AUDIT_LOG_MAX_PAGES = 10;

function nextCursor(link: unknown): string | undefined {
  if (typeof link !== 'string') return undefined;
  const next = /<([^>]+)>;\s*rel="next"/.exec(link)?.[1];
  return next ? (new URL(next).searchParams.get('after') ?? undefined) : undefined;
}

export interface AuditLogRead {
  readonly events: AuditLogEvent[];
  /** True when the page limit was reached with older events (newer than `since`) still unread. */
  readonly truncated: boolean;
}

/**
 * Reads the organization audit log (newest first), or says why it cannot be read. Stops at the
 * first page that reaches back before `since` (epoch ms): older events are not needed.
 */
export async function readAuditLog(
  client: GitHubClient,
  org: string,
  phrase: string,
  options: { readonly since?: number } = {},
): Promise<AuditLogRead | { skipped: string }> {
  const events: AuditLogEvent[] = [];
  let after: string | undefined;
  try {
    for (let page = 0; page < AUDIT_LOG_MAX_PAGES; page++) {
      const response = await client.request('GET /orgs/{org}/audit-log', {
        org,
        phrase,
        include: 'web',
        order: 'desc',
        per_page: 100,
        ...(after ? { after } : {}),
      });
      const data: unknown = response.data;
      if (!Array.isArray(data)) return { skipped: 'the audit log answer was not a list of events' };
      const read = data.filter((e): e is AuditLogEvent => typeof e === 'object' && e !== null);
      events.push(...read);
      after = nextCursor(response.headers.link);
      if (!after) return { events, truncated: false };
      const oldest = read.length > 0 ? eventMillis(read[read.length - 1] ?? {}) : undefined;
      if (options.since !== undefined && oldest !== undefined && oldest < options.since) {
        return { events, truncated: false };
      }
    }
    return { events, truncated: true };
  } catch (error) {
    const status = errorStatus(error);
    if (status === 403 || status === 404 || status === 401 || status === 422) {
      return {
        skipped: `the audit log of '${org}' cannot be read with this token (${status}); it needs an organization owner's token with 'read:audit_log' (GitHub Enterprise Cloud)`,
      };
    }
    throw explainGitHubError(error, `reading the audit log of '${org}'`, 'read:audit_log');
  }
}

export interface EnvironmentUpdate {
  readonly wait_timer: number;
  readonly prevent_self_review: boolean;
  /** GitHub documents it on PUT environment; the OpenAPI description omits it. */
  readonly can_admins_bypass: boolean;
  readonly reviewers: { type: 'User' | 'Team'; id: number }[];
  readonly deployment_branch_policy: { protected_branches: boolean; custom_branch_policies: boolean };
}

const ADMIN = 'administration: write';

/** GITHUB_TOKEN can never administer a repository: say what to use instead. */
function withAdminHint(error: unknown): unknown {
  if (!(error instanceof ConfigurationError)) return error;
  return new ConfigurationError(
    `${error.message} GITHUB_TOKEN cannot be given that permission: run 'configure' with a GitHub App token or a fine-grained token that has repository 'Administration: write'.`,
  );
}

export async function putEnvironment(
  client: GitHubClient,
  r: Repo,
  environment: string,
  body: EnvironmentUpdate,
): Promise<void> {
  try {
    // `request` rather than the typed method: its types lack can_admins_bypass (see EnvironmentUpdate).
    await client.request('PUT /repos/{owner}/{repo}/environments/{environment_name}', {
      ...r,
      environment_name: environment,
      ...body,
    });
  } catch (error) {
    throw withAdminHint(explainGitHubError(error, `creating or updating environment '${environment}'`, ADMIN));
  }
}

export async function addRefPolicy(client: GitHubClient, r: Repo, environment: string, p: RefPolicy): Promise<void> {
  try {
    await client.rest.repos.createDeploymentBranchPolicy({
      ...r,
      environment_name: environment,
      name: p.name,
      type: p.type,
    });
  } catch (error) {
    throw withAdminHint(explainGitHubError(error, `adding ${p.type} policy '${p.name}' to '${environment}'`, ADMIN));
  }
}

export async function removeRefPolicy(
  client: GitHubClient,
  r: Repo,
  environment: string,
  p: RefPolicyWithId,
): Promise<void> {
  try {
    await client.rest.repos.deleteDeploymentBranchPolicy({
      ...r,
      environment_name: environment,
      branch_policy_id: p.id,
    });
  } catch (error) {
    throw withAdminHint(
      explainGitHubError(error, `removing ${p.type} policy '${p.name}' from '${environment}'`, ADMIN),
    );
  }
}

export interface NewDeployment {
  readonly ref: string;
  readonly environment: string;
  readonly description: string;
  readonly payload: Record<string, unknown>;
  readonly logUrl: string;
  readonly statusDescription: string;
}

/** Creates a deployment and its `in_progress` status; returns the deployment id. */
export async function createDeployment(client: GitHubClient, r: Repo, d: NewDeployment): Promise<number> {
  let id: number;
  try {
    const { data } = await client.rest.repos.createDeployment({
      ...r,
      ref: d.ref,
      environment: d.environment,
      task: 'deploy',
      auto_merge: false,
      required_contexts: [],
      description: d.description,
      payload: d.payload,
    });
    if (!('id' in data)) {
      throw new ConfigurationError(`GitHub did not create a deployment for '${d.ref}': ${data.message ?? 'no reason'}`);
    }
    id = data.id;
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    if (isRequestError(error) && error.status === 422) {
      throw new ConfigurationError(
        `GitHub refused to create a deployment of '${d.ref}' to '${d.environment}' (422: ${error.message}). Set input 'ref' to a branch, tag or commit that exists in the repository.`,
      );
    }
    throw explainGitHubError(error, `creating a deployment of '${d.ref}' to '${d.environment}'`, 'deployments: write');
  }
  try {
    await client.rest.repos.createDeploymentStatus({
      ...r,
      deployment_id: id,
      state: 'in_progress',
      environment: d.environment,
      description: d.statusDescription.slice(0, 140),
      ...(d.logUrl ? { log_url: d.logUrl } : {}),
    });
  } catch (error) {
    throw explainGitHubError(error, `setting deployment ${id} to in_progress`, 'deployments: write');
  }
  return id;
}

const ISSUES = 'issues: write';

/** 410 Gone: the repository has issues turned off. */
function issuesDisabled(error: unknown, r: Repo): ConfigurationError | undefined {
  if (errorStatus(error) !== 410) return undefined;
  return new ConfigurationError(
    `Issues are turned off in ${r.owner}/${r.repo} (GitHub answered 410 Gone), so the approval issue cannot be opened or read there. Turn them on under Settings → General → Features → Issues, or set 'issue-repository' to a repository that has issues.`,
  );
}

export async function openIssue(
  client: GitHubClient,
  r: Repo,
  title: string,
  body: string,
  labels: readonly string[] = [],
): Promise<{ number: number; url: string }> {
  try {
    const { data } = await client.rest.issues.create({
      ...r,
      title,
      body,
      ...(labels.length > 0 ? { labels: [...labels] } : {}),
    });
    return { number: data.number, url: data.html_url };
  } catch (error) {
    throw (
      issuesDisabled(error, r) ??
      explainGitHubError(error, `opening the approval issue in ${r.owner}/${r.repo}`, ISSUES)
    );
  }
}

/** Whether the issue is still open, and who closed it if not. */
export async function issueState(
  client: GitHubClient,
  r: Repo,
  issue: number,
): Promise<{ readonly open: boolean; readonly closedBy: string | undefined }> {
  try {
    const { data } = await client.rest.issues.get({ ...r, issue_number: issue });
    return { open: data.state === 'open', closedBy: data.closed_by?.login };
  } catch (error) {
    throw issuesDisabled(error, r) ?? explainGitHubError(error, `reading approval issue #${issue}`, 'issues: read');
  }
}

export async function listIssueComments(client: GitHubClient, r: Repo, issue: number): Promise<IssueComment[]> {
  try {
    const out: IssueComment[] = [];
    for (let page = 1; ; page++) {
      const { data } = await client.rest.issues.listComments({ ...r, issue_number: issue, per_page: 100, page });
      for (const c of data) {
        out.push({
          user: c.user ? { login: c.user.login, type: c.user.type } : null,
          body: c.body ?? '',
          created_at: c.created_at,
          updated_at: c.updated_at,
        });
      }
      if (data.length < 100) return out;
    }
  } catch (error) {
    throw (
      issuesDisabled(error, r) ??
      explainGitHubError(error, `reading the comments of approval issue #${issue}`, 'issues: read')
    );
  }
}

export async function closeIssue(
  client: GitHubClient,
  r: Repo,
  issue: number,
  comment: string,
  reason: 'completed' | 'not_planned',
): Promise<void> {
  try {
    await client.rest.issues.createComment({ ...r, issue_number: issue, body: comment });
    await client.rest.issues.update({ ...r, issue_number: issue, state: 'closed', state_reason: reason });
  } catch (error) {
    throw explainGitHubError(error, `closing approval issue #${issue}`, ISSUES);
  }
}

/**
 * When the token expires, if GitHub says: the `github-authentication-token-expiration` response
 * header (`2026-01-01 13:00:00 UTC`), sent for tokens that have an expiry. Undefined when GitHub
 * sends none (e.g. a classic token; `GITHUB_TOKEN` lives as long as the job).
 */
export async function tokenExpiry(client: GitHubClient, r: Repo): Promise<Date | undefined> {
  let header: unknown;
  try {
    const response = await client.rest.repos.get({ owner: r.owner, repo: r.repo });
    header = response.headers['github-authentication-token-expiration'];
  } catch (error) {
    throw explainGitHubError(error, `reading ${r.owner}/${r.repo}`, 'metadata: read');
  }
  if (typeof header !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})\s*(UTC|Z|[+-]\d{2}:?\d{2})?$/.exec(header.trim());
  if (!m) return undefined;
  const zone = !m[3] || m[3] === 'UTC' || m[3] === 'Z' ? 'Z' : m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const at = new Date(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
