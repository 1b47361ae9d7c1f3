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

/** Every operation of the document as `["METHOD /template", operation object]`. */
export function allOperations(doc: SpecDocumentLike): [string, JsonObject][] {
  const out: [string, JsonObject][] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (method === 'parameters' || !isObject(op)) continue;
      out.push([`${method.toUpperCase()} ${template}`, op]);
    }
  }
  return out;
}

/**
 * Declare a response status the description omits for an operation (no-op when it is declared):
 * `response` is a response object or a `#/components/responses/...` name such as `not_found`.
 */
export function declareStatus(
  doc: SpecDocumentLike,
  operation: string,
  status: string,
  response: string | JsonObject,
): void {
  const op = operationOf(doc, operation);
  if (!isObject(op.responses)) op.responses = {};
  const responses = op.responses as JsonObject;
  if (status in responses) return;
  if (typeof response === 'string') {
    if (!isObject(doc.components.responses?.[response]))
      throw new Error(`github-facts: the description has no response component ${response}`);
    responses[status] = { $ref: `#/components/responses/${response}` };
  } else {
    responses[status] = response;
  }
}

/** Allow `""` besides what a string property's schema allows (GitHub's "unset" for some URL fields). */
export function allowEmptyString(doc: SpecDocumentLike, schema: JsonObject, property: string): void {
  const props = isObject(schema.properties) ? schema.properties : undefined;
  const current = props?.[property];
  if (!props || !isObject(current)) throw new Error(`github-facts: no property ${property} to allow "" in`);
  const { description, nullable, ...rest } = current;
  props[property] = {
    ...(description === undefined ? {} : { description }),
    ...(nullable === undefined ? {} : { nullable }),
    anyOf: [rest, { type: 'string', enum: [''] }],
  };
}

/** A component schema by name (throws when the description has none). */
export function componentSchema(doc: SpecDocumentLike, name: string): JsonObject {
  const schema = doc.components.schemas?.[name];
  if (!isObject(schema)) throw new Error(`github-facts: the description has no schema ${name}`);
  return schema;
}

/**
 * Facts found making the emulator strict (issue 15): statuses GitHub sends that the description
 * does not declare, fields where it sends `""` for an unset URL, and overlapping `oneOf` branches
 * that a real answer matches twice. Appended to `githubFacts` at the end of this file.
 */
