/**
 * No audit sink can hang a step: a FIFO with no reader, a kernel interface, an http collector or a
 * GitHub API that never answers each fail the write with a message that says what happened.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditEmitter } from '../../src/core/audit.ts';
import { auditSinks, withTimeout } from '../../src/core/audit-sinks.ts';
import { runContext } from '../../src/core/context.ts';
import { ConfigurationError } from '../../src/core/errors.ts';
import type { GitHubClient } from '../../src/core/github.ts';

const ctx = runContext({ GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '42', GITHUB_ACTOR: 'alice' });
const EVENT = { action: 'secret.read', target: {}, outcome: 'success' } as const;
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

describe('sink timeouts', () => {
  it('refuses a file sink under /proc, /sys or /dev before anything is written', () => {
    for (const path of ['/proc/self/fd/1', '/sys/kernel/notes', '/dev/stdout']) {
      expect(() => auditSinks([`file ${path}`])).toThrow(ConfigurationError);
      expect(() => auditSinks([`file ${path}`])).toThrow(/holds kernel interfaces, not files/);
    }
  });

  it('fails a file sink that is a FIFO with no reader at once instead of waiting for one', async () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'sd-sink-')), 'events.fifo');
    execFileSync('mkfifo', [fifo]);
    const emitter = new AuditEmitter(ctx, auditSinks([`file ${fifo}`]));
    await expect(emitter.emit(EVENT)).rejects.toThrow(/is a FIFO with no reader; name a regular file/);
  });

  it('fails an http sink whose collector never answers, after timeout-ms', async () => {
    const server = createServer(() => undefined);
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const emitter = new AuditEmitter(ctx, auditSinks([`http http://127.0.0.1:${port}/audit retries=0 timeout-ms=200`]));
    await expect(emitter.emit(EVENT)).rejects.toThrow(/did not accept 1 event\(s\) after 1 attempt\(s\): .*timeout/);
  });

  it('fails a github ledger sink whose API never answers, after timeout-ms', async () => {
    const never = (): Promise<never> => new Promise(() => undefined);
    const client = { rest: { git: { getRef: never, getCommit: never }, repos: { getContent: never } } };
    const sinks = auditSinks(['github acme/audit timeout-ms=1000 retries=0'], {
      token: 'ghs_test_token_value',
      github: () => client as unknown as GitHubClient,
    });
    await expect(new AuditEmitter(ctx, sinks).emit(EVENT)).rejects.toThrow(
      /github acme\/audit@audit-log:ledger\.jsonl: an append \(read, tree, commit, ref update\) did not finish within 1000 ms/,
    );
  });

  it('withTimeout passes a result through and names what did not finish', async () => {
    await expect(withTimeout(Promise.resolve(7), 1000, 'x')).resolves.toBe(7);
    await expect(withTimeout(new Promise(() => undefined), 50, 'syslog x: sending')).rejects.toThrow(
      'syslog x: sending did not finish within 50 ms',
    );
  });
});
