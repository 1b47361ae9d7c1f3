import { createHash } from 'node:crypto';
import { minimatch } from 'minimatch';
import type { LedgerEntry } from '../core/audit-sinks.js';
import type { LedgerProblem } from './ledger.js';
import type { TrustAnchor } from './trust-anchors.js';
import { instanceKey as rotationInstanceKey } from '../core/rotation-records.js';
import { instanceVariableKey } from './inventory.js';
import type {
  Finding,
  FindingKind,
  Inventory,
  RepositoryInventory,
  RotationRecord,
  SecretRecord,
  Severity,
  ValueFact,
} from './types.js';
import { instanceKey, organizationSecretsUnread, severityRank } from './types.js';
import { UNTRUSTED_TRIGGERS } from './workflows.js';

export interface AnalysisOptions {
  readonly now: Date;
  readonly maxAgeDays: number;
  /** Patterns for who may write secrets: actor logins, `owner/repo/.github/workflows/file.yml`, or `owner/repo:workflow name`. */
  readonly allowedWriters: readonly string[];
  readonly ledger?: {
    readonly name: string;
    readonly entries: readonly LedgerEntry[];
    readonly problems: readonly LedgerProblem[];
  };
  readonly trustAnchors?: { readonly file: string; readonly anchors: readonly TrustAnchor[] };
  /** Skip findings that need every repository at once (sharded runs compute them in the merge). */
  readonly crossRepository: boolean;
  /** A write within this many minutes after the ledger event still counts as logged. */
  readonly toleranceMinutes?: number;
}

export function findingFingerprint(kind: FindingKind, scope: string, subject: string): string {
  return createHash('sha256').update(`${kind}\n${scope}\n${subject}`).digest('hex').slice(0, 32);
}

function finding(f: Omit<Finding, 'fingerprint'>): Finding {
  return { fingerprint: findingFingerprint(f.kind, f.scope, f.subject), ...f };
}

const day = 86_400_000;
const date = (iso: string): string => iso.slice(0, 10);

function describeInstance(s: Pick<SecretRecord, 'owner' | 'scope' | 'name' | 'environment'>): string {
  if (s.scope === 'dependabot') return `Dependabot secret ${s.name} of ${s.owner}`;
  if (s.scope === 'environment')
    return `environment secret ${s.name} of ${s.owner} (environment '${s.environment ?? ''}')`;
  if (s.scope === 'organization') return `organization secret ${s.name} of ${s.owner}`;
  return `repository secret ${s.name} of ${s.owner}`;
}

/** A secret write (or rotation step) recorded in the ledger. */
interface LedgerWrite {
  /**
   * The secret location written (`instanceKey`), or, for a rotation step whose event does not
   * name a location, `rotation:<repository>:<NAME>:<INSTANCE>`.
   */
  readonly instance: string;
  /** True when `instance` is a location the inventory can hold. */
  readonly located: boolean;
  /** The rotate-secret instance that wrote it (`owner/repo:<NAME>:<INSTANCE KEY>`), when the event says. */
  readonly group?: string;
  /** The event put a value at the location (its fingerprint is what the location holds). */
  readonly placesValue: boolean;
  /** Written by rotate-secret (a rotation step, or a write that names its instance). */
  readonly rotation: boolean;
  /** The `<NAME>_PENDING` copy rotate-secret keeps during a rotation. */
  readonly pending: boolean;
  readonly time: string;
  readonly action: string;
  readonly fingerprint: string | null;
  readonly actor: string;
  readonly writer: string;
  readonly seq: number;
}

/** Events that put a value into a GitHub secret (`secret.rotate.set` is the target, not GitHub). */
const VALUE_ACTIONS = /^secret\.(write|rotate\.(commit|promote|write|complete|finish|activate))$/;

/** The rotate-secret instance an event belongs to: the workflow's repository, the secret, the instance key. */
function rotationGroup(repository: string, name: string, instance: string): string {
  return `${repository}:${name.toUpperCase()}:${rotationInstanceKey(instance)}`;
}

