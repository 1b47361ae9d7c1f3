/** The github ledger sink (git data API, concurrent appenders) and the ledger's tamper checks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEmitter, type AuditEvent } from '../../src/core/audit.ts';
import { appendLedger, auditSinks, GitHubLedgerSink } from '../../src/core/audit-sinks.ts';
import { runContext } from '../../src/core/context.ts';
import { Octokit } from '@octokit/rest';
import { createGitHubClient, type GitHubClient } from '../../src/core/github.ts';
import { checkLedger, readLedger } from '../../src/audit/ledger.ts';
import { type Emulator, startEmulator } from '../support/github-emulator/index.ts';

function ctx(n: number) {
  return runContext({
    GITHUB_REPOSITORY: `acme/svc-${n}`,
    GITHUB_RUN_ID: String(1000 + n),
    GITHUB_ACTOR: 'rotation-bot[bot]',
    GITHUB_WORKFLOW: 'rotate',
    GITHUB_JOB: 'rotate',
  });
}

const clockEmitter = new AuditEmitter(
  ctx(0),
  [],
  (() => {
    let t = Date.parse('2026-01-01T00:00:00Z');
    return () => new Date((t += 1000));
  })(),
);

function events(count: number): AuditEvent[] {
  const emitter = clockEmitter;
  return Array.from({ length: count }, (_, i) =>
    emitter.build({ action: 'secret.write', target: { scope: 'repository', name: `S${i}` }, outcome: 'success' }),
  );
}

describe('ledger checks', () => {
  const text = appendLedger(appendLedger('', events(3)), events(3).slice(0, 2));

  it('accepts an intact ledger', () => {
    const check = checkLedger(text);
    expect(check.problems).toEqual([]);
    expect(check.entries.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
  });

  it('catches an edited event', () => {
    const lines = text.trim().split('\n');
    lines[2] = (lines[2] ?? '').replace('"S2"', '"S9"');
    const kinds = checkLedger(lines.join('\n')).problems.map((p) => [p.kind, p.line]);
    expect(kinds).toContainEqual(['edited', 3]);
    expect(kinds).toContainEqual(['event-edited', 3]);
  });

  it('catches an edit whose line hash was recomputed (the next link breaks)', () => {
    const lines = text.trim().split('\n');
    const entry = JSON.parse(lines[1] ?? '') as { event: { action: string } };
    entry.event.action = 'secret.read';
    const forged =
      appendLedger(lines[0] + '\n', [entry.event as AuditEvent])
        .trim()
        .split('\n')[1] ?? '';
    lines[1] = forged;
    const kinds = checkLedger(lines.join('\n')).problems.map((p) => [p.kind, p.line]);
    expect(kinds).toContainEqual(['event-edited', 2]);
    expect(kinds).toContainEqual(['broken-link', 3]);
  });

  it('catches a deleted event', () => {
    const lines = text.trim().split('\n');
    lines.splice(1, 1);
    const problems = checkLedger(lines.join('\n')).problems;
    expect(problems.map((p) => [p.kind, p.line])).toEqual([
      ['gap', 2],
      ['broken-link', 2],
    ]);
    expect(problems[0]?.detail).toMatch(/1 entry is missing/);
  });

  it('catches reordered events and lines that are not JSON', () => {
    const lines = text.trim().split('\n');
    [lines[1], lines[2]] = [lines[2] ?? '', lines[1] ?? ''];
    lines.push('not json');
    const kinds = checkLedger(lines.join('\n')).problems.map((p) => p.kind);
    expect(kinds).toEqual(expect.arrayContaining(['gap', 'out-of-order', 'broken-link', 'not-json']));
  });

  it('refuses to append to a file that is not a ledger', () => {
    expect(() => appendLedger('{"a":1}\n', events(1))).toThrow(/not a secure-deploy ledger/);
    expect(() => appendLedger('garbage\n', events(1))).toThrow(/not JSON lines/);
  });
});

describe('github ledger sink against the emulator', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
    await emulator.seed({
      repos: [{ full_name: 'acme/audit', default_branch: 'main', files: [{ path: 'README.md', content: 'audit\n' }] }],
    });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  // In one process every Octokit with the throttling plugin shares one write limiter (one write a
  // second), which would serialise the 20 writers; real writers are separate jobs. So this test
  // uses plain clients, and the end-to-end test runs 20 action processes with the real client.
  const plainClient = (token: string): GitHubClient =>
    new Octokit({
      auth: token,
      baseUrl: emulator.url,
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    }) as unknown as GitHubClient;

  it('20 concurrent appenders lose nothing and break no link', async () => {
    const sinks: GitHubLedgerSink[] = [];
    const emitters = Array.from({ length: 20 }, (_, n) => {
      const [sink] = auditSinks(['github acme/audit branch=audit-log path=ledger/events.jsonl backoff-ms=20'], {
        token: 'ghs_writer',
        github: plainClient,
      });
      sinks.push(sink as GitHubLedgerSink);
      return new AuditEmitter(ctx(n), [sink as GitHubLedgerSink]);
    });
    const written = await Promise.all(
      emitters.map(async (emitter, n) => {
        const out: AuditEvent[] = [];
        for (let k = 0; k < 2; k++) {
          out.push(
            await emitter.emit({
              action: 'secret.rotate.promote',
              target: { scope: 'repository', repository: `acme/svc-${n}`, name: 'API_KEY' },
              outcome: 'success',
              fingerprint: `hmac-sha256:${n}-${k}`,
            }),
          );
        }
        return out;
      }),
    );
    const text = await readLedger(createGitHubClient('ghs_reader', { baseUrl: emulator.url }), {
      owner: 'acme',
      repo: 'audit',
      branch: 'audit-log',
      path: 'ledger/events.jsonl',
    });
    const check = checkLedger(text ?? '');
    expect(check.problems).toEqual([]);
    expect(check.entries).toHaveLength(40);
    expect(new Set(check.entries.map((e) => e.event.id))).toEqual(new Set(written.flat().map((e) => e.id)));
    // Each run's own chain survives inside the ledger.
    for (const run of written) expect(run[1]?.prev_hash).toBe(run[0]?.hash);
    expect(sinks.reduce((n, s) => n + s.conflicts, 0)).toBeGreaterThan(0);
    emulator.assertNoViolations();
  });

  it('retries server errors on every step of an append (ref, contents, ref update), then records once', async () => {
    await emulator.seed({
      repos: [{ full_name: 'acme/flaky', default_branch: 'main', files: [{ path: 'README.md', content: 'x\n' }] }],
    });
    const setup = auditSinks(['github acme/flaky backoff-ms=1'], { token: 't', github: plainClient });
    await new AuditEmitter(ctx(1), setup).emit({ action: 'secret.read', target: {}, outcome: 'success' });
    await emulator.addFault({ method: 'GET', kind: 'status', pathPattern: '^/repos/acme/flaky/git/ref/', status: 500 });
    await emulator.addFault({
      method: 'GET',
      kind: 'status',
      pathPattern: '^/repos/acme/flaky/contents/',
      status: 502,
    });
    await emulator.addFault({
      method: 'PATCH',
      kind: 'status',
      pathPattern: '^/repos/acme/flaky/git/refs/',
      status: 503,
    });
    const [sink] = auditSinks(['github acme/flaky backoff-ms=1'], { token: 't', github: plainClient });
    const event = await new AuditEmitter(ctx(2), [sink as GitHubLedgerSink]).emit({
      action: 'secret.write',
      target: { scope: 'repository', repository: 'acme/svc-2', name: 'K' },
      outcome: 'success',
    });
    expect((sink as GitHubLedgerSink).faults).toBe(3);
    const faulted = (await emulator.requests()).filter((r) => r.path.startsWith('/repos/acme/flaky') && r.fault);
    expect(faulted.map((r) => r.status).sort()).toEqual([500, 502, 503]);
    const text = await readLedger(createGitHubClient('t', { baseUrl: emulator.url }), {
      owner: 'acme',
      repo: 'flaky',
      branch: 'audit-log',
      path: 'ledger.jsonl',
    });
    const check = checkLedger(text ?? '');
    expect(check.problems).toEqual([]);
    expect(check.entries.map((e) => e.event.id)).toEqual([check.entries[0]?.event.id, event.id]);
  });

  it('does not append twice when a ref update went through but its answer was a server error', async () => {
    await emulator.seed({
      repos: [{ full_name: 'acme/lost', default_branch: 'main', files: [{ path: 'README.md', content: 'x\n' }] }],
    });
    // GitHub applied the update, the client heard 502 (a proxy timed out): the retry must see the event.
    const client = plainClient('t');
    let lost = 0;
    client.hook.wrap('request', async (request, options) => {
      const response = await request(options);
      if (options.method === 'POST' && String(options.url).endsWith('/git/refs') && lost++ === 0) {
        throw Object.assign(new Error('Bad Gateway'), { status: 502 });
      }
      return response;
    });
    const [sink] = auditSinks(['github acme/lost backoff-ms=1'], { token: 't', github: () => client });
    const event = await new AuditEmitter(ctx(3), [sink as GitHubLedgerSink]).emit({
      action: 'secret.write',
      target: { scope: 'repository', repository: 'acme/svc-3', name: 'K' },
      outcome: 'success',
    });
    expect(lost).toBe(1);
    const text = await readLedger(createGitHubClient('t', { baseUrl: emulator.url }), {
      owner: 'acme',
      repo: 'lost',
      branch: 'audit-log',
      path: 'ledger.jsonl',
    });
    expect(checkLedger(text ?? '').entries.map((e) => e.event.id)).toEqual([event.id]);
  });

  it('gives up after its retries when the server keeps failing, and does not retry a 403', async () => {
    await emulator.addFault({
      method: 'GET',
      kind: 'status',
      pathPattern: '^/repos/acme/audit/git/ref/',
      status: 500,
      times: -1,
    });
    const sinks = auditSinks(['github acme/audit retries=2 backoff-ms=1'], { token: 't', github: plainClient });
    await emulator.clearRequests();
    await expect(
      new AuditEmitter(ctx(4), sinks).emit({ action: 'secret.read', target: {}, outcome: 'success' }),
    ).rejects.toThrow(/required audit sink could not record/);
    const refReads = (await emulator.requests()).filter((r) => r.path.startsWith('/repos/acme/audit/git/ref/'));
    expect(refReads).toHaveLength(3);
    await emulator.clearFaults();
    await emulator.addFault({
      method: 'GET',
      kind: 'status',
      pathPattern: '^/repos/acme/audit/git/ref/',
      status: 403,
      times: -1,
    });
    await emulator.clearRequests();
    await expect(
      new AuditEmitter(ctx(5), sinks).emit({ action: 'secret.read', target: {}, outcome: 'success' }),
    ).rejects.toThrow(/required audit sink could not record/);
    expect((await emulator.requests()).filter((r) => r.path.startsWith('/repos/acme/audit/git/ref/'))).toHaveLength(1);
    await emulator.clearFaults();
  });

  it('fails when the ledger file is not JSON lines, without overwriting it', async () => {
    await emulator.seed({
      repos: [
        {
          full_name: 'acme/broken',
          default_branch: 'audit-log',
          files: [{ path: 'ledger.jsonl', content: 'this is not json\n', branch: 'audit-log' }],
        },
      ],
    });
    const sinks = auditSinks(['github acme/broken attempts=2'], { token: 't', github: plainClient });
    await expect(
      new AuditEmitter(ctx(1), sinks).emit({ action: 'secret.read', target: {}, outcome: 'success' }),
    ).rejects.toThrow(/not JSON lines/);
    const text = await readLedger(createGitHubClient('t', { baseUrl: emulator.url }), {
      owner: 'acme',
      repo: 'broken',
      branch: 'audit-log',
      path: 'ledger.jsonl',
    });
    expect(text).toBe('this is not json\n');
  });
});
