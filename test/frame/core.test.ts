import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditEmitter, AuditWriteError, type AuditSink, eventHash } from '../../src/core/audit.ts';
import { auditSinks } from '../../src/core/audit-sinks.ts';
import { runContext } from '../../src/core/context.ts';
import { ConfigurationError } from '../../src/core/errors.ts';
import { explainGitHubError } from '../../src/core/github.ts';
import { maskSecret, redact } from '../../src/core/mask.ts';

const ctx = runContext({
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_RUN_ID: '42',
  GITHUB_ACTOR: 'alice',
  GITHUB_WORKFLOW: 'release',
  GITHUB_JOB: 'deploy',
});

describe('AuditEmitter', () => {
  it('chains events by hash and fills in the run context', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-audit-'));
    const path = join(dir, 'events.jsonl');
    const emitter = new AuditEmitter(ctx, auditSinks([`file ${path}`]));
    const first = await emitter.emit({
      action: 'secret.write',
      target: { scope: 'repository', name: 'DB' },
      outcome: 'success',
    });
    const second = await emitter.emit({
      action: 'secret.read',
      target: { scope: 'repository', name: 'DB' },
      outcome: 'success',
    });
    expect(first.prev_hash).toBeNull();
    expect(second.prev_hash).toBe(first.hash);
    expect(first.hash).toBe(eventHash(first));
    expect(first).toMatchObject({
      actor: 'alice',
      repository: 'acme/app',
      run_id: 42,
      workflow: 'release',
      job: 'deploy',
    });
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { hash: string }).hash)).toEqual([first.hash, second.hash]);
  });

  it('fails when a required sink cannot be written, and only reports an optional one', async () => {
    const broken = (required: boolean): AuditSink => ({
      name: 'broken',
      required,
      write: () => Promise.reject(new Error('collector down')),
    });
    await expect(
      new AuditEmitter(ctx, [broken(true)]).emit({ action: 'secret.read', target: {}, outcome: 'success' }),
    ).rejects.toBeInstanceOf(AuditWriteError);
    const reported: string[] = [];
    await new AuditEmitter(ctx, [broken(false)]).emit({ action: 'secret.read', target: {}, outcome: 'success' }, (s) =>
      reported.push(s),
    );
    expect(reported).toEqual(['broken']);
  });

  it('scrubs masked values that reach event details', async () => {
    maskSecret('hunter2-very-secret');
    const event = await new AuditEmitter(ctx).emit({
      action: 'secret.write',
      target: {},
      outcome: 'failure',
      details: { error: 'login failed for hunter2-very-secret' },
    });
    expect(JSON.stringify(event)).not.toContain('hunter2-very-secret');
  });

  it('rejects an unknown sink kind with the known ones', () => {
    expect(() => auditSinks(['carrier-pigeon loft'])).toThrow(/unknown sink kind 'carrier-pigeon'/);
  });
});

describe('redact', () => {
  it('replaces every masked value, longest first', () => {
    maskSecret('abcd1234');
    maskSecret('abcd1234-and-more');
    expect(redact('x abcd1234-and-more y abcd1234')).toBe('x *** y ***');
  });

  it('also finds a value inside JSON, where its quotes and backslashes are escaped', () => {
    const value = 'p"a\\ss\nword-42';
    maskSecret(value);
    const json = JSON.stringify({ details: { value } });
    expect(json).not.toContain(value);
    expect(redact(json)).toBe('{"details":{"value":"***"}}');
  });
});

describe('explainGitHubError', () => {
  it('names the permission GitHub says the token lacks', () => {
    const error = Object.assign(new Error('Resource not accessible by integration'), {
      status: 403,
      response: { headers: { 'x-accepted-github-permissions': 'secrets=write' } },
    });
    const explained = explainGitHubError(error, 'writing secret DB');
    expect(explained).toBeInstanceOf(ConfigurationError);
    expect((explained as Error).message).toContain("permission 'secrets: write'");
    expect((explained as Error).message).toContain('writing secret DB');
  });

  it('leaves server errors alone', () => {
    const error = Object.assign(new Error('boom'), { status: 502 });
    expect(explainGitHubError(error, 'x')).toBe(error);
  });
});
