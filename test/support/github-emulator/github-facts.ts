/**
 * What real GitHub does that its published OpenAPI description (`@octokit/openapi`) does not say.
 *
 * The emulator holds every request and answer to the description. Where GitHub is known to
 * differ — a field the description omits, `null` where it promises an object, a status it does
 * not declare, a rule it states only in prose — the difference is allowed through this one list
 * and nowhere else. Every entry names the public source that shows the behaviour, so a reader can
 * check it, and so that an entry can be dropped when the description catches up.
 *
 * Two kinds of entry:
 * - `patch`: edits the raw OpenAPI document when it is loaded (before any validator is compiled),
 *   e.g. make a property nullable, add a property or a query parameter, declare a status.
 * - behaviour only (no `patch`): a rule the emulator's handlers enforce (e.g. one approval
 *   releases an environment's jobs). The handler refers to the entry by `id` in a comment, so the
 *   rule and its source are found in one place.
 */
import type { SpecName } from './openapi.ts';

type JsonObject = Record<string, unknown>;

export interface SpecDocumentLike {
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
}

export interface GitHubFact {
  /** Short, unique, kebab-case; handlers cite it. */
  id: string;
  /** Which description it applies to ('both' for api.github.com and ghec). */
  spec: SpecName | 'both';
  /** Operations concerned, as `METHOD /template` (empty for facts about no single operation). */
  operations: string[];
  /** What GitHub does, in a sentence or two. */
  what: string;
  /** Public sources that show it: documentation URLs, client code (`cli/cli: path`), issues. */
  sources: string[];
  /** Edits to the raw description; absent for behaviour-only facts. */
  patch?: (doc: SpecDocumentLike) => void;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The operation object for `METHOD /template`, or a thrown error naming what is missing. */
export function operationOf(doc: SpecDocumentLike, operation: string): JsonObject {
  const [method, template] = operation.split(' ', 2);
  const item = template === undefined ? undefined : doc.paths[template];
  const op = isObject(item) && method ? item[method.toLowerCase()] : undefined;
  if (!isObject(op)) throw new Error(`github-facts: the description has no operation ${operation}`);
  return op;
}

/** The JSON schema of an operation's response body for `status`, following one `$ref`. */
export function responseSchemaOf(doc: SpecDocumentLike, operation: string, status: string): JsonObject {
  const op = operationOf(doc, operation);
  const responses = isObject(op.responses) ? op.responses : {};
  let response = responses[status];
  if (isObject(response) && typeof response.$ref === 'string') response = resolve(doc, response.$ref);
  const content = isObject(response) && isObject(response.content) ? response.content : undefined;
  const media = content?.['application/json'];
  const schema = isObject(media) ? media.schema : undefined;
  if (!isObject(schema)) throw new Error(`github-facts: ${operation} declares no JSON body for ${status}`);
  return schema;
}

/** Resolve a local `#/...` pointer in the document. */
export function resolve(doc: SpecDocumentLike, ref: string): unknown {
  let node: unknown = doc;
  for (const raw of ref.replace(/^#\//, '').split('/')) {
    if (!isObject(node)) return undefined;
    node = node[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

/** Walk `properties`/`items` along a path such as `attestations[]/bundle`, resolving `$ref`s. */
export function schemaAt(doc: SpecDocumentLike, root: JsonObject, path: string): JsonObject {
  let node: unknown = root;
  for (const step of path.split('/').filter(Boolean)) {
    const isArray = step.endsWith('[]');
    const name = isArray ? step.slice(0, -2) : step;
    if (isObject(node) && typeof node.$ref === 'string') node = resolve(doc, node.$ref);
    if (name !== '') {
      const props = isObject(node) && isObject(node.properties) ? node.properties : undefined;
      node = props?.[name];
    }
    if (isArray) {
      if (isObject(node) && typeof node.$ref === 'string') node = resolve(doc, node.$ref);
      node = isObject(node) ? node.items : undefined;
    }
  }
  if (isObject(node) && typeof node.$ref === 'string') node = resolve(doc, node.$ref);
  if (!isObject(node)) throw new Error(`github-facts: no schema at ${path}`);
  return node;
}

/**
 * The list. Keep entries grouped by area and sorted by id inside a group. Each issue that finds
 * GitHub differing from its description adds its entries here (with sources), never elsewhere.
 */
export const githubFacts: GitHubFact[] = [
  // Rate limits, conditional requests and GraphQL points (issue 16; books.ts, graphql.ts).
  {
    id: 'conditional-get-304',
    spec: 'both',
    operations: [
      'GET /orgs/{org}/repos',
      'GET /orgs/{org}/actions/secrets',
      'GET /repos/{owner}/{repo}/actions/secrets',
      'GET /repos/{owner}/{repo}/dependabot/secrets',
      'GET /repos/{owner}/{repo}/environments',
      'GET /repos/{owner}/{repo}/environments/{environment_name}/secrets',
      'GET /repos/{owner}/{repo}/actions/variables',
    ],
    what: "Answers carry an `etag`; a GET with `if-none-match` naming it, when the data has not changed, is answered 304 Not Modified without a body (a status most operations' descriptions do not declare), and does not count against the primary rate limit when the request was authorized. Octokit throws a RequestError with status 304 for it.",
    sources: [
      'https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate',
      'https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api',
      'octokit/request.js: src/fetch-wrapper.ts (status 304 -> RequestError "Not modified")',
    ],
  },
  {
    id: 'graphql-points',
    spec: 'both',
    operations: [],
    what: 'POST /graphql (not in the REST description) costs points: the requests needed to fill every connection at its first/last, nested connections once per parent node, divided by 100 and rounded, at least 1; 5,000 points an hour per token, apart from the REST budget (`x-ratelimit-resource: graphql`). Errors on part of a query come back beside `data` with HTTP 200 and a top-level `type` (NOT_FOUND).',
    sources: [
      'https://docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api',
      'https://docs.github.com/en/graphql/guides/forming-calls-with-graphql',
    ],
  },
  {
    id: 'rest-hourly-budget',
    spec: 'both',
    operations: [],
    what: "Every authorized REST request counts against the token's hourly budget (5,000 for a personal access token or app installation, 1,000 per repository for GITHUB_TOKEN), shown in moving `x-ratelimit-limit/-remaining/-used/-reset/-resource` headers; past it GitHub answers 403 or 429 with `x-ratelimit-remaining: 0`. GET /rate_limit does not count.",
    sources: ['https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api'],
  },
];

/** Apply every fact's patch for `spec` to a freshly parsed description (mutates it). */
export function applyFacts(spec: SpecName, doc: SpecDocumentLike): void {
  for (const fact of githubFacts) {
    if (fact.patch && (fact.spec === 'both' || fact.spec === spec)) fact.patch(doc);
  }
}

/** A behaviour fact by id; throws when the id is unknown, so a handler cannot cite a fact that is not listed. */
export function fact(id: string): GitHubFact {
  const found = githubFacts.find((f) => f.id === id);
  if (!found) throw new Error(`github-facts: no fact '${id}'`);
  return found;
}
