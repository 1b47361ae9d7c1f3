/**
 * The rotation protocol for one instance:
 *
 *   create   generate the value (masked at once), fingerprint it, state -> `pending`,
 *            keep the value in `<NAME>_PENDING` at the instance's first destination
 *   set      make it valid at the target (ALTER ROLE, add deploy key, command)
 *   test     prove it works there (log in)
 *   promote  state -> `promoting`, write it to every destination
 *   finish   state -> `idle` with the new fingerprint, delete `<NAME>_PENDING`,
 *            retire earlier credentials whose grace period is over
 *
 * The state (a repository variable; phase, fingerprints, times, never values) is written before
 * each step that changes something, so a run that finds `pending` or `promoting` knows what an
 * interrupted run may have done, and completes it (with the pending value passed back through
 * `pending-values`) or rolls it back and rotates afresh where that keeps the application working.
 *
 * Ownership: the pending credential records the run that started it (`startedBy`). A run leaves
 * another run's rotation alone while it is younger than OWNER_TIMEOUT_MS, and re-reads the state
 * just before `set` and before promotion, aborting (without touching the target) if another run
 * took it over. A run that fails with its rotation in flight clears its ownership, so the next
 * run takes over at once; only a run killed outright holds it until the timeout (or a re-run of
 * it). This narrows, but cannot close, the race between two runs: workflows should run
 * one rotation of a secret at a time (`concurrency: { group: rotate-<name>, cancel-in-progress: false }`).
 *
 * Targets that do not keep GitHub's current value valid (single-user, command) get the pending
 * value in `<NAME>_PENDING` at every destination before `set`: a destination the token cannot
 * write fails the rotation while nothing has changed, not during promotion.
 */
import { fingerprintVariableName as fingerprintVariable } from '../core/rotation-records.js';
import type { AuditEmitter, AuditTarget } from '../core/audit.js';
import { errorMessage } from '../core/errors.js';
import { maskSecret, redact } from '../core/mask.js';
import { redactDeep } from './redact.js';
import {
  describeDestination,
  pendingSecretName,
  stateVariableName,
  type Destination,
  type Instance,
  type RotationConfig,
} from './config.js';
import { formatDuration } from './duration.js';
import { fingerprint, sameFingerprint, shortFingerprint } from './fingerprint.js';
import { generate, type Generated } from './generate.js';
import type { SecretInfo, SecretsApi } from './github.js';
import { EMPTY_STATE, parseState, serializeState, type RotationState } from './state.js';
import { NotAppliedError, type Target, type TargetMeta } from './targets/target.js';

export type InstanceResult =
  | {
      readonly instance: string;
      readonly status: 'rotated';
      readonly fingerprint: string;
      readonly destinations: readonly string[];
      readonly role?: string;
      readonly reason: string;
      readonly retired: number;
    }
  | { readonly instance: string; readonly status: 'skipped'; readonly reason: string; readonly fingerprint?: string }
  | { readonly instance: string; readonly status: 'failed'; readonly phase: string; readonly reason: string };

export interface ProtocolDeps {
  readonly config: RotationConfig;
  readonly api: SecretsApi;
  readonly audit: AuditEmitter;
  readonly target: Target;
  readonly now: () => Date;
  readonly log: (message: string) => void;
  readonly warn: (message: string) => void;
  /** Registers a new value's fingerprint for the run; false when another instance already has it. */
  readonly claim: (fingerprint: string, instance: string) => boolean;
  /** `<run_id>/<run_attempt>` of this run, recorded in the pending credential as its owner. */
  readonly runId: string;
  /** Called when an optional audit sink cannot record an event. */
  readonly onOptionalAuditFailure?: (sink: string, error: unknown) => void;
}

/**
 * How long a rotation started by another run is left alone: GitHub-hosted jobs run at most six
 * hours. Within it, re-running the interrupted run (same run id) completes it at once.
 */
export const OWNER_TIMEOUT_MS = 6 * 3_600_000;

/**
 * How far apart two GitHub timestamps must be to order the writes they stamp: the state variable
 * and the secrets are written by different GitHub services, whose clocks may differ slightly.
 */
export const CLOCK_MARGIN_MS = 5 * 60_000;

function runOf(startedBy: string): string {
  return startedBy.split('/')[0] ?? startedBy;
}

