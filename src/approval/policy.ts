/**
 * The approval rules as pure functions that throw or return verdicts: no network, no runner.
 * Everything here is tested without mocks in test/approval/policy.test.ts.
 */
import { ConfigurationError } from '../core/errors.js';
import type {
  ApprovalVerdict,
  Approver,
  ApproverRef,
  ChainEnvironment,
  DeploymentRefs,
  EnvironmentLike,
  GitHubUserLike,
  RefPolicy,
  Refusal,
  RunApproval,
  VerifiedDigest,
} from './types.js';

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const ORG = LOGIN;
const SLUG = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Parses the `approvers` input: `alice`, `@alice`, `acme/release-managers`, `@acme/release-managers`. */
export function parseApprovers(lines: readonly string[]): ApproverRef[] {
  const out: ApproverRef[] = [];
  const seen = new Set<string>();
  for (const raw of lines.flatMap((l) => l.split(/[\s,]+/)).filter(Boolean)) {
    const entry = raw.replace(/^@/, '');
    const slash = entry.indexOf('/');
    let ref: ApproverRef;
    if (slash >= 0) {
      const org = entry.slice(0, slash);
      const slug = entry.slice(slash + 1);
      if (!ORG.test(org) || !SLUG.test(slug)) {
        throw new ConfigurationError(
          `Input 'approvers': '${raw}' is not a team. Write teams as '<org>/<team-slug>', e.g. 'acme/release-managers'.`,
        );
      }
      ref = { kind: 'team', org, slug: slug.toLowerCase() };
    } else {
      if (!LOGIN.test(entry)) {
        throw new ConfigurationError(
          `Input 'approvers': '${raw}' is not a GitHub user name (bots cannot be approvers). Write users as 'login' and teams as '<org>/<team-slug>'.`,
        );
      }
      ref = { kind: 'user', login: entry };
    }
    const key = approverKey(ref);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(ref);
    }
  }
  return out;
}

export function approverKey(ref: ApproverRef): string {
  return ref.kind === 'user' ? ref.login.toLowerCase() : `${ref.org.toLowerCase()}/${ref.slug.toLowerCase()}`;
}

export function formatApprover(ref: ApproverRef): string {
  return ref.kind === 'user' ? ref.login : `${ref.org}/${ref.slug}`;
}

/** GitHub's environment names: at most 255 characters, no control characters (nor ':' or ',' here). */
function isEnvironmentName(name: string): boolean {
  return (
    name.length > 0 && name.length <= 255 && ![...name].some((c) => c.charCodeAt(0) < 32 || c === '\x7f' || c === ',')
  );
}

/**
 * Parses `environments`: the environments a release passes through whose approvals count, one per
 * line, optionally with that environment's own reviewers for `configure`:
 * `production-security: acme/security` or just `production-operations`.
 * The step's own `environment` is always part of the chain (first when not listed).
 */
export function parseEnvironmentChain(environment: string, lines: readonly string[]): ChainEnvironment[] {
  const out: ChainEnvironment[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = (colon >= 0 ? line.slice(0, colon) : line).trim();
    if (!isEnvironmentName(name)) {
      throw new ConfigurationError(
        `Input 'environments': '${line}' does not start with an environment name. Write one environment per line, optionally followed by its reviewers: 'production-security: acme/security-team'.`,
      );
    }
    const reviewers = colon >= 0 ? parseApprovers([line.slice(colon + 1)]) : [];
    if (out.some((e) => e.name.toLowerCase() === name.toLowerCase())) {
      throw new ConfigurationError(`Input 'environments' lists '${name}' twice: each environment yields one approval.`);
    }
    out.push({ name, reviewers });
  }
  if (!out.some((e) => e.name.toLowerCase() === environment.toLowerCase())) {
    out.unshift({ name: environment, reviewers: [] });
  }
  return out;
}

const ROLE_NAMES = ['read', 'triage', 'write', 'maintain', 'admin'] as const;