function ledgerWrites(entries: readonly LedgerEntry[]): LedgerWrite[] {
  const out: LedgerWrite[] = [];
  for (const { event, seq } of entries) {
    if (event.action !== 'secret.write' && !event.action.startsWith('secret.rotate.')) continue;
    if (event.outcome !== 'success') continue;
    const t = event.target;
    if (!t.name) continue;
    const name = t.name.toUpperCase();
    const details = (event.details ?? {}) as Record<string, unknown>;
    const pending = details.pending === true || name.endsWith('_PENDING');
    const scope =
      t.scope === 'environment' || t.scope === 'organization' || t.scope === 'dependabot' ? t.scope : 'repository';
    // rotate-secret's rotation steps name the secret and instance, not always the location: a
    // location is known when the event names it (a write always does).
    const located =
      event.action === 'secret.write' ||
      scope === 'organization' ||
      (t.repository !== undefined && (scope !== 'environment' || t.environment !== undefined));
    const group = t.instance ? rotationGroup(event.repository, name, t.instance) : undefined;
    const owner =
      scope === 'organization'
        ? ((t.repository ?? event.repository).split('/')[0] ?? '')
        : (t.repository ?? event.repository);
    // Events of schema v1 carry workflow_ref; ledgers written before it may have it in details.
    const fromEvent = (event as { workflow_ref?: unknown }).workflow_ref;
    const workflowRef =
      typeof fromEvent === 'string' && fromEvent !== ''
        ? fromEvent
        : typeof details.workflow_ref === 'string'
          ? details.workflow_ref
          : undefined;
    out.push({
      instance: located
        ? instanceKey({ owner, scope, name, environment: t.environment })
        : `rotation:${group ?? `${event.repository}:${name}:`}`,
      located,
      group,
      placesValue: VALUE_ACTIONS.test(event.action),
      rotation: event.action.startsWith('secret.rotate.') || t.instance !== undefined,
      pending,
      time: event.time,
      action: event.action,
      fingerprint: event.fingerprint,
      actor: event.actor,
      writer: workflowRef ?? `${event.repository}:${event.workflow}`,
      seq,
    });
  }
  return out;
}

/** Exact (case-insensitive) or glob match; `[bot]` in a login is taken literally when it matches exactly. */
function isAllowed(patterns: readonly string[], identities: readonly string[]): boolean {
  return patterns.some((p) =>
    identities.some((id) => {
      if (id === '') return false;
      const bare = id.replace(/@.*$/, '');
      return [id, bare].some((x) => x.toLowerCase() === p.toLowerCase() || minimatch(x, p, { nocase: true }));
    }),
  );
}

/** Which organization secrets a repository can use. */
function orgSecretsFor(inv: Inventory, repo: RepositoryInventory): SecretRecord[] {
  return inv.organizationSecrets.filter(
    (s) =>
      s.visibility === 'all' ||
      s.visibility === undefined ||
      (s.visibility === 'private' && repo.private) ||
      (s.visibility === 'selected' && (s.selectedRepositories ?? []).includes(repo.fullName)),
  );
}

/**
 * The secret instance a rotation state variable describes: the repository's own secret for
 * `REPOSITORY`, the organization's for `ORGANIZATION`, the environment whose name matches the
 * instance key, or else (custom destinations) the variable itself.
 */
export function rotationInstance(inv: Inventory, repo: RepositoryInventory, r: RotationRecord): string {
  if (r.instance === 'REPOSITORY') return instanceKey({ owner: repo.fullName, scope: 'repository', name: r.secret });
  if (r.instance === 'ORGANIZATION' && inv.organization)
    return instanceKey({ owner: inv.organization, scope: 'organization', name: r.secret });
  const env = repo.environments.find((e) => instanceVariableKey(e.name) === r.instance);
  if (env) return instanceKey({ owner: repo.fullName, scope: 'environment', name: r.secret, environment: env.name });
  return `rotation:${repo.fullName}:${r.variable}`;
}

/**
 * Fingerprints of the value each location currently holds: rotation state first, then the latest
 * ledger event that put a value there (never a pending copy), each with the rotate-secret instance
 * that wrote it.
 */
export function currentFingerprints(inv: Inventory, writes: readonly LedgerWrite[]): ValueFact[] {
  const byInstance = new Map<string, { fingerprint: string; group?: string }>();
  for (const w of writes)
    if (w.fingerprint && w.located && w.placesValue && !w.pending)
      byInstance.set(w.instance, { fingerprint: w.fingerprint, ...(w.group ? { group: w.group } : {}) });
  for (const repo of inv.repositories) {
    for (const r of repo.rotations) {
      if (!r.fingerprint) continue;
      byInstance.set(rotationInstance(inv, repo, r), {
        fingerprint: r.fingerprint,
        group: rotationGroup(repo.fullName, r.secret, r.instance),
      });
    }
  }
  return [...byInstance].map(([instance, v]) => ({
    instance,
    fingerprint: v.fingerprint,
    scope: instance.split(':')[1] ?? '',
    ...(v.group ? { group: v.group } : {}),
  }));
}

