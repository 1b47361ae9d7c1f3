/**
 * Rotates every instance of a secret with bounded concurrency; one instance's failure never stops
 * the others. Returns per-instance results for the outputs, the job summary and the exit status.
 */
import type { AuditEmitter } from '../core/audit.js';
import type { GitHubClient } from '../core/github.js';
import type { SummarySection } from '../core/summary.js';
import type { Instance, RotationConfig } from './config.js';
import { shortFingerprint } from './fingerprint.js';
import { SecretsApi } from './github.js';
import { mapLimit } from '../core/concurrency.js';
import { errorMessage } from '../core/errors.js';
import { redact } from '../core/mask.js';
import { InstanceRotation, type InstanceResult } from './protocol.js';
import { CommandTarget } from './targets/command.js';
import { DeployKeyTarget } from './targets/deploy-key.js';
import { PostgresTarget } from './targets/postgres.js';
import { NoTarget, type Target } from './targets/target.js';

export interface RotateOptions {
  readonly config: RotationConfig;
  readonly github: GitHubClient;
  readonly audit: AuditEmitter;
  readonly log: (message: string) => void;
  readonly warn: (message: string) => void;
  readonly now?: () => Date;
  /** `<run_id>/<run_attempt>` of this run, recorded as the owner of the rotations it starts. */
  readonly runId: string;
}

export interface RotationReport {
  readonly results: readonly InstanceResult[];
  readonly rotated: readonly Extract<InstanceResult, { status: 'rotated' }>[];
  readonly skipped: readonly Extract<InstanceResult, { status: 'skipped' }>[];
  readonly failed: readonly Extract<InstanceResult, { status: 'failed' }>[];
}

export function targetFor(config: RotationConfig, instance: Instance, api: SecretsApi): Target {
  const t = config.target;
  switch (t.kind) {
    case 'none':
      return new NoTarget();
    case 'postgres':
      return new PostgresTarget(t, instance);
    case 'deploy-key':
      return new DeployKeyTarget(t, instance, config.name, api);
    case 'command':
      return new CommandTarget(t.command, config.name, instance.name);
  }
}

export async function rotateAll(options: RotateOptions): Promise<RotationReport> {
  const { config } = options;
  const api = new SecretsApi(options.github);
  const claimed = new Map<string, string>();
  const claim = (fp: string, instance: string): boolean => {
    const owner = claimed.get(fp);
    if (owner !== undefined && owner !== instance) return false;
    claimed.set(fp, instance);
    return true;
  };
  // An optional audit sink that fails is a warning, once per sink (not once per event).
  const failingSinks = new Set<string>();
  const onOptionalAuditFailure = (sink: string, error: unknown): void => {
    if (failingSinks.has(sink)) return;
    failingSinks.add(sink);
    options.warn(
      `Audit sink '${sink}' could not record rotation events (it is optional; the rotation goes on): ${redact(errorMessage(error))}`,
    );
  };
  const results = await mapLimit(config.instances, config.concurrency, async (instance) => {
    const target = targetFor(config, instance, api);
    const rotation = new InstanceRotation(
      {
        config,
        api,
        audit: options.audit,
        target,
        now: options.now ?? (() => new Date()),
        log: options.log,
        warn: options.warn,
        claim,
        runId: options.runId,
        onOptionalAuditFailure,
      },
      instance,
    );
    try {
      return await rotation.run();
    } finally {
      await target.close?.();
    }
  });
  return {
    results,
    rotated: results.filter((r): r is Extract<InstanceResult, { status: 'rotated' }> => r.status === 'rotated'),
    skipped: results.filter((r): r is Extract<InstanceResult, { status: 'skipped' }> => r.status === 'skipped'),
    failed: results.filter((r): r is Extract<InstanceResult, { status: 'failed' }> => r.status === 'failed'),
  };
}

/** The job summary: one row per instance, fingerprints shortened, never a value. */
export function summarize(config: RotationConfig, report: RotationReport): SummarySection[] {
  const rows = report.results.map((r) => {
    switch (r.status) {
      case 'rotated':
        return [r.instance, 'rotated', shortFingerprint(r.fingerprint), r.destinations.join(', '), r.reason];
      case 'skipped':
        return [r.instance, 'skipped', r.fingerprint ? shortFingerprint(r.fingerprint) : '', '', r.reason];
      case 'failed':
        return [r.instance, `failed (${r.phase})`, '', '', r.reason];
    }
  });
  return [
    {
      heading: `Secret rotation: ${config.name}${config.dryRun ? ' (dry run)' : ''}`,
      lines: [
        `${report.rotated.length} rotated, ${report.skipped.length} skipped, ${report.failed.length} failed; target ${config.target.kind}${config.target.kind === 'postgres' ? ` (${config.target.strategy})` : ''}.`,
      ],
      table: { headers: ['Instance', 'Outcome', 'Fingerprint', 'Destinations', 'Detail'], rows },
    },
  ];
}

/** One message for the step's failure annotation, naming each failed instance and why. */
export function failureMessage(report: RotationReport): string {
  return `${report.failed.length} of ${report.results.length} instance(s) failed:\n${report.failed
    .map((f) => `- ${f.instance} (${f.phase}): ${f.reason}`)
    .join('\n')}`;
}