/** Parses `approver-permission`: a repository role (read, triage, write, maintain, admin) or empty. */
export function parseApproverPermission(value: string | undefined): (typeof ROLE_NAMES)[number] | undefined {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '') return undefined;
  if (!(ROLE_NAMES as readonly string[]).includes(v)) {
    throw new ConfigurationError(
      `Input 'approver-permission': '${value}' is not a repository role. Use one of ${ROLE_NAMES.join(', ')} (the least an approver must have).`,
    );
  }
  return v as (typeof ROLE_NAMES)[number];
}

/** Whether `role` is at least `least`. */
export function roleAtLeast(role: string, least: (typeof ROLE_NAMES)[number]): boolean {
  const i = (ROLE_NAMES as readonly string[]).indexOf(role);
  return i >= 0 && i >= ROLE_NAMES.indexOf(least);
}

const APP_SLUG = /^[a-z0-9][a-z0-9-]*$/;

/** Parses `accept-protection-rules`: slugs of GitHub Apps whose deployment protection rule counts. */
export function parseAppSlugs(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of lines.flatMap((l) => l.split(/[\s,]+/)).filter(Boolean)) {
    const slug = raw.toLowerCase();
    if (!APP_SLUG.test(slug)) {
      throw new ConfigurationError(
        `Input 'accept-protection-rules': '${raw}' is not a GitHub App slug (as in github.com/apps/<slug>, e.g. 'datadog-deployment-gate').`,
      );
    }
    if (!out.includes(slug)) out.push(slug);
  }
  return out;
}

/** Parses `issue-repository` (`owner/name`); empty means the repository being deployed. */
export function parseRepository(value: string | undefined, input: string): { owner: string; repo: string } | undefined {
  const v = (value ?? '').trim();
  if (v === '') return undefined;
  const m = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/.exec(v);
  if (!m) throw new ConfigurationError(`Input '${input}': '${value}' is not a repository; write it as 'owner/name'.`);
  return { owner: m[1] ?? '', repo: m[2] ?? '' };
}

const DIGEST_LINE = /^(sha256:[0-9a-f]{64})\s+(\S.*)$/;

/** Parses verify-signatures' `digests` output: one `sha256:<hex>  <path>` per line. */
export function parseDigests(lines: readonly string[]): VerifiedDigest[] {
  return lines.map((line) => {
    const m = DIGEST_LINE.exec(line.trim());
    if (!m) {
      throw new ConfigurationError(
        `Input 'digests': '${line}' is not a verified digest. Pass verify-signatures' 'digests' output: one 'sha256:<64 hex digits>  <path>' per line.`,
      );
    }
    return { digest: m[1] ?? '', path: (m[2] ?? '').trim() };
  });
}

/** Parses `deployment-refs`: `protected-branches`, or any number of `tag:<pattern>` / `branch:<pattern>`. */
export function parseDeploymentRefs(lines: readonly string[]): DeploymentRefs {
  if (lines.length === 0) return { kind: 'custom', policies: [{ name: 'v*', type: 'tag' }] };
  if (lines.some((l) => l === 'protected-branches')) {
    if (lines.length > 1) {
      throw new ConfigurationError(
        "Input 'deployment-refs': 'protected-branches' cannot be combined with name patterns (GitHub allows one or the other).",
      );
    }
    return { kind: 'protected-branches' };
  }
  const policies: RefPolicy[] = [];
  for (const line of lines) {
    const m = /^(tag|branch):(\S+)$/.exec(line);
    if (!m) {
      throw new ConfigurationError(
        `Input 'deployment-refs': '${line}' must be 'protected-branches', 'tag:<pattern>' or 'branch:<pattern>' (e.g. 'tag:v*').`,
      );
    }
    const policy = { type: m[1] as RefPolicy['type'], name: m[2] ?? '' };
    if (policy.type === 'branch' && /^\*+$/.test(policy.name)) {
      // The protection check refuses such an environment: configuring one would be a trap.
      throw new ConfigurationError(
        `Input 'deployment-refs': '${line}' allows every branch, which is no limit; name release tags (e.g. 'tag:v*'), branches, or 'protected-branches'.`,
      );
    }
    if (!policies.some((p) => p.type === policy.type && p.name === policy.name)) policies.push(policy);
  }
  return { kind: 'custom', policies };
}

