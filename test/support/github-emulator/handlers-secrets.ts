/** Actions/Dependabot secrets (repository, environment, organization) and Actions variables. */
import type { KeyPair } from './crypto.ts';
import { openSealedBox } from './crypto.ts';
import { notFound } from './errors.ts';
import { renderMinimalRepo } from './render.ts';
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
  type Perm,
  type Result,
  type Route,
} from './routes.ts';
import { deleteByName, findByName, type Secret, type State, type Variable } from './state.ts';

interface SecretScope {
  secrets: Map<string, Secret>;
  key: KeyPair;
  org: boolean;
  /** API URL of the scope, for selected_repositories_url. */
  url: string;
}

function repoActions(ctx: Ctx): SecretScope {
  const repo = repoOf(ctx);
  return {
    secrets: repo.secrets,
    key: ctx.state.repoKeyPair(repo, 'actions'),
    org: false,
    url: `${ctx.api}/repos/${repo.owner}/${repo.name}/actions/secrets`,
  };
}

function repoDependabot(ctx: Ctx): SecretScope {
  const repo = repoOf(ctx);
  return {
    secrets: repo.dependabotSecrets,
    key: ctx.state.repoKeyPair(repo, 'dependabot'),
    org: false,
    url: `${ctx.api}/repos/${repo.owner}/${repo.name}/dependabot/secrets`,
  };
}

function environment(ctx: Ctx): SecretScope {
  const repo = repoOf(ctx);
  const env = envOf(ctx, repo);
  return {
    secrets: env.secrets,
    key: ctx.state.envKeyPair(env),
    org: false,
    url: `${ctx.api}/repos/${repo.owner}/${repo.name}/environments/${encodeURIComponent(env.name)}/secrets`,
  };
}

function organization(ctx: Ctx): SecretScope {
  const org = orgOf(ctx);
  return {
    secrets: org.secrets,
    key: ctx.state.orgKeyPair(org),
    org: true,
    url: `${ctx.api}/orgs/${org.login}/actions/secrets`,
  };
}

function renderSecret(scope: SecretScope, s: Secret): Record<string, unknown> {
  const out: Record<string, unknown> = { name: s.name, created_at: s.createdAt, updated_at: s.updatedAt };
  if (scope.org) {
    out.visibility = s.visibility ?? 'private';
    if (s.visibility === 'selected')
      out.selected_repositories_url = `${scope.url}/${encodeURIComponent(s.name)}/repositories`;
  }
  return out;
}

function secretRoutes(base: string, scopeOf: (ctx: Ctx) => SecretScope, perm: string, maxPer = 100): Route[] {
  const read: Perm = { [perm]: 'read' };
  const write: Perm = { [perm]: 'write' };
  return [
    route('GET', `${base}/public-key`, read, (ctx) => {
      const scope = scopeOf(ctx);
      return ok({ key_id: scope.key.keyId, key: scope.key.key });
    }),
    route('GET', base, read, (ctx) => {
      const scope = scopeOf(ctx);
      const all = [...scope.secrets.values()].sort((a, b) => a.name.localeCompare(b.name));
      const headers: Record<string, string> = {};
      const page = paginate(ctx, all, headers, maxPer);
      return ok({ total_count: all.length, secrets: page.map((s) => renderSecret(scope, s)) }, 200, headers);
    }),
    route('GET', `${base}/{secret_name}`, read, (ctx) => {
      const scope = scopeOf(ctx);
      const secret = findByName(scope.secrets, str(ctx.params.secret_name));
      if (!secret) throw notFound();
      return ok(renderSecret(scope, secret));
    }),
    route('PUT', `${base}/{secret_name}`, write, (ctx) => putSecret(ctx, scopeOf(ctx))),
    route('DELETE', `${base}/{secret_name}`, write, (ctx) => {
      const scope = scopeOf(ctx);
      if (!deleteByName(scope.secrets, str(ctx.params.secret_name))) throw notFound();
      return noContent();
    }),
  ];
}

