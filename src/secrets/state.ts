/**
 * Rotation state per instance, kept in a repository variable: the phase, fingerprints and times.
 * Never a value. A run that finds a phase other than `idle` completes or rolls back the rotation
 * an earlier run left behind.
 */

/** `pending`: a value was created and may have been set at the target; GitHub holds only the current value.
 *  `promoting`: the value was set and tested; some destinations may already hold it. */
export type Phase = 'idle' | 'pending' | 'promoting';

export interface Credential {
  readonly fingerprint: string;
  /** PostgreSQL role the value logs in as (alternating-users, single-user). */
  readonly role?: string;
  /** Deploy key id at the target repository. */
  readonly keyId?: number;
  /** When it became (or was meant to become) current. */
  readonly since: string;
}

export interface Retiring {
  /** '' for the credential GitHub held before the first rotation (its value was never this action's). */
  readonly fingerprint: string;
  readonly role?: string;
  readonly keyId?: number;
  /** Not before this time: the grace period for consumers still using it. */
  readonly after: string;
}

export interface RotationState {
  readonly version: 1;
  readonly phase: Phase;
  readonly current?: Credential;
  /** `startedBy`: `<run_id>/<run_attempt>` of the run that owns the rotation in flight. */
  readonly pending?: Credential & { readonly startedBy?: string };
  /** Earlier credentials to retire once their grace period is over. */
  readonly retiring: readonly Retiring[];
  readonly updated: string;
}

export const EMPTY_STATE: RotationState = { version: 1, phase: 'idle', retiring: [], updated: '' };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function credential(v: unknown): Credential | undefined {
  if (!isRecord(v) || typeof v.fingerprint !== 'string' || typeof v.since !== 'string') return undefined;
  return {
    fingerprint: v.fingerprint,
    since: v.since,
    ...(typeof v.role === 'string' ? { role: v.role } : {}),
    ...(typeof v.keyId === 'number' ? { keyId: v.keyId } : {}),
  };
}

/** Parses a state variable's value; anything unreadable is an error (never silently a fresh state). */
export function parseState(text: string): RotationState {
  const parsed: unknown = JSON.parse(text);
  if (!isRecord(parsed) || parsed.version !== 1) throw new Error('not a version 1 rotation state');
  const phase = parsed.phase;
  if (phase !== 'idle' && phase !== 'pending' && phase !== 'promoting')
    throw new Error(`unknown phase '${String(phase)}'`);
  const retiring: Retiring[] = [];
  if (Array.isArray(parsed.retiring)) {
    for (const r of parsed.retiring) {
      if (isRecord(r) && typeof r.fingerprint === 'string' && typeof r.after === 'string') {
        retiring.push({
          fingerprint: r.fingerprint,
          after: r.after,
          ...(typeof r.role === 'string' ? { role: r.role } : {}),
          ...(typeof r.keyId === 'number' ? { keyId: r.keyId } : {}),
        });
      }
    }
  }
  const current = credential(parsed.current);
  const startedBy = isRecord(parsed.pending) ? parsed.pending.startedBy : undefined;
  const pendingCredential = credential(parsed.pending);
  const pending = pendingCredential
    ? { ...pendingCredential, ...(typeof startedBy === 'string' ? { startedBy } : {}) }
    : undefined;
  if (phase !== 'idle' && !pending) throw new Error(`phase '${phase}' without a pending credential`);
  return {
    version: 1,
    phase,
    ...(current ? { current } : {}),
    ...(pending ? { pending } : {}),
    retiring,
    updated: typeof parsed.updated === 'string' ? parsed.updated : '',
  };
}

export function serializeState(state: RotationState): string {
  return JSON.stringify(state);
}
