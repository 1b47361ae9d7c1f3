/** Builders for GitHub-shaped response objects: complete, as GitHub sends them (nothing is filled in later). */
import type { CommitObject, GitStore, TagObject } from './git.ts';
import type {
  Deployment,
  DeploymentStatus,
  Environment,
  Issue,
  IssueComment,
  Label,
  Org,
  Repo,
  State,
  Team,
  User,
  WorkflowRun,
} from './state.ts';

export interface RenderContext {
  state: State;
  /** API base URL, e.g. http://127.0.0.1:1234 */
  api: string;
}

export const HTML = 'https://github.com';

function nodeId(kind: string, id: number | string): string {
  return Buffer.from(`0:${kind}${id}`).toString('base64').replace(/=+$/, '');
}

export function renderUser(ctx: RenderContext, user: User | string): Record<string, unknown> {
  const u = typeof user === 'string' ? ctx.state.ensureUser(user) : user;
  const url = `${ctx.api}/users/${encodeURIComponent(u.login)}`;
  return {
    login: u.login,
    id: u.id,
    node_id: nodeId(u.type === 'Bot' ? 'Bot' : 'User', u.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${u.id}?v=4`,
    gravatar_id: '',
    url,
    html_url: u.type === 'Bot' ? `${HTML}/apps/${u.login.replace(/\[bot\]$/, '')}` : `${HTML}/${u.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: u.type,
    site_admin: u.siteAdmin,
    user_view_type: 'public',
  };
}

export function renderOwner(ctx: RenderContext, login: string): Record<string, unknown> {
  const org = ctx.state.getOrg(login);
  if (org) {
    return {
      ...renderUser(ctx, {
        id: org.id,
        login: org.login,
        type: 'Organization',
        name: null,
        email: null,
        siteAdmin: false,
      }),
    };
  }
  return renderUser(ctx, login);
}

export function renderTeam(ctx: RenderContext, org: Org, team: Team, full = false): Record<string, unknown> {
  const url = `${ctx.api}/orgs/${org.login}/teams/${team.slug}`;
  const base: Record<string, unknown> = {
    id: team.id,
    node_id: nodeId('Team', team.id),
    url,
    html_url: `${HTML}/orgs/${org.login}/teams/${team.slug}`,
    name: team.name,
    slug: team.slug,
    description: team.description,
    privacy: team.privacy,
    notification_setting: 'notifications_enabled',
    permission: team.permission,
    members_url: `${url}/members{/member}`,
    repositories_url: `${url}/repos`,
    parent: null,
    type: 'organization',
    organization_id: org.id,
  };
  if (!full) return base;
  return {
    ...base,
    members_count: team.members.length,
    repos_count: 0,
    created_at: team.createdAt,
    updated_at: team.createdAt,
    organization: renderOrgFull(ctx, org),
  };
}

export function renderOrgFull(ctx: RenderContext, org: Org): Record<string, unknown> {
  const url = `${ctx.api}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: nodeId('Organization', org.id),
    url,
    repos_url: `${url}/repos`,
    events_url: `${url}/events`,
    hooks_url: `${url}/hooks`,
    issues_url: `${url}/issues`,
    members_url: `${url}/members{/member}`,
    public_members_url: `${url}/public_members{/member}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${org.id}?v=4`,
    description: null,
    html_url: `${HTML}/${org.login}`,
    name: org.name ?? org.login,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    type: 'Organization',
    created_at: org.createdAt,
    updated_at: org.createdAt,
    archived_at: null,
  };
}

export function renderRepo(ctx: RenderContext, repo: Repo): Record<string, unknown> {
  const full = `${repo.owner}/${repo.name}`;
  const url = `${ctx.api}/repos/${full}`;
  const head = repo.git.refs.get(`refs/heads/${repo.defaultBranch}`);
  const headCommit = head ? repo.git.commit(head) : undefined;
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: full,
    owner: renderOwner(ctx, repo.owner),
    private: repo.private,
    visibility: repo.visibility,
    html_url: `${HTML}/${full}`,
    description: repo.description,
    fork: repo.fork,
    url,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    git_url: `git://github.com/${full}.git`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    ssh_url: `git@github.com:${full}.git`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
    clone_url: `${HTML}/${full}.git`,
    mirror_url: null,
    hooks_url: `${url}/hooks`,
    svn_url: `${HTML}/${full}`,
    homepage: null,
    language: null,
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues_count: repo.issues.filter((i) => i.state === 'open').length,
    open_issues: repo.issues.filter((i) => i.state === 'open').length,
    is_template: repo.isTemplate,
    topics: repo.topics,
    has_issues: repo.hasIssues,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: repo.archived,
    disabled: false,
    pushed_at: headCommit?.committer.date ?? repo.updatedAt,
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
    allow_rebase_merge: true,
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    allow_forking: true,
    web_commit_signoff_required: false,
    subscribers_count: 0,
    network_count: 0,
    license: null,
    temp_clone_token: '',
    ...(ctx.state.getOrg(repo.owner) ? { organization: renderOwner(ctx, repo.owner) } : {}),
  };
}

export function renderEnvironment(ctx: RenderContext, repo: Repo, env: Environment): Record<string, unknown> {
  const rules: Record<string, unknown>[] = [];
  if (env.waitTimer > 0) {
    rules.push({
      id: env.ruleIds.waitTimer,
      node_id: nodeId('GateRule', env.ruleIds.waitTimer),
      type: 'wait_timer',
      wait_timer: env.waitTimer,
    });
  }
  if (env.reviewers.length > 0) {
    rules.push({
      id: env.ruleIds.reviewers,
      node_id: nodeId('GateRule', env.ruleIds.reviewers),
      prevent_self_review: env.preventSelfReview,
      type: 'required_reviewers',
      reviewers: env.reviewers.map((r) => renderReviewer(ctx, r.type, r.id)),
    });
  }
  if (env.deploymentBranchPolicy) {
    rules.push({
      id: env.ruleIds.branchPolicy,
      node_id: nodeId('GateRule', env.ruleIds.branchPolicy),
      type: 'branch_policy',
    });
  }
  return {
    id: env.id,
    node_id: nodeId('Environment', env.id),
    name: env.name,
    url: `${ctx.api}/repos/${repo.owner}/${repo.name}/environments/${encodeURIComponent(env.name)}`,
    html_url: `${HTML}/${repo.owner}/${repo.name}/deployments/activity_log?environments_filter=${encodeURIComponent(env.name)}`,
    created_at: env.createdAt,
    updated_at: env.updatedAt,
    protection_rules: rules,
    deployment_branch_policy: env.deploymentBranchPolicy,
    // github-facts: environment-can-admins-bypass
    can_admins_bypass: env.canAdminsBypass,
  };
}

export function renderReviewer(ctx: RenderContext, type: 'User' | 'Team', id: number): Record<string, unknown> {
  if (type === 'Team') {
    const found = ctx.state.teamById(id);
    if (found) return { type: 'Team', reviewer: renderTeam(ctx, found.org, found.team) };
  }
  const user = ctx.state.userById(id);
  // A reviewer whose account is not seeded is still a complete user object, as GitHub sends one.
  const known = user ?? { id, login: `user-${id}`, type: 'User' as const, name: null, email: null, siteAdmin: false };
  return { type: 'User', reviewer: renderUser(ctx, known) };
}

export function renderEnvironmentSummary(ctx: RenderContext, repo: Repo, env: Environment): Record<string, unknown> {
  const full = renderEnvironment(ctx, repo, env);
  return {
    id: full.id,
    node_id: full.node_id,
    name: full.name,
    url: full.url,
    html_url: full.html_url,
    created_at: full.created_at,
    updated_at: full.updated_at,
  };
}

/** A run as of `attempt` (default: its latest attempt, as `GET .../runs/{id}` shows it). */
export function renderRun(
  ctx: RenderContext,
  repo: Repo,
  run: WorkflowRun,
  attempt: number = run.runAttempt,
): Record<string, unknown> {
  const url = `${ctx.api}/repos/${repo.owner}/${repo.name}/actions/runs/${run.id}`;
  const commit = repo.git.commit(run.headSha);
  const [headOwner = '', headName = ''] = (run.headRepository ?? '').split('/');
  const headRepo = (run.headRepository ? ctx.state.getRepo(headOwner, headName) : undefined) ?? repo;
  return {
    id: run.id,
    name: run.name,
    node_id: nodeId('WorkflowRun', run.id),
    // What the Actions UI shows: the head commit's subject for push runs.
    display_title: (commit?.message ?? run.name).split('\n')[0] ?? run.name,
    check_suite_id: run.id + 1,
    check_suite_node_id: nodeId('CheckSuite', run.id + 1),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: run.path,
    run_number: run.runNumber,
    run_attempt: attempt,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflowId,
    url,
    html_url: `${HTML}/${repo.owner}/${repo.name}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    run_started_at: run.attempts[attempt - 1]?.startedAt ?? run.createdAt,
    actor: renderUser(ctx, run.actor),
    triggering_actor: renderUser(ctx, run.triggeringActor),
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${ctx.api}/repos/${repo.owner}/${repo.name}/check-suites/${run.id + 1}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    workflow_url: `${ctx.api}/repos/${repo.owner}/${repo.name}/actions/workflows/${run.workflowId}`,
    head_commit: {
      id: run.headSha,
      tree_id: commit?.tree ?? run.headSha,
      message: commit?.message ?? '',
      timestamp: commit?.committer.date ?? run.createdAt,
      author: { name: commit?.author.name ?? run.actor, email: commit?.author.email ?? '' },
      committer: { name: commit?.committer.name ?? run.actor, email: commit?.committer.email ?? '' },
    },
    repository: renderMinimalRepo(ctx, repo),
    // A run from a fork names the fork (its `fork: true`) as head_repository.
    head_repository: renderMinimalRepo(ctx, headRepo),
    head_repository_id: headRepo.id,
  };
}

export function renderMinimalRepo(ctx: RenderContext, repo: Repo): Record<string, unknown> {
  const full = renderRepo(ctx, repo);
  delete full.organization;
  delete full.network_count;
  delete full.subscribers_count;
  return full;
}

export function renderDeployment(ctx: RenderContext, repo: Repo, d: Deployment): Record<string, unknown> {
  const url = `${ctx.api}/repos/${repo.owner}/${repo.name}/deployments/${d.id}`;
  return {
    url,
    id: d.id,
    node_id: nodeId('Deployment', d.id),
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    original_environment: d.originalEnvironment,
    environment: d.environment,
    description: d.description,
    creator: renderUser(ctx, d.creator),
    created_at: d.createdAt,
    updated_at: d.updatedAt,
    statuses_url: `${url}/statuses`,
    repository_url: `${ctx.api}/repos/${repo.owner}/${repo.name}`,
    transient_environment: d.transientEnvironment,
    production_environment: d.productionEnvironment,
  };
}

export function renderDeploymentStatus(
  ctx: RenderContext,
  repo: Repo,
  d: Deployment,
  s: DeploymentStatus,
): Record<string, unknown> {
  const durl = `${ctx.api}/repos/${repo.owner}/${repo.name}/deployments/${d.id}`;
  return {
    url: `${durl}/statuses/${s.id}`,
    id: s.id,
    node_id: nodeId('DeploymentStatus', s.id),
    state: s.state,
    creator: renderUser(ctx, s.creator),
    description: s.description,
    environment: s.environment,
    target_url: s.targetUrl,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    deployment_url: durl,
    repository_url: `${ctx.api}/repos/${repo.owner}/${repo.name}`,
    environment_url: s.environmentUrl,
    log_url: s.logUrl,
  };
}

export function renderLabel(ctx: RenderContext, repo: Repo, label: Label): Record<string, unknown> {
  return {
    id: label.id,
    node_id: nodeId('Label', label.id),
    url: `${ctx.api}/repos/${repo.owner}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: label.default,
  };
}

export function renderIssue(ctx: RenderContext, repo: Repo, issue: Issue): Record<string, unknown> {
  const repoUrl = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  const url = `${repoUrl}/issues/${issue.number}`;
  return {
    id: issue.id,
    node_id: nodeId('Issue', issue.id),
    url,
    repository_url: repoUrl,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${HTML}/${repo.owner}/${repo.name}/issues/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: renderUser(ctx, issue.user),
    labels: issue.labels.flatMap((name) => {
      const label = repo.labels.get(name.toLowerCase());
      return label ? [renderLabel(ctx, repo, label)] : [];
    }),
    assignee: issue.assignees[0] ? renderUser(ctx, issue.assignees[0]) : null,
    assignees: issue.assignees.map((a) => renderUser(ctx, a)),
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: issue.comments.length,
    closed_at: issue.closedAt,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    author_association: 'OWNER',
    closed_by: issue.closedBy ? renderUser(ctx, issue.closedBy) : null,
  };
}

export function renderComment(ctx: RenderContext, repo: Repo, issue: Issue, c: IssueComment): Record<string, unknown> {
  const repoUrl = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  return {
    id: c.id,
    node_id: nodeId('IssueComment', c.id),
    url: `${repoUrl}/issues/comments/${c.id}`,
    html_url: `${HTML}/${repo.owner}/${repo.name}/issues/${issue.number}#issuecomment-${c.id}`,
    body: c.body,
    user: renderUser(ctx, c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    issue_url: `${repoUrl}/issues/${issue.number}`,
    author_association: 'OWNER',
  };
}

export function renderGitCommit(ctx: RenderContext, repo: Repo, c: CommitObject): Record<string, unknown> {
  const repoUrl = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  return {
    sha: c.sha,
    node_id: nodeId('Commit', c.sha),
    url: `${repoUrl}/git/commits/${c.sha}`,
    html_url: `${HTML}/${repo.owner}/${repo.name}/commit/${c.sha}`,
    author: c.author,
    committer: c.committer,
    message: c.message,
    tree: { sha: c.tree, url: `${repoUrl}/git/trees/${c.tree}` },
    parents: c.parents.map((p) => ({
      sha: p,
      url: `${repoUrl}/git/commits/${p}`,
      html_url: `${HTML}/${repo.owner}/${repo.name}/commit/${p}`,
    })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

export function renderTag(ctx: RenderContext, repo: Repo, t: TagObject): Record<string, unknown> {
  const repoUrl = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  return {
    node_id: nodeId('Tag', t.sha),
    tag: t.tag,
    sha: t.sha,
    url: `${repoUrl}/git/tags/${t.sha}`,
    message: t.message,
    tagger: t.tagger,
    object: { sha: t.object, type: t.objectType, url: `${repoUrl}/git/${t.objectType}s/${t.object}` },
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

export function renderRef(ctx: RenderContext, repo: Repo, ref: string, sha: string): Record<string, unknown> {
  const repoUrl = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  const obj = repo.git.get(sha);
  const type = obj?.type ?? 'commit';
  return {
    ref,
    node_id: nodeId('Ref', ref),
    url: `${repoUrl}/git/${ref}`,
    object: { type, sha, url: `${repoUrl}/git/${type}s/${sha}` },
  };
}

export function renderTree(
  ctx: RenderContext,
  repo: Repo,
  git: GitStore,
  sha: string,
  recursive: boolean,
): Record<string, unknown> | undefined {
  const tree = git.tree(sha);
  if (!tree) return undefined;
  const repoUrl = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  const entries: Record<string, unknown>[] = [];
  const walk = (treeSha: string, prefix: string): void => {
    const t = git.tree(treeSha);
    if (!t) return;
    for (const e of t.entries) {
      const path = prefix ? `${prefix}/${e.path}` : e.path;
      const blob = e.type === 'blob' ? git.blob(e.sha) : undefined;
      entries.push({
        path,
        mode: e.mode,
        type: e.type,
        sha: e.sha,
        ...(blob ? { size: blob.content.length } : {}),
        url: `${repoUrl}/git/${e.type}s/${e.sha}`,
      });
      if (recursive && e.type === 'tree') walk(e.sha, path);
    }
  };
  walk(sha, '');
  return { sha, url: `${repoUrl}/git/trees/${sha}`, tree: entries, truncated: false };
}

export function contentEntry(
  ctx: RenderContext,
  repo: Repo,
  path: string,
  type: 'file' | 'dir',
  sha: string,
  size: number,
  ref: string,
): Record<string, unknown> {
  const repoUrl = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  const url = `${repoUrl}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const htmlUrl = `${HTML}/${repo.owner}/${repo.name}/${type === 'file' ? 'blob' : 'tree'}/${ref}/${path}`;
  const gitUrl = `${repoUrl}/git/${type === 'file' ? 'blobs' : 'trees'}/${sha}`;
  return {
    type,
    size,
    name: path.split('/').pop() ?? path,
    path,
    sha,
    url,
    git_url: gitUrl,
    html_url: htmlUrl,
    download_url:
      type === 'file' ? `https://raw.githubusercontent.com/${repo.owner}/${repo.name}/${ref}/${path}` : null,
    _links: { self: url, git: gitUrl, html: htmlUrl },
  };
}
