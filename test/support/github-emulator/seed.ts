/** The seed document (`POST /_emulator/seed`, `emulator.seed(doc)`) and applying it to the state. */
import { ensureLabel } from './handlers-misc.ts';
import {
  findByName,
  type Deployment,
  type PermissionLevel,
  type Repo,
  type Reviewer,
  type Secret,
  type State,
  type Variable,
  type WorkflowRun,
} from './state.ts';

export interface SeedSecret {
  name: string;
  value: string;
  created_at?: string;
  updated_at?: string;
  /** Organization secrets only. */
  visibility?: 'all' | 'private' | 'selected';
  /** Organization secrets only: `owner/name` of repositories (or use selected_repository_ids). */
  selected_repositories?: string[];
  selected_repository_ids?: number[];
}

export type SeedVariable = SeedSecret;

export interface SeedReviewer {
  type: 'User' | 'Team';
  /** User login (type User). */
  login?: string;
  /** Team slug (type Team), `org/slug` or just `slug` (the repository owner's org). */
  slug?: string;
  /** Or the id directly. */
  id?: number;
}

export interface SeedEnvironment {
  name: string;
  wait_timer?: number;
  prevent_self_review?: boolean;
  reviewers?: SeedReviewer[];
  deployment_branch_policy?: { protected_branches: boolean; custom_branch_policies: boolean } | null;
  /** Custom deployment branch/tag policies (implies custom_branch_policies: true). */
  branch_policies?: (string | { name: string; type?: 'branch' | 'tag' })[];
  secrets?: SeedSecret[];
  variables?: SeedVariable[];
  created_at?: string;
  updated_at?: string;
  /** Let repository administrators bypass the protection rules (GitHub's default: true). */
  can_admins_bypass?: boolean;
  /** Custom deployment protection rules: the slug of the GitHub App that gates the environment. */
  protection_rules?: (string | { app: string; enabled?: boolean })[];
}

export interface SeedRun {
  id: number;
  name?: string;
  /** Workflow file path, default `.github/workflows/deploy.yml`. */
  path?: string;
  workflow_id?: number;
  run_number?: number;
  run_attempt?: number;
  event?: string;
  status?: string;
  conclusion?: string | null;
  head_branch?: string | null;
  /** Default: the head of head_branch (or of the default branch). */
  head_sha?: string;
  actor?: string;
  triggering_actor?: string;
  created_at?: string;
  updated_at?: string;
  /**
   * The repository the run's head commit came from (`owner/name` of a repository seeded before
   * this one, e.g. a fork with `fork: true`), rendered as the run's `head_repository` (a `minimal-repository` in
   * the `workflow-run` schema, with `full_name` and `fork`). Default: the run's own repository.
   */
  head_repository?: string;
  /**
   * Reviews of the run's pending deployments. `attempt` (default: the last attempt) is kept but never
   * rendered: GitHub's approvals carry no attempt (github-facts: run-approvals-carry-no-attempt). Each
   * review also records the deployment GitHub creates when a job reaches its environment
   * (github-facts: environment-job-creates-deployment), in that attempt.
   */
  approvals?: {
    environments: string[];
    state: 'approved' | 'rejected' | 'pending';
    comment?: string;
    user: string;
    attempt?: number;
  }[];
  /** When each attempt started (`run_started_at`), oldest first; default: every attempt at created_at. */
  attempts?: string[];
  /**
   * Environments a job of this run reached without a review (e.g. an administrator bypassed the
   * rules, or a protection-rule app approved): GitHub still records a deployment for each.
   */
  reached?: { environment: string; attempt?: number; state?: 'queued' | 'waiting' }[];
  pending_deployments?: {
    environment: string;
    wait_timer?: number;
    wait_timer_started_at?: string | null;
    current_user_can_approve?: boolean;
    /** Default: the environment's configured reviewers. `name` is a login, or a team slug for type Team. */
    reviewers?: { type: 'User' | 'Team'; name: string }[];
  }[];
}

export interface SeedFile {
  path: string;
  content: string;
  /** Default: the repository's default branch. */
  branch?: string;
  /** 'utf-8' (default) or 'base64'. */
  encoding?: 'utf-8' | 'base64';
  message?: string;
}

