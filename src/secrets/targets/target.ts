import type { Generated } from '../generate.js';
import type { Retiring, RotationState } from '../state.js';

/** What a rotation changes at the target, recorded (without values) in the state. */
export interface TargetMeta {
  readonly role?: string;
  readonly keyId?: number;
}

/** A target threw before it changed anything: the rotation can be rolled back safely. */
export class NotAppliedError extends Error {
  override readonly name = 'NotAppliedError';
}

/**
 * Where a new value must become valid before GitHub hands it out. Methods never log values;
 * errors they throw carry no value either.
 */
export interface Target {
  readonly kind: string;
  /**
   * True when GitHub's current value keeps working after `set` (alternating users, a second deploy
   * key): an interrupted rotation before promotion can simply be rolled back and redone.
   */
  readonly keepsCurrentValid: boolean;
  /**
   * True when the pending value is kept in `<NAME>_PENDING` during a rotation, for the workflow to
   * pass back: targets where a fresh value cannot simply replace an interrupted one.
   */
  readonly keepsPendingCopy: boolean;
  /** True when an interruption during promotion can only be completed with the pending value. */
  readonly needsPendingToCompletePromotion: boolean;
  /** Picks what this rotation changes (e.g. the idle role), from the state. */
  prepare(state: RotationState): TargetMeta;
  /**
   * On the first rotation (no current credential recorded): the credential GitHub's value is taken
   * to use, recorded as retiring so that its grace period protects it (alternating-users' first role).
   */
  assumedCurrent?(): TargetMeta | undefined;
  /** The value GitHub stores, from a generated value. */
  format(generated: Generated, meta: TargetMeta): string;
  /** The reverse of `format`, for a pending value the workflow passed back. */
  parse(value: string, meta: TargetMeta): Generated;
  /** Called once, before anything is changed (the command target's `create` phase). */
  create(generated: Generated, meta: TargetMeta, fingerprint: string): Promise<void>;
  /** Makes the value valid at the target; returns what to remember (e.g. a deploy key id). */
  set(generated: Generated, meta: TargetMeta, fingerprint: string): Promise<TargetMeta>;
  /** Proves the value works (e.g. logs in with it). */
  test(generated: Generated, meta: TargetMeta, fingerprint: string): Promise<void>;
  /** Undoes `set` for a rotation that never reached GitHub's destinations. */
  rollback(meta: TargetMeta, fingerprint: string): Promise<void>;
  /** Retires an earlier credential after its grace period. */
  retire(previous: readonly Retiring[]): Promise<void>;
  /** Releases connections. */
  close?(): Promise<void>;
}

/** No target: the value is only stored in GitHub (session keys, webhook secrets checked by the app). */
export class NoTarget implements Target {
  readonly kind = 'none';
  readonly keepsCurrentValid = true;
  readonly keepsPendingCopy = false;
  readonly needsPendingToCompletePromotion = false;
  prepare(): TargetMeta {
    return {};
  }
  format(generated: Generated): string {
    return generated.value;
  }
  parse(value: string): Generated {
    return { value };
  }
  async create(): Promise<void> {}
  set(): Promise<TargetMeta> {
    return Promise.resolve({});
  }
  async test(): Promise<void> {}
  async rollback(): Promise<void> {}
  async retire(): Promise<void> {}
}
