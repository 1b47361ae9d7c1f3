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
  // --- Organization audit log (issue 14: secret reads and changes) ---------------------------
  {
    id: 'audit-log-enterprise-cloud-only',
    spec: 'ghec',
    operations: ['GET /orgs/{org}/audit-log'],
    what: 'The audit-log API exists only for organizations on GitHub Enterprise Cloud; elsewhere it answers 404, and to a token that is not an organization owner 403.',
    sources: [
      'https://docs.github.com/en/enterprise-cloud@latest/rest/orgs/orgs#get-the-audit-log-for-an-organization ("The authenticated user must be an organization owner to use this endpoint"; the operation is in ghec.json only)',
      'https://docs.github.com/en/enterprise-cloud@latest/organizations/keeping-your-organization-secure/managing-security-settings-for-your-organization/reviewing-the-audit-log-for-your-organization#using-the-audit-log-api',
    ],
  },
  {
    id: 'audit-log-prepared-workflow-job',
    spec: 'ghec',
    operations: ['GET /orgs/{org}/audit-log'],
    what: "`workflows.prepared_workflow_job` events name the secrets GitHub passed to a job (`secrets_passed`) with `repo`, `job_name`, `job_workflow_ref`, `calling_workflow_refs`, `workflow_run_id`, `run_attempt` and `environment_name`; the description's `audit-log-event` schema lists none of these. They are only available through the REST API (and the audit-log stream), not the web UI or the JSON/CSV export.",
    sources: [
      'https://docs.github.com/en/enterprise-cloud@latest/admin/monitoring-activity-in-your-enterprise/reviewing-audit-logs-for-your-enterprise/audit-log-events-for-your-enterprise#workflows ("prepared_workflow_job: Triggered when a workflow job is started. Includes the list of secrets that were provided to the job")',
      'https://docs.github.com/en/actions/using-workflows/reusing-workflows#monitoring-which-workflows-are-being-used (repo, @timestamp, job_name, calling_workflow_refs, job_workflow_ref; "can only be viewed using the REST API")',
      'google/go-github: github/orgs_audit_log.go (AuditEntry: secrets_passed, workflow_run_id, run_attempt, job_name, head_branch, event)',
    ],
    patch: (doc) => {
      const event = doc.components.schemas?.['audit-log-event'];
      if (!isObject(event) || !isObject(event.properties))
        throw new Error('github-facts: ghec has no audit-log-event schema');
      const strings = { type: 'array', items: { type: 'string' } };
      Object.assign(event.properties, {
        secrets_passed: strings,
        job_name: { type: 'string' },
        job_workflow_ref: { type: 'string' },
        calling_workflow_refs: strings,
        workflow_run_id: { type: 'integer' },
        run_attempt: { type: 'integer' },
        environment_name: { type: 'string' },
        head_branch: { type: ['string', 'null'] },
        event: { type: 'string' },
      });
    },
  },
  {
    id: 'audit-log-rate-limit',
    spec: 'ghec',
    operations: ['GET /orgs/{org}/audit-log'],
    what: 'The audit-log API allows 1,750 queries per hour per user and IP address; over it GitHub answers 429 (or 403) with retry-after / x-ratelimit-* headers. The operation declares no 429.',
    sources: [
      'ghec.json GET /orgs/{org}/audit-log description: "This endpoint has a rate limit of 1,750 queries per hour per user and IP address. If your integration receives a rate limit error (typically a 403 or 429 response), it should wait before making another request"',
      'https://docs.github.com/en/enterprise-cloud@latest/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit',
    ],
    patch: (doc) => {
      const op = operationOf(doc, 'GET /orgs/{org}/audit-log');
      const responses = isObject(op.responses) ? op.responses : (op.responses = {});
      responses['429'] = {
        description: 'Too many requests (the audit log rate limit)',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/basic-error' } } },
      };
    },
  },
  {
    id: 'audit-log-three-month-default',
    spec: 'ghec',
    operations: ['GET /orgs/{org}/audit-log'],
    what: 'Without a `created` qualifier in `phrase`, the audit-log API returns only events from the past three months; older events need `created:`. GitHub keeps the audit log for the current month and the six before it (Git events seven days). Pagination is by cursor: `after`/`before` in the Link header.',
    sources: [
      'ghec.json GET /orgs/{org}/audit-log description: "By default, the response includes up to 30 events from the past three months. Use the `phrase` parameter to filter results and retrieve older events. For example, use the `phrase` parameter with the `created` qualifier"',
      'https://docs.github.com/en/enterprise-cloud@latest/admin/monitoring-activity-in-your-enterprise/reviewing-audit-logs-for-your-enterprise/using-the-audit-log-api-for-your-enterprise ("By default, only events from the past three months are displayed. To view older events, you must specify a date range with the created parameter")',
      'https://docs.github.com/en/enterprise-cloud@latest/rest/using-the-rest-api/using-pagination-in-the-rest-api (cursor-based `after`/`before` links)',
      'https://docs.github.com/en/enterprise-cloud@latest/admin/monitoring-activity-in-your-enterprise/reviewing-audit-logs-for-your-enterprise/about-the-audit-log-for-your-enterprise ("events [...] within the current month and up to the previous six months. The audit log retains Git events for seven days")',
    ],
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
