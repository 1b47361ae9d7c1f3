/** The file and http sinks, sink-line parsing, and the event schema. */
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditEmitter, AuditWriteError, type AuditEvent } from '../../src/core/audit.ts';
import { auditSinks, parseSinkSpec, SIGNATURE_HEADER, signBody } from '../../src/core/audit-sinks.ts';
import { runContext } from '../../src/core/context.ts';
import { ConfigurationError } from '../../src/core/errors.ts';
import { redact } from '../../src/core/mask.ts';
import { REPO_ROOT } from '../support/runner.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ctx = runContext({
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_RUN_ID: '42',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_ACTOR: 'alice',
  GITHUB_WORKFLOW: 'rotate',
  GITHUB_JOB: 'rotate',
});

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

async function collector(statuses: number[]): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const status = statuses.shift() ?? 200;
      res.writeHead(status, status === 503 ? { 'retry-after': '0' } : {}).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/audit`, received, server };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe('sink lines', () => {
  it('parses kind, target, options and required', () => {
    expect(parseSinkSpec('http https://c.example/a key-env=K required=false')).toEqual({
      kind: 'http',
      target: 'https://c.example/a',
      options: { 'key-env': 'K', required: 'false' },
      required: false,
    });
  });

  it.each([
    ['bogus x', /unknown sink kind 'bogus'/],
    ['http http://collector.example/a', /must use https/],
    ['http https://user:pw@c.example/a', /do not put credentials/],
    ['http https://c.example/a key-env=NOPE_NOT_SET', /environment variable NOPE_NOT_SET is empty/],
    ['http https://c.example/a colour=red', /take no option 'colour'/],
    ['syslog example.org', /must be host:port/],
    ['syslog example.org:514 facility=nope', /unknown syslog facility/],
    ['github not-a-repo', /must be owner\/repository/],
    ['github acme/audit path=../x token-env=PATH', /must be relative/],
  ])('rejects %s', (line, message) => {
    expect(() => auditSinks([line], { env: { PATH: '/bin' } })).toThrow(ConfigurationError);
    expect(() => auditSinks([line], { env: { PATH: '/bin' } })).toThrow(message);
  });
});

describe('file sink', () => {
  it('appends JSON lines that validate against schemas/audit-event.v1.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-sink-'));
    const path = join(dir, 'nested', 'events.jsonl');
    const emitter = new AuditEmitter(ctx, auditSinks([`file ${path}`]));
    await emitter.emit({
      action: 'secret.rotate.promote',
      target: {
        scope: 'environment',
        name: 'DB',
        instance: 'production',
        repository: 'acme/app',
        environment: 'production',
      },
      outcome: 'success',
      fingerprint: 'hmac-sha256:' + 'a'.repeat(64),
    });
    await emitter.emit({
      action: 'secret.read',
      target: { scope: 'repository', name: 'DB' },
      outcome: 'denied',
      details: { reason: 'x' },
    });
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'audit-event.v1.json'), 'utf8')) as object;
    const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true }));
    const validate = ajv.compile(schema);
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const ok = validate(JSON.parse(line));
      expect(validate.errors ?? [], line).toEqual([]);
      expect(ok).toBe(true);
    }
    // The schema is closed: a value smuggled in as an extra field is rejected.
    expect(validate({ ...(JSON.parse(lines[0] ?? '{}') as AuditEvent), value: 'secret' })).toBe(false);
  });
});

describe('http sink', () => {
  it('signs the exact body with HMAC-SHA256 and never shows the key', async () => {
    const c = await collector([]);
    servers.push(c.server);
    const key = 'hmac-key-that-must-not-leak-1234';
    const emitter = new AuditEmitter(ctx, auditSinks([`http ${c.url} key-env=AUDIT_KEY`], { env: { AUDIT_KEY: key } }));
    const event = await emitter.emit({
      action: 'secret.write',
      target: { scope: 'repository', name: 'DB' },
      outcome: 'success',
    });
    expect(c.received).toHaveLength(1);
    const got = c.received[0] as Received;
    expect(got.headers[SIGNATURE_HEADER]).toBe(`sha256=${createHmac('sha256', key).update(got.body).digest('hex')}`);
    expect(got.headers[SIGNATURE_HEADER]).toBe(signBody(key, got.body));
    expect(JSON.parse(got.body)).toEqual([event]);
    expect(redact(`x ${key} y`)).toBe('x *** y');
    expect(JSON.stringify(emitter.events)).not.toContain(key);
  });

  it('sends Splunk HEC events with the HEC token', async () => {
    const c = await collector([]);
    servers.push(c.server);
    const emitter = new AuditEmitter(
      ctx,
      auditSinks([`http ${c.url} format=splunk token-env=HEC`], { env: { HEC: 'hec-token-0000-1111' } }),
    );
    const event = await emitter.emit({ action: 'secret.read', target: {}, outcome: 'success' });
    const got = c.received[0] as Received;
    expect(got.headers.authorization).toBe('Splunk hec-token-0000-1111');
    const body = JSON.parse(got.body) as { time: number; source: string; sourcetype: string; event: AuditEvent };
    expect(body).toMatchObject({ source: 'secure-deploy', sourcetype: 'secure-deploy:audit', event });
    expect(body.time).toBe(Date.parse(event.time) / 1000);
  });

  it('retries 5xx with backoff, then succeeds', async () => {
    const c = await collector([503, 500]);
    servers.push(c.server);
    const emitter = new AuditEmitter(ctx, auditSinks([`http ${c.url} backoff-ms=5`]));
    await emitter.emit({ action: 'secret.read', target: {}, outcome: 'success' });
    expect(c.received).toHaveLength(3);
    expect(new Set(c.received.map((r) => r.body)).size).toBe(1);
  });

  it('fails a required sink after its retries, and only reports an optional one', async () => {
    const c = await collector([500, 500, 500, 500, 500, 500]);
    servers.push(c.server);
    await expect(
      new AuditEmitter(ctx, auditSinks([`http ${c.url} retries=2 backoff-ms=1`])).emit({
        action: 'secret.read',
        target: {},
        outcome: 'success',
      }),
    ).rejects.toThrow(AuditWriteError);
    expect(c.received).toHaveLength(3);
    const reported: string[] = [];
    await new AuditEmitter(ctx, auditSinks([`http ${c.url} retries=0 required=false`])).emit(
      { action: 'secret.read', target: {}, outcome: 'success' },
      (s) => reported.push(s),
    );
    expect(reported).toEqual([expect.stringMatching(/^http http:\/\/127.0.0.1:\d+\/audit$/)]);
  });

  it('does not retry a 4xx other than 408/429', async () => {
    const c = await collector([401]);
    servers.push(c.server);
    await expect(
      new AuditEmitter(ctx, auditSinks([`http ${c.url} backoff-ms=1`])).emit({
        action: 'secret.read',
        target: {},
        outcome: 'success',
      }),
    ).rejects.toThrow(/HTTP 401/);
    expect(c.received).toHaveLength(1);
  });

  it('fails after retries when the collector is down', async () => {
    await expect(
      new AuditEmitter(ctx, auditSinks(['http http://127.0.0.1:9/a retries=1 backoff-ms=1'])).emit({
        action: 'secret.read',
        target: {},
        outcome: 'success',
      }),
    ).rejects.toThrow(/after 2 attempt/);
  });
});
