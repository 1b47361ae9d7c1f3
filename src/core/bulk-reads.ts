/**
 * Bulk reads through GitHub's GraphQL API: the workflow files of many repositories, and whether
 * each has environments, in one query per 50 repositories — where REST needs a request for the
 * workflows directory, one per workflow file and one for the environments list.
 *
 * One query aliases `repository(owner:, name:)` 50 times, each with
 * `object(expression: "HEAD:.github/workflows")` (a Git revision expression: `HEAD` is the
 * repository's default branch, the branch the REST contents API reads when no `ref` is given —
 * https://docs.github.com/en/graphql/reference/objects#repository, field `object`; REST
 * https://docs.github.com/en/rest/repos/contents "ref: … Default: the repository's default branch")
 * and `environments(first: 1) { totalCount }`. Cost as GitHub computes it ("Rate limits and query
 * limits for the GraphQL API": the requests needed to fill each connection at its `first`, divided
 * by 100, rounded, at least 1): the 50 `environments` connections are 50 requests, so 1 point per
 * query; a Tree's `entries` is a list, not a connection, and costs nothing. 1,000 repositories: 20
 * points, on every run (a GraphQL answer cannot be conditional: no ETag, no 304).
 *
 * Nothing is reported as read that was not: a repository whose part of the answer carries an error
 * (partial data: `data` beside `errors` with a `path`), is missing, or whose whole query failed
 * (GraphQL unavailable, a 5xx after the client's retries, GraphQL's own budget down to its
 * headroom) answers `undefined`, and the caller reads it through REST; a blob GitHub truncated
 * (`isTruncated`) or holds as binary has no text here and is read through REST too. A null
 * workflows directory or a zero environment count is trusted only once GraphQL has shown this
 * token some repository's workflows directory (environments) in the run: what GraphQL answers a
 * token that may not read them is not documented, so until then REST reads them (fail closed).
 *
 * One store per client: the audit and the assessment of one run share its answers (the
 * assessment asks again for nothing the audit read).
 */
import { GraphqlBudgetLow, isBudgetExhausted } from './conditional.js';
import { errorStatus, type GitHubClient } from './github.js';

/** Repositories per query. 100 would cost the same 1 point; 50 keeps one answer well within GitHub's 10-second query timeout. */
export const BULK_SIZE = 50;
/** Where GitHub Actions reads workflows from. */
export const WORKFLOWS_DIR = '.github/workflows';
/** Git's mode of a symbolic link: the REST contents API lists it as `symlink`, not `file`. */
const SYMLINK_MODE = 0o120000;

export interface BulkWorkflowFile {
  /** `.github/workflows/<name>`, as the REST contents API names it. */
  readonly path: string;
  /** The file's text; undefined when GraphQL did not give it whole (truncated, binary): read it through REST. */
  readonly text?: string;
}

export interface BulkRepository {
  /**
   * The default branch's `.github/workflows/*.y(a)ml` files ([] when there is no such directory);
   * undefined when GraphQL's null for the directory cannot be trusted: until GraphQL has shown this
   * token some repository's workflows directory in this run, a null might mean it does not show
   * contents to this token (what GraphQL answers a token without `contents: read` is not
   * documented), so the directory is read through REST, whose 404 is authoritative — failing closed.
   */
  readonly workflows: readonly BulkWorkflowFile[] | undefined;
  /**
   * How many environments the repository has; undefined when a 0 cannot be trusted: until GraphQL
   * has shown this token some repository's environments in this run, a 0 might mean it does not
   * show them to this token (REST answers 403 without `actions: read`; what GraphQL answers is not
   * documented), so the environments are read through REST — failing closed.
   */
  readonly environments: number | undefined;
}

/** Runs a task in a caller's pool (the audit's reader bounds every request it makes, these included). */
export type Schedule = <T>(task: () => Promise<T>) => Promise<T>;

interface Chunk {
  readonly repositories: readonly string[];
  answer?: Promise<Map<string, BulkAnswer>>;
}

/** A repository's part of an answer, and whether GraphQL gave its workflows directory as a Tree. */
interface BulkAnswer extends BulkRepository {
  readonly workflows: readonly BulkWorkflowFile[];
  readonly workflowsTree: boolean;
}