/** The variable holding the HMAC fingerprint of an instance's current value, for the audit. */
export function fingerprintVariableName(config: Pick<RotationConfig, 'name'>, instance: Pick<Instance, 'key'>): string {
  return fingerprintVariable(config.name, instance.key);
}

function auditTarget(d: Destination, name: string, instance: string): AuditTarget {
  return {
    scope: d.kind,
    name,
    instance,
    ...(d.kind === 'organization' ? {} : { repository: `${d.owner}/${d.repo ?? ''}` }),
    ...(d.environment ? { environment: d.environment } : {}),
  };
}

/** Another run owns the rotation in flight: this run must not touch it (no rollback, no state write). */
class OwnershipError extends Error {}

class PhaseError extends Error {
  readonly phase: string;
  constructor(phase: string, cause: unknown) {
    super(errorMessage(cause));
    this.phase = phase;
  }
}

export class InstanceRotation {
  private readonly d: ProtocolDeps;
  private readonly instance: Instance;
  private readonly stateVar: string;
  private readonly pendingName: string;
  private readonly primary: Destination;
  private stateExists = false;
  /** The fingerprint of the rotation in flight this run owns, once it owns one. */
  private ownedFingerprint: string | undefined;
  private phase = 'load';

  constructor(deps: ProtocolDeps, instance: Instance) {
    this.d = deps;
    this.instance = instance;
    this.stateVar = stateVariableName(deps.config, instance);
    this.pendingName = pendingSecretName(deps.config);
    const primary = instance.destinations[0];
    if (!primary) throw new Error(`instance ${instance.name} has no destination`);
    this.primary = primary;
  }

  private get name(): string {
    return this.d.config.name;
  }

  private log(message: string): void {
    this.d.log(`${this.instance.name}: ${message}`);
  }

  private nowIso(): string {
    return this.d.now().toISOString();
  }

  private async emit(
    action: string,
    outcome: 'success' | 'failure' | 'skipped',
    extra: { target?: AuditTarget; fingerprint?: string; details?: Record<string, unknown> } = {},
  ): Promise<void> {
    await this.d.audit.emit(
      {
        action,
        // The instance's primary destination, so the audit can join rotation events to its secrets.
        target: extra.target ?? auditTarget(this.primary, this.name, this.instance.name),
        outcome,
        ...(extra.fingerprint ? { fingerprint: extra.fingerprint } : {}),
        details: redactDeep({ target: this.d.target.kind, ...extra.details }),
      },
      this.d.onOptionalAuditFailure,
    );
  }

  private async loadState(): Promise<RotationState> {
    const { owner, repo } = this.d.config.repository;
    const raw = await this.d.api.getVariable(owner, repo, this.stateVar);
    this.stateExists = raw !== undefined;
    if (raw === undefined) return EMPTY_STATE;
    try {
      return parseState(raw);
    } catch (error) {
      throw new Error(
        `Variable ${this.stateVar} does not hold a rotation state (${errorMessage(error)}). Delete it only if no rotation of '${this.instance.name}' is in flight.`,
      );
    }
  }

  private async writeState(state: RotationState): Promise<void> {
    const { owner, repo } = this.d.config.repository;
    await this.d.api.setVariable(
      owner,
      repo,
      this.stateVar,
      serializeState({ ...state, updated: this.nowIso() }),
      this.stateExists,
    );
    this.stateExists = true;
  }

  /**
   * A run that fails while its rotation is in flight will not touch it again: it clears its
   * ownership so that the next run, not only a re-run of this one, completes or redoes it.
   * Only while the state still shows this run's rotation (another run may own it by now).
   */
  private async releaseOwnership(): Promise<void> {
    const mine = this.ownedFingerprint;
    if (mine === undefined) return;
    const { owner, repo } = this.d.config.repository;
    const raw = await this.d.api.getVariable(owner, repo, this.stateVar);
    if (raw === undefined) return;
    const now = parseState(raw);
    const p = now.pending;
    if (now.phase === 'idle' || !p || p.startedBy !== this.d.runId) return;
    if (!sameFingerprint(p.fingerprint, mine)) return;
    const { startedBy: _released, ...rest } = p;
    await this.writeState({ ...now, pending: rest });
  }

