import type { AuditEmitter } from '../core/audit.js';
import type { RunContext } from '../core/context.js';
import type { GitHubClient } from '../core/github.js';

/** What the approval capability needs from its caller: the action entry, the deploy gate or the CLI. */
export interface ApprovalDeps {
  readonly client: GitHubClient;
  /** The client mints fresh GitHub App installation tokens as they expire (app-id / app-private-key). */
  readonly refreshesToken?: boolean;
  readonly ctx: RunContext;
  readonly audit?: AuditEmitter;
  readonly log: {
    info(message: string): void;
    /** An annotation on the run page (`core.warning` in an action). */
    warning(message: string): void;
  };
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => Date;
  /** Aborted when the job is cancelled: issue mode then closes its issue and stops waiting. */
  readonly signal?: AbortSignal;
}

/** Sleeps, waking early if the signal aborts. */
export function sleepFor(deps: ApprovalDeps): (ms: number) => Promise<void> {
  if (deps.sleep) return deps.sleep;
  return (ms) =>
    new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        deps.signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      deps.signal?.addEventListener('abort', done, { once: true });
    });
}

export function clock(deps: ApprovalDeps): () => Date {
  return deps.now ?? (() => new Date());
}