function putSecret(ctx: Ctx, scope: SecretScope): Result {
  const body = bodyObject(ctx);
  const name = str(ctx.params.secret_name).toUpperCase();
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name) || name.startsWith('GITHUB_'))
    fail(
      422,
      `Secret names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores (_), must not start with a number or GITHUB_: ${name}`,
    );
  const keyId = str(body.key_id);
  if (keyId !== scope.key.keyId)
    fail(422, `Bad request: key_id '${keyId}' does not match the current public key (${scope.key.keyId}).`);
  const value = openSealedBox(scope.key, str(body.encrypted_value));
  if (value === undefined)
    fail(422, 'Bad request: encrypted_value could not be decrypted with the public key for key_id.');
  const now = ctx.state.now();
  const existing = findByName(scope.secrets, name);
  const visibility = scope.org ? (str(body.visibility) as Secret['visibility']) : undefined;
  const selected = Array.isArray(body.selected_repository_ids)
    ? body.selected_repository_ids.map((v) => int(v)).filter((v): v is number => v !== undefined)
    : undefined;
  if (existing) {
    existing.value = value;
    existing.updatedAt = now;
    if (visibility) existing.visibility = visibility;
    if (selected) existing.selectedRepositoryIds = selected;
    return noContent();
  }
  scope.secrets.set(name, {
    name,
    value,
    createdAt: now,
    updatedAt: now,
    ...(scope.org ? { visibility: visibility ?? 'private', selectedRepositoryIds: selected ?? [] } : {}),
  });
  return ok({}, 201);
}

function selectedRepoRoutes(
  base: string,
  itemsOf: (ctx: Ctx) => Map<string, Secret | Variable>,
  param: string,
  perm: string,
): Route[] {
  const get = (ctx: Ctx): Secret | Variable => {
    const item = findByName(itemsOf(ctx), str(ctx.params[param]));
    if (!item) throw notFound();
    return item;
  };
  const needSelected = (item: Secret | Variable): void => {
    if (item.visibility !== 'selected') fail(409, `The visibility is not set to 'selected'.`);
  };
  return [
    route('GET', `${base}/repositories`, { [perm]: 'read' }, (ctx) => {
      const item = get(ctx);
      needSelected(item);
      const repos = (item.selectedRepositoryIds ?? []).flatMap((id) => {
        const repo = ctx.state.repoById(id);
        return repo ? [renderMinimalRepo(ctx, repo)] : [];
      });
      return ok({ total_count: repos.length, repositories: repos });
    }),
    route('PUT', `${base}/repositories`, { [perm]: 'write' }, (ctx) => {
      const item = get(ctx);
      needSelected(item);
      const ids = bodyObject(ctx).selected_repository_ids;
      item.selectedRepositoryIds = Array.isArray(ids)
        ? ids.map((v) => int(v)).filter((v): v is number => v !== undefined)
        : [];
      return noContent();
    }),
    route('PUT', `${base}/repositories/{repository_id}`, { [perm]: 'write' }, (ctx) => {
      const item = get(ctx);
      needSelected(item);
      const id = int(ctx.params.repository_id) ?? 0;
      const list = (item.selectedRepositoryIds ??= []);
      if (!list.includes(id)) list.push(id);
      return noContent();
    }),
    route('DELETE', `${base}/repositories/{repository_id}`, { [perm]: 'write' }, (ctx) => {
      const item = get(ctx);
      needSelected(item);
      const id = int(ctx.params.repository_id) ?? 0;
      item.selectedRepositoryIds = (item.selectedRepositoryIds ?? []).filter((r) => r !== id);
      return noContent();
    }),
  ];
}

interface VariableScope {
  variables: Map<string, Variable>;
  org: boolean;
  url: string;
}

function renderVariable(scope: VariableScope, v: Variable): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: v.name,
    value: v.value,
    created_at: v.createdAt,
    updated_at: v.updatedAt,
  };
  if (scope.org) {
    out.visibility = v.visibility ?? 'all';
    if (v.visibility === 'selected')
      out.selected_repositories_url = `${scope.url}/${encodeURIComponent(v.name)}/repositories`;
  }
  return out;
}

