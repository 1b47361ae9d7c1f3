/** The syslog sink against a real rsyslog on loopback, over TCP and over TLS. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEmitter, type AuditEvent } from '../../src/core/audit.ts';
import { auditSinks, formatRfc5424, frameOctetCounted } from '../../src/core/audit-sinks.ts';
import { runContext } from '../../src/core/context.ts';
import { type Rsyslog, startRsyslog } from '../support/rsyslog.ts';

const ctx = runContext({
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_RUN_ID: '42',
  GITHUB_ACTOR: 'alice',
  GITHUB_WORKFLOW: 'rotate',
  GITHUB_JOB: 'rotate',
});

describe('syslog sink', () => {
  let rsyslog: Rsyslog;
  beforeAll(async () => {
    rsyslog = await startRsyslog();
  });
  afterAll(async () => {
    await rsyslog?.close();
  });

  it('frames RFC 5424 messages by octet count (bytes, not characters)', () => {
    const emitter = new AuditEmitter(ctx);
    const event = emitter.build({
      action: 'secret.write',
      target: { scope: 'repository', name: 'DB' },
      outcome: 'success',
      details: { note: 'é ]"\\' },
    });
    const message = formatRfc5424(event, 10, 'secure-deploy', 'runner-1');
    expect(message).toMatch(
      /^<86>1 \d{4}-\d\d-\d\dT[\d:.]+Z runner-1 secure-deploy \d+ secret.write \[secure-deploy@32473 id="[^"]+" action="secret.write" outcome="success" repository="acme\/app" hash="[0-9a-f]{64}"\] \ufeff\{/,
    );
    const framed = frameOctetCounted(message);
    const [length, ...rest] = framed.split(' ');
    expect(Number(length)).toBe(Buffer.byteLength(rest.join(' ')));
    expect(JSON.parse(message.slice(message.indexOf('\ufeff') + 1))).toEqual(event);
  });

  it.each(['tcp', 'tls'] as const)('delivers events to rsyslog over %s, parsed as RFC 5424', async (mode) => {
    const before = rsyslog.parsed().length;
    const line =
      mode === 'tcp'
        ? `syslog 127.0.0.1:${rsyslog.tcpPort} facility=local4 app=sd-${mode}`
        : `syslog 127.0.0.1:${rsyslog.tlsPort} tls=true ca=${rsyslog.caFile} facility=local4 app=sd-${mode}`;
    const emitter = new AuditEmitter(ctx, auditSinks([line]));
    const events: AuditEvent[] = [];
    for (let n = 0; n < 3; n++) {
      events.push(
        await emitter.emit({
          action: 'secret.read',
          target: { scope: 'environment', name: `K${n}`, environment: 'prod' },
          outcome: n === 2 ? 'denied' : 'success',
        }),
      );
    }
    const got = (await rsyslog.waitFor(before + 3)).filter((m) => m.app === `sd-${mode}`);
    expect(got).toHaveLength(3);
    for (const [n, m] of got.entries()) {
      expect(m).toMatchObject({
        version: '1',
        facility: 'local4',
        app: `sd-${mode}`,
        msgid: 'secret.read',
        severity: n === 2 ? 'warning' : 'info',
      });
      expect(m.structuredData).toContain(`hash="${events[n]?.hash ?? ''}"`);
      const json = m.msg.replace(/^\ufeff/, '');
      expect((JSON.parse(json) as AuditEvent).hash).toBe(events[n]?.hash);
    }
  });

  it('refuses a TLS server whose certificate the CA did not sign, and fails the required sink', async () => {
    const emitter = new AuditEmitter(
      ctx,
      auditSinks([`syslog 127.0.0.1:${rsyslog.tlsPort} tls=true retries=1 backoff-ms=10`]),
    );
    await expect(emitter.emit({ action: 'secret.read', target: {}, outcome: 'success' })).rejects.toThrow(
      /syslog 127.0.0.1:\d+ \(tls\) could not be written after 2 attempt/,
    );
  });

  it('retries and then fails when nothing listens', async () => {
    const emitter = new AuditEmitter(ctx, auditSinks(['syslog 127.0.0.1:9 retries=2 backoff-ms=5']));
    await expect(emitter.emit({ action: 'secret.read', target: {}, outcome: 'success' })).rejects.toThrow(
      /after 3 attempt\(s\): .*ECONNREFUSED/,
    );
  });
});
