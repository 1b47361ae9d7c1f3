/**
 * `POST /graphql`: GitHub's GraphQL API for the reads the suite does in bulk (an organization's
 * repositories with their environments, protection rules and workflow files), executed with the
 * `graphql` package against GitHub's published schema (@octokit/graphql-schema), over the same
 * state as the REST routes. Anything the schema has that is not modelled here resolves to null
 * (and a nullable field's null is what GitHub sends for a missing object).
 *
 * Point costs as GitHub computes them ("Rate limits and query limits for the GraphQL API",
 * https://docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api):
 * add up the requests needed to fulfil each connection, assuming every one reaches its `first` /
 * `last` limit (a connection nested in another needs one request per parent node); divide by 100
 * and round to the nearest whole number; a query costs at least 1. Each token has 5,000 points an
 * hour, kept apart from its REST budget (`x-ratelimit-resource: graphql`). Errors on part of a
 * query come back beside the data (`data` and `errors`, HTTP 200), with GitHub's `type`
 * (`NOT_FOUND`).
 */
import { schema as published } from '@octokit/graphql-schema';
import {
  buildSchema,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
  parse,
  type SelectionSetNode,
  execute,
  validate,
  type ValueNode,
} from 'graphql';
import type { Books } from './books.ts';
import { fact } from './github-facts.ts';
import type { Environment, Repo, State } from './state.ts';

fact('graphql-points');
fact('graphql-partial-timeout');
fact('graphql-blob-head-expression');

let built: GraphQLSchema | undefined;
function githubSchema(): GraphQLSchema {
  built ??= buildSchema(published.idl, { assumeValidSDL: true });
  return built;
}

/**
 * Test faults on GitHub's GraphQL answers, per repository (`owner/name`, lower case):
 * - `error`: the repository's `object(...)` field fails with the error GitHub sends when part of a
 *   query times out ("Something went wrong while executing your query. This may be the result of a
 *   timeout, or it could be a GitHub bug. Please include `<id>` when reporting this issue."): that
 *   field is null and an error with its `path` comes beside the data (partial data, HTTP 200 —
 *   https://docs.github.com/en/graphql/guides/forming-calls-with-graphql).
 * - `truncated`: its blobs come back cut in half with `isTruncated: true` (the Blob object:
 *   "isTruncated: Indicates whether the contents is truncated",
 *   https://docs.github.com/en/graphql/reference/objects#blob), as GitHub does for large files.
 * - `hidden`: its `object(...)` is null without an error, as if the directory did not exist, while
 *   REST still serves it. What GitHub's GraphQL answers a token that may not read contents is not
 *   documented; a silent null is one possibility the client must not take for "no workflows"
 *   unless the same run has seen GraphQL show the token some repository's workflows.
 */
export type GraphqlFault = 'error' | 'truncated' | 'hidden';
const faultsByState = new WeakMap<State, Map<string, GraphqlFault>>();
export function graphqlFaults(state: State): Map<string, GraphqlFault> {
  let faults = faultsByState.get(state);
  if (!faults) {
    faults = new Map();
    faultsByState.set(state, faults);
  }
  return faults;
}

/** GitHub's node limits: `first`/`last` within 1..100 on every connection. */
const MAX_PAGE = 100;

function argValue(node: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!node) return undefined;
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  if (node.kind === Kind.INT) return Number(node.value);
  return undefined;
}

/**
 * The query's cost in points: requests to fill every connection at its `first`/`last`, nested
 * connections multiplied by their parents' sizes, divided by 100 and rounded, at least 1.
 */
export function queryCost(document: DocumentNode, variables: Record<string, unknown> = {}): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const pageSize = (field: FieldNode): number | undefined => {
    const arg = (name: string) =>
      argValue(field.arguments?.find((a) => a.name.value === name)?.value, variables) as number | undefined;
    const size = arg('first') ?? arg('last');
    return size === undefined ? undefined : Math.max(1, Math.min(MAX_PAGE, size));
  };
  let requests = 0;
  const walk = (set: SelectionSetNode | undefined, parents: number): void => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet, parents);
      else if (s.kind === Kind.FRAGMENT_SPREAD) walk(fragments.get(s.name.value)?.selectionSet, parents);
      else {
        const size = pageSize(s);
        if (size === undefined) walk(s.selectionSet, parents);
        else {
          // One request per parent node fills this connection; its nodes are the next level's parents.
          requests += parents;
          walk(s.selectionSet, parents * size);
        }
      }
    }
  };
  for (const d of document.definitions) if (d.kind === Kind.OPERATION_DEFINITION) walk(d.selectionSet, 1);
  return Math.max(1, Math.round(requests / 100));
}

interface Page {
  first?: number;
  last?: number;
  after?: string;
}

const cursorOf = (n: number) => Buffer.from(`cursor:${n}`).toString('base64');
const indexOf = (cursor: string | undefined) =>
  cursor ? Number(/^cursor:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString())?.[1] ?? -1) : -1;