  /** Where `<NAME>_PENDING` is kept: every destination for targets that do not keep the current value valid. */
  private get pendingDestinations(): readonly { d: Destination; index: number }[] {
    if (!this.d.target.keepsPendingCopy) return [];
    const all = this.instance.destinations.map((d, index) => ({ d, index }));
    return this.d.target.keepsCurrentValid ? all.slice(0, 1) : all;
  }

  /** Refuses to touch a rotation another run started less than OWNER_TIMEOUT_MS ago. */
  private async refuseIfOwnedElsewhere(state: RotationState): Promise<void> {
    const pending = state.pending;
    const by = pending?.startedBy;
    if (!pending || by === undefined || runOf(by) === runOf(this.d.runId)) return;
    const since = Date.parse(pending.since);
    const until = Number.isNaN(since) ? NaN : since + OWNER_TIMEOUT_MS;
    if (!Number.isNaN(until) && this.d.now().getTime() >= until) return;
    await this.emit('secret.rotate.conflict', 'failure', {
      fingerprint: pending.fingerprint,
      details: { startedBy: by, since: pending.since },
    }).catch(() => undefined);
    throw new PhaseError(
      'load',
      `Run ${by} started rotating this instance at ${pending.since} (phase '${state.phase}') and may still be running; this run leaves it alone. ` +
        `Run rotations of ${this.name} one at a time ('concurrency: { group: rotate-${this.name}, cancel-in-progress: false }'). ` +
        `If that run was interrupted, re-run it${Number.isNaN(until) ? '' : `, or a run after ${new Date(until).toISOString()} completes or redoes the rotation`}.`,
    );
  }

  /** Re-reads the state: another run may have taken the rotation over since this run wrote it. */
  private async confirmOwner(fp: string): Promise<void> {
    const { owner, repo } = this.d.config.repository;
    const raw = await this.d.api.getVariable(owner, repo, this.stateVar);
    let now: RotationState | undefined;
    try {
      now = raw === undefined ? undefined : parseState(raw);
    } catch {
      now = undefined;
    }
    const p = now?.pending;
    if (now && now.phase !== 'idle' && p && sameFingerprint(p.fingerprint, fp) && p.startedBy === this.d.runId) return;
    await this.emit('secret.rotate.conflict', 'failure', {
      fingerprint: fp,
      details: { phase: this.phase, ...(p?.startedBy ? { startedBy: p.startedBy } : {}) },
    }).catch(() => undefined);
    throw new OwnershipError(
      `Another run${p?.startedBy ? ` (${p.startedBy})` : ''} took over the rotation of this instance before '${this.phase}'; this run stopped without touching the target, the state or ${this.pendingName}. ` +
        `Run rotations of ${this.name} one at a time ('concurrency: { group: rotate-${this.name}, cancel-in-progress: false }').`,
    );
  }

  async run(): Promise<InstanceResult> {
    try {
      return await this.runUnsafe();
    } catch (error) {
      const phase = error instanceof PhaseError ? error.phase : this.phase;
      if (!(error instanceof OwnershipError)) {
        await this.releaseOwnership().catch((e: unknown) =>
          this.d.warn(
            `${this.instance.name}: could not release the rotation for other runs (a re-run of this run completes it): ${redact(errorMessage(e))}`,
          ),
        );
      }
      return { instance: this.instance.name, status: 'failed', phase, reason: redact(errorMessage(error)) };
    }
  }

