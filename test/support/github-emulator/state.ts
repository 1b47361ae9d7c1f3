/** The emulator's in-memory state, and seeding it from a JSON document. */
import { newKeyPair, type KeyPair } from './crypto.ts';
import { GitStore } from './git.ts';

export type PermissionLevel = 'none' | 'read' | 'write' | 'admin';

export interface User {
  id: number;
  login: string;
  type: 'User' | 'Bot' | 'Organization';
  name: string | null;
  email: string | null;
  siteAdmin: boolean;
}

export interface Team {
  id: number;
  slug: string;
  name: string;
  description: string | null;
  privacy: 'closed' | 'secret';
  permission: string;
  members: string[];
  createdAt: string;
}

export interface Secret {
  name: string;
  value: string;
  createdAt: string;
  updatedAt: string;
  visibility?: 'all' | 'private' | 'selected';
  selectedRepositoryIds?: number[];
}

export interface Variable {
  name: string;
  value: string;
  createdAt: string;
  updatedAt: string;
  visibility?: 'all' | 'private' | 'selected';
  selectedRepositoryIds?: number[];
}

export interface Org {
  id: number;
  login: string;
  name: string | null;
  createdAt: string;
  teams: Map<string, Team>;
  secrets: Map<string, Secret>;
  variables: Map<string, Variable>;
  key: KeyPair | undefined;
  auditLog: Record<string, unknown>[];
  /** `enterprise` (Enterprise Cloud: the audit-log API exists) or `team` (it answers 404). */
  plan: 'enterprise' | 'team';
  /** Audit-log queries allowed per token and hour (GitHub: 1,750; fact audit-log-rate-limit). */
  auditLogRateLimit: number;
  /** The status of the limit's answer: 429 with retry-after, or 403 with the x-ratelimit-* headers only. */
  auditLogRateLimitStatus: 403 | 429;
  /** Token → times (ms) of its audit-log queries in the current hour. */
  auditLogQueries: Map<string, number[]>;
}

export interface BranchPolicy {
  id: number;
  name: string;
  type: 'branch' | 'tag';
}

export interface Reviewer {
  type: 'User' | 'Team';
  id: number;
}

export interface Environment {
  id: number;
  name: string;
  createdAt: string;
  updatedAt: string;
  waitTimer: number;
  preventSelfReview: boolean;
  reviewers: Reviewer[];
  deploymentBranchPolicy: { protected_branches: boolean; custom_branch_policies: boolean } | null;
  branchPolicies: BranchPolicy[];
  secrets: Map<string, Secret>;
  variables: Map<string, Variable>;
  key: KeyPair | undefined;
  /** Ids of the protection rules (stable across reads). */
  ruleIds: { waitTimer: number; reviewers: number; branchPolicy: number };
  /** `can_admins_bypass` (github-facts: environment-can-admins-bypass); GitHub's default is true. */
  canAdminsBypass: boolean;
  /** Custom deployment protection rules: a GitHub App gates the environment. */
  protectionRules: { id: number; appId: number; appSlug: string; enabled: boolean }[];
}

export interface Approval {
  environments: string[];
  state: 'approved' | 'rejected' | 'pending';
  comment: string;
  user: string;
  /** The run attempt the review was given in: kept, never rendered (github-facts: run-approvals-carry-no-attempt). */
  attempt: number;
}

/** One attempt of a workflow run (`GET .../runs/{id}/attempts/{n}`). */
export interface RunAttempt {
  number: number;
  startedAt: string;
}

export interface PendingDeployment {
  environment: string;
  waitTimer: number;
  waitTimerStartedAt: string | null;
  currentUserCanApprove: boolean;
  reviewers: { type: 'User' | 'Team'; name: string }[] | undefined;
}

export interface WorkflowRun {
  id: number;
  name: string;
  path: string;
  workflowId: number;
  runNumber: number;
  runAttempt: number;
  event: string;
  status: string;
  conclusion: string | null;
  headBranch: string | null;
  headSha: string;
  /** `owner/name` of the repository the head commit came from (a fork), when not the run's own. */
  headRepository?: string;
  actor: string;
  triggeringActor: string;
  createdAt: string;
  updatedAt: string;
  approvals: Approval[];
  pendingDeployments: PendingDeployment[];
  /** Attempts 1..runAttempt, each with when it started (`run_started_at`). */
  attempts: RunAttempt[];
}

export interface DeploymentStatus {
  id: number;
  state: string;
  description: string;
  environment: string;
  targetUrl: string;
  logUrl: string;
  environmentUrl: string;
  creator: string;
  createdAt: string;
  updatedAt: string;
}

export interface Deployment {
  id: number;
  sha: string;
  ref: string;
  task: string;
  payload: unknown;
  originalEnvironment: string;
  environment: string;
  description: string | null;
  creator: string;
  createdAt: string;
  updatedAt: string;
  transientEnvironment: boolean;
  productionEnvironment: boolean;
  statuses: DeploymentStatus[];
}