const FRAGMENT = `fragment RepositoryFacts on Repository {
  environments(first: 1) { totalCount }
  workflows: object(expression: "HEAD:${WORKFLOWS_DIR}") {
    ... on Tree { entries { name type mode object { ... on Blob { text isBinary isTruncated byteSize } } } }
  }
}`;

interface TreeEntry {
  name?: string;
  type?: string;
  mode?: number;
  object?: { text?: string | null; isBinary?: boolean | null; isTruncated?: boolean } | null;
}
interface RepositoryAnswer {
  environments?: { totalCount?: number } | null;
  workflows?: { entries?: TreeEntry[] | null } | null;
}
interface GraphqlError {
  path?: readonly (string | number)[];
}

/** The query for a chunk: owner and name are variables, never spliced into the query text. */
export function bulkQuery(count: number): string {
  const vars = Array.from({ length: count }, (_, i) => `$o${i}: String!, $n${i}: String!`).join(', ');
  const fields = Array.from(
    { length: count },
    (_, i) => `  r${i}: repository(owner: $o${i}, name: $n${i}) { ...RepositoryFacts }`,
  ).join('\n');
  return `query BulkRepositoryFacts(${vars}) {\n${fields}\n  rateLimit { cost remaining limit resetAt }\n}\n${FRAGMENT}`;
}

function workflowFiles(answer: RepositoryAnswer): BulkWorkflowFile[] {
  const entries = answer.workflows?.entries ?? [];
  return entries
    .filter((e) => e.type === 'blob' && e.mode !== SYMLINK_MODE && /\.ya?ml$/.test(e.name ?? ''))
    .map((e) => {
      const blob = e.object;
      const whole = blob && typeof blob.text === 'string' && blob.isTruncated === false && blob.isBinary !== true;
      return { path: `${WORKFLOWS_DIR}/${e.name ?? ''}`, ...(whole ? { text: blob.text as string } : {}) };
    });
}

/** Reads one answer: the repositories whose part came back whole, without an error on its path. */
export function readBulkAnswer(
  repositories: readonly string[],
  data: Record<string, unknown> | null | undefined,
  errors: readonly GraphqlError[] = [],
): Map<string, BulkAnswer> {
  const failed = new Set<string>();
  for (const e of errors) {
    const alias = e.path?.[0];
    // An error without a path is about the whole query: nothing in it is trusted.
    if (typeof alias !== 'string') return new Map();
    failed.add(alias);
  }
  const out = new Map<string, BulkAnswer>();
  repositories.forEach((full, i) => {
    const alias = `r${i}`;
    const answer = data?.[alias] as RepositoryAnswer | null | undefined;
    if (failed.has(alias) || !answer || typeof answer.environments?.totalCount !== 'number') return;
    out.set(full.toLowerCase(), {
      workflows: workflowFiles(answer),
      environments: answer.environments.totalCount,
      workflowsTree: Array.isArray(answer.workflows?.entries),
    });
  });
  return out;
}

interface PartialAnswer {
  data?: Record<string, unknown> | null;
  errors: GraphqlError[];
}

/**
 * The data and errors of a GraphQL answer that came back with errors: @octokit/graphql's
 * GraphqlResponseError (`data`, `errors`), or the RequestError @octokit/plugin-retry makes of a
 * "Something went wrong" answer (the body in `response.data`).
 */
function partialAnswer(error: unknown): PartialAnswer | undefined {
  if (!(error instanceof Error)) return undefined;
  const e = error as { errors?: unknown; data?: unknown; response?: { data?: unknown } };
  if (error.name === 'GraphqlResponseError' && Array.isArray(e.errors))
    return { data: e.data as PartialAnswer['data'], errors: e.errors as GraphqlError[] };
  const body = e.response?.data as { data?: unknown; errors?: unknown } | undefined;
  if (body && typeof body === 'object' && Array.isArray(body.errors) && body.data && typeof body.data === 'object')
    return { data: body.data as PartialAnswer['data'], errors: body.errors as GraphqlError[] };
  return undefined;
}

const stores = new WeakMap<GitHubClient, BulkReads>();

