import { createHash, randomUUID } from 'node:crypto';
import type { RunContext } from './context.js';
import { redact } from './mask.js';

export const AUDIT_SCHEMA = 'https://secure-deploy.dev/schemas/audit-event/v1';

/** `partial`: the action ran but could not cover everything it should have (never a success). */
export type AuditOutcome = 'success' | 'failure' | 'denied' | 'skipped' | 'partial';

export type AuditScope = 'repository' | 'environment' | 'organization' | 'dependabot' | 'artifact' | 'deployment';

/** What an event is about. Never holds a secret value: only names, scopes and fingerprints. */
export interface AuditTarget {
  readonly scope?: AuditScope;
  readonly name?: string;
  readonly instance?: string;
  readonly repository?: string;
  readonly environment?: string;
  readonly artifact?: string;
  readonly digest?: string;
}

/** One audit event (schema version 1). `hash` covers every other field, `prev_hash` chains events. */
export interface AuditEvent {
  readonly schema: typeof AUDIT_SCHEMA;
  readonly id: string;
  readonly time: string;
  readonly actor: string;
  readonly repository: string;
  readonly workflow: string;
  /** `GITHUB_WORKFLOW_REF`: which workflow file wrote the event (a name can be chosen freely). */
  readonly workflow_ref: string;
  readonly run_id: number | null;
  readonly run_attempt: number | null;
  readonly job: string;
  readonly action: string;
  readonly target: AuditTarget;
  readonly fingerprint: string | null;
  readonly outcome: AuditOutcome;
  readonly details: Readonly<Record<string, unknown>>;
  readonly prev_hash: string | null;
  readonly hash: string;
}

export interface AuditRecord {
  /**
   * A stable id (UUID form) for an event that restates a record kept elsewhere, e.g. a secret read
   * from GitHub's audit log: a sink that sees it twice can tell. Random when absent.
   */
  readonly id?: string;
  readonly action: string;
  readonly target: AuditTarget;
  readonly outcome: AuditOutcome;
  readonly fingerprint?: string;
  readonly details?: Record<string, unknown>;
}

/** Where events go. `required` sinks that cannot be written fail the step. */
export interface AuditSink {
  readonly name: string;
  readonly required: boolean;
  write(events: readonly AuditEvent[]): Promise<void>;
}

/** Canonical JSON (sorted keys) so that a hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The SHA-256 of an event without its own `hash` field. */
export function eventHash(event: Omit<AuditEvent, 'hash'> | AuditEvent): string {
  const { hash: _ignored, ...rest } = event as AuditEvent;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/**
 * Builds audit events from the run context, chains them by hash, and hands them to every sink.
 * Values are passed through `redact` as a last line of defence; callers must never put a secret in.
 */
export class AuditEmitter {
  private readonly sinks: readonly AuditSink[];
  private readonly ctx: RunContext;
  private readonly now: () => Date;
  private prev: string | null = null;
  private readonly emitted: AuditEvent[] = [];

  constructor(ctx: RunContext, sinks: readonly AuditSink[] = [], now: () => Date = () => new Date()) {
    this.ctx = ctx;
    this.sinks = sinks;
    this.now = now;
  }

  get events(): readonly AuditEvent[] {
    return this.emitted;
  }

  build(record: AuditRecord): AuditEvent {
    const details = JSON.parse(redact(JSON.stringify(record.details ?? {}))) as Record<string, unknown>;
    const base: Omit<AuditEvent, 'hash'> = {
      schema: AUDIT_SCHEMA,
      id: record.id ?? randomUUID(),
      time: this.now().toISOString(),
      actor: this.ctx.actor,
      repository: this.ctx.repository,
      workflow: this.ctx.workflow,
      workflow_ref: this.ctx.workflowRef,
      run_id: this.ctx.runId ?? null,
      run_attempt: this.ctx.runAttempt ?? null,
      job: this.ctx.job,
      action: record.action,
      target: record.target,
      fingerprint: record.fingerprint ?? null,
      outcome: record.outcome,
      details,
      prev_hash: this.prev,
    };
    const event: AuditEvent = { ...base, hash: eventHash(base) };
    this.prev = event.hash;
    return event;
  }

  /**
   * Records several events in every sink, one write per sink (a batch of reads from GitHub's audit
   * log would otherwise be one connection each). Failures are handled as in `emit`.
   */
  async emitAll(
    records: readonly AuditRecord[],
    onOptionalFailure?: (sink: string, error: unknown) => void,
  ): Promise<readonly AuditEvent[]> {
    if (records.length === 0) return [];
    const events = records.map((r) => this.build(r));
    await this.write(events, `${events.length} '${records[0]?.action ?? ''}' event(s)`, onOptionalFailure);
    return events;
  }

  /**
   * Records one event in every sink. A required sink that fails makes this throw; an optional
   * one only reports through `onOptionalFailure`.
   */
  async emit(record: AuditRecord, onOptionalFailure?: (sink: string, error: unknown) => void): Promise<AuditEvent> {
    const event = this.build(record);
    await this.write([event], `'${record.action}'`, onOptionalFailure);
    return event;
  }

  /** Writes events to every sink; a required sink's failure throws, naming `what` was not recorded. */
  private async write(
    events: AuditEvent[],
    what: string,
    onOptionalFailure: ((sink: string, error: unknown) => void) | undefined,
  ): Promise<void> {
    this.emitted.push(...events);
    const results = await Promise.allSettled(this.sinks.map((sink) => sink.write(events)));
    const failures: string[] = [];
    results.forEach((result, i) => {
      const sink = this.sinks[i];
      if (result.status === 'rejected' && sink) {
        if (sink.required) failures.push(`${sink.name}: ${redact(String(result.reason))}`);
        else onOptionalFailure?.(sink.name, result.reason);
      }
    });
    if (failures.length > 0) {
      throw new AuditWriteError(`A required audit sink could not record ${what}: ${failures.join('; ')}`);
    }
  }
}

/** A required audit sink could not be written: the step must fail rather than go unrecorded. */
export class AuditWriteError extends Error {
  override readonly name = 'AuditWriteError';
}