function connection<T>(items: readonly T[], args: Page): unknown {
  const size = args.first ?? args.last;
  if (size === undefined || size < 1 || size > MAX_PAGE) {
    throw new GraphQLError(
      `You must provide a \`first\` or \`last\` value between 1 and ${MAX_PAGE} to properly paginate.`,
      { extensions: { type: 'MISSING_PAGINATION_BOUNDARIES' } },
    );
  }
  const start = indexOf(args.after) + 1;
  const slice = args.last !== undefined ? items.slice(-size) : items.slice(start, start + size);
  const from = args.last !== undefined ? Math.max(0, items.length - size) : start;
  return {
    totalCount: items.length,
    nodes: slice,
    edges: slice.map((node, k) => ({ node, cursor: cursorOf(from + k) })),
    pageInfo: {
      hasNextPage: from + slice.length < items.length,
      hasPreviousPage: from > 0,
      startCursor: slice.length > 0 ? cursorOf(from) : null,
      endCursor: slice.length > 0 ? cursorOf(from + slice.length - 1) : null,
    },
  };
}

function notFound(what: string): GraphQLError {
  return new GraphQLError(`Could not resolve to ${what}.`, { extensions: { type: 'NOT_FOUND' } });
}

function environmentNode(state: State, env: Environment) {
  const rules: unknown[] = [];
  if (env.reviewers.length > 0) {
    rules.push({
      __typename: 'DeploymentProtectionRule',
      databaseId: env.ruleIds.reviewers,
      type: 'REQUIRED_REVIEWERS',
      timeout: 0,
      preventSelfReview: env.preventSelfReview,
      reviewers: (args: Page) =>
        connection(
          env.reviewers.map((r) =>
            r.type === 'User'
              ? { __typename: 'User', login: state.userById(r.id)?.login ?? '', databaseId: r.id }
              : { __typename: 'Team', slug: state.teamById(r.id)?.team.slug ?? '', databaseId: r.id },
          ),
          args,
        ),
    });
  }
  if (env.waitTimer > 0) {
    rules.push({
      __typename: 'DeploymentProtectionRule',
      databaseId: env.ruleIds.waitTimer,
      type: 'WAIT_TIMER',
      timeout: env.waitTimer,
    });
  }
  if (env.deploymentBranchPolicy) {
    rules.push({
      __typename: 'DeploymentProtectionRule',
      databaseId: env.ruleIds.branchPolicy,
      type: 'BRANCH_POLICY',
      timeout: 0,
    });
  }
  return {
    __typename: 'Environment',
    id: Buffer.from(`Environment${env.id}`).toString('base64'),
    databaseId: env.id,
    name: env.name,
    protectionRules: (args: Page) => connection(rules, args),
  };
}

/** `object(expression: "REF:path")`: a Tree or Blob at a path of a ref, or null. */
function gitObject(repo: Repo, expression: string, fault?: GraphqlFault): unknown {
  if (fault === 'error') {
    throw new GraphQLError(
      'Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug. Please include `0400:1A2B:3C4D:5E6F` when reporting this issue.',
    );
  }
  if (fault === 'hidden') return null;
  const colon = expression.indexOf(':');
  const ref = colon < 0 ? expression : expression.slice(0, colon) || repo.defaultBranch;
  const path = colon < 0 ? '' : expression.slice(colon + 1).replace(/^\/+|\/+$/g, '');
  // `HEAD` of a repository on GitHub is its default branch (the expression is one for
  // `git rev-parse`: https://docs.github.com/en/graphql/reference/objects#repository, field `object`).
  const commitSha = repo.git.resolve(ref === 'HEAD' ? repo.defaultBranch : ref);
  const commit = commitSha ? repo.git.commit(commitSha) : undefined;
  if (!commit) return null;
  let sha = commit.tree;
  let type: 'tree' | 'blob' = 'tree';
  for (const part of path ? path.split('/') : []) {
    const entry = repo.git.tree(sha)?.entries.find((e) => e.path === part);
    if (!entry || entry.type === 'commit') return null;
    sha = entry.sha;
    type = entry.type;
  }
  const render = (objectSha: string, objectType: 'tree' | 'blob'): unknown => {
    if (objectType === 'blob') {
      const blob = repo.git.blob(objectSha);
      const binary = blob ? blob.content.includes(0) : false;
      const text = blob && !binary ? blob.content.toString('utf8') : null;
      const truncated = fault === 'truncated' && text !== null;
      return {
        __typename: 'Blob',
        oid: objectSha,
        byteSize: blob?.content.length ?? 0,
        isBinary: binary,
        isTruncated: truncated,
        text: truncated ? text.slice(0, Math.floor(text.length / 2)) : text,
      };
    }
    return {
      __typename: 'Tree',
      oid: objectSha,
      entries: (repo.git.tree(objectSha)?.entries ?? []).map((e) => ({
        name: e.path,
        path: path ? `${path}/${e.path}` : e.path,
        type: e.type,
        mode: Number.parseInt(e.mode, 8),
        oid: e.sha,
        object: e.type === 'commit' ? null : () => render(e.sha, e.type as 'tree' | 'blob'),
      })),
    };
  };
  return render(sha, type);
}