  private async runUnsafe(): Promise<InstanceResult> {
    const { config } = this.d;
    this.phase = 'load';
    let state = await this.loadState();
    // Every destination must accept a sealed value before anything changes: a missing environment
    // or a public key of the wrong length fails the instance here, with nothing touched.
    this.phase = 'check';
    for (const d of this.instance.destinations) await this.d.api.seal(d, 'probe');
    const infos = await Promise.all(this.instance.destinations.map((d) => this.d.api.getSecret(d, this.name)));

    if (state.phase !== 'idle') {
      await this.refuseIfOwnedElsewhere(state);
      return await this.recover(state, infos);
    }

    this.phase = 'finish';
    if (!config.dryRun) {
      state = await this.retireDue(state);
      // A run killed after promotion may have left pending copies behind: they duplicate the current value.
      for (const { d } of this.pendingDestinations) {
        if (await this.d.api.getSecret(d, this.pendingName)) {
          await this.deletePendingAt(d, state.current?.fingerprint ?? '');
        }
      }
    }

    // Schedule.
    this.phase = 'schedule';
    let reason: string;
    const missing = this.instance.destinations.filter((_, i) => infos[i] === undefined);
    const times = infos.filter((i): i is SecretInfo => i !== undefined).map((i) => Date.parse(i.updatedAt));
    const oldest = times.length > 0 ? Math.min(...times) : NaN;
    if (config.force) reason = 'forced';
    else if (missing.length > 0) reason = `missing at ${missing.map(describeDestination).join(', ')}`;
    else if (Number.isNaN(oldest)) reason = 'last update time unknown';
    else if (this.d.now().getTime() - oldest >= config.maxAgeMs) {
      reason = `updated ${new Date(oldest).toISOString()}, older than max-age ${formatDuration(config.maxAgeMs)}`;
    } else {
      return this.skip(
        `updated ${new Date(oldest).toISOString()}, younger than max-age ${formatDuration(config.maxAgeMs)}`,
        state,
      );
    }
    const meta = this.d.target.prepare(state);
    const inGrace = state.retiring.find(
      (r) =>
        meta.role !== undefined &&
        meta.role !== state.current?.role &&
        r.role === meta.role &&
        Date.parse(r.after) > this.d.now().getTime(),
    );
    if (inGrace) {
      const why = `role '${meta.role ?? ''}' was current until recently and may still be in use until ${inGrace.after} (grace)`;
      if (config.force) {
        // A forced rotation would set a new password on that role and lock out whoever still uses it.
        throw new PhaseError(
          'schedule',
          `Refusing the forced rotation: ${why}; rotating now would invalidate it inside its grace period. Nothing was changed. Run again after ${inGrace.after}, or use a shorter 'grace' for future rotations.`,
        );
      }
      return this.skip(`${why}; not rotating it yet`, state);
    }
    if (config.dryRun) return this.skip(`dry-run: would rotate (${reason})`, state);
    return await this.rotate(state, infos, reason, undefined, state);
  }

  private async skip(reason: string, state: RotationState): Promise<InstanceResult> {
    this.log(`skipped: ${reason}`);
    await this.emit('secret.rotate.skip', 'skipped', {
      ...(state.current ? { fingerprint: state.current.fingerprint } : {}),
      details: { reason },
    });
    return {
      instance: this.instance.name,
      status: 'skipped',
      reason,
      ...(state.current ? { fingerprint: state.current.fingerprint } : {}),
    };
  }

