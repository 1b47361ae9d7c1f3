/**
 * Rollback on an integrity breach: what runs (the deployed digests) is compared with what was
 * verified for the deployment. When they match, the deployment gets a `success` status saying its
 * integrity was confirmed. On a mismatch the deployment is marked `failure`, the environment's last
 * good deployment — one whose latest status is `success` (or `inactive` after one), whose integrity
 * an earlier check confirmed, and whose payload records verified digests — is found, and a new
 * deployment of its commit is created with those digests in the payload.
 *
 * Works with any Octokit-compatible client (`octokit.rest.repos.*`); nothing here reads inputs.
 */
import { ConfigurationError, errorMessage } from '../core/errors.js';

/** The part of Octokit this module calls. Responses are validated, not trusted. */
export interface DeploymentsClient {
  rest: {
    repos: {
      listDeployments(params: {
        owner: string;
        repo: string;
        environment?: string;
        per_page?: number;
        page?: number;
      }): Promise<{ data: unknown }>;
      listDeploymentStatuses(params: {
        owner: string;
        repo: string;
        deployment_id: number;
        per_page?: number;
        page?: number;
      }): Promise<{ data: unknown }>;
      createDeploymentStatus(params: {
        owner: string;
        repo: string;
        deployment_id: number;
        state: 'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';
        description?: string;
        environment?: string;
        log_url?: string;
        auto_inactive?: boolean;
      }): Promise<{ data: unknown }>;
      createDeployment(params: {
        owner: string;
        repo: string;
        ref: string;
        environment?: string;
        payload?: { [key: string]: unknown } | string;
        description?: string | null;
        auto_merge?: boolean;
        required_contexts?: string[];
        task?: string;
        production_environment?: boolean;
      }): Promise<{ data: unknown }>;
    };
  };
}

/**
 * How the `success` status of a confirmed deployment starts: only deployments whose running digests
 * a post-deploy check matched with the verified ones are rollback targets — a `success` set by a
 * deploy script says the deployment finished, not that what ran was what was verified.
 */
export const CONFIRMED_DESCRIPTION = 'Integrity confirmed by secure-deploy';

/** The key under which secure-deploy records verified digests in a deployment's payload. */
export const PAYLOAD_KEY = 'secure-deploy';

export interface DeploymentRecord {
  verified: true;
  /** `sha256:<hex>` of every artifact or image that was verified for this deployment. */
  digests: string[];
  /** For rollback deployments: the deployment that was rolled back and the one restored. */
  'rollback-of'?: number;
  'restored-from'?: number;
}

/** The payload a deploy step should give its deployment so that a later rollback can find it. */
export function deploymentPayload(
  digests: readonly string[],
  extra: { [key: string]: unknown } = {},
): { [key: string]: unknown } {
  return {
    ...extra,
    [PAYLOAD_KEY]: { verified: true, digests: normaliseDigests(digests, 'digests') } satisfies DeploymentRecord,
  };
}

/**
 * Digests from text or a list: `sha256:<hex>` alone, or `sha256:<hex>  path` lines (the
 * verify-signatures `digests` output), separated by newlines, commas or spaces. Duplicates removed.
 */
export function parseDigests(input: string | readonly string[], what = 'digests'): string[] {
  const items = typeof input === 'string' ? input.split(/\r?\n/) : [...input];
  const out: string[] = [];
  for (const raw of items) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const tokens = line.split(/[\s,]+/).filter(Boolean);
    const digests = tokens.filter((t) => /^sha(256|384|512):/i.test(t));
    if (digests.length === 0) {
      throw new ConfigurationError(
        `${what}: '${line.slice(0, 80)}' holds no digest; write sha256:<64 hex> (optionally followed by a path)`,
      );
    }
    out.push(...digests);
  }
  return normaliseDigests(out, what);
}

function normaliseDigests(list: readonly string[], what: string): string[] {
  const out = new Set<string>();
  for (const digest of list) {
    const d = digest.trim().toLowerCase();
    if (!/^(sha256:[0-9a-f]{64}|sha384:[0-9a-f]{96}|sha512:[0-9a-f]{128})$/.test(d)) {
      throw new ConfigurationError(
        `${what}: '${digest.slice(0, 80)}' is not a digest (sha256:<64 hex>, sha384:<96 hex> or sha512:<128 hex>)`,
      );
    }
    out.add(d);
  }
  return [...out];
}

/** Deployed digests that were not verified (`unexpected`) and verified ones not deployed (`missing`). */
export function compareDigests(
  deployed: readonly string[],
  verified: readonly string[],
): { unexpected: string[]; missing: string[] } {
  const d = new Set(deployed);
  const v = new Set(verified);
  return { unexpected: [...d].filter((x) => !v.has(x)), missing: [...v].filter((x) => !d.has(x)) };
}