/** GitHub Apps and bot accounts: `type: Bot`, or a login ending in `[bot]`. */
export function isBot(user: GitHubUserLike): boolean {
  return user.type === 'Bot' || /\[bot\]$/i.test(user.login);
}

export function environmentSettingsPath(environment: string): string {
  return `Settings → Environments → ${environment}`;
}

/**
 * What is missing from an environment's protection, each item saying which setting to change and
 * where. Empty when the environment requires a reviewer, prevents self-review (unless allowed) and
 * limits which refs may deploy.
 */
export function protectionProblems(
  env: EnvironmentLike,
  refPolicies: readonly RefPolicy[] | undefined,
  options: {
    readonly allowSelfApproval: boolean;
    readonly allowAdminBypass?: boolean;
    /** Slugs of accepted apps whose enabled protection rule gates this environment. */
    readonly gatedBy?: readonly string[];
  },
): string[] {
  const where = environmentSettingsPath(env.name);
  const problems: string[] = [];
  const rule = (env.protection_rules ?? []).find((r) => r.type === 'required_reviewers');
  const gated = (options.gatedBy ?? []).length > 0;
  if (!rule || (rule.reviewers ?? []).length === 0) {
    if (!gated) {
      problems.push(
        `it has no required reviewers: turn on ${where} → Required reviewers and add at least one person or team (or gate it with a deployment protection app named in 'accept-protection-rules')`,
      );
    }
  } else if (rule.prevent_self_review !== true && !options.allowSelfApproval) {
    problems.push(
      `it lets the person who started the run approve it: tick ${where} → Required reviewers → Prevent self-review (or set allow-self-approval: true)`,
    );
  }
  if (env.can_admins_bypass !== false && options.allowAdminBypass !== true) {
    problems.push(
      `repository administrators can deploy to it without review${env.can_admins_bypass === undefined ? ' (GitHub did not say, and bypassing is its default)' : ''}: untick ${where} → Allow administrators to bypass configured protection rules (can_admins_bypass), or set it as code with 'configure: true' (or accept it with allow-admin-bypass: true)`,
    );
  }
  const policy = env.deployment_branch_policy;
  if (!policy) {
    problems.push(
      `any branch can deploy to it: set ${where} → Deployment branches and tags to 'Protected branches only' or 'Selected branches and tags' (e.g. tag 'v*')`,
    );
  } else if (policy.custom_branch_policies && refPolicies !== undefined) {
    if (refPolicies.length === 0) {
      problems.push(
        `'Selected branches and tags' lists no branch or tag: add one under ${where} → Deployment branches and tags (e.g. tag 'v*')`,
      );
    }
    for (const p of refPolicies) {
      if (p.type === 'branch' && /^\*+$/.test(p.name)) {
        problems.push(
          `its branch rule '${p.name}' allows every branch: limit it to tags such as v* or to protected branches under ${where} → Deployment branches and tags`,
        );
      }
    }
  }
  return problems;
}

/** Whether the environment has required reviewers (then every job for it waits for a review). */
export function requiresReviewers(env: EnvironmentLike): boolean {
  const rule = (env.protection_rules ?? []).find((r) => r.type === 'required_reviewers');
  return (rule?.reviewers ?? []).length > 0;
}

export interface ReviewRules {
  readonly environment: string;
  readonly minApprovals: number;
  /** Logins (any case) who started the run, pushed the ref or authored the release. */
  readonly initiators: readonly string[];
  readonly allowSelfApproval: boolean;
  /** Logins allowed to approve (users and team members), or undefined when anyone may. */
  readonly allowed: ReadonlySet<string> | undefined;
  readonly now: string;
}

