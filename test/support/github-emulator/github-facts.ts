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
  // --- Environments, run reviews and deployments (require-approval) ---
  {
    id: 'token-expiration-header',
    spec: 'api.github.com',
    operations: ['POST /app/installations/{installation_id}/access_tokens', 'GET /repos/{owner}/{repo}/installation'],
    what: "An installation access token expires one hour after it is minted (`expires_at` in the answer); used after that, every request gets 401 Bad credentials. Answers to a request made with a token that has an expiry carry the response header `github-authentication-token-expiration` ('2026-01-01 13:00:00 UTC'); the OpenAPI description declares no such header. The emulator sends it for seeded tokens with `expires_at` and for the installation tokens it mints, and refuses such a token once it has expired. Whether GitHub sends the header for installation tokens is not documented: require-approval uses it only when present.",
    sources: [
      'https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-an-installation-access-token-for-a-github-app ("The installation access token will expire after 1 hour")',
      'https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app (`expires_at`)',
      'nearform/github-snooze-chrome-extension#11 (every REST answer carries the token expiration in `github-authentication-token-expiration`)',
    ],
  },
  {
    id: 'custom-deployment-protection-rules',
    spec: 'api.github.com',
    operations: [
      'GET /repos/{owner}/{repo}/environments/{environment_name}/deployment_protection_rules',
      'GET /repos/{owner}/{repo}/environments/{environment_name}/deployment_protection_rules/apps',
    ],
    what: "An environment can be gated by a GitHub App (a custom deployment protection rule, named by `app.slug`); its job waits until the app approves through `POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule`. The app's decision is not a review: it does not appear in the run's approvals. Only apps installed on the repository that provide such rules are listed under `.../deployment_protection_rules/apps`. The description has the operations; the emulator models them (seed `protection_rules`, `protection_rule_apps`).",
    sources: [
      'https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/creating-custom-deployment-protection-rules',
      'https://docs.github.com/en/rest/deployments/protection-rules',
      'google/go-github: github/repos_deployment_protection_rules.go (CustomDeploymentProtectionRule.App.Slug)',
    ],
  },
  {
    id: 'environment-can-admins-bypass',
    spec: 'api.github.com',
    operations: [
      'GET /repos/{owner}/{repo}/environments/{environment_name}',
      'PUT /repos/{owner}/{repo}/environments/{environment_name}',
      'GET /repos/{owner}/{repo}/environments',
    ],
    what: "GET and PUT environment carry `can_admins_bypass` ('Allow administrators to bypass configured protection rules'), true by default: repository administrators can deploy without waiting for reviewers. The OpenAPI description omits the property (and PUT's body forbids additional properties); the patch adds it to the request body and the `environment` schema.",
    sources: [
      'https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/managing-environments-for-deployment#allow-administrators-to-bypass-configured-protection-rules',
      'google/go-github: github/repos_environments.go (Environment.CanAdminsBypass; "As the default value for CanAdminsBypass is true, a nil value here marshals to true")',
      'integrations/terraform-provider-github: github/resource_github_repository_environment.go (can_admins_bypass, Default: true)',
    ],
    patch: (doc) => {
      const prop = {
        type: 'boolean',
        description: 'Whether repository administrators may bypass the protection rules (default true).',
      };
      const put = operationOf(doc, 'PUT /repos/{owner}/{repo}/environments/{environment_name}');
      const body = isObject(put.requestBody) ? put.requestBody : undefined;
      const content = body && isObject(body.content) ? body.content : undefined;
      const media = content?.['application/json'];
      let schema = isObject(media) ? media.schema : undefined;
      if (isObject(schema) && typeof schema.$ref === 'string') schema = resolve(doc, schema.$ref);
      if (!isObject(schema) || !isObject(schema.properties))
        throw new Error('github-facts: PUT environment has no JSON body schema');
      schema.properties.can_admins_bypass = prop;
      const env = resolve(doc, '#/components/schemas/environment');
      if (!isObject(env) || !isObject(env.properties)) throw new Error('github-facts: no environment schema');
      env.properties.can_admins_bypass = prop;
    },
  },
  {
    id: 'environment-job-creates-deployment',
    spec: 'api.github.com',
    operations: [
      'GET /repos/{owner}/{repo}/deployments',
      'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
    ],
    what: "Each time a job that references an environment runs, GitHub Actions creates a deployment for that environment at the run's commit (before the protection rules are evaluated: the `deployment_protection_rule` webhook already carries it), and adds statuses as the job waits, runs and ends. This happens whether reviewers approve it, reject it, or an administrator bypasses them. The emulator records one when a seeded run has a review for (or `reached`) an environment, and when a pending deployment is reviewed; its status links the run.",
    sources: [
      'https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/managing-environments-for-deployment ("Each time a workflow job that references an environment runs, it creates a deployment object")',
      'https://docs.github.com/en/webhooks/webhook-events-and-payloads#deployment_protection_rule (payload has `deployment`)',
      'hephaestus-build/Hephaestus#1828 ("A job declaring `environment:` already gets a deployment record and queued → in_progress → success statuses")',
    ],
  },
  {
    id: 'issues-disabled-410',
    spec: 'api.github.com',
    operations: [
      'GET /repos/{owner}/{repo}/issues',
      'POST /repos/{owner}/{repo}/issues',
      'GET /repos/{owner}/{repo}/issues/{issue_number}',
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
      'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    ],
    what: "A repository with issues turned off (`has_issues: false`) answers the issue endpoints 410 Gone 'Issues are disabled for this repo'. The description declares 410 for POST issues and GET/PATCH issue; the emulator answers it on every issue endpoint it routes.",
    sources: [
      'https://docs.github.com/en/rest/issues/issues#create-an-issue (status 410 Gone)',
      'https://docs.github.com/en/rest/issues/comments#list-issue-comments (status 410 Gone)',
    ],
  },
  {
    id: 'one-review-per-environment-per-attempt',
    spec: 'api.github.com',
    operations: [
      'POST /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments',
      'GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals',
    ],
    what: "The first review of a waiting environment decides it for that run attempt: an approval releases the environment's jobs, a rejection fails them. A second review of the same environment in the same attempt finds nothing waiting (422). So a run attempt holds at most one decision per environment, and N distinct approvers need N environments (or more attempts).",
    sources: [
      'api.github.com OpenAPI description, schema `environment`, protection_rules[].reviewers: "Only one of the required reviewers needs to approve the job for it to proceed."',
      'https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/reviewing-deployments',
      'integrations/terraform-provider-github: github/resource_github_repository_environment.go (reviewers: "Only one of the required reviewers needs to approve the job for it to proceed.")',
    ],
  },
  {
    id: 'run-approvals-carry-no-attempt',
    spec: 'api.github.com',
    operations: [
      'GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals',
      'GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}',
    ],
    what: "A run's approvals list the reviews of every attempt, each with only `environments`, `state`, `user` and `comment`: no attempt number and no time. A re-run keeps the run id; `GET .../runs/{id}` shows the latest `run_attempt` and its `run_started_at`, and `GET .../attempts/{n}` shows attempt n with its own `run_started_at`. Telling one attempt's reviews from another's needs other evidence (the deployments each attempt's jobs created, by time).",
    sources: [
      'api.github.com OpenAPI description, schema `environment-approvals` (environments, state, user, comment)',
      'https://docs.github.com/en/rest/actions/workflow-runs#get-the-review-history-for-a-workflow-run',
      'https://docs.github.com/en/rest/actions/workflow-runs#get-a-workflow-run-attempt',
      'google/go-github: github/actions_workflow_runs.go (GetWorkflowRunAttempt; WorkflowRun.RunAttempt, RunStartedAt)',
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