export interface SeedAttestation {
  /** `owner/name`; required at the top level, implied inside a repo entry. */
  repo?: string;
  /** `sha256:<hex>` */
  digest: string;
  /** Sigstore bundle (JSON object). */
  bundle: Record<string, unknown>;
  /** Default: read from the bundle's DSSE in-toto statement. */
  predicate_type?: string;
  /** Default `github-actions[bot]`; GitHub's release attestations say `github`. */
  initiator?: string;
  /**
   * 'url' (default, as GitHub answers today: `bundle: null` and a `bundle_url` on the emulator's
   * blob route), 'inline' (the older shape, bundle included), 'none' (neither field).
   */
  bundle_shape?: 'url' | 'inline' | 'none';
  /** How the blob route serves the bundle: 'snappy' (default, block format), 'snappy-framed', 'json'. */
  blob_encoding?: 'snappy' | 'snappy-framed' | 'json';
}

export interface SeedRepo {
  /** `owner/name`, or give owner + name. */
  full_name?: string;
  owner?: string;
  name?: string;
  id?: number;
  default_branch?: string;
  visibility?: 'public' | 'private' | 'internal';
  private?: boolean;
  fork?: boolean;
  archived?: boolean;
  is_template?: boolean;
  description?: string;
  topics?: string[];
  created_at?: string;
  updated_at?: string;
  /** Extra branches, created at the default branch head (or `{ name: sha/ref }`). */
  branches?: string[] | Record<string, string>;
  /** Branches with branch protection (`protected: true` in the branches API). */
  protected_branches?: string[];
  environments?: SeedEnvironment[];
  secrets?: SeedSecret[];
  dependabot_secrets?: SeedSecret[];
  variables?: SeedVariable[];
  deploy_keys?: { title: string; key: string; read_only?: boolean; id?: number; created_at?: string }[];
  hooks?: { name?: string; config: Record<string, unknown>; events?: string[]; active?: boolean; id?: number }[];
  labels?: { name: string; color?: string; description?: string }[];
  issues?: {
    title: string;
    body?: string;
    state?: 'open' | 'closed';
    labels?: string[];
    user?: string;
    created_at?: string;
  }[];
  /** Files committed on a branch (one commit per branch per seed call). Or a `path → content` map. */
  files?: SeedFile[] | Record<string, string>;
  workflows?: { id?: number; name: string; path: string; state?: string }[];
  runs?: SeedRun[];
  attestations?: SeedAttestation[];
  /** false: the repository has issues turned off (issue endpoints answer 410). */
  has_issues?: boolean;
  /** GitHub Apps installed on the repository that provide custom deployment protection rules (slugs). */
  protection_rule_apps?: string[];
  /** Collaborators and their role (`collaborators/{username}/permission`). */
  collaborators?: Record<string, 'admin' | 'maintain' | 'write' | 'triage' | 'read'>;
}

export interface SeedDocument {
  /** Freeze the emulator clock (ISO time) for deterministic timestamps; null to unfreeze. */
  clock?: string | null;
  users?: { login: string; id?: number; type?: 'User' | 'Bot'; name?: string; email?: string; site_admin?: boolean }[];
  orgs?: {
    login: string;
    id?: number;
    name?: string;
    teams?: {
      slug: string;
      name?: string;
      id?: number;
      description?: string;
      privacy?: 'closed' | 'secret';
      permission?: string;
      members?: string[];
    }[];
    secrets?: SeedSecret[];
    variables?: SeedVariable[];
    /** Audit-log events (arbitrary objects; `@timestamp`/`created_at` may be ms numbers or ISO strings). */
    audit_log?: Record<string, unknown>[];
    /** `team`: no audit-log API (404, as on plans other than Enterprise Cloud). Default `enterprise`. */
    plan?: 'enterprise' | 'team';
    /** Audit-log queries per token and hour before 429 (default GitHub's 1,750); setting it resets the count. */
    audit_log_rate_limit?: number;
    /**
     * How the limit is answered (fact audit-log-rate-limit: "typically a 403 or 429"): 429 with
     * retry-after (default), or 403 with `x-ratelimit-remaining: 0` and the reset time, no retry-after.
     */
    audit_log_rate_limit_status?: 403 | 429;
  }[];
  repos?: (string | SeedRepo)[];
  attestations?: SeedAttestation[];
  /** Audit-log events by org: `{ org: 'acme', ...event }`. */
  audit_log?: (Record<string, unknown> & { org: string })[];
  tokens?: {
    token: string;
    login?: string;
    permissions?: Record<string, PermissionLevel>;
    invalid?: boolean;
    /** ISO time the token expires (answers carry `github-authentication-token-expiration`). */
    expires_at?: string;
  }[];
  /** GitHub Apps (their JWTs are verified with public_key) installed on the given accounts. */
  apps?: { id: number; slug: string; public_key: string; installations: string[]; token_lifetime_seconds?: number }[];
}

