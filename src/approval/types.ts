/** Shapes shared by the approval capability. Pure data: no GitHub client, no `@actions/core`. */

/** A person or team allowed to approve, as written in the `approvers` input. */
export type ApproverRef =
  | { readonly kind: 'user'; readonly login: string }
  | { readonly kind: 'team'; readonly org: string; readonly slug: string };

/** One accepted approval, as reported in the `approvers` output. */
export interface Approver {
  readonly login: string;
  /** ISO 8601. For environment reviews GitHub gives no time, so it is when this step saw the review. */
  readonly time: string;
  readonly comment: string;
}

/** A verified artifact from verify-signatures' `digests` output (`sha256:<hex>  <path>`). */
export interface VerifiedDigest {
  readonly digest: string;
  readonly path: string;
}

/** A user as GitHub reports it in approvals, comments and runs. */
export interface GitHubUserLike {
  readonly login: string;
  readonly type?: string;
}

/** One entry of `GET /repos/{o}/{r}/actions/runs/{run_id}/approvals`. */
export interface RunApproval {
  readonly state: string;
  readonly user: GitHubUserLike | null;
  readonly comment: string;
  readonly environments: readonly { readonly name?: string }[];
}

/** The parts of `GET /repos/{o}/{r}/environments/{env}` the protection check reads. */
export interface EnvironmentLike {
  readonly name: string;
  readonly protection_rules?: readonly {
    readonly type: string;
    readonly prevent_self_review?: boolean;
    readonly wait_timer?: number;
    readonly reviewers?: readonly {
      readonly type?: string;
      readonly reviewer?: { readonly id?: number; readonly login?: string; readonly slug?: string } | null;
    }[];
  }[];
  readonly deployment_branch_policy?: {
    readonly protected_branches: boolean;
    readonly custom_branch_policies: boolean;
  } | null;
  /**
   * 'Allow administrators to bypass configured protection rules'. GitHub sends it on GET environment
   * (true by default) though its OpenAPI description omits it; absent is read as true (fail closed).
   */
  readonly can_admins_bypass?: boolean;
}

/** One environment of the chain a release passes through, with its own reviewers for `configure`. */
export interface ChainEnvironment {
  readonly name: string;
  /** Reviewers for `configure`; empty means the `approvers` input. */
  readonly reviewers: readonly ApproverRef[];
}

/** A deployment branch or tag policy of an environment. */
export interface RefPolicy {
  readonly name: string;
  readonly type: 'branch' | 'tag';
}

/** Which refs may deploy: only protected branches, or a list of name patterns. */
export type DeploymentRefs =
  { readonly kind: 'protected-branches' } | { readonly kind: 'custom'; readonly policies: readonly RefPolicy[] };

/** Why one review or comment was not counted. */
export interface Refusal {
  readonly login: string;
  readonly reason: string;
}

/** The verdict on a set of reviews (environment mode) or comments (issue mode). */
export interface ApprovalVerdict {
  readonly accepted: readonly Approver[];
  readonly refused: readonly Refusal[];
  /** Reviews that rejected this environment, by a person whose word counts. */
  readonly rejections: readonly Refusal[];
  readonly approved: boolean;
}