function repositoryNode(state: State, repo: Repo) {
  return {
    __typename: 'Repository',
    id: Buffer.from(`Repository${repo.id}`).toString('base64'),
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: `${repo.owner}/${repo.name}`,
    owner: { __typename: state.getOrg(repo.owner) ? 'Organization' : 'User', login: repo.owner },
    isArchived: repo.archived,
    isPrivate: repo.private,
    isFork: repo.fork,
    isTemplate: repo.isTemplate,
    visibility: repo.visibility.toUpperCase(),
    defaultBranchRef: { __typename: 'Ref', name: repo.defaultBranch, prefix: 'refs/heads/' },
    environments: (args: Page) =>
      connection(
        [...repo.environments.values()].map((e) => environmentNode(state, e)),
        args,
      ),
    object: (args: { expression: string }) =>
      gitObject(repo, args.expression, graphqlFaults(state).get(`${repo.owner}/${repo.name}`.toLowerCase())),
  };
}

export interface GraphqlAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** Answers one `POST /graphql` for an authorized token. */
export function answerGraphql(state: State, books: Books, token: string, body: unknown): GraphqlAnswer {
  const request = (body ?? {}) as { query?: unknown; variables?: unknown };
  if (typeof request.query !== 'string') {
    return { status: 400, body: { message: 'A query attribute must be specified and must be a string.' }, headers: {} };
  }
  const variables = (request.variables && typeof request.variables === 'object' ? request.variables : {}) as Record<
    string,
    unknown
  >;
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    return { status: 200, body: { errors: [{ message: (error as Error).message }] }, headers: {} };
  }
  const schema = githubSchema();
  const invalid = validate(schema, document);
  if (invalid.length > 0) {
    return {
      status: 200,
      body: { errors: invalid.map((e) => ({ message: e.message, locations: e.locations })) },
      headers: {},
    };
  }
  const cost = queryCost(document, variables);
  const charged = books.chargeGraphql(token, cost);
  if (!charged.ok) {
    return {
      status: 200,
      body: { errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for this token.' }] },
      headers: charged.headers,
    };
  }
  const rootValue = {
    organization: ({ login }: { login: string }) => {
      const org = state.getOrg(login);
      if (!org) throw notFound(`an Organization with the login of '${login}'`);
      return {
        __typename: 'Organization',
        login: org.login,
        repositories: (args: Page & { isArchived?: boolean; isFork?: boolean }) =>
          connection(
            [...state.repos.values()]
              .filter((r) => r.owner.toLowerCase() === org.login.toLowerCase())
              .filter((r) => args.isArchived === undefined || r.archived === args.isArchived)
              .filter((r) => args.isFork === undefined || r.fork === args.isFork)
              .sort((a, b) => a.name.localeCompare(b.name))
              .map((r) => repositoryNode(state, r)),
            args,
          ),
      };
    },
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = state.getRepo(owner, name);
      if (!repo) throw notFound(`a Repository with the name '${owner}/${name}'`);
      return repositoryNode(state, repo);
    },
    rateLimit: () => ({ __typename: 'RateLimit', cost, ...charged.rateLimit }),
  };
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operation?.operation !== OperationTypeNode.QUERY) {
    return {
      status: 200,
      body: { errors: [{ message: 'The emulator answers queries only.' }] },
      headers: charged.headers,
    };
  }
  const result = execute({ schema, document, rootValue, variableValues: variables }) as {
    data?: unknown;
    errors?: readonly GraphQLError[];
  };
  const out: Record<string, unknown> = { data: result.data ?? null };
  if (result.errors?.length) {
    // GitHub puts the error type at the top level of each error.
    out.errors = result.errors.map((e) => ({
      ...(typeof e.extensions.type === 'string' ? { type: e.extensions.type } : {}),
      path: e.path,
      locations: e.locations,
      message: e.message,
    }));
  }
  return { status: 200, body: out, headers: charged.headers };
}

/** `POST /graphql` with its `Authorization` header: 401 without a usable token, as GitHub answers. */
export function graphqlRequest(
  state: State,
  books: Books,
  authorization: string | undefined,
  body: unknown,
): GraphqlAnswer {
  const token = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!token) {
    return {
      status: 401,
      body: {
        message: 'This endpoint requires you to be authenticated.',
        documentation_url:
          'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql',
      },
      headers: {},
    };
  }
  if (state.tokenInfo(token).invalid) {
    return {
      status: 401,
      body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/graphql' },
      headers: {},
    };
  }
  return answerGraphql(state, books, token, body);
}