function seedSecrets(
  state: State,
  target: Map<string, Secret | Variable>,
  list: SeedSecret[] | undefined,
  org: boolean,
): void {
  for (const s of list ?? []) {
    const now = state.now();
    const name = s.name.toUpperCase();
    const ids = [...(s.selected_repository_ids ?? [])];
    for (const full of s.selected_repositories ?? []) {
      const [owner, repo] = full.split('/');
      const r = owner && repo ? state.getRepo(owner, repo) : undefined;
      if (r) ids.push(r.id);
    }
    target.set(name, {
      name,
      value: s.value,
      createdAt: s.created_at ?? now,
      updatedAt: s.updated_at ?? s.created_at ?? now,
      ...(org ? { visibility: s.visibility ?? 'private', selectedRepositoryIds: ids } : {}),
    });
  }
}

function predicateTypeOf(bundle: Record<string, unknown>): string {
  const env = bundle.dsseEnvelope;
  if (typeof env === 'object' && env !== null) {
    const payload = (env as { payload?: unknown }).payload;
    if (typeof payload === 'string') {
      try {
        const statement = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as unknown;
        if (typeof statement === 'object' && statement !== null) {
          const t = (statement as { predicateType?: unknown }).predicateType;
          if (typeof t === 'string') return t;
        }
      } catch {
        // not an in-toto statement
      }
    }
  }
  return 'https://slsa.dev/provenance/v1';
}

function toMillis(value: unknown): unknown {
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  return value;
}

function normalizeEvent(state: State, event: Record<string, unknown>): Record<string, unknown> {
  const e: Record<string, unknown> = { ...event };
  delete e.org_login;
  if (e['@timestamp'] === undefined && e.created_at !== undefined) e['@timestamp'] = e.created_at;
  if (e['@timestamp'] === undefined) e['@timestamp'] = Date.parse(state.now());
  e['@timestamp'] = toMillis(e['@timestamp']);
  e.created_at = toMillis(e.created_at ?? e['@timestamp']);
  if (e._document_id === undefined) e._document_id = `doc-${state.nextId()}`;
  return e;
}

