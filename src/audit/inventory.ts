import { instanceKey as rotationInstanceKey, ROTATION_VARIABLE } from '../core/rotation-records.js';
import { minimatch } from 'minimatch';
import { BulkReads } from '../core/bulk-reads.js';
import { isBudgetExhausted } from '../core/conditional.js';
import { errorStatus, isRequestError } from '../core/github.js';
import { Pool, type Reader } from './fetch.js';
import type {
  EnvironmentRecord,
  Inventory,
  RepositoryInventory,
  RotationRecord,
  SecretRecord,
  WorkflowRecord,
} from './types.js';
import { organizationSecretsUnread } from './types.js';
import { parseWorkflow } from './workflows.js';

interface ApiSecret {
  name: string;
  created_at: string;
  updated_at: string;
  visibility?: 'all' | 'private' | 'selected';
}
interface ApiEnvironment {
  name: string;
  protection_rules?: { type: string; reviewers?: unknown[] }[];
}
interface ApiVariable {
  name: string;
  value: string;
}
interface ApiContent {
  name: string;
  path: string;
  type: string;
  content?: string;
  encoding?: string;
}
export interface ApiRepository {
  name: string;
  full_name: string;
  private: boolean;
  archived?: boolean;
  default_branch?: string;
  owner: { login: string };
}

function pick<T>(key: string): (body: unknown) => T[] {
  return (body) => {
    if (Array.isArray(body)) return body as T[];
    const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
    return Array.isArray(v) ? (v as T[]) : [];
  };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

// rotate-secret keeps each instance's state in a repository variable named `<NAME>_ROTATION_<INSTANCE>`
// (src/core/rotation-records.ts), holding JSON
// `{version: 1, phase, current: {fingerprint, since}, pending, retiring, updated}` — never a value.

/** Environment name as rotate-secret writes it into variable names (rotate-secret's own function). */
export function instanceVariableKey(name: string): string {
  return rotationInstanceKey(name);
}

export function parseRotationVariable(variable: string, value: string): RotationRecord | undefined {
  const m = ROTATION_VARIABLE.exec(variable.toUpperCase());
  if (!m) return undefined;
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === 'object') data = parsed as Record<string, unknown>;
  } catch {
    /* not JSON: only the names are known */
  }
  const current = data.current && typeof data.current === 'object' ? (data.current as Record<string, unknown>) : {};
  return {
    variable,
    secret: m[1] ?? '',
    instance: m[2] ?? '',
    phase: str(data.phase),
    rotatedAt: str(current.since) ?? str(data.updated),
    fingerprint: str(current.fingerprint),
  };
}

export interface InventoryOptions {
  readonly organization?: string;
  /** Audit exactly these repositories (`owner/repo`); otherwise every repository of the organization. */
  readonly repositories?: readonly string[];
  /** Glob patterns on the repository name (`!` excludes) when listing an organization. */
  readonly include?: readonly string[];
  readonly includeArchived?: boolean;
  readonly shard?: { readonly index: number; readonly count: number };
  /**
   * When each repository was last read completely (ISO), from the request cache: the stalest are
   * read first, so that a run stopped by its budget is continued by the next one.
   */
  readonly lastRead?: ReadonlyMap<string, string>;
  /**
   * With a request budget: may this repository be started, with `inFlight` others being read?
   * Answers why not; a repository not admitted is not read (partial, read first next run).
   */
  readonly admit?: (readBefore: boolean, inFlight: number) => string | undefined;
}

/** The partial entry of a run that stopped at its request budget. */
export function budgetPartial(unread: number, total: number, reason: string): string {
  return `budget: ${unread} of ${total} repositories not read (${reason}); the next run reads them first`;
}

/** Stable shard of a repository: FNV-1a of its full name, so adding a repository moves no other. */
export function shardOf(fullName: string, count: number): number {
  let h = 0x811c9dc5;
  for (const c of fullName.toLowerCase()) {
    h ^= c.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h % count) + 1;
}

export function matchesFilter(name: string, patterns: readonly string[]): boolean {
  const include = patterns.filter((p) => !p.startsWith('!'));
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const included = include.length === 0 || include.some((p) => minimatch(name, p, { nocase: true }));
  return included && !exclude.some((p) => minimatch(name, p, { nocase: true }));
}

function describe(error: unknown): string {
  return isRequestError(error) ? `${error.status} ${error.message}` : String(error);
}