  /** An earlier run stopped in `pending` or `promoting`: complete it, or roll back and rotate afresh. */
  private async recover(state: RotationState, infos: readonly (SecretInfo | undefined)[]): Promise<InstanceResult> {
    const { config, target } = this.d;
    const pending = state.pending;
    if (!pending) throw new Error('inconsistent state: no pending credential');
    this.phase = 'recover';
    const given = config.pendingValues.find((v) =>
      sameFingerprint(fingerprint(config.fingerprintKey, v), pending.fingerprint),
    );
    this.log(
      `an earlier run stopped in phase '${state.phase}' (pending ${shortFingerprint(pending.fingerprint)}, started ${pending.since})`,
    );
    if (given !== undefined) {
      await this.emit('secret.read', 'success', {
        target: auditTarget(this.primary, this.pendingName, this.instance.name),
        fingerprint: pending.fingerprint,
        details: { source: 'input pending-values', purpose: 'complete an interrupted rotation', phase: state.phase },
      });
      if (config.dryRun)
        return this.skip(
          `dry-run: would complete the interrupted rotation (phase '${state.phase}') with the pending value`,
          state,
        );
      return await this.rotate(
        state,
        infos,
        `completing the rotation interrupted in phase '${state.phase}'`,
        given,
        state,
      );
    }
    // Promotion interrupted, for a target whose pending credential must not be replaced once a
    // destination holds it (alternating-users: re-rotating that role would lock those destinations
    // out). GitHub's write times tell which destinations the interrupted run reached.
    let promotionNotBegun = false;
    if (state.phase === 'promoting' && target.needsPendingToCompletePromotion) {
      const reached = await this.promotionReached(state, infos);
      if (reached === 'all') {
        if (config.dryRun)
          return this.skip(
            `dry-run: would complete the interrupted rotation (phase '${state.phase}'): every destination holds its value`,
            state,
          );
        return await this.completeReached(state, pending);
      }
      if (reached === 'some') {
        throw new PhaseError(
          'recover',
          `An earlier run was interrupted while writing the new value to GitHub and may have reached some destinations but not all: some hold role '${pending.role ?? ''}' with its new password, others the previous role; both log in. ` +
            `Only the pending value can complete this without locking out either (GitHub never returns a secret's value to this action). ` +
            `Pass it back once: 'pending-values: \${{ secrets.${this.pendingName} }}' (it is kept in ${describeDestination(this.primary)}).`,
        );
      }
      // No destination holds the pending value: its role is idle again, and rotating it afresh is safe.
      promotionNotBegun = true;
    }
    if (config.dryRun)
      return this.skip(
        `dry-run: would roll back the interrupted rotation (phase '${state.phase}') and rotate afresh`,
        state,
      );
    // Roll back what the interrupted run may have left, then rotate with a fresh value.
    let rolledBack: RotationState = {
      version: 1,
      phase: 'idle',
      retiring: state.retiring,
      updated: state.updated,
      ...(state.current ? { current: state.current } : {}),
    };
    if (state.phase === 'promoting' && !promotionNotBegun) {
      // Some destinations may hold the pending value: retire its credential after the grace period.
      rolledBack = {
        ...rolledBack,
        retiring: [
          ...rolledBack.retiring,
          {
            fingerprint: pending.fingerprint,
            after: new Date(this.d.now().getTime() + config.graceMs).toISOString(),
            ...(pending.role ? { role: pending.role } : {}),
            ...(pending.keyId !== undefined ? { keyId: pending.keyId } : {}),
          },
        ],
      };
    } else if (target.keepsCurrentValid) {
      await target.rollback(
        {
          ...(pending.role ? { role: pending.role } : {}),
          ...(pending.keyId !== undefined ? { keyId: pending.keyId } : {}),
        },
        pending.fingerprint,
      );
    }
    if ((state.phase === 'promoting' && !promotionNotBegun) || !target.keepsCurrentValid) {
      this.d.warn(
        `${this.instance.name}: the interrupted rotation could not be completed without its pending value; rotating with a fresh value. Pass 'pending-values: \${{ secrets.${this.pendingName} }}' to complete it instead.`,
      );
    }
    await this.emit('secret.rotate.rollback', 'success', {
      fingerprint: pending.fingerprint,
      details: { phase: state.phase },
    });
    return await this.rotate(
      rolledBack,
      infos,
      `rotating afresh after a rotation interrupted in phase '${state.phase}'`,
      undefined,
      state,
    );
  }