export function applySeed(state: State, doc: SeedDocument): void {
  if (doc.clock !== undefined) state.clock = doc.clock ?? undefined;
  for (const u of doc.users ?? []) {
    const user = state.ensureUser(u.login, u.type ?? 'User');
    if (u.id !== undefined) user.id = u.id;
    if (u.type) user.type = u.type;
    if (u.name !== undefined) user.name = u.name;
    if (u.email !== undefined) user.email = u.email;
    if (u.site_admin !== undefined) user.siteAdmin = u.site_admin;
  }
  for (const t of doc.tokens ?? []) {
    state.tokens.set(t.token, {
      token: t.token,
      login: t.login ?? 'github-actions[bot]',
      permissions: t.permissions,
      invalid: t.invalid === true,
      ...(t.expires_at ? { expiresAt: t.expires_at } : {}),
    });
    if (t.login) state.ensureUser(t.login);
  }
  for (const a of doc.apps ?? []) {
    state.apps.set(a.id, {
      id: a.id,
      slug: a.slug,
      publicKey: a.public_key,
      installations: new Map(a.installations.map((account) => [account.toLowerCase(), state.nextId()])),
      tokenLifetimeSeconds: a.token_lifetime_seconds ?? 3600,
    });
    state.ensureUser(`${a.slug}[bot]`);
  }
  for (const o of doc.orgs ?? []) {
    const org = state.ensureOrg(o.login);
    if (o.id !== undefined) org.id = o.id;
    if (o.name !== undefined) org.name = o.name;
    for (const t of o.teams ?? []) {
      for (const m of t.members ?? []) state.ensureUser(m);
      org.teams.set(t.slug.toLowerCase(), {
        id: t.id ?? state.nextId(),
        slug: t.slug,
        name: t.name ?? t.slug,
        description: t.description ?? null,
        privacy: t.privacy ?? 'closed',
        permission: t.permission ?? 'pull',
        members: t.members ?? [],
        createdAt: state.now(),
      });
    }
    for (const e of o.audit_log ?? []) org.auditLog.push(normalizeEvent(state, e));
    if (o.plan) org.plan = o.plan;
    if (o.audit_log_rate_limit !== undefined) {
      org.auditLogRateLimit = o.audit_log_rate_limit;
      org.auditLogQueries.clear();
    }
    if (o.audit_log_rate_limit_status !== undefined) org.auditLogRateLimitStatus = o.audit_log_rate_limit_status;
  }
  for (const e of doc.audit_log ?? []) {
    const org = state.ensureOrg(e.org);
    const copy: Record<string, unknown> = { ...e };
    if (copy.org === undefined) delete copy.org;
    org.auditLog.push(normalizeEvent(state, copy));
  }
  for (const entry of doc.repos ?? []) {
    const r: SeedRepo = typeof entry === 'string' ? { full_name: entry } : entry;
    const [owner, name] = r.full_name ? r.full_name.split('/') : [r.owner, r.name];
    if (!owner || !name) throw new Error(`seed: repo needs full_name or owner+name: ${JSON.stringify(entry)}`);
    if (!state.getUser(owner) || state.getOrg(owner)) state.ensureOrg(owner);
    let repo = state.getRepo(owner, name);
    if (!repo) {
      repo = state.createRepo(owner, name, {
        id: r.id,
        defaultBranch: r.default_branch,
        visibility: r.visibility,
        private: r.private,
        fork: r.fork,
        archived: r.archived,
        isTemplate: r.is_template,
        description: r.description,
        topics: r.topics,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      });
    } else {
      if (r.visibility) {
        repo.visibility = r.visibility;
        repo.private = r.visibility !== 'public';
      }
      if (r.fork !== undefined) repo.fork = r.fork;
      if (r.archived !== undefined) repo.archived = r.archived;
      if (r.is_template !== undefined) repo.isTemplate = r.is_template;
      if (r.description !== undefined) repo.description = r.description;
    }
    const head = repo.git.refs.get(`refs/heads/${repo.defaultBranch}`) ?? '';
    const files: SeedFile[] = Array.isArray(r.files)
      ? r.files
      : Object.entries(r.files ?? {}).map(([path, content]) => ({ path, content }));
    const byBranch = new Map<string, SeedFile[]>();
    for (const f of files) {
      const b = f.branch ?? repo.defaultBranch;
      byBranch.set(b, [...(byBranch.get(b) ?? []), f]);
    }
    const branches = Array.isArray(r.branches)
      ? Object.fromEntries(r.branches.map((b) => [b, repo.defaultBranch]))
      : (r.branches ?? {});
    for (const [b, at] of Object.entries(branches)) {
      if (!repo.git.refs.has(`refs/heads/${b}`)) repo.git.refs.set(`refs/heads/${b}`, repo.git.resolve(at) ?? head);
    }
    for (const b of r.protected_branches ?? []) {
      if (head && !repo.git.refs.has(`refs/heads/${b}`)) repo.git.refs.set(`refs/heads/${b}`, head);
      repo.protectedBranches.add(b);
    }
    for (const [branch, list] of byBranch) {
      if (!repo.git.refs.has(`refs/heads/${branch}`)) repo.git.refs.set(`refs/heads/${branch}`, head);
      const map = new Map<string, Buffer | null>();
      for (const f of list)
        map.set(f.path.replace(/^\/+/, ''), Buffer.from(f.content, f.encoding === 'base64' ? 'base64' : 'utf8'));
      const date = state.now();
      repo.git.commitFiles(branch, map, list.map((f) => f.message).find((m) => m) ?? 'Seed files', {
        name: 'Emulator',
        email: 'emulator@example.com',
        date,
      });
    }
    for (const env of r.environments ?? []) {
      const e = state.ensureEnvironment(repo, env.name);
      if (env.created_at) e.createdAt = env.created_at;
      if (env.updated_at) e.updatedAt = env.updated_at;
      if (env.wait_timer !== undefined) e.waitTimer = env.wait_timer;
      if (env.prevent_self_review !== undefined) e.preventSelfReview = env.prevent_self_review;
      if (env.reviewers) {
        e.reviewers = env.reviewers.map((rv): Reviewer => {
          if (rv.id !== undefined) return { type: rv.type, id: rv.id };
          if (rv.type === 'Team') {
            const slug = rv.slug ?? '';
            const [orgLogin, teamSlug] = slug.includes('/') ? slug.split('/') : [owner, slug];
            const org = state.ensureOrg(orgLogin ?? owner);
            let team = org.teams.get((teamSlug ?? '').toLowerCase());
            if (!team) {
              team = {
                id: state.nextId(),
                slug: teamSlug ?? '',
                name: teamSlug ?? '',
                description: null,
                privacy: 'closed',
                permission: 'pull',
                members: [],
                createdAt: state.now(),
              };
              org.teams.set(team.slug.toLowerCase(), team);
            }
            return { type: 'Team', id: team.id };
          }
          return { type: 'User', id: state.ensureUser(rv.login ?? 'octocat').id };
        });
      }
      if (env.deployment_branch_policy !== undefined) e.deploymentBranchPolicy = env.deployment_branch_policy;
      if (env.branch_policies) {
        e.deploymentBranchPolicy = { protected_branches: false, custom_branch_policies: true };
        e.branchPolicies = env.branch_policies.map((p) =>
          typeof p === 'string'
            ? { id: state.nextId(), name: p, type: 'branch' as const }
            : { id: state.nextId(), name: p.name, type: p.type ?? 'branch' },
        );
      }
      if (env.can_admins_bypass !== undefined) e.canAdminsBypass = env.can_admins_bypass;
      for (const rule of env.protection_rules ?? []) {
        const slug = typeof rule === 'string' ? rule : rule.app;
        const app = ensureProtectionApp(state, repo, slug);
        e.protectionRules.push({
          id: state.nextId(),
          appId: app.id,
          appSlug: app.slug,
          enabled: typeof rule === 'string' ? true : (rule.enabled ?? true),
        });
      }
      seedSecrets(state, e.secrets, env.secrets, false);
      seedSecrets(state, e.variables, env.variables, false);
    }
    if (r.has_issues !== undefined) repo.hasIssues = r.has_issues;
    for (const slug of r.protection_rule_apps ?? []) ensureProtectionApp(state, repo, slug);
    for (const [login, role] of Object.entries(r.collaborators ?? {})) {
      repo.collaborators.set(state.ensureUser(login).login.toLowerCase(), role);
    }
    seedSecrets(state, repo.secrets, r.secrets, false);
    seedSecrets(state, repo.dependabotSecrets, r.dependabot_secrets, false);
    seedSecrets(state, repo.variables, r.variables, false);
    for (const k of r.deploy_keys ?? []) {
      repo.deployKeys.push({
        id: k.id ?? state.nextId(),
        key: k.key,
        title: k.title,
        readOnly: k.read_only ?? true,
        createdAt: k.created_at ?? state.now(),
        addedBy: null,
      });
    }
    for (const h of r.hooks ?? []) {
      const now = state.now();
      repo.hooks.push({
        id: h.id ?? state.nextId(),
        name: h.name ?? 'web',
        active: h.active ?? true,
        events: h.events ?? ['push'],
        config: { content_type: 'form', insecure_ssl: '0', ...h.config },
        createdAt: now,
        updatedAt: now,
      });
    }
    for (const l of r.labels ?? []) ensureLabel({ state }, repo, l.name, l.color, l.description ?? null);
    for (const i of r.issues ?? []) {
      const now = i.created_at ?? state.now();
      for (const l of i.labels ?? []) ensureLabel({ state }, repo, l);
      repo.issues.push({
        id: state.nextId(),
        number: repo.issues.length + 1,
        title: i.title,
        body: i.body ?? null,
        state: i.state ?? 'open',
        stateReason: i.state === 'closed' ? 'completed' : null,
        labels: i.labels ?? [],
        user: state.ensureUser(i.user ?? 'octocat').login,
        assignees: [],
        comments: [],
        createdAt: now,
        updatedAt: now,
        closedAt: i.state === 'closed' ? now : null,
      });
    }
    for (const w of r.workflows ?? []) {
      const now = state.now();
      repo.workflows.push({
        id: w.id ?? state.nextId(),
        name: w.name,
        path: w.path,
        state: w.state ?? 'active',
        createdAt: now,
        updatedAt: now,
      });
    }
    for (const run of r.runs ?? []) {
      const now = run.created_at ?? state.now();
      const branch = run.head_branch === undefined ? repo.defaultBranch : run.head_branch;
      const headSha = run.head_sha ?? repo.git.resolve(branch ?? repo.defaultBranch) ?? head;
      const actor = state.ensureUser(run.actor ?? 'octocat').login;
      const path = run.path ?? '.github/workflows/deploy.yml';
      const runAttempt = run.run_attempt ?? run.attempts?.length ?? 1;
      const attempts = Array.from({ length: runAttempt }, (_, i) => ({
        number: i + 1,
        startedAt: run.attempts?.[i] ?? now,
      }));
      const attemptOf = (n: number | undefined, what: string): number => {
        const a = n ?? runAttempt;
        if (!Number.isInteger(a) || a < 1 || a > runAttempt)
          throw new Error(`seed: run ${run.id}: ${what} names attempt ${a}, but the run has ${runAttempt}`);
        return a;
      };
      const approvals = (run.approvals ?? []).map((a) => ({
        environments: a.environments,
        state: a.state,
        comment: a.comment ?? '',
        user: state.ensureUser(a.user).login,
        attempt: attemptOf(a.attempt, `an approval by ${a.user}`),
      }));
      // github-facts: one-review-per-environment-per-attempt. GitHub never holds two decisions
      // for one environment in one attempt: refuse a seed that says otherwise.
      const decided = new Set<string>();
      for (const a of approvals) {
        if (a.state === 'pending') continue;
        for (const envName of a.environments) {
          const key = `${a.attempt}:${envName.toLowerCase()}`;
          if (decided.has(key))
            throw new Error(
              `seed: run ${run.id}: environment '${envName}' has two reviews in attempt ${a.attempt}; on GitHub the first review releases or rejects the environment's jobs (github-facts: one-review-per-environment-per-attempt)`,
            );
          decided.add(key);
        }
      }
      const wf: WorkflowRun = {
        id: run.id,
        name: run.name ?? 'Deploy',
        path,
        workflowId: run.workflow_id ?? repo.workflows.find((w) => w.path === path)?.id ?? 161335,
        runNumber: run.run_number ?? 1,
        runAttempt,
        event: run.event ?? 'push',
        status: run.status ?? 'in_progress',
        conclusion: run.conclusion ?? null,
        headBranch: branch,
        headSha,
        ...(run.head_repository ? { headRepository: headRepositoryOf(state, run.id, run.head_repository) } : {}),
        actor,
        triggeringActor: state.ensureUser(run.triggering_actor ?? actor).login,
        createdAt: now,
        updatedAt: run.updated_at ?? now,
        approvals,
        attempts,
        pendingDeployments: (run.pending_deployments ?? []).map((p) => {
          const env = findByName(repo.environments, p.environment) ?? state.ensureEnvironment(repo, p.environment);
          return {
            environment: env.name,
            waitTimer: p.wait_timer ?? env.waitTimer,
            waitTimerStartedAt: p.wait_timer_started_at ?? (env.waitTimer > 0 ? now : null),
            currentUserCanApprove: p.current_user_can_approve ?? true,
            reviewers: p.reviewers,
          };
        }),
      };
      repo.runs.set(run.id, wf);
      // github-facts: environment-job-creates-deployment — a job that reaches an environment gets a
      // deployment, at the run's commit, when the attempt runs it (whether reviewers then approve or reject).
      const reached: { environment: string; attempt: number; state?: 'queued' | 'waiting' }[] = [];
      for (const a of approvals) {
        if (a.state === 'pending') continue;
        for (const envName of a.environments) reached.push({ environment: envName, attempt: a.attempt });
      }
      for (const x of run.reached ?? [])
        reached.push({
          environment: x.environment,
          attempt: attemptOf(x.attempt, `reached '${x.environment}'`),
          ...(x.state ? { state: x.state } : {}),
        });
      for (const x of reached) {
        const at = attempts[x.attempt - 1]?.startedAt ?? now;
        recordActionsDeployment(state, repo, wf, x.environment, at, x.state);
      }
    }
    for (const a of r.attestations ?? []) addAttestation(state, `${owner}/${name}`, a);
  }
  for (const a of doc.attestations ?? []) {
    if (!a.repo) throw new Error('seed: top-level attestations need repo: "owner/name"');
    addAttestation(state, a.repo, a);
  }
  // Organization secrets/variables last, so selected_repositories can name seeded repos.
  for (const o of doc.orgs ?? []) {
    const org = state.ensureOrg(o.login);
    seedSecrets(state, org.secrets, o.secrets, true);
    seedSecrets(state, org.variables, o.variables, true);
  }
}