/**
 * Shared values: one fingerprint held by several instances. The destinations of one rotate-secret
 * instance hold its value by design, so they count once (by `group`).
 */
export function sharedValueFindings(facts: readonly ValueFact[]): Finding[] {
  // Per fingerprint: each location and the rotate-secret instance that wrote it, when any fact says
  // (shards each report the ledger's locations, some without the rotation state that names the group).
  const groups = new Map<string, Map<string, string | undefined>>();
  for (const f of facts) {
    const locations = groups.get(f.fingerprint) ?? new Map<string, string | undefined>();
    locations.set(f.instance, f.group ?? locations.get(f.instance));
    groups.set(f.fingerprint, locations);
  }
  const out: Finding[] = [];
  for (const [fp, locations] of groups) {
    const owners = new Set([...locations].map(([instance, group]) => group ?? instance));
    if (owners.size < 2) continue;
    const instances = [...locations.keys()].sort();
    const scope = instances[0]?.split(':')[1] ?? '';
    out.push(
      finding({
        kind: 'shared-value',
        severity: 'high',
        title: `One secret value is shared by ${instances.length} secrets`,
        scope,
        subject: `value ${fp.replace(/^hmac-sha256:/, '').slice(0, 16)}`,
        evidence: [`Value fingerprint ${fp} is held by:`, ...instances.map((i) => `- ${i}`)],
        rootCause:
          'The same credential was copied into several places instead of issuing one credential per consumer, so one leak exposes all of them and none can be rotated alone.',
        remediation: 'Issue a separate credential for each instance and rotate them with rotate-secret.',
      }),
    );
  }
  return out;
}

/** Organization secrets no workflow of any audited repository references. */
export function unusedOrgSecretFindings(
  org: string,
  secrets: readonly SecretRecord[],
  use: Readonly<Record<string, number>>,
): Finding[] {
  return secrets
    .filter((s) => (use[s.name] ?? 0) === 0)
    .map((s) =>
      finding({
        kind: 'unused-secret',
        severity: 'low',
        title: `Organization secret ${s.name} is not referenced by any workflow`,
        scope: org,
        subject: instanceKey(s),
        evidence: [
          `${describeInstance(s)} (visibility ${s.visibility ?? 'all'}) is referenced by no workflow of the audited repositories.`,
        ],
        rootCause:
          'A secret outlived the workflow that used it, or it is used outside GitHub Actions; unused credentials widen exposure for nothing.',
        remediation: `Delete ${s.name} or limit its visibility to the repositories that use it.`,
      }),
    );
}