  private async rotate(
    start: RotationState,
    infos: readonly (SecretInfo | undefined)[],
    reason: string,
    given: string | undefined,
    /** The state as this run found it: not `idle` when an earlier run was interrupted. */
    loaded: RotationState,
  ): Promise<InstanceResult> {
    const { config, target } = this.d;
    const interrupted = loaded.phase !== 'idle';
    let state = start;
    let meta: TargetMeta = target.prepare(state);
    let changedTarget = false;
    this.log(`rotating (${reason})`);

    // create
    this.phase = 'create';
    let generated: Generated;
    let value: string;
    if (given !== undefined) {
      value = given;
      generated = target.parse(given, meta);
    } else {
      generated = await generate(config.generator, { name: this.name, instance: this.instance.name });
      value = target.format(generated, meta);
    }
    maskSecret(value);
    const fp = fingerprint(config.fingerprintKey, value);
    if (given === undefined) {
      if (!this.d.claim(fp, this.instance.name)) {
        throw new PhaseError(
          'create',
          'The new value equals the value of another instance; every instance must get its own value.',
        );
      }
      if (state.current && sameFingerprint(state.current.fingerprint, fp)) {
        throw new PhaseError(
          'create',
          'The new value equals the current one; the generator does not produce fresh values.',
        );
      }
      await target.create(generated, meta, fp);
      await this.emit('secret.rotate.create', 'success', {
        fingerprint: fp,
        details: { ...(meta.role ? { role: meta.role } : {}) },
      });
      state = {
        ...state,
        phase: 'pending',
        pending: {
          fingerprint: fp,
          since: this.nowIso(),
          startedBy: this.d.runId,
          ...(meta.role ? { role: meta.role } : {}),
        },
      };
      await this.writeState(state);
      // The pending value, for the workflow to pass back if this run is interrupted; for targets that
      // do not keep the current value valid, at every destination, which also proves before `set` that
      // the token can write each of them. The first destination (the recovery input's source) last:
      // if another write fails, the copy an interrupted rotation left there is untouched.
      const copies = this.pendingDestinations;
      const ordered = [...copies.slice(1), ...copies.slice(0, 1)];
      const written: Destination[] = [];
      try {
        for (const { d, index } of ordered) {
          await this.writeSecret(d, this.pendingName, value, fp, infos[index], { pending: true });
          written.push(d);
        }
      } catch (error) {
        // Nothing changed at the target yet: forget this pending value.
        await this.writeState(interrupted ? loaded : start).catch(() => undefined);
        for (const d of written) await this.deletePendingAt(d, fp).catch(() => undefined);
        throw new PhaseError(
          'create',
          `${errorMessage(error)} Nothing was changed at the target; ${interrupted ? 'the interrupted rotation is left as it was' : 'the current value is unchanged'}.`,
        );
      }
    } else if (state.pending?.startedBy !== this.d.runId) {
      // Completing another (interrupted) run's rotation: this run owns it now.
      const p = state.pending;
      if (!p) throw new Error('inconsistent state: no pending credential');
      state = { ...state, pending: { ...p, startedBy: this.d.runId } };
      await this.writeState(state);
    }
    const pending = state.pending;
    if (!pending) throw new Error('inconsistent state: no pending credential');
    this.ownedFingerprint = pending.fingerprint;

    // Another run may have started on this instance since: leave it to that run.
    this.phase = 'set';
    await this.confirmOwner(fp);
    try {
      // set
      this.phase = 'set';
      changedTarget = true;
      const set = await target.set(generated, meta, fp);
      meta = { ...meta, ...set };
      await this.emit('secret.rotate.set', 'success', { fingerprint: fp, details: { ...meta } });
      // test
      this.phase = 'test';
      await target.test(generated, meta, fp);
      await this.emit('secret.rotate.test', 'success', { fingerprint: fp, details: { ...meta } });
    } catch (error) {
      const applied = !(error instanceof NotAppliedError);
      await this.emit(`secret.rotate.${this.phase}`, 'failure', {
        fingerprint: fp,
        details: { reason: redact(errorMessage(error)) },
      }).catch(() => undefined);
      // Once promotion has begun (an earlier run's), destinations may hold the pending value: never undo it.
      const promotionBegan = loaded.phase === 'promoting';
      // An earlier run may have set the pending value at a target that does not keep the current value
      // valid: the pending value may be the only one that logs in. Keep it (state and <NAME>_PENDING).
      const keepPending = interrupted && !target.keepsCurrentValid;
      if (keepPending) {
        throw new PhaseError(
          this.phase,
          `${errorMessage(error)} A rotation was already in flight for this instance and the value GitHub holds may no longer work at the target, so nothing is rolled back: the rotation stays pending with its value kept in ${this.pendingName}. ` +
            `The next run completes it (pass 'pending-values: \${{ secrets.${this.pendingName} }}').`,
        );
      }
      if (!promotionBegan && (target.keepsCurrentValid || (this.phase === 'set' && !applied) || !changedTarget)) {
        // GitHub still holds only the current value, which still works: undo and forget the pending one.
        await this.rollback(state, meta, fp).catch((e: unknown) =>
          this.d.warn(`${this.instance.name}: rollback incomplete: ${redact(errorMessage(e))}`),
        );
        throw new PhaseError(
          this.phase,
          `${errorMessage(error)} The rotation was rolled back; the current value is unchanged.`,
        );
      }
      throw new PhaseError(
        this.phase,
        `${errorMessage(error)} The target may already have the new value; the next run completes the rotation (pass 'pending-values: \${{ secrets.${this.pendingName} }}' to keep the pending value) or sets a fresh one.`,
      );
    }

    // Another run may have taken over while this one was setting and testing: it promotes, not this one.
    this.phase = 'promote';
    await this.confirmOwner(fp);
    // promote
    state = {
      ...state,
      phase: 'promoting',
      pending: { ...pending, ...(meta.keyId !== undefined ? { keyId: meta.keyId } : {}) },
    };
    await this.writeState(state);
    for (const [i, d] of this.instance.destinations.entries()) {
      await this.writeSecret(d, this.name, value, fp, infos[i], {});
    }
    await this.emit('secret.rotate.promote', 'success', {
      fingerprint: fp,
      details: { destinations: this.instance.destinations.map(describeDestination) },
    });

    return await this.finish(state, meta, fp, reason);
  }

