/**
 * The leak check over every audit sink a run writes: a verify-signatures run (the committed
 * bundle) records to a file, an http collector (HMAC-signed, with a HEC token), rsyslog over TCP
 * and the GitHub ledger; none of them — nor anything else the run left — holds the token, the
 * HMAC key or the HEC token.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../support/github-emulator/index.ts';
import { type Rsyslog, startRsyslog } from '../support/rsyslog.ts';
import { assertNoLeaks, runBundle } from '../support/runner.ts';
import { type GitHubClaims, type Stack, startStack } from '../support/sigstore/stack.ts';

const SENSITIVE = {
  token: 'ghs_sink_leak_token_0123456789',
  'HMAC key': 'hmac-key-for-the-collector-0123456789',
  'HEC token': 'hec-token-for-the-collector-0123456789',
};

let ws: string;
let emulator: Emulator;
let rsyslog: Rsyslog;
let stack: Stack;
let collector: Server;
let collectorUrl: string;
const received: string[] = [];

beforeAll(async () => {
  ws = mkdtempSync(join(tmpdir(), 'sd-leak-sinks-'));
  [emulator, rsyslog, stack] = await Promise.all([startEmulator(), startRsyslog(), startStack()]);
  await emulator.seed({
    repos: [{ full_name: 'acme/audit', default_branch: 'main', files: { 'README.md': 'ledger\n' } }],
  });
  collector = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      received.push(`${JSON.stringify(req.headers)}\n${body}`);
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
  collectorUrl = `http://127.0.0.1:${(collector.address() as { port: number }).port}/audit`;
  writeFileSync(join(ws, 'trusted_root.json'), JSON.stringify(stack.trustedRoot));
  const release: GitHubClaims = { repository: 'acme/app', workflowFile: 'release.yml', ref: 'refs/tags/v1.0.0' };
  writeFileSync(join(ws, 'app.tgz'), 'the release');
  writeFileSync(
    join(ws, 'app.tgz.sigstore.json'),
    JSON.stringify(await stack.signBlob(Buffer.from('the release'), release)),
  );
}, 120_000);

afterAll(async () => {
  stack?.close();
  collector?.closeAllConnections();
  await Promise.all([emulator?.close(), rsyslog?.close(), new Promise((r) => collector?.close(r))]);
});

describe('leak check over every audit sink', () => {
  it('a verify run writes to file, http, syslog and ledger sinks, and no sensitive value reaches any of them', async () => {
    const events = join(ws, 'events.jsonl');
    const run = await runBundle('verify-signatures', {
      cwd: ws,
      token: SENSITIVE.token,
      env: { GITHUB_API_URL: emulator.url, AUDIT_HMAC_KEY: SENSITIVE['HMAC key'], HEC_TOKEN: SENSITIVE['HEC token'] },
      inputs: {
        artifacts: 'app.tgz',
        'source-repository': 'acme/app',
        'trusted-root': 'trusted_root.json',
        offline: 'true',
        'audit-log': [
          `file ${events}`,
          `http ${collectorUrl} key-env=AUDIT_HMAC_KEY format=splunk token-env=HEC_TOKEN`,
          `syslog 127.0.0.1:${rsyslog.tcpPort} app=leak-check`,
          'github acme/audit',
        ].join('\n'),
      },
    });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    // Every sink got the event: the check reads real output, not empty files.
    await rsyslog.waitFor(1);
    expect(received.length).toBeGreaterThan(0);
    const ledgerWrites = (await emulator.requests()).filter(
      (r) => r.method === 'POST' && r.path.endsWith('/git/trees'),
    );
    expect(ledgerWrites.length).toBeGreaterThan(0);
    // The HEC token does go where it belongs — the collector's Authorization header — so the
    // collector's bodies are checked apart from its headers.
    expect(received.join('\n')).toContain(`Splunk ${SENSITIVE['HEC token']}`);
    await assertNoLeaks({
      values: SENSITIVE,
      run,
      files: [events],
      texts: {
        'http sink bodies': received.map((r) => r.slice(r.indexOf('\n') + 1)).join('\n'),
        'syslog sink (as received)': rsyslog.raw().join('\n'),
      },
      emulator,
    });
    await assertNoLeaks({
      values: { token: SENSITIVE.token, 'HMAC key': SENSITIVE['HMAC key'] },
      texts: { 'http sink headers': received.map((r) => r.slice(0, r.indexOf('\n'))).join('\n') },
    });
  });
});