function refusalFor(user: GitHubUserLike, rules: ReviewRules): string | undefined {
  if (isBot(user)) return 'is a bot: approvals must come from a person';
  const login = user.login.toLowerCase();
  if (!rules.allowSelfApproval && rules.initiators.some((i) => i.toLowerCase() === login)) {
    return 'started this run, pushed its ref or authored its release: self-approval is not allowed';
  }
  if (rules.allowed && !rules.allowed.has(login)) return "is not in 'approvers'";
  return undefined;
}

function sameName(a: string | undefined, b: string): boolean {
  return (a ?? '').toLowerCase() === b.toLowerCase();
}

/** Counts the run's environment reviews that approve `environment`, per the rules. */
export function evaluateReviews(reviews: readonly RunApproval[], rules: ReviewRules): ApprovalVerdict {
  const accepted = new Map<string, Approver>();
  const refused: Refusal[] = [];
  const rejections: Refusal[] = [];
  for (const review of reviews) {
    const user = review.user;
    if (!user) continue;
    const names = review.environments.map((e) => e.name ?? '');
    const covers = names.some((n) => sameName(n, rules.environment));
    if (review.state !== 'approved' && review.state !== 'rejected') continue;
    if (!covers) {
      refused.push({
        login: user.login,
        reason: `${review.state} ${names.map((n) => `'${n}'`).join(', ') || 'no environment'}, not '${rules.environment}'`,
      });
      continue;
    }
    const why = refusalFor(user, rules);
    if (review.state === 'rejected') {
      // A rejection fails the step whoever gave it, unless it is a bot's.
      if (!isBot(user)) rejections.push({ login: user.login, reason: review.comment || 'no comment' });
      continue;
    }
    if (why) {
      refused.push({ login: user.login, reason: why });
      continue;
    }
    const key = user.login.toLowerCase();
    if (!accepted.has(key)) accepted.set(key, { login: user.login, time: rules.now, comment: review.comment });
  }
  const list = [...accepted.values()];
  return {
    accepted: list,
    refused,
    rejections,
    approved: rejections.length === 0 && list.length >= rules.minApprovals,
  };
}

export const DEFAULT_APPROVE_WORDS = ['approve', 'approved', 'lgtm', 'yes'] as const;
export const DEFAULT_DENY_WORDS = ['deny', 'denied', 'reject', 'rejected', 'no'] as const;

/** The decision a comment states: its first word (case-insensitive, trailing punctuation ignored). */
export function commentDecision(
  body: string,
  approveWords: readonly string[],
  denyWords: readonly string[],
): 'approve' | 'deny' | undefined {
  const first = (body.trim().split(/\s+/)[0] ?? '').toLowerCase().replace(/[.!,:;]+$/, '');
  if (first === '') return undefined;
  if (denyWords.some((w) => w.toLowerCase() === first)) return 'deny';
  if (approveWords.some((w) => w.toLowerCase() === first)) return 'approve';
  return undefined;
}

export interface IssueComment {
  readonly user: GitHubUserLike | null;
  readonly body?: string;
  readonly created_at: string;
  /** Differs from `created_at` once the comment has been edited (by its author or anyone with write access). */
  readonly updated_at: string;
}

export const EDITED_COMMENT =
  'edited after posting: anyone with write access can edit a comment, so an edited one does not approve; post a new comment';

/**
 * Counts approve/deny comments on an approval issue, per the rules (the `now` field is unused).
 * An edited comment does not approve, whoever edited it: its author may not have written what it
 * says now. It still denies (failing closed), noted as edited.
 */
