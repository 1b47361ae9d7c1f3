/**
 * Collects the evidence for one repository (an application) or every repository of an
 * organisation through the GitHub REST API, reading each thing once. The requests are the same
 * (path and query) as the audit's inventory, so that with the client's request cache an audit
 * and an assessment of the same scope share one collection (src/core/conditional.ts).
 */
import { FINGERPRINT_VARIABLE } from '../core/rotation-records.js';
import { BulkReads } from '../core/bulk-reads.js';
import { mapSettled } from '../core/concurrency.js';
import { errorMessage } from '../core/errors.js';
import { type GitHubClient, errorStatus } from '../core/github.js';
import { matchesFilter } from '../audit/inventory.js';
import { type PracticeHost, practiceCoverage } from './coverage.js';
import type { EnvironmentFacts, FingerprintFacts, RepoEvidence, SecretFacts } from './score.js';
import { parseWorkflow, type WorkflowFacts } from './workflows.js';

export interface CollectOptions {
  /** Name of the repository that hosts the suite's actions, to recognise `uses:` lines. */
  readonly actionRepo?: string;
  readonly concurrency?: number;
  /** Glob patterns on repository names (`!` excludes), as audit-secrets' `repository-filter`. */
  readonly repositoryFilter?: readonly string[];
  /** Forks and template repositories are not applications unless asked for. */
  readonly includeForks?: boolean;
  readonly includeTemplates?: boolean;
  readonly onProgress?: (done: number, total: number, repository: string) => void;
}

/**
 * rotate-secret records one repository variable per secret and instance:
 * `<SECRET>_FINGERPRINT_<INSTANCE>` holding `hmac-sha256:<hex>`.
 */
export function parseFingerprintVariable(name: string, value: string): FingerprintFacts | undefined {
  const m = FINGERPRINT_VARIABLE.exec(name);
  if (!m || !/^hmac-sha256:[0-9a-f]{64}$/.test(value)) return undefined;
  return { secret: m[1] ?? '', instance: (m[2] ?? '').toLowerCase(), fingerprint: value };
}

async function workflows(
  client: GitHubClient,
  owner: string,
  repo: string,
  actionRepo: string,
): Promise<WorkflowFacts[]> {
  const readFile = async (path: string): Promise<WorkflowFacts> => {
    const { data } = await client.rest.repos.getContent({ owner, repo, path });
    const content = !Array.isArray(data) && 'content' in data && typeof data.content === 'string' ? data.content : '';
    return parseWorkflow(path, Buffer.from(content, 'base64').toString('utf8'), actionRepo);
  };
  // From GraphQL in bulk when it answered for this repository (the audit of the same run may have
  // read it already: one store per client); else through REST (src/core/bulk-reads.ts).
  const bulk = await BulkReads.of(client).read(`${owner}/${repo}`);
  if (bulk?.workflows) {
    const out: WorkflowFacts[] = [];
    for (const f of bulk.workflows)
      out.push(f.text !== undefined ? parseWorkflow(f.path, f.text, actionRepo) : await readFile(f.path));
    return out;
  }
  let listing: unknown;
  try {
    listing = (await client.rest.repos.getContent({ owner, repo, path: '.github/workflows' })).data;
  } catch (error) {
    if (errorStatus(error) === 404) return [];
    throw error;
  }
  const files = (Array.isArray(listing) ? listing : []) as { type: string; path: string; name: string }[];
  const yamls = files.filter((f) => f.type === 'file' && /\.ya?ml$/.test(f.name));
  const out: WorkflowFacts[] = [];
  for (const f of yamls) out.push(await readFile(f.path));
  return out;
}

