import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { AuditEvent, AuditSink } from './audit.js';
import { ConfigurationError } from './errors.js';

/**
 * Audit sinks from the `audit-log` input, one per line: `<kind> <target> [key=value ...]`.
 * Every sink is required unless it says `required=false`: an unrecorded secret access must not pass.
 *
 *   file audit/events.jsonl            JSON lines appended to a file (upload it as an artifact)
 */
export interface SinkSpec {
  readonly kind: string;
  readonly target: string;
  readonly options: Readonly<Record<string, string>>;
  readonly required: boolean;
}

export function parseSinkSpec(line: string): SinkSpec {
  const [kind = '', target = '', ...rest] = line.trim().split(/\s+/);
  if (!kind || !target) {
    throw new ConfigurationError(
      `Input 'audit-log': '${line}' is not a sink. Write one per line as '<kind> <target> [key=value ...]', e.g. 'file audit.jsonl'.`,
    );
  }
  const options: Record<string, string> = {};
  for (const pair of rest) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ConfigurationError(`Input 'audit-log': option '${pair}' in '${line}' must be key=value.`);
    options[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const required = options.required === undefined ? true : options.required !== 'false';
  return { kind, target, options, required };
}

/** A JSON-lines file; each event is one line, appended. */
export class FileSink implements AuditSink {
  readonly name: string;
  readonly required: boolean;
  private readonly path: string;

  constructor(path: string, required: boolean) {
    this.path = resolve(path);
    this.name = `file ${path}`;
    this.required = required;
  }

  async write(events: readonly AuditEvent[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, events.map((e) => JSON.stringify(e) + '\n').join(''), 'utf8');
  }
}

const KINDS = ['file'] as const;

export function auditSinks(lines: readonly string[]): AuditSink[] {
  return lines.map((line) => {
    const spec = parseSinkSpec(line);
    switch (spec.kind) {
      case 'file':
        return new FileSink(spec.target, spec.required);
      default:
        throw new ConfigurationError(
          `Input 'audit-log': unknown sink kind '${spec.kind}' in '${line}'. Known kinds: ${KINDS.join(', ')}.`,
        );
    }
  });
}