/** Every finding the inventory, ledger and trust policy show. */
export function analyse(
  inv: Inventory,
  options: AnalysisOptions,
): {
  findings: Finding[];
  orgSecretUse: Record<string, number>;
  fingerprints: ValueFact[];
} {
  const findings: Finding[] = [];
  const now = options.now.getTime();
  const maxAge = options.maxAgeDays * day;
  const tolerance = (options.toleranceMinutes ?? 10) * 60_000;
  const writes = options.ledger ? ledgerWrites(options.ledger.entries) : [];
  // The latest event that wrote each location (a pending copy's write too: it is logged).
  const lastWrite = new Map<string, LedgerWrite>();
  for (const w of writes) if (w.located && w.placesValue) lastWrite.set(w.instance, w);
  const orgSecretUse: Record<string, number> = Object.fromEntries(inv.organizationSecrets.map((s) => [s.name, 0]));

  const orgSecretsUnread =
    inv.organization !== undefined && inv.partial.includes(organizationSecretsUnread(inv.organization));
  const rotatedOrgNames = new Set<string>();
  // Locations rotate-secret wrote: its rotation steps that name a location, and every write that
  // names its rotate-secret instance (an instance's other destinations appear only in writes).
  const rotatedInstances = new Set<string>();
  for (const w of writes) if (w.rotation && w.located && !w.pending) rotatedInstances.add(w.instance);

  const checkSecret = (s: SecretRecord, rotated: boolean): void => {
    const key = instanceKey(s);
    const age = now - Date.parse(s.updatedAt);
    if (age > maxAge) {
      findings.push(
        finding({
          kind: 'stale-secret',
          severity: age > 2 * maxAge ? 'high' : 'medium',
          title: `${s.name} has not been changed for more than ${options.maxAgeDays} days`,
          scope: s.owner,
          subject: key,
          evidence: [
            `${describeInstance(s)} was last written on ${date(s.updatedAt)} (created ${date(s.createdAt)}); max-age is ${options.maxAgeDays} days.`,
            rotated
              ? 'rotate-secret has rotated it before, but not within max-age.'
              : 'rotate-secret has no record of rotating it.',
          ],
          rootCause: rotated
            ? 'The scheduled rotation stopped running or keeps failing.'
            : 'The secret is managed by hand and no rotation schedule covers it.',
          remediation: `Rotate ${s.name} now and schedule rotate-secret for it.`,
        }),
      );
    }
    if (!rotated) {
      findings.push(
        finding({
          kind: 'never-rotated',
          severity: 'low',
          title: `${s.name} has never been rotated by rotate-secret`,
          scope: s.owner,
          subject: key,
          evidence: [`${describeInstance(s)}: no rotation state variable and no rotation event in the ledger.`],
          rootCause: 'The secret was created by hand and never put under managed rotation.',
          remediation: `Add a rotate-secret workflow for ${s.name}.`,
        }),
      );
    }
    if (options.ledger) {
      const w = lastWrite.get(key);
      const updated = Date.parse(s.updatedAt);
      if (!w || updated > Date.parse(w.time) + tolerance) {
        findings.push(
          finding({
            kind: 'unlogged-write',
            severity: 'high',
            title: `${s.name} was written without a ledger event`,
            scope: s.owner,
            subject: key,
            evidence: [
              `${describeInstance(s)} was last written at ${s.updatedAt}.`,
              w
                ? `The latest ledger event for it is ${w.action} at ${w.time} (seq ${w.seq}), by ${w.actor} in ${w.writer}.`
                : `The ledger ${options.ledger.name} has no write event for it.`,
            ],
            rootCause:
              'Someone set the secret directly (web UI, gh CLI, API) instead of through the logged rotation workflow.',
            remediation: `Find who wrote ${s.name} at ${s.updatedAt} in the organization audit log, then rotate it through rotate-secret so the value is known only to the workflow.`,
          }),
        );
      }
    }
  };

  for (const repo of inv.repositories) {
    const rotationState = new Set(repo.rotations.map((r) => rotationInstance(inv, repo, r)));
    // Custom destinations: a state variable for the secret's name in the same repository covers it.
    const rotatedNames = new Set(repo.rotations.map((r) => r.secret));
    // `<NAME>_PENDING` exists only while rotate-secret rotates NAME (and workflows reference it to
    // pass it back): part of that rotation, not a secret of its own.
    const isPendingCopy = (name: string): boolean =>
      name.endsWith('_PENDING') && rotatedNames.has(name.slice(0, -'_PENDING'.length));
    for (const s of repo.secrets) {
      if (isPendingCopy(s.name.toUpperCase())) continue;
      const key = instanceKey(s);
      checkSecret(s, rotationState.has(key) || rotatedInstances.has(key) || rotatedNames.has(s.name.toUpperCase()));
    }
    for (const r of repo.rotations) if (r.instance === 'ORGANIZATION') rotatedOrgNames.add(r.secret);

    // Environments without required reviewers.
    for (const env of repo.environments) {
      if (env.requiredReviewers > 0) continue;
      const secretsHere = repo.secrets
        .filter((s) => s.scope === 'environment' && s.environment === env.name)
        .map((s) => s.name);
      findings.push(
        finding({
          kind: 'environment-without-reviewers',
          severity: secretsHere.length > 0 ? 'high' : 'medium',
          title: `Environment '${env.name}' of ${repo.fullName} deploys without required reviewers`,
          scope: repo.fullName,
          subject: `environment:${repo.fullName}:${env.name}`,
          evidence: [
            `Protection rules: ${env.protectionRules.length > 0 ? env.protectionRules.join(', ') : 'none'}; required reviewers: 0.`,
            secretsHere.length > 0
              ? `It holds secrets: ${secretsHere.sort().join(', ')}.`
              : 'It holds no environment secrets.',
          ],
          rootCause: 'The environment was created implicitly by a workflow or configured without protection rules.',
          remediation: `Add required reviewers to '${env.name}' (Settings → Environments), or use require-approval.`,
        }),
      );
    }

    // Workflow references: missing and unused secrets, untrusted triggers. A repository read only in
    // part (or organization secrets not read) cannot show a secret missing or unused: no guessing.
    const complete = repo.partial.length === 0 && !orgSecretsUnread;
    const visibleOrg = orgSecretsFor(inv, repo);
    const repoNames = new Set(repo.secrets.filter((s) => s.scope === 'repository').map((s) => s.name));
    const orgNames = new Set(visibleOrg.map((s) => s.name));
    const used = new Set<string>();
    for (const wf of repo.workflows) {
      const untrusted = wf.triggers.filter((t) => (UNTRUSTED_TRIGGERS as readonly string[]).includes(t));
      const wfSecrets = new Map<string, number>();
      for (const job of wf.jobs) {
        // An environment computed at run time may be any of the repository's environments.
        const envNames = new Set(
          repo.secrets
            .filter((s) => s.scope === 'environment' && (job.dynamicEnvironment || s.environment === job.environment))
            .map((s) => s.name),
        );
        for (const ref of job.secrets) {
          if (!wfSecrets.has(ref.name)) wfSecrets.set(ref.name, ref.line);
          used.add(job.environment ? `${job.environment}\u0000${ref.name}` : ref.name);
          used.add(ref.name);
          if (orgNames.has(ref.name) && !repoNames.has(ref.name) && !envNames.has(ref.name))
            orgSecretUse[ref.name] = (orgSecretUse[ref.name] ?? 0) + 1;
          if (
            complete &&
            !repoNames.has(ref.name) &&
            !envNames.has(ref.name) &&
            !orgNames.has(ref.name) &&
            !isPendingCopy(ref.name)
          ) {
            findings.push(
              finding({
                kind: 'missing-secret',
                severity: 'medium',
                title: `${wf.path} uses secret ${ref.name}, which is not defined`,
                scope: repo.fullName,
                subject: `${wf.path}:${job.id}:${ref.name}`,
                evidence: [
                  `Job '${job.id}'${job.environment ? ` (environment '${job.environment}')` : job.dynamicEnvironment ? ' (environment chosen at run time)' : ''} references secrets.${ref.name} on line ${ref.line}.`,
                  `No ${job.environment ? `secret of environment '${job.environment}', ` : job.dynamicEnvironment ? 'environment secret, ' : ''}repository secret or organization secret visible to ${repo.fullName} has that name.`,
                ],
                rootCause:
                  'The secret was deleted or renamed, or it was never created in this scope; the step runs with an empty value.',
                remediation: `Create ${ref.name} in the right scope or remove the reference.`,
                file: wf.path,
                line: ref.line,
              }),
            );
          }
        }
      }
      if (untrusted.length > 0 && wfSecrets.size > 0) {
        const names = [...wfSecrets.keys()].sort();
        findings.push(
          finding({
            kind: 'untrusted-trigger-exposure',
            severity: 'high',
            title: `${wf.path} exposes secrets to ${untrusted.join('/')} runs`,
            scope: repo.fullName,
            subject: wf.path,
            evidence: [
              `Triggers: ${wf.triggers.join(', ')}.`,
              `Secrets referenced: ${names.join(', ')}.`,
              `${untrusted.join(' and ')} run in the base repository's context with its secrets, on events an outside contributor can cause (a fork's pull request, a comment or a review).`,
            ],
            rootCause:
              'A workflow that handles contributions from forks was given secrets; if it checks out or runs the contribution, the contribution can read them.',
            remediation:
              'Split the workflow: do untrusted work in pull_request (no secrets), and use secrets only in a separate job gated by an environment with required reviewers.',
            file: wf.path,
            line: wfSecrets.get(names[0] ?? '') ?? 1,
          }),
        );
      }
    }
    for (const s of repo.secrets) {
      // Dependabot secrets are read by Dependabot, not by workflows.
      if (s.scope === 'dependabot') continue;
      const isUsed =
        s.scope === 'environment'
          ? used.has(`${s.environment ?? ''}\u0000${s.name}`) || used.has(s.name)
          : used.has(s.name);
      if (!complete || isUsed || s.name.startsWith('SECURE_DEPLOY_') || isPendingCopy(s.name.toUpperCase())) continue;
      findings.push(
        finding({
          kind: 'unused-secret',
          severity: 'low',
          title: `${s.name} is not referenced by any workflow of ${repo.fullName}`,
          scope: repo.fullName,
          subject: instanceKey(s),
          evidence: [
            `${describeInstance(s)} is referenced by none of: ${repo.workflows.map((w) => w.path).join(', ') || '(no workflows)'}.`,
          ],
          rootCause: 'A secret outlived the workflow that used it; unused credentials widen exposure for nothing.',
          remediation: `Delete ${s.name} and revoke the credential it holds.`,
        }),
      );
    }
  }

  for (const s of inv.organizationSecrets) {
    const key = instanceKey(s);
    checkSecret(s, rotatedInstances.has(key) || rotatedOrgNames.has(s.name.toUpperCase()));
  }

  // Writes by someone other than the allowed rotation workflows.
  if (options.allowedWriters.length > 0) {
    for (const w of writes) {
      if (isAllowed(options.allowedWriters, [w.writer, w.actor])) continue;
      findings.push(
        finding({
          kind: 'unauthorized-write',
          severity: 'high',
          title: `${w.located ? (w.instance.split(':').at(-1) ?? '') : (w.instance.split(':')[2] ?? '')} was written by ${w.writer}, not an allowed rotation workflow`,
          scope: w.instance.split(':')[1] ?? '',
          subject: `ledger:${w.instance}:${w.seq}`,
          evidence: [
            `Ledger seq ${w.seq}: ${w.action} of ${w.instance} at ${w.time} by ${w.actor} in ${w.writer}.`,
            `Allowed writers: ${options.allowedWriters.join(', ')}.`,
          ],
          rootCause: 'A workflow outside the rotation process holds a token that can write secrets.',
          remediation:
            "Remove secret-write permission from that workflow's token, and rotate the secret through the allowed workflow.",
        }),
      );
    }
  }

  // Ledger tampering.
  if (options.ledger) {
    for (const p of options.ledger.problems) {
      findings.push(
        finding({
          kind: 'ledger-tampered',
          severity: 'critical',
          title: `The audit ledger is not intact: ${p.kind} at line ${p.line}`,
          scope: options.ledger.name.split('@')[0] ?? options.ledger.name,
          subject: `${options.ledger.name}:${p.kind}:${p.line}`,
          evidence: [p.detail],
          rootCause:
            'The ledger branch was rewritten, or a line was edited, removed or reordered outside the github audit sink.',
          remediation:
            'Protect the ledger branch (no force pushes, no deletions, restricted push), compare it with the copies in the other sinks, and find who pushed the change.',
          file: options.ledger.name.split(':').at(-1),
          line: p.line,
        }),
      );
    }
  }

  // Trust anchors past their review date.
  if (options.trustAnchors) {
    for (const a of options.trustAnchors.anchors) {
      if (Date.parse(a.reviewBy) >= now) continue;
      findings.push(
        finding({
          kind: 'trust-anchor-review-overdue',
          severity: 'medium',
          title: `Trust anchor '${a.name}' was due for review on ${a.reviewBy}`,
          scope: options.trustAnchors.file,
          subject: `${options.trustAnchors.file}:${a.name}`,
          evidence: [`${options.trustAnchors.file} line ${a.line}: '${a.name}' has review-by ${a.reviewBy}.`],
          rootCause:
            'Trust policy reviews are not scheduled, so an anchor stays trusted without anyone confirming it should.',
          remediation: 'Review the anchor; extend its review-by date or remove it.',
          file: options.trustAnchors.file,
          line: a.line,
        }),
      );
    }
  }

  const fingerprints = currentFingerprints(inv, writes);
  if (options.crossRepository) {
    findings.push(...sharedValueFindings(fingerprints));
    const allRead = inv.partial.length === 0;
    if (allRead && inv.organization && inv.organizationSecrets.length > 0)
      findings.push(...unusedOrgSecretFindings(inv.organization, inv.organizationSecrets, orgSecretUse));
  }
  return { findings: dedupe(findings), orgSecretUse, fingerprints };
}

export function dedupe(findings: readonly Finding[]): Finding[] {
  const map = new Map<string, Finding>();
  for (const f of findings) if (!map.has(f.fingerprint)) map.set(f.fingerprint, f);
  return [...map.values()].sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      a.kind.localeCompare(b.kind) ||
      a.subject.localeCompare(b.subject),
  );
}

export function highest(findings: readonly Finding[]): Severity | undefined {
  const order: Severity[] = ['critical', 'high', 'medium', 'low'];
  return order.find((s) => findings.some((f) => f.severity === s));
}