export class BulkReads {
  private readonly client: GitHubClient;
  private readonly chunkOf = new Map<string, Chunk>();
  /** Queries sent and repositories answered, for the log and the tests. */
  readonly stats = { queries: 0, answered: 0, fellBack: 0 };
  /** False once GraphQL failed as a whole (not there, or failing): the rest of the run reads through REST. */
  private available = true;
  /** True once an answer showed some repository with environments: GraphQL shows them to this token. */
  private environmentsShown = false;
  /** True once an answer showed some repository's workflows directory: GraphQL shows contents to this token. */
  private workflowsShown = false;

  private constructor(client: GitHubClient) {
    this.client = client;
  }

  /** The store of a client: one per run, shared by the audit and the assessment. */
  static of(client: GitHubClient): BulkReads {
    let store = stores.get(client);
    if (!store) {
      store = new BulkReads(client);
      stores.set(client, store);
    }
    return store;
  }

  /**
   * Groups repositories (`owner/name`) not planned yet into queries of BULK_SIZE, in the order given
   * (the order they will be read in): a query is sent when its first repository is read.
   */
  plan(repositories: readonly string[]): void {
    const fresh = [...new Set(repositories.map((r) => r.toLowerCase()))].filter((r) => !this.chunkOf.has(r));
    for (let i = 0; i < fresh.length; i += BULK_SIZE) {
      const chunk: Chunk = { repositories: fresh.slice(i, i + BULK_SIZE) };
      for (const r of chunk.repositories) this.chunkOf.set(r, chunk);
    }
  }

  /**
   * A repository's workflow files and environment count, or undefined: read it through REST.
   * Throws BudgetExhausted when the run's budget refused the query (the repository is then not read).
   */
  async read(fullName: string, schedule?: Schedule): Promise<BulkRepository | undefined> {
    const key = fullName.toLowerCase();
    if (!this.chunkOf.has(key)) this.plan([key]);
    const chunk = this.chunkOf.get(key) as Chunk;
    chunk.answer ??= schedule ? schedule(() => this.query(chunk)) : this.query(chunk);
    const answer = (await chunk.answer).get(key);
    if (answer === undefined) {
      this.stats.fellBack++;
      return undefined;
    }
    return {
      workflows: answer.workflowsTree || this.workflowsShown ? answer.workflows : undefined,
      environments: answer.environments === 0 && !this.environmentsShown ? undefined : answer.environments,
    };
  }

  private async query(chunk: Chunk): Promise<Map<string, BulkAnswer>> {
    if (!this.available) return new Map();
    const variables: Record<string, string> = {};
    chunk.repositories.forEach((full, i) => {
      const [owner = '', name = ''] = full.split('/');
      variables[`o${i}`] = owner;
      variables[`n${i}`] = name;
    });
    this.stats.queries++;
    let answer: Map<string, BulkAnswer>;
    try {
      // No retry of the whole query: @octokit/plugin-retry turns GitHub's answer for a part that
      // timed out ("Something went wrong while executing your query…", HTTP 200 with partial data)
      // into a 500 and would send the query again at full cost; the parts that came back are used,
      // and the repositories whose parts failed are read through REST.
      const data = await this.client.graphql<Record<string, unknown>>(bulkQuery(chunk.repositories.length), {
        ...variables,
        request: { retries: 0 },
      });
      answer = readBulkAnswer(chunk.repositories, data);
    } catch (error) {
      const partial = partialAnswer(error);
      if (partial) {
        answer = readBulkAnswer(chunk.repositories, partial.data, partial.errors);
      } else if (isBudgetExhausted(error)) {
        throw error;
      } else {
        const status = errorStatus(error);
        // A server error or a network failure: this query's repositories are read through REST.
        // Anything else (no GraphQL on this server, the token refused, GraphQL's own budget low):
        // the rest of the run reads through REST too.
        const transient = status === undefined ? !(error instanceof GraphqlBudgetLow) : status >= 500;
        if (!transient) this.available = false;
        return new Map();
      }
    }
    this.stats.answered += answer.size;
    if ([...answer.values()].some((r) => (r.environments ?? 0) > 0)) this.environmentsShown = true;
    if ([...answer.values()].some((r) => r.workflowsTree)) this.workflowsShown = true;
    return answer;
  }
}