export function evaluateComments(
  comments: readonly IssueComment[],
  rules: ReviewRules,
  words: { readonly approve: readonly string[]; readonly deny: readonly string[] },
): ApprovalVerdict {
  const accepted = new Map<string, Approver>();
  const refused: Refusal[] = [];
  const rejections: Refusal[] = [];
  for (const comment of comments) {
    const user = comment.user;
    if (!user) continue;
    const decision = commentDecision(comment.body ?? '', words.approve, words.deny);
    if (!decision) continue;
    const why = refusalFor(user, rules);
    if (why) {
      refused.push({ login: user.login, reason: why });
      continue;
    }
    const edited = comment.updated_at !== comment.created_at;
    if (decision === 'deny') {
      const said = (comment.body ?? '').trim();
      rejections.push({ login: user.login, reason: edited ? `${said} (edited after posting)` : said });
      continue;
    }
    if (edited) {
      refused.push({ login: user.login, reason: EDITED_COMMENT });
      continue;
    }
    const key = user.login.toLowerCase();
    if (!accepted.has(key)) {
      accepted.set(key, { login: user.login, time: comment.created_at, comment: (comment.body ?? '').trim() });
    }
  }
  const list = [...accepted.values()];
  return {
    accepted: list,
    refused,
    rejections,
    approved: rejections.length === 0 && list.length >= rules.minApprovals,
  };
}

/** The environment settings `configure` writes. */
export interface DesiredEnvironment {
  readonly reviewers: readonly { readonly type: 'User' | 'Team'; readonly id: number; readonly name: string }[];
  readonly preventSelfReview: boolean;
  readonly waitTimer: number;
  readonly refs: DeploymentRefs;
  readonly canAdminsBypass: boolean;
}

/**
 * What `configure` would change, one line each; empty when the environment already matches.
 * `current` is undefined when the environment does not exist.
 */
export function environmentChanges(
  current: EnvironmentLike | undefined,
  currentPolicies: readonly RefPolicy[],
  desired: DesiredEnvironment,
): string[] {
  if (!current) {
    return ['create the environment', ...desiredDescription(desired)];
  }
  const changes: string[] = [];
  const rules = current.protection_rules ?? [];
  const reviewerRule = rules.find((r) => r.type === 'required_reviewers');
  const have = new Set(
    (reviewerRule?.reviewers ?? []).map((r) => `${r.type ?? ''}:${r.reviewer?.id ?? ''}`).filter((k) => k !== ':'),
  );
  const want = new Set(desired.reviewers.map((r) => `${r.type}:${r.id}`));
  for (const r of desired.reviewers) {
    if (!have.has(`${r.type}:${r.id}`)) changes.push(`add required reviewer ${r.type.toLowerCase()} '${r.name}'`);
  }
  for (const r of reviewerRule?.reviewers ?? []) {
    const key = `${r.type ?? ''}:${r.reviewer?.id ?? ''}`;
    if (!want.has(key)) {
      const name = r.reviewer?.login ?? r.reviewer?.slug ?? String(r.reviewer?.id ?? '?');
      changes.push(`remove required reviewer ${(r.type ?? '').toLowerCase()} '${name}'`);
    }
  }
  if ((reviewerRule?.prevent_self_review ?? false) !== desired.preventSelfReview) {
    changes.push(`set prevent self-review to ${desired.preventSelfReview}`);
  }
  // Absent is GitHub's default, true.
  if ((current.can_admins_bypass ?? true) !== desired.canAdminsBypass) {
    changes.push(
      desired.canAdminsBypass
        ? 'allow administrators to bypass the protection rules'
        : 'stop administrators from bypassing the protection rules',
    );
  }
  const timer = rules.find((r) => r.type === 'wait_timer')?.wait_timer ?? 0;
  if (timer !== desired.waitTimer) changes.push(`set wait timer from ${timer} to ${desired.waitTimer} minutes`);
  const policy = current.deployment_branch_policy ?? null;
  if (desired.refs.kind === 'protected-branches') {
    if (!policy || !policy.protected_branches) changes.push('limit deployments to protected branches');
  } else {
    if (!policy || !policy.custom_branch_policies) changes.push('limit deployments to selected branches and tags');
    const existing = policy?.custom_branch_policies ? currentPolicies : [];
    for (const p of desired.refs.policies) {
      if (!existing.some((e) => e.type === p.type && e.name === p.name)) changes.push(`allow ${p.type} '${p.name}'`);
    }
    for (const e of existing) {
      if (!desired.refs.policies.some((p) => p.type === e.type && p.name === e.name)) {
        changes.push(`stop allowing ${e.type} '${e.name}'`);
      }
    }
  }
  return changes;
}