  /** finish: state -> `idle` with the new credential current, the previous one retiring, pending copies deleted. */
  private async finish(
    promoted: RotationState,
    meta: TargetMeta,
    fp: string,
    reason: string,
  ): Promise<Extract<InstanceResult, { status: 'rotated' }>> {
    const { config, api, target } = this.d;
    let state = promoted;
    this.phase = 'finish';
    const now = this.nowIso();
    const after = new Date(this.d.now().getTime() + config.graceMs).toISOString();
    // The first rotation records no current credential: the target says which one GitHub's value
    // used (alternating-users' first role), so its grace period protects it too. Its fingerprint is
    // unknown (the value was never this action's): recorded as ''.
    const assumed = state.current ? undefined : target.assumedCurrent?.();
    const previous =
      state.current ?? (assumed && assumed.role !== meta.role ? { fingerprint: '', ...assumed } : undefined);
    const retiring = previous
      ? [
          ...state.retiring,
          {
            fingerprint: previous.fingerprint,
            after,
            ...(previous.role ? { role: previous.role } : {}),
            ...(previous.keyId !== undefined ? { keyId: previous.keyId } : {}),
          },
        ]
      : [...state.retiring];
    state = {
      version: 1,
      phase: 'idle',
      current: {
        fingerprint: fp,
        since: now,
        ...(meta.role ? { role: meta.role } : {}),
        ...(meta.keyId !== undefined ? { keyId: meta.keyId } : {}),
      },
      retiring,
      updated: now,
    };
    await this.writeState(state);
    const { owner, repo } = config.repository;
    await api.setVariable(owner, repo, fingerprintVariableName(config, this.instance), fp);
    await this.deletePending(fp);
    const before = state.retiring.length;
    state = await this.retireDue(state);
    await this.emit('secret.rotate.finish', 'success', { fingerprint: fp, details: { ...meta } });
    this.log(
      `rotated: ${shortFingerprint(fp)} now in ${this.instance.destinations.map(describeDestination).join(', ')}`,
    );
    return {
      instance: this.instance.name,
      status: 'rotated',
      fingerprint: fp,
      destinations: this.instance.destinations.map(describeDestination),
      reason,
      retired: before - state.retiring.length,
      ...(meta.role ? { role: meta.role } : {}),
    };
  }

  /**
   * Which destinations an interrupted promotion reached, from GitHub's own clock: each destination
   * secret's `updated_at` against that of the state variable, which was written (`promoting`) just
   * before the first destination. `none`: every destination was last written at least
   * CLOCK_MARGIN_MS before (or is missing); `all`: every destination was written at or after it,
   * and the previous rotation's promotion was longer than CLOCK_MARGIN_MS before. Anything else
   * (GitHub timestamps within the margin, a state written again since) is `some`: not known.
   */
  private async promotionReached(
    state: RotationState,
    infos: readonly (SecretInfo | undefined)[],
  ): Promise<'none' | 'all' | 'some'> {
    // A run that failed (rather than died) mid-promotion released its rotation with a later state
    // write: the variable's time no longer marks the start of promotion, so nothing can be told.
    if (state.pending?.startedBy === undefined) return 'some';
    const { owner, repo } = this.d.config.repository;
    const at = await this.d.api.getVariableUpdatedAt(owner, repo, this.stateVar);
    const promoting = at === undefined ? NaN : Date.parse(at);
    if (Number.isNaN(promoting)) return 'some';
    const times = infos.map((i) => (i ? Date.parse(i.updatedAt) : undefined));
    if (times.every((t) => t === undefined || (!Number.isNaN(t) && t < promoting - CLOCK_MARGIN_MS))) return 'none';
    const current = state.current ? Date.parse(state.current.since) : undefined;
    const previousFar = current === undefined || current < promoting - CLOCK_MARGIN_MS;
    if (previousFar && times.every((t) => t !== undefined && !Number.isNaN(t) && t >= promoting)) return 'all';
    return 'some';
  }

