/** Repositories, organizations, teams, users, environments, workflow runs, deployments, workflows. */
import { notFound } from './errors.ts';
import {
  renderDeployment,
  renderDeploymentStatus,
  renderEnvironment,
  renderEnvironmentSummary,
  renderMinimalRepo,
  renderOrgFull,
  renderRepo,
  renderReviewer,
  renderRun,
  renderTeam,
  renderUser,
  HTML,
} from './render.ts';
import {
  bodyObject,
  envOf,
  fail,
  int,
  noContent,
  ok,
  orgOf,
  paginate,
  repoOf,
  route,
  str,
  type Ctx,
  type Route,
} from './routes.ts';
import { recordActionsDeployment } from './seed.ts';
import { deleteByName, findByName, type Repo, type Reviewer, type WorkflowRun } from './state.ts';

function runOf(ctx: Ctx, repo: Repo): WorkflowRun {
  const run = repo.runs.get(int(ctx.params.run_id) ?? -1);
  if (!run) throw notFound();
  return run;
}

/** Workflows: seeded ones plus `.github/workflows/*.y(a)ml` on the default branch. */
export function listWorkflows(ctx: Ctx, repo: Repo): Record<string, unknown>[] {
  const out = new Map<string, Record<string, unknown>>();
  const base = `${ctx.api}/repos/${repo.owner}/${repo.name}/actions/workflows`;
  const render = (id: number, name: string, path: string, state: string, created: string, updated: string): void => {
    out.set(path, {
      id,
      node_id: Buffer.from(`0:Workflow${id}`).toString('base64'),
      name,
      path,
      state,
      created_at: created,
      updated_at: updated,
      url: `${base}/${id}`,
      html_url: `${HTML}/${repo.owner}/${repo.name}/blob/${repo.defaultBranch}/${path}`,
      badge_url: `${HTML}/${repo.owner}/${repo.name}/workflows/${encodeURIComponent(name)}/badge.svg`,
    });
  };
  for (const w of repo.workflows) render(w.id, w.name, w.path, w.state, w.createdAt, w.updatedAt);
  const head = repo.git.refs.get(`refs/heads/${repo.defaultBranch}`);
  const commit = head ? repo.git.commit(head) : undefined;
  if (commit) {
    for (const [path, entry] of repo.git.flatten(commit.tree)) {
      if (!/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path) || out.has(path)) continue;
      const blob = repo.git.blob(entry.sha);
      const nameMatch = blob ? /^name:\s*['"]?([^'"\n]+?)['"]?\s*$/m.exec(blob.content.toString('utf8')) : null;
      const id = parseInt(entry.sha.slice(0, 7), 16);
      render(id, nameMatch?.[1] ?? path, path, 'active', repo.createdAt, commit.committer.date);
    }
  }
  return [...out.values()];
}

function setReviewers(ctx: Ctx, raw: unknown): Reviewer[] {
  if (!Array.isArray(raw)) return [];
  const out: Reviewer[] = [];
  for (const r of raw as unknown[]) {
    if (typeof r !== 'object' || r === null) continue;
    const { type, id } = r as { type?: unknown; id?: unknown };
    const n = int(id);
    if (n === undefined) continue;
    if (type === 'Team') {
      if (!ctx.state.teamById(n)) fail(422, `Reviewer team with id ${n} does not exist`);
      out.push({ type: 'Team', id: n });
    } else {
      if (!ctx.state.userById(n)) fail(422, `Reviewer user with id ${n} does not exist`);
      out.push({ type: 'User', id: n });
    }
  }
  if (out.length > 6) fail(422, 'Only 6 reviewers can be configured for an environment');
  return out;
}

