/**
 * Practices run once for many repositories: a scheduled audit-secrets over an organization (or a
 * list of repositories) reviews every repository it covers, and a scheduled rotate-secret rotates
 * the secrets of every repository its destinations name. Which repositories a step covers depends
 * on its inputs and on the repository whose workflow runs it (the host).
 */
import { matchesFilter } from '../audit/inventory.js';
import { defaultDestination, parseDestinationLine } from '../secrets/config.js';
import type { SuiteStep, WorkflowFacts } from './workflows.js';

/** Evidence, per repository, that an organization-level practice covers it. */
export interface PracticeCoverage {
  readonly reviewed: readonly string[];
  readonly rotated: readonly string[];
  /** Scheduled audits that also review secret reads (GitHub's record of the jobs given each secret). */
  readonly readsReviewed?: readonly string[];
  /** Scheduled audits that review this repository but not its secret reads, each with why. */
  readonly readsMissing?: readonly string[];
}

/** Sink kinds that leave the runner: what a central log is made of. */
const CENTRAL = new Set(['http', 'syslog', 'github']);

/**
 * Why an audit-secrets step does not review secret reads, or undefined when it does: reads come
 * from the organization audit log (API or a streamed export), and reach the central sinks once
 * only with a watermark (the audit state, kept beside the ledger unless 'audit-state' says where).
 */
export function readsGap(step: SuiteStep, host: string): string | undefined {
  const gaps: string[] = [];
  if (!organizationOf(step, host)) gaps.push("it audits no 'organization' (reads are in the organization audit log)");
  const api = (step.with['read-audit-log'] ?? 'true').trim() !== 'false';
  if (!api && list(step.with['audit-log-export']).length === 0)
    gaps.push("'read-audit-log' is false and no 'audit-log-export' is given");
  if (!(step.with.ledger ?? '').trim() && !(step.with['audit-state'] ?? '').trim())
    gaps.push("no 'ledger' or 'audit-state' keeps its watermark, so reads are not sent to the sinks");
  const kinds = list(step.with['audit-log']).map((l) => l.split(/\s+/)[0] ?? '');
  if (!kinds.some((k) => CENTRAL.has(k))) gaps.push("its 'audit-log' has no central sink (http, syslog or github)");
  return gaps.length > 0 ? gaps.join('; ') : undefined;
}

/** A repository whose workflows may run practices for others. */
export interface PracticeHost {
  readonly repository: string;
  readonly workflows: readonly WorkflowFacts[];
}

/** A multi-line input as the action reads it: one item a line, blank lines and `#` comments dropped. */
function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function split(full: string): { owner: string; repo: string } {
  const [owner = '', repo = ''] = full.split('/');
  return { owner, repo };
}

/** `organization:` as written, with the one expression that names the host's owner resolved. */
function organizationOf(step: SuiteStep, host: string): string {
  const org = (step.with.organization ?? '').trim();
  return /^\$\{\{\s*github\.repository_owner\s*\}\}$/.test(org) ? split(host).owner : org;
}

/** Whether an audit-secrets step, run from `host`, audits `target` (both `owner/name`). */
export function auditCovers(step: SuiteStep, host: string, target: string): boolean {
  const t = target.toLowerCase();
  const repositories = list(step.with.repositories);
  if (repositories.length > 0) return repositories.some((r) => r.toLowerCase() === t);
  const org = organizationOf(step, host);
  if (org) {
    const { owner, repo } = split(target);
    return owner.toLowerCase() === org.toLowerCase() && matchesFilter(repo, list(step.with['repository-filter']));
  }
  return host.toLowerCase() === t;
}

/** The repositories (`owner/name`, lower case) whose secrets a rotate-secret step, run from `host`, writes. */
export function rotationTargets(step: SuiteStep, host: string): Set<string> {
  const repository = split(host);
  const instances = list(step.with.instances);
  const named = new Set<string>();
  const targets = new Set<string>();
  const add = (d: { owner: string; repo?: string }) => {
    if (d.repo) targets.add(`${d.owner}/${d.repo}`.toLowerCase());
  };
  for (const line of list(step.with.destinations)) {
    try {
      const { instance, destination } = parseDestinationLine(line, repository);
      named.add(instance);
      add(destination);
    } catch {
      // An expression or a line rotate-secret would refuse: it names no repository we can credit.
    }
  }
  for (const instance of instances) if (!named.has(instance)) add(defaultDestination(instance, repository));
  return targets;
}

function at(host: string, target: string, wf: WorkflowFacts, job: string, step: SuiteStep): string {
  return `${host.toLowerCase() === target.toLowerCase() ? '' : `${host}: `}${wf.path} job '${job}' step ${step.uses}`;
}

/**
 * For each target repository, the scheduled audit-secrets and rotate-secret steps of any host
 * that cover it (its own workflows included).
 */
export function practiceCoverage(
  hosts: readonly PracticeHost[],
  targets: readonly string[],
): Map<string, PracticeCoverage> {
  const out = new Map<
    string,
    { reviewed: string[]; rotated: string[]; readsReviewed: string[]; readsMissing: string[] }
  >(targets.map((t) => [t, { reviewed: [], rotated: [], readsReviewed: [], readsMissing: [] }]));
  for (const host of hosts) {
    for (const wf of host.workflows) {
      if (!wf.scheduled) continue;
      for (const job of wf.jobs) {
        for (const step of job.steps) {
          if (step.action === 'audit-secrets') {
            for (const [target, cov] of out) {
              if (!auditCovers(step, host.repository, target)) continue;
              const org = organizationOf(step, host.repository);
              const what =
                list(step.with.repositories).length > 0
                  ? 'reviews this repository by name'
                  : org
                    ? `reviews organization ${org}${list(step.with['repository-filter']).length > 0 ? ' (its repository-filter matches)' : ''}`
                    : 'reviews this repository';
              cov.reviewed.push(`${at(host.repository, target, wf, job.id, step)} ${what} on a schedule`);
              const gap = readsGap(step, host.repository);
              if (gap)
                cov.readsMissing.push(
                  `${at(host.repository, target, wf, job.id, step)} does not review secret reads: ${gap}`,
                );
              else
                cov.readsReviewed.push(
                  `${at(host.repository, target, wf, job.id, step)} reviews the secret reads GitHub recorded (workflows.prepared_workflow_job) and sends them to its central sinks`,
                );
            }
          } else if (step.action === 'rotate-secret') {
            const rotated = rotationTargets(step, host.repository);
            for (const [target, cov] of out) {
              if (!rotated.has(target.toLowerCase())) continue;
              cov.rotated.push(
                `${at(host.repository, target, wf, job.id, step)} rotates ${step.with.name ?? 'a secret'} here on a schedule`,
              );
            }
          }
        }
      }
    }
  }
  return out;
}