function desiredDescription(desired: DesiredEnvironment): string[] {
  const lines = desired.reviewers.map((r) => `add required reviewer ${r.type.toLowerCase()} '${r.name}'`);
  lines.push(`set prevent self-review to ${desired.preventSelfReview}`);
  lines.push(
    desired.canAdminsBypass
      ? 'allow administrators to bypass the protection rules'
      : 'stop administrators from bypassing the protection rules',
  );
  if (desired.waitTimer > 0) lines.push(`set wait timer to ${desired.waitTimer} minutes`);
  if (desired.refs.kind === 'protected-branches') lines.push('limit deployments to protected branches');
  else for (const p of desired.refs.policies) lines.push(`allow ${p.type} '${p.name}'`);
  return lines;
}

/** An organization audit-log event, as far as bypass detection reads it. */
export type AuditLogEvent = Readonly<Record<string, unknown>>;

/**
 * The audit-log events read, all documented by GitHub ("Audit log events for your organization",
 * category `environment`: https://docs.github.com/en/organizations/keeping-your-organization-secure/managing-security-settings-for-your-organization/audit-log-events-for-your-organization#environment).
 * Each names the actor and `environment_name`; `environment.update_protection_rule` also carries
 * `can_admins_bypass`, `approvers` and `prevent_self_review`. GitHub documents no event for a
 * bypassed deployment itself, so none is looked for.
 */
export const ENVIRONMENT_AUDIT_EVENTS = [
  'environment.add_protection_rule',
  'environment.update_protection_rule',
  'environment.remove_protection_rule',
  'environment.delete',
] as const;

function field(event: AuditLogEvent, ...names: string[]): unknown {
  const data = event.data;
  for (const name of names) {
    if (event[name] !== undefined && event[name] !== null) return event[name];
    if (typeof data === 'object' && data !== null) {
      const v = (data as Record<string, unknown>)[name];
      if (v !== undefined && v !== null) return v;
    }
  }
  return undefined;
}

/** When an audit-log event happened (epoch milliseconds), or undefined if it does not say. */
export function eventMillis(event: AuditLogEvent): number | undefined {
  const t = field(event, '@timestamp', 'created_at');
  if (typeof t === 'number' && Number.isFinite(t)) return t;
  if (typeof t === 'string') {
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

function eventTime(event: AuditLogEvent): string {
  const t = field(event, '@timestamp', 'created_at');
  if (typeof t === 'number') return new Date(t).toISOString();
  return typeof t === 'string' ? t : 'an unknown time';
}

export interface ProtectionChange {
  readonly actor: string;
  readonly action: string;
  readonly environment: string;
  readonly time: string;
}

/**
 * Documented changes to the protection rules of the chain's environments at or after `since`
 * (epoch ms): a change during the run (e.g. reviewers removed, then restored) is not a review.
 */
export function findProtectionChanges(
  events: readonly AuditLogEvent[],
  target: { readonly repository: string; readonly environments: readonly string[]; readonly since: number },
): ProtectionChange[] {
  const out: ProtectionChange[] = [];
  for (const event of events) {
    const action = field(event, 'action');
    if (typeof action !== 'string' || !(ENVIRONMENT_AUDIT_EVENTS as readonly string[]).includes(action)) continue;
    const repo = field(event, 'repo', 'repository');
    if (typeof repo === 'string' && repo !== '' && repo.toLowerCase() !== target.repository.toLowerCase()) continue;
    const env = field(event, 'environment_name');
    if (typeof env !== 'string' || !target.environments.some((e) => sameName(e, env))) continue;
    const at = eventMillis(event);
    if (at !== undefined && at < target.since) continue;
    const actor = field(event, 'actor');
    out.push({
      actor: typeof actor === 'string' ? actor : 'an unknown user',
      action,
      environment: env,
      time: eventTime(event),
    });
  }
  return out;
}

/** The short name of a ref: `refs/tags/v1.0.0` → `v1.0.0`. */
export function shortRef(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '');
}