export interface RollbackRequest {
  owner: string;
  repo: string;
  environment: string;
  /** The deployment whose integrity is checked. */
  deploymentId: number;
  /** What actually runs. */
  deployedDigests: readonly string[];
  /** What was verified for this deployment. */
  verifiedDigests: readonly string[];
  /** A link to the run, for the deployment statuses. */
  logUrl?: string;
  /** Optional extra check of a candidate's digests (e.g. re-verification); false skips the candidate. */
  isTrusted?: (candidate: RollbackCandidate) => boolean | Promise<boolean>;
  /** How many deployments of the environment to look back through (default 100). */
  lookBack?: number;
}

export interface RollbackCandidate {
  deploymentId: number;
  ref: string;
  sha: string;
  digests: string[];
}

export interface RollbackResult {
  outcome: 'intact' | 'rolled-back' | 'no-rollback-target';
  unexpected: string[];
  missing: string[];
  /** The new rollback deployment, when one was created. */
  rolledBackTo?: RollbackCandidate & { newDeploymentId: number };
  /** Why candidates were passed over, newest first. */
  skipped: { deploymentId: number; reason: string }[];
  message: string;
}

/**
 * Compares and, on a mismatch (any deployed digest that was not verified), marks the deployment
 * failed and rolls back to the last good deployment. Throws ConfigurationError on bad input and
 * on GitHub API failures (with the API's message), never passes silently.
 */
export async function rollbackOnMismatch(client: DeploymentsClient, request: RollbackRequest): Promise<RollbackResult> {
  const deployed = normaliseDigests(request.deployedDigests, 'deployed digests');
  const verified = normaliseDigests(request.verifiedDigests, 'verified digests');
  if (deployed.length === 0) {
    throw new ConfigurationError(
      'no deployed digests were reported: cannot tell what is running, so the deployment cannot be confirmed',
    );
  }
  if (verified.length === 0) throw new ConfigurationError('no verified digests were given for this deployment');
  const { unexpected, missing } = compareDigests(deployed, verified);
  const { owner, repo, environment } = request;
  const mark = (what: string, state: 'success' | 'failure', description: string, extra: { auto_inactive?: boolean }) =>
    call(what, () =>
      client.rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: request.deploymentId,
        state,
        environment,
        description: truncate(description, 140),
        ...(request.logUrl ? { log_url: request.logUrl } : {}),
        ...extra,
      }),
    );
  if (unexpected.length === 0) {
    await mark(
      'mark the deployment successful',
      'success',
      `${CONFIRMED_DESCRIPTION}: every running digest was verified`,
      {},
    );
    return {
      outcome: 'intact',
      unexpected,
      missing,
      skipped: [],
      message: `every deployed digest was verified${missing.length ? ` (${missing.length} verified digests are not running)` : ''}`,
    };
  }

  const short = unexpected.map((d) => d.slice(0, 19)).join(', ');
  await mark('mark the deployment failed', 'failure', `Integrity breach: running unverified ${short}`, {
    auto_inactive: false,
  });

  const skipped: { deploymentId: number; reason: string }[] = [];
  const candidate = await lastGoodDeployment(client, request, unexpected, skipped);
  if (!candidate) {
    return {
      outcome: 'no-rollback-target',
      unexpected,
      missing,
      skipped,
      message: `deployment ${request.deploymentId} runs unverified digests ${unexpected.join(', ')}; it is marked failed, and no earlier successful deployment with verified digests was found in ${environment} to roll back to`,
    };
  }
  const created = await call('create the rollback deployment', () =>
    client.rest.repos.createDeployment({
      owner,
      repo,
      ref: candidate.sha,
      environment,
      task: 'deploy',
      auto_merge: false,
      required_contexts: [],
      description: truncate(
        `Rollback of deployment ${request.deploymentId} to ${candidate.ref} (deployment ${candidate.deploymentId})`,
        140,
      ),
      payload: {
        ref: candidate.ref,
        [PAYLOAD_KEY]: {
          verified: true,
          digests: candidate.digests,
          'rollback-of': request.deploymentId,
          'restored-from': candidate.deploymentId,
        } satisfies DeploymentRecord,
      },
    }),
  );
  const newId = (created as { id?: unknown }).id;
  if (typeof newId !== 'number') {
    throw new ConfigurationError(`GitHub did not create the rollback deployment: ${messageOf(created)}`);
  }
  return {
    outcome: 'rolled-back',
    unexpected,
    missing,
    skipped,
    rolledBackTo: { ...candidate, newDeploymentId: newId },
    message: `deployment ${request.deploymentId} runs unverified digests ${unexpected.join(', ')}; marked failed and rolled back to ${candidate.ref} (${candidate.sha.slice(0, 12)}, deployment ${candidate.deploymentId}) as new deployment ${newId}`,
  };
}