const strictnessFacts: GitHubFact[] = [
  {
    id: 'deployment-status-empty-urls',
    spec: 'both',
    operations: [
      'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
      'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
      'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses/{status_id}',
    ],
    what: 'A deployment status created without target_url / log_url / environment_url has "" there (the description declares `format: uri` with `default: ""`; a "" is not a URI). Only these three fields of deployment-status accept "".',
    sources: [
      'https://docs.github.com/en/rest/deployments/statuses#create-a-deployment-status (request: target_url, log_url, environment_url have the default "")',
      '@octokit/openapi api.github.com.json: components.schemas.deployment-status.properties.{target_url,log_url,environment_url} have `default: ""`',
      'https://github.com/bas/create-deployment-status (README: target_url / log_url default to "")',
    ],
    patch: (doc) => {
      const schema = componentSchema(doc, 'deployment-status');
      for (const field of ['target_url', 'log_url', 'environment_url']) allowEmptyString(doc, schema, field);
    },
  },
  {
    id: 'not-found-everywhere',
    spec: 'both',
    operations: [],
    what: 'Every operation with a path parameter answers 404 {"message":"Not Found"} when the repository, organization or resource it names does not exist or the token cannot see it — declared or not. Declared for every such operation that does not declare 404.',
    sources: [
      'https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api#404-not-found-for-an-existing-resource',
      'https://docs.github.com/en/rest/authentication/authenticating-to-the-rest-api#failed-login-limit ("will return 404 Not Found, instead of 403 Forbidden" for resources the caller cannot see)',
    ],
    patch: (doc) => {
      for (const [operation] of allOperations(doc)) {
        if (operation.includes('{')) declareStatus(doc, operation, '404', 'not_found');
      }
    },
  },
  {
    id: 'pending-deployments-self-review-422',
    spec: 'api.github.com',
    operations: ['POST /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments'],
    what: 'When the environment has prevent_self_review and the reviewer is the user who triggered the run, or an environment id is not waiting for review in the run, GitHub refuses the review; the emulator answers it as a validation failure (422 {"message": ...}), the status GitHub uses for a well-formed request it will not carry out. The description declares only 200.',
    sources: [
      'https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/managing-environments-for-deployment#required-reviewers ("Prevent self-review ... users who initiated a deployment cannot approve the job")',
      'https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api (422: the request was well-formed but could not be processed)',
    ],
    patch: (doc) => {
      declareStatus(
        doc,
        'POST /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments',
        '422',
        'validation_failed_simple',
      );
    },
  },
  {
    id: 'audit-log-invalid-cursor-422',
    spec: 'ghec',
    operations: ['GET /orgs/{org}/audit-log'],
    what: 'An `after`/`before` cursor that is not one the Link header gave is refused as a validation failure (422 {"message": ...}); the description declares only 200. The emulator\'s cursors are opaque, as GitHub\'s are.',
    sources: [
      'https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api#using-link-headers (cursors come from the Link header)',
      'https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api (422: the request was well-formed but could not be processed)',
    ],
    patch: (doc) => {
      declareStatus(doc, 'GET /orgs/{org}/audit-log', '422', 'validation_failed_simple');
    },
  },
  {
    id: 'variable-create-409-422',
    spec: 'api.github.com',
    operations: [
      'POST /repos/{owner}/{repo}/actions/variables',
      'POST /repos/{owner}/{repo}/environments/{environment_name}/variables',
      'POST /orgs/{org}/actions/variables',
    ],
    what: 'Creating a variable that already exists is answered 409 ("Already exists - Variable already exists"), which clients use to fall back to PATCH; a name that breaks the naming rules is refused as a validation failure (422). The description declares only 201.',
    sources: [
      'cli/cli: pkg/cmd/variable/set/http.go ("Server will return a 409 if variable already exists", then it updates with PATCH)',
      'https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/store-information-in-variables#naming-conventions-for-configuration-variables',
    ],
    patch: (doc) => {
      for (const operation of [
        'POST /repos/{owner}/{repo}/actions/variables',
        'POST /repos/{owner}/{repo}/environments/{environment_name}/variables',
        'POST /orgs/{org}/actions/variables',
      ]) {
        declareStatus(doc, operation, '409', 'conflict');
        declareStatus(doc, operation, '422', 'validation_failed_simple');
      }
    },
  },
  {
    id: 'secret-put-422',
    spec: 'api.github.com',
    operations: [
      'PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}',
      'PUT /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}',
      'PUT /repos/{owner}/{repo}/dependabot/secrets/{secret_name}',
      'PUT /orgs/{org}/actions/secrets/{secret_name}',
    ],
    what: 'Writing a secret with a key_id that is not the current public key, an encrypted_value that does not open with it, or a name that breaks the naming rules is answered 422 {"message":"Bad request - validation failed due to an improperly encrypted secret"} (or "Invalid request. ... key_id"); the description declares only 201/204.',
    sources: [
      'https://github.com/integrations/terraform-provider-github/issues/2315 (422 "Bad request - validation failed due to an improperly encrypted secret")',
      'https://github.com/github/rest-api-description/issues/419 (422: Invalid request, key_id was not supplied)',
    ],
    patch: (doc) => {
      for (const operation of [
        'PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}',
        'PUT /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}',
        'PUT /repos/{owner}/{repo}/dependabot/secrets/{secret_name}',
        'PUT /orgs/{org}/actions/secrets/{secret_name}',
      ])
        declareStatus(doc, operation, '422', 'validation_failed_simple');
    },
  },
  {
    id: 'contents-put-409-oneof',
    spec: 'api.github.com',
    operations: ['PUT /repos/{owner}/{repo}/contents/{path}'],
    what: 'A stale `sha` is answered 409 with a basic error {"message":"<path> does not match <sha>"}. The description\'s 409 is oneOf [basic-error, repository-rule-violation-error], and with no required properties any error matches both branches; the branches are told apart by `metadata`, which only a rule violation carries.',
    sources: [
      'https://docs.github.com/en/rest/repos/contents#create-or-update-file-contents (409 Conflict)',
      'node_modules/@octokit/openapi/generated/api.github.com.json: components.schemas.repository-rule-violation-error (the only branch with `metadata`)',
    ],
    patch: (doc) => {
      const schema = responseSchemaOf(doc, 'PUT /repos/{owner}/{repo}/contents/{path}', '409');
      const branches = Array.isArray(schema.oneOf) ? (schema.oneOf as unknown[]) : [];
      const refs = branches.map((b) => (isObject(b) ? b.$ref : undefined));
      if (
        refs.length !== 2 ||
        refs[0] !== '#/components/schemas/basic-error' ||
        refs[1] !== '#/components/schemas/repository-rule-violation-error'
      )
        throw new Error('github-facts: contents-put-409-oneof: the 409 schema changed; re-check this fact');
      schema.oneOf = [
        { allOf: [branches[0]], not: { required: ['metadata'] } },
        { allOf: [branches[1]], required: ['metadata'] },
      ];
    },
  },
];