  /** Completes an interrupted promotion that reached every destination: bookkeeping only, no value needed. */
  private async completeReached(
    state: RotationState,
    pending: NonNullable<RotationState['pending']>,
  ): Promise<InstanceResult> {
    this.ownedFingerprint = pending.fingerprint;
    this.phase = 'finish';
    const meta: TargetMeta = {
      ...(pending.role ? { role: pending.role } : {}),
      ...(pending.keyId !== undefined ? { keyId: pending.keyId } : {}),
    };
    const reason = `completing the rotation interrupted in phase '${state.phase}': every destination holds its value`;
    this.log(reason);
    return await this.finish(state, meta, pending.fingerprint, reason);
  }

  private async rollback(state: RotationState, meta: TargetMeta, fp: string): Promise<void> {
    await this.d.target.rollback(meta, fp);
    const { pending: _dropped, ...rest } = state;
    await this.writeState({ ...rest, phase: 'idle' });
    await this.deletePending(fp);
    await this.emit('secret.rotate.rollback', 'success', { fingerprint: fp });
  }

  /** Deletes every pending copy; tries them all, then throws the first failure. */
  private async deletePending(fp: string): Promise<void> {
    const failures: unknown[] = [];
    for (const { d } of this.pendingDestinations) {
      await this.deletePendingAt(d, fp).catch((error: unknown) => failures.push(error));
    }
    const [first] = failures;
    if (first !== undefined) throw first instanceof Error ? first : new Error(errorMessage(first));
  }

  private async deletePendingAt(d: Destination, fp: string): Promise<void> {
    const target = auditTarget(d, this.pendingName, this.instance.name);
    try {
      await this.d.api.deleteSecret(d, this.pendingName);
    } catch (error) {
      await this.emit('secret.delete', 'failure', {
        target,
        fingerprint: fp,
        details: { reason: redact(errorMessage(error)) },
      });
      throw error;
    }
    await this.emit('secret.delete', 'success', { target, fingerprint: fp, details: { pending: true } });
  }

  private async writeSecret(
    d: Destination,
    name: string,
    value: string,
    fp: string,
    info: SecretInfo | undefined,
    details: Record<string, unknown>,
  ): Promise<void> {
    const target = auditTarget(d, name, this.instance.name);
    const keep = d.kind === 'organization' && info ? info : undefined;
    try {
      await this.d.api.putSecret(d, name, value, keep);
    } catch (error) {
      await this.emit('secret.write', 'failure', {
        target,
        fingerprint: fp,
        details: { ...details, reason: redact(errorMessage(error)) },
      });
      throw error;
    }
    await this.emit('secret.write', 'success', {
      target,
      fingerprint: fp,
      details: { ...details, ...(keep?.visibility ? { visibility: keep.visibility } : {}) },
    });
  }

  /** Retires earlier credentials whose grace period is over; a failure is a warning, retried next run. */
  private async retireDue(state: RotationState): Promise<RotationState> {
    const now = this.d.now().getTime();
    const due = state.retiring.filter((r) => Date.parse(r.after) <= now);
    if (due.length === 0) return state;
    try {
      await this.d.target.retire(due);
    } catch (error) {
      this.d.warn(
        `${this.instance.name}: retiring ${due.length} earlier credential(s) failed, retried next run: ${redact(errorMessage(error))}`,
      );
      return state;
    }
    const next: RotationState = { ...state, retiring: state.retiring.filter((r) => !due.includes(r)) };
    await this.writeState(next);
    for (const r of due) {
      await this.emit('secret.rotate.retire', 'success', {
        fingerprint: r.fingerprint,
        details: { ...(r.role ? { role: r.role } : {}), ...(r.keyId !== undefined ? { keyId: r.keyId } : {}) },
      });
    }
    return next;
  }
}