function ensureProtectionApp(state: State, repo: Repo, slug: string): { id: number; slug: string } {
  let app = repo.protectionRuleApps.find((a) => a.slug === slug);
  if (!app) {
    app = { id: state.nextId(), slug };
    repo.protectionRuleApps.push(app);
  }
  return app;
}

/**
 * The deployment GitHub Actions records for a job that references an environment
 * (github-facts: environment-job-creates-deployment): at the run's commit, created by the run's
 * actor, with a status linking the run.
 */
export function recordActionsDeployment(
  state: State,
  repo: Repo,
  run: WorkflowRun,
  environment: string,
  at: string,
  /**
   * `queued` once the job got through the environment's protection rules; `waiting` while a rule
   * still holds it: no status yet (REST deployment statuses have no `waiting` state in the description).
   */
  status: 'queued' | 'waiting' = 'queued',
): Deployment {
  const env = findByName(repo.environments, environment) ?? state.ensureEnvironment(repo, environment);
  const runUrl = `https://github.com/${repo.owner}/${repo.name}/actions/runs/${run.id}`;
  const d: Deployment = {
    id: state.nextId(),
    sha: run.headSha,
    ref: run.headBranch ?? run.headSha,
    task: 'deploy',
    payload: {},
    originalEnvironment: env.name,
    environment: env.name,
    description: null,
    creator: run.triggeringActor,
    createdAt: at,
    updatedAt: at,
    transientEnvironment: false,
    productionEnvironment: false,
    statuses: [],
  };
  if (status === 'waiting') {
    repo.deployments.push(d);
    return d;
  }
  d.statuses.push({
    id: state.nextId(),
    state: 'queued',
    description: '',
    environment: env.name,
    targetUrl: runUrl,
    logUrl: runUrl,
    environmentUrl: '',
    creator: run.triggeringActor,
    createdAt: at,
    updatedAt: at,
  });
  repo.deployments.push(d);
  return d;
}

function addAttestation(state: State, full: string, a: SeedAttestation): void {
  const [owner, name] = full.split('/');
  const repo = owner && name ? state.getRepo(owner, name) : undefined;
  if (!repo) throw new Error(`seed: attestation for unknown repo ${full} (seed the repo first)`);
  repo.attestations.push({
    id: state.nextId(),
    shape: a.bundle_shape ?? 'url',
    encoding: a.blob_encoding ?? 'snappy',
    digest: a.digest,
    bundle: a.bundle,
    predicateType: a.predicate_type ?? predicateTypeOf(a.bundle),
    repositoryId: repo.id,
    initiator: a.initiator ?? 'github-actions[bot]',
  });
}

/** A run's head repository must be a seeded repository: the emulator renders it in full. */
function headRepositoryOf(state: State, runId: number, fullName: string): string {
  const [owner = '', name = ''] = fullName.split('/');
  const repo = state.getRepo(owner, name);
  if (!repo) throw new Error(`seed: run ${runId}: head_repository '${fullName}' is not a seeded repository`);
  return `${repo.owner}/${repo.name}`;
}