/**
 * The list. Keep entries grouped by area and sorted by id inside a group. Each issue that finds
 * GitHub differing from its description adds its entries here (with sources), never elsewhere.
 */
export const githubFacts: GitHubFact[] = [
  // --- Artifact attestations (issue 12) ---
  {
    id: 'attestation-bundle-by-url',
    spec: 'both',
    operations: [
      'GET /repos/{owner}/{repo}/attestations/{subject_digest}',
      'GET /orgs/{org}/attestations/{subject_digest}',
    ],
    what:
      'Each attestation comes with "bundle": null and a "bundle_url": a pre-signed blob-storage URL serving the ' +
      'Sigstore bundle snappy-compressed (application/x-snappy), fetched without the API token. The description ' +
      'declares bundle as a non-nullable object for the repository operation (the organization one already allows null).',
    sources: [
      'cli/cli: pkg/cmd/attestation/api/client.go (fetchBundleFromAttestations: "attestation has no bundle or bundle URL"; getBundle: a separate client for non-API hosts, snappy.Decode)',
      'cli/cli: pkg/cmd/attestation/api/attestation.go (Attestation{Bundle, BundleURL, Initiator})',
      'https://github.com/denoland/clawpatrol/pull/770 ("GitHub\'s attestations API can now return "bundle": null plus a bundle_url ... snappy-compressed (Content-Type: application/x-snappy)")',
      'https://docs.github.com/rest/repos/attestations#list-attestations (bundle_url in the response)',
    ],
    patch(doc) {
      for (const operation of this.operations) {
        const bundle = schemaAt(doc, responseSchemaOf(doc, operation, '200'), 'attestations[]/bundle');
        bundle.nullable = true;
      }
    },
  },
  {
    id: 'attestation-predicate-type-filter',
    spec: 'both',
    operations: [
      'GET /repos/{owner}/{repo}/attestations/{subject_digest}',
      'GET /orgs/{org}/attestations/{subject_digest}',
    ],
    what:
      'The `predicate_type` query parameter filters the list. Its description states, in prose only, that it ' +
      '"accepts `provenance`, `sbom`, `release`, or freeform text for custom predicate types"; which predicate types ' +
      'each shorthand stands for is not published. gh sends a full predicate-type URI (default ' +
      'https://slsa.dev/provenance/v1) and keeps only statements whose predicateType equals it (FilterAttestations), ' +
      "so a full URI is modelled as an exact match. A shorthand is modelled with the client's own table " +
      '(src/core/predicates.ts: provenance = SLSA provenance v1 and v0.2; sbom = SPDX and CycloneDX documents, ' +
      'any version; release = the in-toto release predicate v0.1), shared by the emulator and the client, and the ' +
      "client checks the statement's predicate type again after verification whatever the API returned.",
    sources: [
      'https://docs.github.com/rest/repos/attestations#list-attestations (predicate_type: "accepts `provenance`, `sbom`, `release`, or freeform text for custom predicate types")',
      'cli/cli: pkg/cmd/attestation/api/client.go (buildRequestURL: u.SetQuery("predicate_type", params.PredicateType))',
      'cli/cli: pkg/cmd/attestation/verification/attestation.go (FilterAttestations: intotoStatement.PredicateType == predicateType)',
      'cli/cli: pkg/cmd/release/verify-asset/verify_asset.go (GetByDigest with PredicateType: "release", the shorthand)',
    ],
  },
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
    what: "`workflows.prepared_workflow_job` events name the secrets GitHub passed to a job (`secrets_passed`) with `repo`, `job_name`, `job_workflow_ref`, `calling_workflow_refs`, `workflow_run_id` and `environment_name` (GitHub's event list names no `run_attempt`, `event` or `head_branch`; go-github's AuditEntry declares them, and the audit reads them when present, else asks the run); the description's `audit-log-event` schema lists none of these. They are only available through the REST API (and the audit-log stream), not the web UI or the JSON/CSV export.",
    sources: [
      'https://docs.github.com/en/organizations/keeping-your-organization-secure/managing-security-settings-for-your-organization/audit-log-events-for-your-organization#workflows (`workflows.prepared_workflow_job`, "Additional fields: calling_workflow_refs, calling_workflow_shas, environment_name, imposer_repo, is_hosted_runner, job_name, job_workflow_ref, runner_group_id, runner_group_name, runner_id, runner_labels, runner_name, runner_owner_type, secrets_passed, workflow_run_id"; no `event`, `run_attempt` or `head_branch`: the run has them. `repo.create_integration_secret`: "A Codespaces or Dependabot secret was created for a repository", fields `integration`, `key`, `visibility`; `*_actions_secret` / `*_actions_variable` name the secret or variable in `key`, environment ones add `environment_name`)',
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
        calling_workflow_shas: strings,
        key: { type: 'string' },
        integration: { type: 'string' },
        head_branch: { type: ['string', 'null'] },
        event: { type: 'string' },
      });
    },
  },
  {
    id: 'audit-log-rate-limit',
    spec: 'ghec',
    operations: ['GET /orgs/{org}/audit-log'],
    what: "The audit-log API allows 1,750 queries per hour per user and IP address; over it GitHub answers 429 with retry-after, or 403 with `x-ratelimit-remaining: 0` and `x-ratelimit-reset` (the primary limit's answer, no retry-after). The operation declares neither 403 nor 429.",
    sources: [
      'ghec.json GET /orgs/{org}/audit-log description: "This endpoint has a rate limit of 1,750 queries per hour per user and IP address. If your integration receives a rate limit error (typically a 403 or 429 response), it should wait before making another request"',
      'https://docs.github.com/en/enterprise-cloud@latest/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit ("If you exceed your primary rate limit, you will receive a 403 or 429 response, and the x-ratelimit-remaining header will be 0"; a secondary limit: 403 or 429, retry-after when given)',
      'octokit/plugin-throttling.js src/index.ts (a 403 whose x-ratelimit-remaining is "0" is the primary limit; 429 likewise)',
    ],
    patch: (doc) => {
      const op = operationOf(doc, 'GET /orgs/{org}/audit-log');
      const responses = isObject(op.responses) ? op.responses : (op.responses = {});
      responses['429'] = {
        description: 'Too many requests (the audit log rate limit)',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/basic-error' } } },
      };
      responses['403'] ??= {
        description: 'Forbidden (not an organization owner), or the rate limit (x-ratelimit-remaining: 0)',
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

/** Bulk reads through GraphQL (issue 16): the parts of an answer the suite relies on. */
const bulkReadFacts: GitHubFact[] = [
  {
    id: 'etag-per-token',
    spec: 'both',
    operations: [],
    what: "ETags are specific to the authorization token: the same unchanged resource read with another token (another personal access token, or the next hourly GitHub App installation token) carries another ETag, and a conditional request naming the first token's ETag gets a 200 that counts against the rate limit, not a 304. GitHub's suggested workaround, `If-Modified-Since`, works only where an endpoint sends `Last-Modified`, which not all do; no source shows it on the reads the suite makes (organization repositories, secrets, variables, environments, workflow contents), so the emulator sends none.",
    sources: [
      'https://github.com/eclipse-csi/otterdog/issues/201 (2024-03-12, GitHub Support: "It\'s currently expected for ETags to be auth token specific. To workaround this, some of our customers use the If-Modified-Since; however, [...] not all endpoints are supported yet. App tokens are time-limited for security")',
      'https://github.com/github/docs/issues/34689 (a different token gets a different ETag and a 200 for the old one; app installation tokens rotate hourly)',
      'https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-an-installation-access-token-for-a-github-app ("The installation access token will expire after 1 hour")',
    ],
  },
  {
    id: 'graphql-partial-timeout',
    spec: 'both',
    operations: [],
    what: 'When part of a GraphQL query fails (a resolver timing out), GitHub answers HTTP 200 with the data it has, the failed field null, and an error whose `path` names that field and whose message starts "Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug." @octokit/plugin-retry turns that answer into a RequestError with status 500 (the body kept in `response.data`) and retries the whole query.',
    sources: [
      'https://docs.github.com/en/graphql/guides/forming-calls-with-graphql',
      'https://docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api#timeouts',
      'octokit/plugin-retry.js: src/wrap-request.ts (requestWithGraphqlErrorHandling: /Something went wrong while executing your query/ -> RequestError 500)',
    ],
  },
  {
    id: 'graphql-blob-head-expression',
    spec: 'both',
    operations: [],
    what: "`Repository.object(expression:)` takes a Git revision expression (`<rev>:<path>`); `HEAD` is the repository's default branch, the branch the REST contents API reads without `ref`. A Blob's `text` is null for a binary blob, and `isTruncated` says its text was cut (large files): the whole file is read through REST then.",
    sources: [
      'https://docs.github.com/en/graphql/reference/objects#repository',
      'https://docs.github.com/en/graphql/reference/objects#blob',
      'https://docs.github.com/en/rest/repos/contents#get-repository-content',
    ],
  },
];

// Sections kept as their own arrays (to keep parallel edits apart) join the one list here.
githubFacts.push(...strictnessFacts);
githubFacts.push(...bulkReadFacts);