function variableRoutes(base: string, scopeOf: (ctx: Ctx) => VariableScope, perm: string): Route[] {
  const read: Perm = { [perm]: 'read' };
  const write: Perm = { [perm]: 'write' };
  return [
    route('GET', base, read, (ctx) => {
      const scope = scopeOf(ctx);
      const all = [...scope.variables.values()].sort((a, b) => a.name.localeCompare(b.name));
      const headers: Record<string, string> = {};
      const page = paginate(ctx, all, headers, 30, 10);
      return ok({ total_count: all.length, variables: page.map((v) => renderVariable(scope, v)) }, 200, headers);
    }),
    route('POST', base, write, (ctx) => {
      const scope = scopeOf(ctx);
      const body = bodyObject(ctx);
      const name = str(body.name).toUpperCase();
      if (!/^[A-Z_][A-Z0-9_]*$/.test(name) || name.startsWith('GITHUB_'))
        fail(422, `Variable names can only contain alphanumeric characters or underscores: ${name}`);
      if (findByName(scope.variables, name)) fail(409, 'Already exists - Variable already exists');
      const now = ctx.state.now();
      const ids = body.selected_repository_ids;
      scope.variables.set(name, {
        name,
        value: str(body.value),
        createdAt: now,
        updatedAt: now,
        ...(scope.org
          ? {
              visibility: (str(body.visibility) || 'all') as Variable['visibility'],
              selectedRepositoryIds: Array.isArray(ids)
                ? ids.map((v) => int(v)).filter((v): v is number => v !== undefined)
                : [],
            }
          : {}),
      });
      return ok({}, 201);
    }),
    route('GET', `${base}/{name}`, read, (ctx) => {
      const scope = scopeOf(ctx);
      const v = findByName(scope.variables, str(ctx.params.name));
      if (!v) throw notFound();
      return ok(renderVariable(scope, v));
    }),
    route('PATCH', `${base}/{name}`, write, (ctx) => {
      const scope = scopeOf(ctx);
      const v = findByName(scope.variables, str(ctx.params.name));
      if (!v) throw notFound();
      const body = bodyObject(ctx);
      if (typeof body.value === 'string') v.value = body.value;
      if (typeof body.visibility === 'string') v.visibility = body.visibility as Variable['visibility'];
      if (Array.isArray(body.selected_repository_ids))
        v.selectedRepositoryIds = body.selected_repository_ids
          .map((x) => int(x))
          .filter((x): x is number => x !== undefined);
      if (typeof body.name === 'string' && body.name.toUpperCase() !== v.name) {
        deleteByName(scope.variables, v.name);
        v.name = body.name.toUpperCase();
        scope.variables.set(v.name, v);
      }
      v.updatedAt = ctx.state.now();
      return noContent();
    }),
    route('DELETE', `${base}/{name}`, write, (ctx) => {
      const scope = scopeOf(ctx);
      if (!deleteByName(scope.variables, str(ctx.params.name))) throw notFound();
      return noContent();
    }),
  ];
}

export function secretRoutesAll(): Route[] {
  return [
    ...secretRoutes('/repos/{owner}/{repo}/actions/secrets', repoActions, 'secrets'),
    ...secretRoutes('/repos/{owner}/{repo}/dependabot/secrets', repoDependabot, 'dependabot_secrets'),
    // GitHub: environment secrets and variables need the `environments` permission.
    ...secretRoutes('/repos/{owner}/{repo}/environments/{environment_name}/secrets', environment, 'environments'),
    ...secretRoutes('/orgs/{org}/actions/secrets', organization, 'organization_secrets'),
    ...selectedRepoRoutes(
      '/orgs/{org}/actions/secrets/{secret_name}',
      (ctx) => orgOf(ctx).secrets,
      'secret_name',
      'organization_secrets',
    ),
    ...variableRoutes(
      '/repos/{owner}/{repo}/actions/variables',
      (ctx) => {
        const repo = repoOf(ctx);
        return {
          variables: repo.variables,
          org: false,
          url: `${ctx.api}/repos/${repo.owner}/${repo.name}/actions/variables`,
        };
      },
      'variables',
    ),
    ...variableRoutes(
      '/repos/{owner}/{repo}/environments/{environment_name}/variables',
      (ctx) => {
        const repo = repoOf(ctx);
        const env = envOf(ctx, repo);
        return { variables: env.variables, org: false, url: '' };
      },
      'environments',
    ),
    ...variableRoutes(
      '/orgs/{org}/actions/variables',
      (ctx) => {
        const org = orgOf(ctx);
        return { variables: org.variables, org: true, url: `${ctx.api}/orgs/${org.login}/actions/variables` };
      },
      'organization_actions_variables',
    ),
    ...selectedRepoRoutes(
      '/orgs/{org}/actions/variables/{name}',
      (ctx) => orgOf(ctx).variables,
      'name',
      'organization_actions_variables',
    ),
  ];
}

/** Decrypted secrets, for the control API. */
export function dumpSecrets(state: State): Record<string, unknown> {
  const plain = (m: Map<string, Secret>): Record<string, unknown> =>
    Object.fromEntries(
      [...m.values()].map((s) => [
        s.name,
        {
          value: s.value,
          created_at: s.createdAt,
          updated_at: s.updatedAt,
          ...(s.visibility ? { visibility: s.visibility, selected_repository_ids: s.selectedRepositoryIds ?? [] } : {}),
        },
      ]),
    );
  const repos: Record<string, unknown> = {};
  for (const repo of state.repos.values()) {
    const envs: Record<string, unknown> = {};
    for (const env of repo.environments.values()) envs[env.name] = plain(env.secrets);
    repos[`${repo.owner}/${repo.name}`] = {
      actions: plain(repo.secrets),
      dependabot: plain(repo.dependabotSecrets),
      environments: envs,
    };
  }
  const orgs: Record<string, unknown> = {};
  for (const org of state.orgs.values()) orgs[org.login] = plain(org.secrets);
  return { repos, orgs };
}
