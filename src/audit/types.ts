/** What the audit collects and what it reports. Plain data: JSON in, JSON out, no API calls. */

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export type FindingKind =
  | 'stale-secret'
  | 'never-rotated'
  | 'shared-value'
  | 'unauthorized-write'
  | 'unlogged-write'
  | 'ledger-tampered'
  | 'missing-secret'
  | 'unused-secret'
  | 'untrusted-trigger-exposure'
  | 'environment-without-reviewers'
  | 'trust-anchor-review-overdue'
  | 'secret-read-untrusted-trigger'
  | 'secret-read-unprotected-ref'
  | 'secret-read-unlisted-reader'
  | 'secret-read-new-reader'
  | 'unread-secret'
  | 'unlogged-removal';

/** One problem found, with what shows it and why it probably happened. */
export interface Finding {
  /** Stable identity: the same problem on the same subject has the same fingerprint on every run. */
  readonly fingerprint: string;
  readonly kind: FindingKind;
  readonly severity: Severity;
  readonly title: string;
  /** The repository the finding belongs to, or the organization for org-level findings. */
  readonly scope: string;
  /** The secret instance, environment, workflow or ledger line the finding is about. */
  readonly subject: string;
  readonly evidence: readonly string[];
  readonly rootCause: string;
  readonly remediation: string;
  /** A file in `scope` to point at (SARIF location), e.g. `.github/workflows/deploy.yml`. */
  readonly file?: string;
  readonly line?: number;
}

/** `dependabot`: a repository's Dependabot secret (rotate-secret can write them). */
export type SecretScope = 'repository' | 'environment' | 'organization' | 'dependabot';

export interface SecretRecord {
  /** `owner/repo`, or the organization name for organization secrets. */
  readonly owner: string;
  readonly scope: SecretScope;
  readonly name: string;
  readonly environment?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Organization secrets: who can use them. */
  readonly visibility?: 'all' | 'private' | 'selected';
  readonly selectedRepositories?: readonly string[];
}

/** `repository:acme/app:DB`, `environment:acme/app:prod:DB`, `organization:acme:DB`, `dependabot:acme/app:DB`. */
export function instanceKey(s: Pick<SecretRecord, 'owner' | 'scope' | 'name' | 'environment'>): string {
  return s.scope === 'environment'
    ? `environment:${s.owner}:${s.environment ?? ''}:${s.name}`
    : `${s.scope}:${s.owner}:${s.name}`;
}

export interface EnvironmentRecord {
  readonly name: string;
  readonly requiredReviewers: number;
  readonly protectionRules: readonly string[];
}

export interface WorkflowJob {
  readonly id: string;
  /** The environment the job deploys to, when it is written literally. */
  readonly environment?: string;
  /** The environment is an expression (`\${{ matrix.env }}`): any of the repository's environments. */
  readonly dynamicEnvironment?: boolean;
  readonly secrets: readonly { name: string; line: number }[];
}

export interface WorkflowRecord {
  readonly path: string;
  readonly triggers: readonly string[];
  readonly jobs: readonly WorkflowJob[];
  readonly parseError?: string;
  /**
   * Some job may receive secrets not named in the file: `secrets: inherit` to a reusable workflow,
   * `toJSON(secrets)`, or `secrets[<expression>]`.
   */
  readonly secretsWholesale?: boolean;
}

/** Rotation state that rotate-secret keeps in a repository variable `<NAME>_ROTATION_<INSTANCE>`. */
export interface RotationRecord {
  readonly variable: string;
  /** The secret's name (upper case, as GitHub stores secret names). */
  readonly secret: string;
  /** The instance key: `REPOSITORY`, `ORGANIZATION`, or an environment name in variable form. */
  readonly instance: string;
  readonly phase?: string;
  /** When the current value became current. */
  readonly rotatedAt?: string;
  readonly fingerprint?: string;
}

export interface RepositoryInventory {
  readonly fullName: string;
  readonly private: boolean;
  readonly secrets: readonly SecretRecord[];
  readonly environments: readonly EnvironmentRecord[];
  readonly workflows: readonly WorkflowRecord[];
  readonly rotations: readonly RotationRecord[];
  /** Why this repository could only be read in part (e.g. it disappeared mid-run). */
  readonly partial: readonly string[];
}

export interface Inventory {
  readonly organization?: string;
  readonly repositories: readonly RepositoryInventory[];
  readonly organizationSecrets: readonly SecretRecord[];
  readonly warnings: readonly string[];
  readonly partial: readonly string[];
}

/**
 * The value a secret location holds, by fingerprint. `group` names the rotate-secret instance that
 * wrote it (`owner/repo:<NAME>:<INSTANCE KEY>`): the locations of one instance hold one value by
 * design, so only different groups sharing a fingerprint are a shared value.
 */
export interface ValueFact {
  readonly fingerprint: string;
  readonly instance: string;
  readonly scope: string;
  readonly group?: string;
}

/** What a shard writes and the merge step reads. */
/** What an event-derived finding needs to tell, later, whether its cause is gone (reads.ts causeGone). */
export interface EventFacts {
  /** When the event happened: a later write of the secret (a rotation) ends the exposure. */
  readonly since: string;
  /** The secret instance concerned (`instanceKey`), when known. */
  readonly secret?: string;
  /** Read findings: the workflow (`owner/repo/path`) that read the secret. */
  readonly reader?: string;
  readonly secretName?: string;
  /** The finding is about a removal: the secret's absence does not end it. */
  readonly removal?: boolean;
}

export interface AuditReport {
  readonly version: 1;
  readonly generatedAt: string;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly organization?: string;
  readonly repositories: readonly string[];
  readonly findings: readonly Finding[];
  readonly warnings: readonly string[];
  readonly partial: readonly string[];
  /** Facts other shards need for cross-repository findings. */
  readonly facts: {
    readonly fingerprints: readonly ValueFact[];
    readonly orgSecretUse: Readonly<Record<string, number>>;
    readonly organizationSecrets: readonly SecretRecord[];
    readonly inventoryCounts: { readonly secrets: number; readonly environments: number; readonly workflows: number };
    /**
     * Findings from audit-log events: whether the audit state remembers them (then a finding's
     * absence means its cause is gone), and each one's facts by fingerprint (carried in its issue).
     */
    readonly events?: {
      readonly remembered: boolean;
      /** The audit state remembers only events from this time on (its first read). */
      readonly rememberedSince?: string;
      readonly facts: Readonly<Record<string, EventFacts>>;
      /** Sharded with a readers policy: its names this shard holds no secret of. */
      readonly unknownReaders?: readonly string[];
    };
  };
}

/** The partial entry for organization secrets that could not be read. */
export function organizationSecretsUnread(org: string): string {
  return `${org}: organization secrets not read`;
}
