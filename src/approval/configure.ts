/**
 * Environment protection as code: create or update an environment so that it requires the given
 * reviewers, prevents self-review, waits, and limits which refs may deploy. Idempotent: when the
 * environment already matches, nothing is written and the result says so.
 */
import { ConfigurationError } from '../core/errors.js';
import type { ApprovalDeps } from './deps.js';
import {
  addRefPolicy,
  getEnvironment,
  listRefPolicies,
  putEnvironment,
  removeRefPolicy,
  resolveTeam,
  resolveUser,
  type RefPolicyWithId,
  type Repo,
} from './github.js';
import { environmentChanges, formatApprover, type DesiredEnvironment } from './policy.js';
import type { ApproverRef, DeploymentRefs } from './types.js';

export interface ConfigureOptions {
  readonly environment: string;
  readonly reviewers: readonly ApproverRef[];
  readonly preventSelfReview: boolean;
  readonly waitTimer: number;
  readonly refs: DeploymentRefs;
  /** Leave 'Allow administrators to bypass configured protection rules' on (default: turn it off). */
  readonly allowAdminBypass?: boolean;
}

export interface ConfigureResult {
  readonly created: boolean;
  /** What was changed, one line each; empty when the environment already matched. */
  readonly changes: readonly string[];
}

/** GitHub allows at most six required reviewers per environment. */
export const MAX_REVIEWERS = 6;

export async function resolveReviewers(
  deps: ApprovalDeps,
  reviewers: readonly ApproverRef[],
): Promise<DesiredEnvironment['reviewers']> {
  const out: { type: 'User' | 'Team'; id: number; name: string }[] = [];
  for (const ref of reviewers) {
    if (ref.kind === 'user') {
      const user = await resolveUser(deps.client, ref.login);
      out.push({ type: 'User', id: user.id, name: user.login });
    } else {
      const team = await resolveTeam(deps.client, ref.org, ref.slug);
      out.push({ type: 'Team', id: team.id, name: formatApprover(ref) });
    }
  }
  return out;
}

export async function configureEnvironment(options: ConfigureOptions, deps: ApprovalDeps): Promise<ConfigureResult> {
  const r: Repo = { owner: deps.ctx.owner, repo: deps.ctx.repo };
  if (options.reviewers.length === 0) {
    throw new ConfigurationError(
      "Input 'approvers' is empty: 'configure: true' needs at least one user or team to set as required reviewers.",
    );
  }
  if (options.reviewers.length > MAX_REVIEWERS) {
    throw new ConfigurationError(
      `Input 'approvers' lists ${options.reviewers.length} reviewers; GitHub allows at most ${MAX_REVIEWERS} per environment. Use a team.`,
    );
  }
  // Resolve every reviewer before writing anything, so that a typo changes nothing.
  const reviewers = await resolveReviewers(deps, options.reviewers);
  const desired: DesiredEnvironment = {
    reviewers,
    preventSelfReview: options.preventSelfReview,
    waitTimer: options.waitTimer,
    refs: options.refs,
    canAdminsBypass: options.allowAdminBypass === true,
  };
  const current = await getEnvironment(deps.client, r, options.environment);
  const currentPolicies: RefPolicyWithId[] =
    current?.deployment_branch_policy?.custom_branch_policies === true
      ? await listRefPolicies(deps.client, r, options.environment)
      : [];
  const changes = environmentChanges(current, currentPolicies, desired);
  if (changes.length === 0) return { created: false, changes };

  const custom = options.refs.kind === 'custom';
  await putEnvironment(deps.client, r, options.environment, {
    wait_timer: options.waitTimer,
    prevent_self_review: options.preventSelfReview,
    can_admins_bypass: options.allowAdminBypass === true,
    reviewers: reviewers.map((x) => ({ type: x.type, id: x.id })),
    deployment_branch_policy: { protected_branches: !custom, custom_branch_policies: custom },
  });
  if (options.refs.kind === 'custom') {
    // Switching to custom policies may have dropped old ones: read them again after the update.
    const existing = await listRefPolicies(deps.client, r, options.environment);
    for (const p of options.refs.policies) {
      if (!existing.some((e) => e.type === p.type && e.name === p.name)) {
        await addRefPolicy(deps.client, r, options.environment, p);
      }
    }
    for (const e of existing) {
      if (!options.refs.policies.some((p) => p.type === e.type && p.name === e.name)) {
        await removeRefPolicy(deps.client, r, options.environment, e);
      }
    }
  }
  return { created: current === undefined, changes };
}