async function repositoryInventory(reader: Reader, repo: ApiRepository): Promise<RepositoryInventory> {
  const owner = repo.owner.login;
  const name = repo.name;
  const fullName = repo.full_name;
  const partial: string[] = [];
  const p = { owner, repo: name };
  const guard = async <T>(what: string, fallback: T, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      const status = errorStatus(error);
      if (status === 404 || status === 403) {
        partial.push(`${fullName}: could not read ${what} (${describe(error)})`);
        return fallback;
      }
      throw error;
    }
  };
  // Workflow files, and whether there are environments, come from GraphQL in bulk (one query per
  // 50 repositories, src/core/bulk-reads.ts); a repository GraphQL did not answer whole is read
  // through REST, so nothing counts as read that was not.
  const bulk = await BulkReads.of(reader.client).read(fullName, (task) => reader.pool.run(task));
  const readFile = async (path: string): Promise<WorkflowRecord> => {
    const file = await reader.get<ApiContent>('GET /repos/{owner}/{repo}/contents/{path}', { ...p, path });
    const text = Buffer.from(file.content ?? '', file.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
    return parseWorkflow(path, text);
  };
  const [secrets, dependabotSecrets, environments, variables, workflows] = await Promise.all([
    guard('repository secrets (needs secrets: read)', [] as ApiSecret[], () =>
      reader.list<ApiSecret>('GET /repos/{owner}/{repo}/actions/secrets', p, pick('secrets')),
    ),
    guard('Dependabot secrets (needs dependabot_secrets: read)', [] as ApiSecret[], () =>
      reader.list<ApiSecret>('GET /repos/{owner}/{repo}/dependabot/secrets', p, pick('secrets')),
    ),
    // No environments (GraphQL's totalCount, trusted once GraphQL has shown this token some
    // repository's environments): no environments list, no environment secrets to read.
    // Where there are some, the list comes through REST with its ETag: one unit cold, free (304)
    // warm. Through GraphQL the protection rules would cost points on every run, cold or warm (a
    // GraphQL answer cannot be conditional). Measured with GitHub's cost rules (the emulator's
    // queryCost) for 50 repositories a query: `environments(first: 10) { nodes { name
    // protectionRules(first: 5) { nodes { type } } } }` is 6 points, and with the reviewers count
    // the audit needs (`reviewers(first: 10) { totalCount }`) 31 points: 620 points per 1,000
    // repositories on every warm run, against a warm target of 150 units for the whole run.
    bulk?.environments === 0
      ? Promise.resolve([] as ApiEnvironment[])
      : guard('environments (needs actions: read)', [] as ApiEnvironment[], () =>
          reader.list<ApiEnvironment>('GET /repos/{owner}/{repo}/environments', p, pick('environments')),
        ),
    guard('variables (needs variables: read)', [] as ApiVariable[], () =>
      reader.list<ApiVariable>('GET /repos/{owner}/{repo}/actions/variables', p, pick('variables')),
    ),
    guard('workflows (needs contents: read)', [] as WorkflowRecord[], async () => {
      // GraphQL's files, unless it did not answer for this repository or its null directory is
      // not trusted yet (bulk.workflows undefined): then the directory is read through REST.
      if (bulk?.workflows) {
        return Promise.all(
          bulk.workflows.map((f) =>
            f.text !== undefined ? Promise.resolve(parseWorkflow(f.path, f.text)) : readFile(f.path),
          ),
        );
      }
      const dir = await reader.maybe<ApiContent[] | ApiContent>('GET /repos/{owner}/{repo}/contents/{path}', {
        ...p,
        path: '.github/workflows',
      });
      if (!Array.isArray(dir)) return [];
      const files = dir.filter((f) => f.type === 'file' && /\.ya?ml$/.test(f.name));
      return Promise.all(files.map((f) => readFile(f.path)));
    }),
  ]);
  const envSecrets = await Promise.all(
    environments.map((env) =>
      guard(`secrets of environment '${env.name}'`, [] as ApiSecret[], () =>
        reader.list<ApiSecret>(
          'GET /repos/{owner}/{repo}/environments/{environment_name}/secrets',
          { ...p, environment_name: env.name },
          pick('secrets'),
        ),
      ).then((list) => list.map((s) => ({ env: env.name, s }))),
    ),
  );
  const secretRecords: SecretRecord[] = [
    ...secrets.map((s) => ({
      owner: fullName,
      scope: 'repository' as const,
      name: s.name,
      createdAt: s.created_at,
      updatedAt: s.updated_at,
    })),
    ...dependabotSecrets.map((s) => ({
      owner: fullName,
      scope: 'dependabot' as const,
      name: s.name,
      createdAt: s.created_at,
      updatedAt: s.updated_at,
    })),
    ...envSecrets.flat().map(({ env, s }) => ({
      owner: fullName,
      scope: 'environment' as const,
      environment: env,
      name: s.name,
      createdAt: s.created_at,
      updatedAt: s.updated_at,
    })),
  ];
  const envRecords: EnvironmentRecord[] = environments.map((e) => {
    const rules = e.protection_rules ?? [];
    const reviewers = rules
      .filter((r) => r.type === 'required_reviewers')
      .reduce((n, r) => n + (r.reviewers?.length ?? 0), 0);
    return { name: e.name, requiredReviewers: reviewers, protectionRules: rules.map((r) => r.type) };
  });
  // A workflow that cannot be read hides its secret references: missing and unused secrets of this
  // repository cannot be told, so it counts as read in part.
  for (const wf of workflows) {
    if (wf.parseError)
      partial.push(
        `${fullName}: ${wf.path} is not valid YAML (${wf.parseError}); its secret references were not checked`,
      );
  }
  const rotations = variables
    .map((v) => parseRotationVariable(v.name, v.value))
    .filter((r): r is RotationRecord => r !== undefined);
  return {
    fullName,
    private: repo.private,
    secrets: secretRecords,
    environments: envRecords,
    workflows,
    rotations,
    partial,
  };
}