export async function collectRepository(
  client: GitHubClient,
  owner: string,
  repo: string,
  options: CollectOptions = {},
): Promise<RepoEvidence> {
  const problems: string[] = [];
  const attempt = async <T>(what: string, fn: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      const status = errorStatus(error);
      problems.push(`could not read ${what}${status ? ` (HTTP ${status})` : ''}: ${errorMessage(error)}`);
      return fallback;
    }
  };
  const wfs = await attempt(
    'workflows',
    () => workflows(client, owner, repo, options.actionRepo ?? 'secure-deploy'),
    [],
  );
  // Known to have none (GraphQL's totalCount, read with the workflows): no environments list.
  const noEnvironments =
    (
      await BulkReads.of(client)
        .read(`${owner}/${repo}`)
        .catch(() => undefined)
    )?.environments === 0;
  const envList = noEnvironments
    ? []
    : await attempt(
        'environments',
        async () =>
          (await client.rest.repos.getAllEnvironments({ owner, repo, per_page: 100 })).data.environments ?? [],
        [],
      );
  const environments: EnvironmentFacts[] = envList.map((env) => ({
    name: env.name,
    requiredReviewers: (env.protection_rules ?? []).reduce(
      (n, rule) => n + ('reviewers' in rule && Array.isArray(rule.reviewers) ? rule.reviewers.length : 0),
      0,
    ),
  }));
  const secrets: SecretFacts[] = [];
  const repoSecrets = await attempt(
    'repository secrets',
    async (): Promise<{ name: string; updated_at: string }[]> =>
      client.paginate(client.rest.actions.listRepoSecrets, { owner, repo, per_page: 100 }),
    [],
  );
  for (const s of repoSecrets) secrets.push({ scope: 'repository', name: s.name, updatedAt: s.updated_at });
  for (const env of environments) {
    const envSecrets = await attempt(
      `secrets of environment ${env.name}`,
      async (): Promise<{ name: string; updated_at: string }[]> =>
        client.paginate(client.rest.actions.listEnvironmentSecrets, {
          owner,
          repo,
          environment_name: env.name,
          per_page: 100,
        }),
      [],
    );
    for (const s of envSecrets) {
      secrets.push({ scope: 'environment', name: s.name, environment: env.name, updatedAt: s.updated_at });
    }
  }
  const variables = await attempt(
    'repository variables',
    async (): Promise<{ name: string; value: string }[]> =>
      client.paginate(client.rest.actions.listRepoVariables, { owner, repo, per_page: 100 }),
    [],
  );
  const fingerprints = variables.flatMap((v) => parseFingerprintVariable(v.name, v.value) ?? []);
  return { repository: `${owner}/${repo}`, workflows: wfs, environments, secrets, fingerprints, problems };
}

/**
 * Every application of an organization: its repositories, not archived, not forks or templates
 * (unless asked for), matching the repository filter. Practices run once for the organization (a
 * scheduled audit-secrets over it, rotate-secret writing other repositories' secrets) are credited
 * to every repository they cover, wherever they run: the workflows of repositories left out of the
 * assessment (templates, filtered out) are read for that too; forks' schedules do not run by default.
 */
export async function collectOrganization(
  client: GitHubClient,
  org: string,
  options: CollectOptions = {},
): Promise<RepoEvidence[]> {
  const all = (await client.paginate(client.rest.repos.listForOrg, { org, type: 'all', per_page: 100 })).filter(
    (r) => !r.archived,
  );
  const inScope = (r: (typeof all)[number]) =>
    (options.includeForks === true || !r.fork) &&
    (options.includeTemplates === true || r.is_template !== true) &&
    matchesFilter(r.name, options.repositoryFilter ?? []);
  const repos = all.filter(inScope);
  const others = all.filter((r) => !inScope(r) && !r.fork);
  BulkReads.of(client).plan([...repos, ...others].map((r) => r.full_name));
  const actionRepo = options.actionRepo ?? 'secure-deploy';
  let done = 0;
  const settled = await mapSettled(repos, options.concurrency ?? 8, async (r) => {
    const ev = await collectRepository(client, org, r.name, options);
    options.onProgress?.(++done, repos.length, r.full_name);
    return ev;
  });
  const evidence: RepoEvidence[] = settled.map((s, i) =>
    s.status === 'fulfilled'
      ? s.value
      : {
          repository: repos[i]?.full_name ?? '',
          workflows: [],
          environments: [],
          secrets: [],
          fingerprints: [],
          problems: [errorMessage(s.reason)],
        },
  );
  // Out-of-scope repositories are read for their workflows only; one that cannot be read credits nothing.
  const outside = await mapSettled(others, options.concurrency ?? 8, async (r) => ({
    repository: r.full_name,
    workflows: await workflows(client, org, r.name, actionRepo),
  }));
  const hosts: PracticeHost[] = [...evidence, ...outside.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))];
  const coverage = practiceCoverage(
    hosts,
    evidence.map((ev) => ev.repository),
  );
  return evidence.map((ev) => ({ ...ev, practices: coverage.get(ev.repository) }));
}
