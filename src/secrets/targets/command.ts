/**
 * A user script as a rotation target, called once per phase (`create`, `set`, `test`, `finish`)
 * with a JSON document on standard input: `{"phase", "name", "instance", "fingerprint", "value"}`
 * (`value` in create/set/test; `retire` — fingerprints of earlier values — in finish). The value
 * is never on a command line or in an environment variable, and the script gets no `INPUT_*` or
 * `ACTIONS_*` variable (see `childEnv`). A non-zero exit fails the phase; the
 * script's output is not shown, since it might echo the value.
 */
import { runCommand, type Generated } from '../generate.js';
import type { Retiring, RotationState } from '../state.js';
import { NotAppliedError, type Target, type TargetMeta } from './target.js';

export class CommandTarget implements Target {
  readonly kind = 'command';
  readonly keepsCurrentValid = false;
  readonly keepsPendingCopy = true;
  readonly needsPendingToCompletePromotion = false;
  private readonly command: string;
  private readonly name: string;
  private readonly instance: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(command: string, name: string, instance: string, env: NodeJS.ProcessEnv = process.env) {
    this.command = command;
    this.name = name;
    this.instance = instance;
    this.env = env;
  }

  private async call(phase: string, doc: Record<string, unknown>): Promise<void> {
    const { code } = await runCommand(
      this.command,
      JSON.stringify({ phase, name: this.name, instance: this.instance, ...doc }),
      this.env,
    );
    if (code !== 0) {
      const message = `The target command failed in phase '${phase}' (exit status ${code}).`;
      throw phase === 'create' ? new NotAppliedError(message) : new Error(message);
    }
  }

  prepare(_state: RotationState): TargetMeta {
    return {};
  }
  format(generated: Generated): string {
    return generated.value;
  }
  parse(value: string): Generated {
    return { value };
  }
  async create(generated: Generated, _meta: TargetMeta, fingerprint: string): Promise<void> {
    await this.call('create', { fingerprint, value: generated.value });
  }
  async set(generated: Generated, _meta: TargetMeta, fingerprint: string): Promise<TargetMeta> {
    await this.call('set', { fingerprint, value: generated.value });
    return {};
  }
  async test(generated: Generated, _meta: TargetMeta, fingerprint: string): Promise<void> {
    await this.call('test', { fingerprint, value: generated.value });
  }
  async rollback(): Promise<void> {}
  async retire(previous: readonly Retiring[]): Promise<void> {
    await this.call('finish', { retire: previous.map((r) => ({ fingerprint: r.fingerprint })) });
  }
}