/** Reads everything the audit looks at, each endpoint once, through the reader's bounded pool. */
export async function collectInventory(reader: Reader, options: InventoryOptions): Promise<Inventory> {
  const warnings: string[] = [];
  const partial: string[] = [];
  let repos: ApiRepository[];
  if (options.repositories && options.repositories.length > 0) {
    repos = [];
    for (const full of options.repositories) {
      const [owner = '', repo = ''] = full.split('/');
      const r = await reader.maybe<ApiRepository>('GET /repos/{owner}/{repo}', { owner, repo });
      if (!r) partial.push(`${full}: the repository does not exist or the token cannot see it`);
      else repos.push(r);
    }
  } else if (options.organization) {
    repos = await reader.list<ApiRepository>(
      'GET /orgs/{org}/repos',
      { org: options.organization, type: 'all' },
      pick('repositories'),
    );
    repos = repos.filter(
      (r) => (options.includeArchived || !r.archived) && matchesFilter(r.name, options.include ?? []),
    );
  } else {
    repos = [];
  }
  if (options.shard) {
    const { index, count } = options.shard;
    repos = repos.filter((r) => shardOf(r.full_name, count) === index);
  }
  // Never read, then least recently read first (the order the pool starts them in); the report
  // lists them by name.
  const lastRead = options.lastRead ?? new Map<string, string>();
  repos.sort(
    (a, b) =>
      (lastRead.get(a.full_name) ?? '').localeCompare(lastRead.get(b.full_name) ?? '') ||
      a.full_name.localeCompare(b.full_name),
  );
  const org = options.organization;
  const orgSecretsPromise: Promise<SecretRecord[]> = org
    ? reader
        .list<ApiSecret>('GET /orgs/{org}/actions/secrets', { org }, pick('secrets'))
        .then((list) =>
          Promise.all(
            list.map(async (s) => {
              let selected: string[] | undefined;
              if (s.visibility === 'selected') {
                const rs = await reader.list<ApiRepository>(
                  'GET /orgs/{org}/actions/secrets/{secret_name}/repositories',
                  { org, secret_name: s.name },
                  pick('repositories'),
                );
                selected = rs.map((r) => r.full_name);
              }
              return {
                owner: org,
                scope: 'organization' as const,
                name: s.name,
                createdAt: s.created_at,
                updatedAt: s.updated_at,
                visibility: s.visibility,
                selectedRepositories: selected,
              };
            }),
          ),
        )
        .catch((error: unknown) => {
          const status = errorStatus(error);
          if (isBudgetExhausted(error)) {
            partial.push(organizationSecretsUnread(org));
            return [];
          }
          if (status === 403 || status === 404) {
            warnings.push(
              `Organization secrets of '${org}' could not be read (${describe(error)}): secrets referenced by workflows may be reported missing only if no repository or environment defines them. Grant the organization permission 'Secrets: read' to include them.`,
            );
            partial.push(organizationSecretsUnread(org));
            return [];
          }
          throw error;
        })
    : Promise.resolve([]);
  // The bulk reads follow the order the repositories are read in: a query is sent when the first
  // of its 50 repositories is started.
  BulkReads.of(reader.client).plan(repos.map((r) => r.full_name));
  const unread: string[] = [];
  let stopped = '';
  // With a budget, repositories are started a few at a time, each only when its cost fits: a
  // repository is read whole or not at all, as far as the budget goes.
  const admit = options.admit;
  const repoPool = new Pool(admit ? reader.pool.limit : Math.max(1, repos.length));
  let reading = 0;
  const repositories = await Promise.all(
    repos.map((r) =>
      repoPool
        .run(async () => {
          const refused = admit?.(lastRead.has(r.full_name), reading);
          if (refused !== undefined) {
            unread.push(r.full_name);
            stopped ||= refused;
            return undefined;
          }
          reading++;
          try {
            return await repositoryInventory(reader, r);
          } finally {
            reading--;
          }
        })
        .catch((error: unknown) => {
          if (isBudgetExhausted(error)) {
            // Not read, so not reported as checked: it is left out, and read first next time.
            unread.push(r.full_name);
            stopped ||= error.message;
            return undefined;
          }
          if (errorStatus(error) === 404) {
            partial.push(`${r.full_name}: the repository disappeared while it was being read`);
            return undefined;
          }
          throw error;
        }),
    ),
  );
  const kept = repositories
    .filter((r): r is RepositoryInventory => r !== undefined)
    .sort((a, b) => a.fullName.localeCompare(b.fullName));
  for (const r of kept) partial.push(...r.partial);
  if (unread.length > 0) partial.push(budgetPartial(unread.length, repos.length, stopped));
  return {
    organization: org,
    repositories: kept,
    organizationSecrets: await orgSecretsPromise,
    warnings,
    partial,
  };
}