export function repoRoutes(): Route[] {
  return [
    route('GET', '/rate_limit', null, (ctx) => {
      // The same window the x-ratelimit-* headers report (this request does not count).
      const { limit, used, reset } = ctx.rate;
      const r = { limit, remaining: limit - used, reset, used, resource: 'core' };
      return ok({
        resources: {
          core: r,
          search: { ...r, limit: 30, remaining: 30, used: 0, resource: 'search' },
          graphql: { ...r, resource: 'graphql' },
        },
        rate: r,
      });
    }),
    route('GET', '/repos/{owner}/{repo}', { metadata: 'read' }, (ctx) => ok(renderRepo(ctx, repoOf(ctx)))),
    route('GET', '/orgs/{org}/repos', { metadata: 'read' }, (ctx) => {
      const org = orgOf(ctx);
      let repos = [...ctx.state.repos.values()].filter((r) => r.owner.toLowerCase() === org.login.toLowerCase());
      const type = str(ctx.query.type) || 'all';
      if (type === 'public') repos = repos.filter((r) => r.visibility === 'public');
      else if (type === 'private') repos = repos.filter((r) => r.private);
      else if (type === 'forks') repos = repos.filter((r) => r.fork);
      else if (type === 'sources') repos = repos.filter((r) => !r.fork);
      const sort = str(ctx.query.sort) || 'created';
      const direction = str(ctx.query.direction) || (sort === 'full_name' ? 'asc' : 'desc');
      repos.sort((a, b) => {
        const key = (r: Repo): string =>
          sort === 'full_name' ? `${r.owner}/${r.name}`.toLowerCase() : sort === 'created' ? r.createdAt : r.updatedAt;
        const c = key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id;
        return direction === 'asc' ? c : -c;
      });
      const headers: Record<string, string> = {};
      return ok(
        paginate(ctx, repos, headers).map((r) => renderMinimalRepo(ctx, r)),
        200,
        headers,
      );
    }),
    route('GET', '/orgs/{org}/teams/{team_slug}', { members: 'read' }, (ctx) => {
      const org = orgOf(ctx);
      const team = org.teams.get(str(ctx.params.team_slug).toLowerCase());
      if (!team) throw notFound();
      return ok(renderTeam(ctx, org, team, true));
    }),
    route('GET', '/orgs/{org}/teams/{team_slug}/members', { members: 'read' }, (ctx) => {
      const org = orgOf(ctx);
      const team = org.teams.get(str(ctx.params.team_slug).toLowerCase());
      if (!team) throw notFound();
      const headers: Record<string, string> = {};
      return ok(
        paginate(ctx, team.members, headers).map((m) => renderUser(ctx, m)),
        200,
        headers,
      );
    }),
    route('GET', '/users/{username}', null, (ctx) => {
      const login = str(ctx.params.username);
      const org = ctx.state.getOrg(login);
      const user = ctx.state.getUser(login);
      if (!user && !org) throw notFound();
      const base = org
        ? renderUser(ctx, {
            id: org.id,
            login: org.login,
            type: 'Organization',
            name: org.name,
            email: null,
            siteAdmin: false,
          })
        : renderUser(ctx, user ?? login);
      const created = org ? org.createdAt : ctx.state.now();
      return ok({
        ...base,
        name: org ? org.name : (user?.name ?? null),
        company: null,
        blog: null,
        location: null,
        email: user?.email ?? null,
        hireable: null,
        bio: null,
        public_repos: 0,
        public_gists: 0,
        followers: 0,
        following: 0,
        created_at: created,
        updated_at: created,
      });
    }),
    route('GET', '/orgs/{org}', { metadata: 'read' }, (ctx) => ok(renderOrgFull(ctx, orgOf(ctx)))),

    // Environments
    route('GET', '/repos/{owner}/{repo}/environments', { actions: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      const all = [...repo.environments.values()];
      const headers: Record<string, string> = {};
      return ok(
        {
          total_count: all.length,
          environments: paginate(ctx, all, headers).map((e) => renderEnvironment(ctx, repo, e)),
        },
        200,
        headers,
      );
    }),
    route('GET', '/repos/{owner}/{repo}/environments/{environment_name}', { actions: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      return ok(renderEnvironment(ctx, repo, envOf(ctx, repo)));
    }),
    route('PUT', '/repos/{owner}/{repo}/environments/{environment_name}', { administration: 'write' }, (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx);
      const name = str(ctx.params.environment_name);
      const policy = body.deployment_branch_policy;
      if (
        policy &&
        typeof policy === 'object' &&
        (policy as Record<string, unknown>).protected_branches === true &&
        (policy as Record<string, unknown>).custom_branch_policies === true
      )
        fail(
          422,
          "Invalid request.\n\nOnly one of 'protected_branches' and 'custom_branch_policies' can be set to true.",
        );
      const reviewers = 'reviewers' in body ? setReviewers(ctx, body.reviewers) : undefined;
      const env = ctx.state.ensureEnvironment(repo, name);
      if (typeof body.wait_timer === 'number') {
        if (body.wait_timer < 0 || body.wait_timer > 43200)
          fail(422, 'Invalid request.\n\nwait_timer must be between 0 and 43200 minutes.');
        env.waitTimer = body.wait_timer;
      }
      if (typeof body.prevent_self_review === 'boolean') env.preventSelfReview = body.prevent_self_review;
      // github-facts: environment-can-admins-bypass (absent: unchanged on update, true on create).
      if (typeof body.can_admins_bypass === 'boolean') env.canAdminsBypass = body.can_admins_bypass;
      if (reviewers) env.reviewers = reviewers;
      if ('deployment_branch_policy' in body) {
        if (policy && typeof policy === 'object') {
          const p = policy as Record<string, unknown>;
          env.deploymentBranchPolicy = {
            protected_branches: p.protected_branches === true,
            custom_branch_policies: p.custom_branch_policies === true,
          };
        } else {
          env.deploymentBranchPolicy = null;
          env.branchPolicies = [];
        }
      }
      env.updatedAt = ctx.state.now();
      return ok(renderEnvironment(ctx, repo, env));
    }),
    route('DELETE', '/repos/{owner}/{repo}/environments/{environment_name}', { administration: 'write' }, (ctx) => {
      const repo = repoOf(ctx);
      if (!deleteByName(repo.environments, str(ctx.params.environment_name))) throw notFound();
      return noContent();
    }),
    route(
      'GET',
      '/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies',
      { actions: 'read' },
      (ctx) => {
        const repo = repoOf(ctx);
        const env = envOf(ctx, repo);
        const headers: Record<string, string> = {};
        return ok(
          {
            total_count: env.branchPolicies.length,
            branch_policies: paginate(ctx, env.branchPolicies, headers).map((p) => ({
              id: p.id,
              node_id: Buffer.from(`0:BranchPolicy${p.id}`).toString('base64'),
              name: p.name,
              type: p.type,
            })),
          },
          200,
          headers,
        );
      },
    ),
    route(
      'POST',
      '/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies',
      { administration: 'write' },
      (ctx) => {
        const repo = repoOf(ctx);
        const env = envOf(ctx, repo);
        if (!env.deploymentBranchPolicy?.custom_branch_policies)
          fail(404, 'Not Found: the environment does not use custom deployment branch policies');
        const body = bodyObject(ctx);
        const name = str(body.name);
        const type = body.type === 'tag' ? 'tag' : 'branch';
        if (env.branchPolicies.some((p) => p.name === name && p.type === type))
          fail(303, 'The same branch name pattern already exists');
        const policy = { id: ctx.state.nextId(), name, type } as const;
        env.branchPolicies.push(policy);
        return ok({
          id: policy.id,
          node_id: Buffer.from(`0:BranchPolicy${policy.id}`).toString('base64'),
          name,
          type,
        });
      },
    ),
    route(
      'GET',
      '/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies/{branch_policy_id}',
      { actions: 'read' },
      (ctx) => {
        const repo = repoOf(ctx);
        const env = envOf(ctx, repo);
        const p = env.branchPolicies.find((x) => x.id === int(ctx.params.branch_policy_id));
        if (!p) throw notFound();
        return ok({
          id: p.id,
          node_id: Buffer.from(`0:BranchPolicy${p.id}`).toString('base64'),
          name: p.name,
          type: p.type,
        });
      },
    ),
    route(
      'DELETE',
      '/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies/{branch_policy_id}',
      { administration: 'write' },
      (ctx) => {
        const repo = repoOf(ctx);
        const env = envOf(ctx, repo);
        const before = env.branchPolicies.length;
        env.branchPolicies = env.branchPolicies.filter((x) => x.id !== int(ctx.params.branch_policy_id));
        if (env.branchPolicies.length === before) throw notFound();
        return noContent();
      },
    ),

    // Custom deployment protection rules (github-facts: custom-deployment-protection-rules)
    route(
      'GET',
      '/repos/{owner}/{repo}/environments/{environment_name}/deployment_protection_rules',
      { actions: 'read' },
      (ctx) => {
        const repo = repoOf(ctx);
        const env = envOf(ctx, repo);
        return ok({
          total_count: env.protectionRules.length,
          custom_deployment_protection_rules: env.protectionRules.map((r) => ({
            id: r.id,
            node_id: Buffer.from(`0:DeploymentProtectionRule${r.id}`).toString('base64'),
            enabled: r.enabled,
            app: {
              id: r.appId,
              slug: r.appSlug,
              integration_url: `${ctx.api}/apps/${r.appSlug}`,
              node_id: Buffer.from(`0:Integration${r.appId}`).toString('base64'),
            },
          })),
        });
      },
    ),
    route(
      'GET',
      '/repos/{owner}/{repo}/environments/{environment_name}/deployment_protection_rules/apps',
      { actions: 'read' },
      (ctx) => {
        const repo = repoOf(ctx);
        envOf(ctx, repo);
        const headers: Record<string, string> = {};
        return ok(
          {
            total_count: repo.protectionRuleApps.length,
            available_custom_deployment_protection_rule_integrations: paginate(
              ctx,
              repo.protectionRuleApps,
              headers,
            ).map((a) => ({
              id: a.id,
              slug: a.slug,
              integration_url: `${ctx.api}/apps/${a.slug}`,
              node_id: Buffer.from(`0:Integration${a.id}`).toString('base64'),
            })),
          },
          200,
          headers,
        );
      },
    ),
    route('GET', '/repos/{owner}/{repo}/collaborators/{username}/permission', { metadata: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      const user = ctx.state.getUser(str(ctx.params.username));
      if (!user) throw notFound();
      const role = repo.collaborators.get(user.login.toLowerCase());
      const permission =
        role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role === undefined ? 'none' : role;
      return ok({
        permission,
        role_name: role ?? 'none',
        user: {
          ...renderUser(ctx, user.login),
          permissions: {
            admin: role === 'admin',
            maintain: role === 'admin' || role === 'maintain',
            push: role === 'admin' || role === 'maintain' || role === 'write',
            triage: role !== undefined && role !== 'read',
            pull: role !== undefined,
          },
          role_name: role ?? 'none',
        },
      });
    }),

    // Workflow runs
    route('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}', { actions: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      return ok(renderRun(ctx, repo, runOf(ctx, repo)));
    }),
    // github-facts: run-attempts — the run shows its latest attempt; each attempt has its own start.
    route(
      'GET',
      '/repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}',
      { actions: 'read' },
      (ctx) => {
        const repo = repoOf(ctx);
        const run = runOf(ctx, repo);
        const n = int(ctx.params.attempt_number) ?? -1;
        if (n < 1 || n > run.runAttempt) throw notFound();
        return ok(renderRun(ctx, repo, run, n));
      },
    ),
    // github-facts: run-approvals-carry-no-attempt — every review of every attempt, without attempt or time.
    route('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}/approvals', { actions: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      const run = runOf(ctx, repo);
      return ok(
        run.approvals.map((a) => ({
          environments: a.environments.map((name) => {
            const env = findByName(repo.environments, name) ?? ctx.state.ensureEnvironment(repo, name);
            return renderEnvironmentSummary(ctx, repo, env);
          }),
          state: a.state,
          user: renderUser(ctx, a.user),
          comment: a.comment,
        })),
      );
    }),
    route('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments', { actions: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      const run = runOf(ctx, repo);
      return ok(
        run.pendingDeployments.map((p) => {
          const env = findByName(repo.environments, p.environment) ?? ctx.state.ensureEnvironment(repo, p.environment);
          const summary = renderEnvironmentSummary(ctx, repo, env);
          let reviewers: Record<string, unknown>[];
          if (p.reviewers) {
            reviewers = p.reviewers.map((r) => {
              if (r.type === 'Team') {
                const [orgLogin, slug] = r.name.includes('/') ? r.name.split('/') : [repo.owner, r.name];
                const org = ctx.state.getOrg(orgLogin ?? repo.owner);
                const team = org?.teams.get((slug ?? '').toLowerCase());
                if (org && team) return { type: 'Team', reviewer: renderTeam(ctx, org, team) };
              }
              return { type: 'User', reviewer: renderUser(ctx, r.name) };
            });
          } else {
            reviewers = env.reviewers.map((r) => renderReviewer(ctx, r.type, r.id));
          }
          return {
            environment: {
              id: summary.id,
              node_id: summary.node_id,
              name: summary.name,
              url: summary.url,
              html_url: summary.html_url,
            },
            wait_timer: p.waitTimer,
            wait_timer_started_at: p.waitTimerStartedAt,
            current_user_can_approve: p.currentUserCanApprove,
            reviewers,
          };
        }),
      );
    }),
    route(
      'POST',
      '/repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments',
      { deployments: 'write' },
      (ctx) => {
        const repo = repoOf(ctx);
        const run = runOf(ctx, repo);
        const body = bodyObject(ctx);
        const ids = Array.isArray(body.environment_ids) ? body.environment_ids.map((v) => int(v)) : [];
        const state = body.state === 'approved' ? 'approved' : 'rejected';
        const targets = ids.map((id) => {
          const env = [...repo.environments.values()].find((e) => e.id === id);
          const pending =
            env && run.pendingDeployments.find((p) => p.environment.toLowerCase() === env.name.toLowerCase());
          if (!env || !pending) fail(422, `Environment ${String(id)} is not waiting for review in this run`);
          if (
            state === 'approved' &&
            env.preventSelfReview &&
            [run.actor, run.triggeringActor].some((a) => a.toLowerCase() === ctx.token.login.toLowerCase())
          )
            fail(422, `Self-review is not allowed for environment ${env.name}: ${ctx.token.login} triggered this run`);
          return { env, pending };
        });
        // github-facts: one-review-per-environment-per-attempt — the first review releases (or
        // rejects) the environment's jobs; a second one in the same attempt finds nothing waiting.
        for (const t of targets) {
          const decided = run.approvals.some(
            (a) =>
              a.attempt === run.runAttempt &&
              a.state !== 'pending' &&
              a.environments.some((n) => n.toLowerCase() === t.env.name.toLowerCase()),
          );
          if (decided) fail(422, `Environment ${String(t.env.id)} is not waiting for review in this run`);
        }
        run.approvals.push({
          environments: targets.map((t) => t.env.name),
          state,
          comment: str(body.comment),
          user: ctx.token.login,
          attempt: run.runAttempt,
        });
        run.pendingDeployments = run.pendingDeployments.filter((p) => !targets.some((t) => t.pending === p));
        // github-facts: environment-job-creates-deployment — the job reached the environment in this attempt.
        const created = targets.map(({ env }) => {
          const started = run.attempts[run.runAttempt - 1]?.startedAt ?? run.createdAt;
          const existing = repo.deployments.find(
            (d) =>
              d.sha === run.headSha &&
              d.environment === env.name &&
              d.createdAt >= started &&
              d.statuses.some((x) => x.logUrl.endsWith(`/actions/runs/${run.id}`)),
          );
          const d = existing ?? recordActionsDeployment(ctx.state, repo, run, env.name, ctx.state.now());
          return renderDeployment(ctx, repo, d);
        });
        if (run.pendingDeployments.length === 0 && run.status === 'waiting') {
          run.status = state === 'approved' ? 'in_progress' : 'completed';
          if (state === 'rejected') run.conclusion = 'failure';
        }
        return ok(state === 'approved' ? created : []);
      },
    ),
    route('GET', '/repos/{owner}/{repo}/actions/workflows', { actions: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      const all = listWorkflows(ctx, repo);
      const headers: Record<string, string> = {};
      return ok({ total_count: all.length, workflows: paginate(ctx, all, headers) }, 200, headers);
    }),

    // Deployments
    route('GET', '/repos/{owner}/{repo}/deployments', { deployments: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      const filter = (key: string): string | undefined => {
        const v = ctx.query[key];
        return typeof v === 'string' && v !== '' && v !== 'none' ? v : undefined;
      };
      const sha = filter('sha');
      const ref = filter('ref');
      const task = filter('task');
      const environment = filter('environment');
      const list = repo.deployments
        .filter(
          (d) =>
            (!sha || d.sha === sha) &&
            (!ref || d.ref === ref) &&
            (!task || d.task === task) &&
            (!environment || d.environment === environment),
        )
        .sort((a, b) => b.id - a.id);
      const headers: Record<string, string> = {};
      return ok(
        paginate(ctx, list, headers).map((d) => renderDeployment(ctx, repo, d)),
        200,
        headers,
      );
    }),
    route('POST', '/repos/{owner}/{repo}/deployments', { deployments: 'write' }, (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx);
      const ref = str(body.ref);
      const sha = repo.git.resolve(ref) ?? (/^[0-9a-f]{40}$/.test(ref) ? ref : undefined);
      if (!sha) fail(422, `No ref found for: ${ref}`);
      const environment = str(body.environment) || 'production';
      const now = ctx.state.now();
      const d = {
        id: ctx.state.nextId(),
        sha,
        ref,
        task: str(body.task) || 'deploy',
        payload: (body.payload ?? {}) as unknown,
        originalEnvironment: environment,
        environment,
        description: typeof body.description === 'string' ? body.description : null,
        creator: ctx.token.login,
        createdAt: now,
        updatedAt: now,
        transientEnvironment: body.transient_environment === true,
        productionEnvironment:
          typeof body.production_environment === 'boolean' ? body.production_environment : environment === 'production',
        statuses: [],
      };
      if (typeof d.payload === 'string') {
        try {
          d.payload = JSON.parse(d.payload) as unknown;
        } catch {
          // GitHub keeps non-JSON string payloads as strings.
        }
      }
      repo.deployments.push(d);
      return ok(renderDeployment(ctx, repo, d), 201);
    }),
    route('GET', '/repos/{owner}/{repo}/deployments/{deployment_id}', { deployments: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      const d = repo.deployments.find((x) => x.id === int(ctx.params.deployment_id));
      if (!d) throw notFound();
      return ok(renderDeployment(ctx, repo, d));
    }),
    route('GET', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { deployments: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      const d = repo.deployments.find((x) => x.id === int(ctx.params.deployment_id));
      if (!d) throw notFound();
      const list = [...d.statuses].sort((a, b) => b.id - a.id);
      const headers: Record<string, string> = {};
      return ok(
        paginate(ctx, list, headers).map((s) => renderDeploymentStatus(ctx, repo, d, s)),
        200,
        headers,
      );
    }),
    route('POST', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { deployments: 'write' }, (ctx) => {
      const repo = repoOf(ctx);
      const d = repo.deployments.find((x) => x.id === int(ctx.params.deployment_id));
      if (!d) throw notFound();
      const body = bodyObject(ctx);
      const now = ctx.state.now();
      const state = str(body.state);
      const environment = str(body.environment) || d.environment;
      const s = {
        id: ctx.state.nextId(),
        state,
        description: str(body.description),
        environment,
        targetUrl: str(body.target_url) || str(body.log_url),
        logUrl: str(body.log_url) || str(body.target_url),
        environmentUrl: str(body.environment_url),
        creator: ctx.token.login,
        createdAt: now,
        updatedAt: now,
      };
      d.statuses.push(s);
      d.environment = environment;
      d.updatedAt = now;
      // auto_inactive (default true): earlier successful deployments to the environment become inactive.
      if (state === 'success' && body.auto_inactive !== false) {
        for (const other of repo.deployments) {
          if (other === d || other.environment !== environment) continue;
          const last = other.statuses[other.statuses.length - 1];
          if (last && last.state === 'success') {
            other.statuses.push({ ...last, id: ctx.state.nextId(), state: 'inactive', createdAt: now, updatedAt: now });
          }
        }
      }
      return ok(renderDeploymentStatus(ctx, repo, d, s), 201);
    }),
  ];
}