async function lastGoodDeployment(
  client: DeploymentsClient,
  request: RollbackRequest,
  unexpected: readonly string[],
  skipped: { deploymentId: number; reason: string }[],
): Promise<RollbackCandidate | undefined> {
  const { owner, repo, environment } = request;
  const limit = request.lookBack ?? 100;
  let seen = 0;
  for (let page = 1; seen < limit; page++) {
    const data = await call('list deployments', () =>
      client.rest.repos.listDeployments({ owner, repo, environment, per_page: Math.min(100, limit), page }),
    );
    if (!Array.isArray(data))
      throw new ConfigurationError('GitHub answered the deployments list with something that is not a list');
    if (data.length === 0) return undefined;
    const deployments = (data as unknown[]).map(asDeployment).sort((a, b) => b.id - a.id);
    for (const d of deployments) {
      if (seen++ >= limit) return undefined;
      if (d.id === request.deploymentId || d.id > request.deploymentId) continue;
      if (d.environment !== undefined && d.environment !== environment) continue;
      const statuses = await call('list deployment statuses', () =>
        client.rest.repos.listDeploymentStatuses({ owner, repo, deployment_id: d.id, per_page: 100 }),
      );
      if (!Array.isArray(statuses))
        throw new ConfigurationError('GitHub answered a deployment status list with something that is not a list');
      const states = (statuses as unknown[])
        .map((s) => s as { id?: unknown; state?: unknown; description?: unknown })
        .filter((s): s is { id: number; state: string; description?: unknown } => {
          return typeof s.id === 'number' && typeof s.state === 'string';
        })
        .sort((a, b) => b.id - a.id);
      const effective = states.find((s) => s.state !== 'inactive');
      if (effective?.state !== 'success') {
        skipped.push({
          deploymentId: d.id,
          reason: effective ? `its last status is ${effective.state}` : 'it never succeeded',
        });
        continue;
      }
      const confirmed = states.some(
        (s) =>
          s.state === 'success' && typeof s.description === 'string' && s.description.startsWith(CONFIRMED_DESCRIPTION),
      );
      if (!confirmed) {
        skipped.push({
          deploymentId: d.id,
          reason: 'no post-deploy check confirmed that what it ran was what was verified',
        });
        continue;
      }
      const record = recordOf(d.payload);
      if (!record) {
        skipped.push({ deploymentId: d.id, reason: 'its payload records no verified digests' });
        continue;
      }
      const bad = record.digests.filter((x) => unexpected.includes(x));
      if (bad.length > 0) {
        skipped.push({ deploymentId: d.id, reason: `it ran the same unverified digests ${bad.join(', ')}` });
        continue;
      }
      const candidate: RollbackCandidate = { deploymentId: d.id, ref: d.ref, sha: d.sha, digests: record.digests };
      if (request.isTrusted && !(await request.isTrusted(candidate))) {
        skipped.push({ deploymentId: d.id, reason: 'its digests did not verify again' });
        continue;
      }
      return candidate;
    }
    if (data.length < Math.min(100, limit)) return undefined;
  }
  return undefined;
}

interface DeploymentShape {
  id: number;
  ref: string;
  sha: string;
  environment?: string;
  payload: unknown;
}

function asDeployment(value: unknown): DeploymentShape {
  const d = value as { id?: unknown; ref?: unknown; sha?: unknown; environment?: unknown; payload?: unknown };
  if (typeof d.id !== 'number' || typeof d.ref !== 'string' || typeof d.sha !== 'string') {
    throw new ConfigurationError('GitHub answered with a deployment that has no id, ref or sha');
  }
  return {
    id: d.id,
    ref: d.ref,
    sha: d.sha,
    ...(typeof d.environment === 'string' ? { environment: d.environment } : {}),
    payload: d.payload,
  };
}

/** The `tool` require-approval writes into the deployments it creates. */
export const APPROVAL_TOOL = 'secure-deploy/require-approval';

/**
 * The verified-digests record of a deployment payload, or undefined. Two writers: require-approval
 * (alone, or as the deploy gate after verify-signatures) records `tool: secure-deploy/require-approval`
 * and `digests: [{digest, path}]`, the digests it was given to approve — those verify-signatures
 * output; rollback deployments record `secure-deploy: {verified: true, digests}`.
 */
export function recordOf(payload: unknown): DeploymentRecord | undefined {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const object = value as {
    [PAYLOAD_KEY]?: { verified?: unknown; digests?: unknown };
    tool?: unknown;
    digests?: unknown;
  };
  let listed: unknown[] | undefined;
  const record = object[PAYLOAD_KEY];
  if (record && record.verified === true && Array.isArray(record.digests)) listed = record.digests;
  else if (object.tool === APPROVAL_TOOL && Array.isArray(object.digests)) {
    listed = object.digests.map((d: unknown) =>
      typeof d === 'object' && d !== null ? (d as { digest?: unknown }).digest : d,
    );
  }
  if (!listed || listed.length === 0 || !listed.every((d) => typeof d === 'string')) return undefined;
  try {
    return { verified: true, digests: normaliseDigests(listed, 'payload digests') };
  } catch {
    return undefined;
  }
}

async function call(what: string, fn: () => Promise<{ data: unknown }>): Promise<unknown> {
  try {
    return (await fn()).data;
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    throw new ConfigurationError(
      `could not ${what}${typeof status === 'number' ? ` (HTTP ${status})` : ''}: ${errorMessage(error)}${status === 403 || status === 404 ? "; the token needs 'deployments: write'" : ''}`,
    );
  }
}

function messageOf(data: unknown): string {
  const message = (data as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : 'no deployment id in the answer';
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