export interface DeployKey {
  id: number;
  key: string;
  title: string;
  readOnly: boolean;
  createdAt: string;
  addedBy: string | null;
}

export interface Hook {
  id: number;
  name: string;
  active: boolean;
  events: string[];
  config: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface Label {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface IssueComment {
  id: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
}

export interface Issue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: string | null;
  labels: string[];
  user: string;
  assignees: string[];
  comments: IssueComment[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** Who closed it (`closed_by`), when closed through the API. */
  closedBy?: string | null;
}

export interface Attestation {
  /** Names its blob: `/_blobs/attestations/{id}`. */
  id: number;
  digest: string;
  bundle: Record<string, unknown>;
  predicateType: string;
  repositoryId: number;
  initiator: string;
  /**
   * How the API answers it: 'url' (GitHub today: `bundle: null` + `bundle_url`), 'inline' (the
   * older shape: the bundle and a `bundle_url`), 'none' (neither: a malformed answer for tests).
   */
  shape: 'url' | 'inline' | 'none';
  /** How its blob is served: snappy block (GitHub today), snappy framed, or plain JSON. */
  encoding: 'snappy' | 'snappy-framed' | 'json';
}

export interface Workflow {
  id: number;
  name: string;
  path: string;
  state: string;
  createdAt: string;
  updatedAt: string;
}

export interface Repo {
  id: number;
  owner: string;
  name: string;
  private: boolean;
  visibility: 'public' | 'private' | 'internal';
  defaultBranch: string;
  fork: boolean;
  archived: boolean;
  isTemplate: boolean;
  description: string | null;
  topics: string[];
  createdAt: string;
  updatedAt: string;
  environments: Map<string, Environment>;
  secrets: Map<string, Secret>;
  dependabotSecrets: Map<string, Secret>;
  variables: Map<string, Variable>;
  /** Branches with branch protection (GET .../branches/{branch} answers `protected: true`). */
  protectedBranches: Set<string>;
  actionsKey: KeyPair | undefined;
  dependabotKey: KeyPair | undefined;
  deployKeys: DeployKey[];
  hooks: Hook[];
  issues: Issue[];
  labels: Map<string, Label>;
  deployments: Deployment[];
  runs: Map<number, WorkflowRun>;
  workflows: Workflow[];
  attestations: Attestation[];
  git: GitStore;
  /** `has_issues`: false answers the issue endpoints 410 "Issues are disabled for this repo". */
  hasIssues: boolean;
  /** GitHub Apps installed on the repository that provide custom deployment protection rules. */
  protectionRuleApps: { id: number; slug: string }[];
  /** Collaborators' roles (`GET .../collaborators/{username}/permission`); others have 'read' or none. */
  collaborators: Map<string, 'admin' | 'maintain' | 'write' | 'triage' | 'read'>;
}

export interface TokenInfo {
  token: string;
  login: string;
  /** undefined: every permission. */
  permissions: Record<string, PermissionLevel> | undefined;
  /** A revoked/invalid token: every request gets 401 Bad credentials. */
  invalid: boolean;
  /**
   * When the token expires (ISO): answers carry `github-authentication-token-expiration`, and after
   * it every request gets 401 Bad credentials (installation tokens live one hour).
   */
  expiresAt?: string;
}

/** A GitHub App: its JWTs (RS256, `iss` = id) are verified with `publicKey`. */
export interface GitHubApp {
  id: number;
  slug: string;
  publicKey: string;
  /** Installations: account login → installation id. */
  installations: Map<string, number>;
  /** How long the installation tokens it mints live (seconds; GitHub: 3600). */
  tokenLifetimeSeconds: number;
}

export class State {
  users = new Map<string, User>();
  orgs = new Map<string, Org>();
  repos = new Map<string, Repo>();
  tokens = new Map<string, TokenInfo>();
  apps = new Map<number, GitHubApp>();
  private nextIdValue = 1000;
  /** Fixed "now" override for deterministic timestamps (ISO string), or undefined for the clock. */
  clock: string | undefined;
  /**
   * What `GET /meta` reports as `domains.artifact_attestations.trust_domain`: '' on github.com; a
   * GHE.com tenant's trust domain otherwise (tests set it to play a data-residency tenant).
   */
  attestationTrustDomain = '';

  nextId(): number {
    this.nextIdValue += 1;
    return this.nextIdValue;
  }

  now(): string {
    return isoSeconds(this.clock ? new Date(this.clock) : new Date());
  }

  repoKey(owner: string, name: string): string {
    return `${owner}/${name}`.toLowerCase();
  }

  getRepo(owner: string, name: string): Repo | undefined {
    return this.repos.get(this.repoKey(owner, name));
  }

  repoById(id: number): Repo | undefined {
    for (const r of this.repos.values()) if (r.id === id) return r;
    return undefined;
  }

  getOrg(login: string): Org | undefined {
    return this.orgs.get(login.toLowerCase());
  }

  getUser(login: string): User | undefined {
    return this.users.get(login.toLowerCase());
  }

  userById(id: number): User | undefined {
    for (const u of this.users.values()) if (u.id === id) return u;
    return undefined;
  }

  teamById(id: number): { org: Org; team: Team } | undefined {
    for (const org of this.orgs.values())
      for (const team of org.teams.values()) if (team.id === id) return { org, team };
    return undefined;
  }

  /** A user record for a login, created on demand (GitHub always knows who acted). */
  ensureUser(login: string, type: User['type'] = login.endsWith('[bot]') ? 'Bot' : 'User'): User {
    const existing = this.getUser(login);
    if (existing) return existing;
    const user: User = { id: this.nextId(), login, type, name: null, email: null, siteAdmin: false };
    this.users.set(login.toLowerCase(), user);
    return user;
  }

  ensureOrg(login: string): Org {
    const existing = this.getOrg(login);
    if (existing) return existing;
    const org: Org = {
      id: this.nextId(),
      login,
      name: null,
      createdAt: this.now(),
      teams: new Map(),
      secrets: new Map(),
      variables: new Map(),
      key: undefined,
      auditLog: [],
      plan: 'enterprise',
      auditLogRateLimit: 1750,
      auditLogRateLimitStatus: 429,
      auditLogQueries: new Map(),
    };
    this.orgs.set(login.toLowerCase(), org);
    return org;
  }

  createRepo(owner: string, name: string, opts: Partial<Repo> = {}): Repo {
    const now = this.now();
    const visibility = opts.visibility ?? (opts.private ? 'private' : 'public');
    const repo: Repo = {
      id: opts.id ?? this.nextId(),
      owner,
      name,
      private: opts.private ?? visibility !== 'public',
      visibility,
      defaultBranch: opts.defaultBranch ?? 'main',
      fork: opts.fork ?? false,
      archived: opts.archived ?? false,
      isTemplate: opts.isTemplate ?? false,
      description: opts.description ?? null,
      topics: opts.topics ?? [],
      createdAt: opts.createdAt ?? now,
      updatedAt: opts.updatedAt ?? now,
      environments: new Map(),
      secrets: new Map(),
      dependabotSecrets: new Map(),
      variables: new Map(),
      protectedBranches: new Set(),
      actionsKey: undefined,
      dependabotKey: undefined,
      deployKeys: [],
      hooks: [],
      issues: [],
      labels: new Map(),
      deployments: [],
      runs: new Map(),
      hasIssues: true,
      protectionRuleApps: [],
      collaborators: new Map(),
      workflows: [],
      attestations: [],
      git: new GitStore(),
    };
    // An initial (empty) commit so the default branch exists.
    const person = { name: 'Emulator', email: 'emulator@example.com', date: repo.createdAt };
    const tree = repo.git.buildTree(new Map());
    const commit = repo.git.putCommit({
      tree: tree.sha,
      parents: [],
      message: 'Initial commit',
      author: person,
      committer: person,
    });
    repo.git.refs.set(`refs/heads/${repo.defaultBranch}`, commit.sha);
    this.repos.set(this.repoKey(owner, name), repo);
    return repo;
  }

  ensureEnvironment(repo: Repo, name: string): Environment {
    const existing = findByName(repo.environments, name);
    if (existing) return existing;
    const now = this.now();
    const env: Environment = {
      id: this.nextId(),
      name,
      createdAt: now,
      updatedAt: now,
      waitTimer: 0,
      preventSelfReview: false,
      reviewers: [],
      deploymentBranchPolicy: null,
      branchPolicies: [],
      secrets: new Map(),
      variables: new Map(),
      key: undefined,
      ruleIds: { waitTimer: this.nextId(), reviewers: this.nextId(), branchPolicy: this.nextId() },
      canAdminsBypass: true,
      protectionRules: [],
    };
    repo.environments.set(name, env);
    return env;
  }

  repoKeyPair(repo: Repo, kind: 'actions' | 'dependabot'): KeyPair {
    if (kind === 'actions') return (repo.actionsKey ??= newKeyPair());
    return (repo.dependabotKey ??= newKeyPair());
  }

  envKeyPair(env: Environment): KeyPair {
    return (env.key ??= newKeyPair());
  }

  orgKeyPair(org: Org): KeyPair {
    return (org.key ??= newKeyPair());
  }

  tokenInfo(token: string): TokenInfo {
    return this.tokens.get(token) ?? { token, login: 'github-actions[bot]', permissions: undefined, invalid: false };
  }
}

/** Case-insensitive lookup by name, as GitHub treats environment and secret names. */
export function findByName<T>(map: Map<string, T>, name: string): T | undefined {
  const direct = map.get(name);
  if (direct !== undefined) return direct;
  const lower = name.toLowerCase();
  for (const [key, value] of map) if (key.toLowerCase() === lower) return value;
  return undefined;
}

export function deleteByName<T>(map: Map<string, T>, name: string): boolean {
  for (const key of map.keys()) {
    if (key.toLowerCase() === name.toLowerCase()) {
      map.delete(key);
      return true;
    }
  }
  return false;
}

export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
