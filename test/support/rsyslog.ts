/**
 * A real rsyslog on loopback for tests: one plain TCP listener and one TLS listener (gtls, a CA
 * and server certificate made with openssl for 127.0.0.1), both accepting RFC 5424 with
 * octet-counting framing. Every message is written twice: raw, and as the fields rsyslog parsed
 * (so a test can check that rsyslog read the message as RFC 5424, not as free text).
 *
 * Needs the Debian packages rsyslog, rsyslog-gnutls (and openssl).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ParsedSyslog {
  facility: string;
  severity: string;
  version: string;
  host: string;
  app: string;
  msgid: string;
  structuredData: string;
  msg: string;
}

export interface Rsyslog {
  readonly tcpPort: number;
  readonly tlsPort: number;
  /** PEM file of the CA that signed the server certificate. */
  readonly caFile: string;
  /** Messages as received on the wire (after framing). */
  raw(): string[];
  /** Messages as rsyslog parsed them. */
  parsed(): ParsedSyslog[];
  /** Waits until at least `count` messages arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedSyslog[]>;
  close(): Promise<void>;
}

const RSYSLOGD = ['/usr/sbin/rsyslogd', '/sbin/rsyslogd'].find((p) => existsSync(p));

export function rsyslogAvailable(): boolean {
  return RSYSLOGD !== undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  const ca = join(dir, 'ca.pem');
  const caKey = join(dir, 'ca-key.pem');
  const key = join(dir, 'server-key.pem');
  const csr = join(dir, 'server.csr');
  const cert = join(dir, 'server.pem');
  const ext = join(dir, 'server.ext');
  const run = (args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'pipe' });
  };
  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    caKey,
    '-out',
    ca,
    '-days',
    '2',
    '-subj',
    '/CN=secure-deploy test syslog CA',
  ]);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', '/CN=127.0.0.1']);
  writeFileSync(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  run([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-out',
    cert,
    '-days',
    '2',
    '-extfile',
    ext,
  ]);
  return { ca, cert, key };
}

export async function startRsyslog(): Promise<Rsyslog> {
  if (!RSYSLOGD) throw new Error('rsyslogd is not installed: apt-get install -y rsyslog rsyslog-gnutls');
  const dir = mkdtempSync(join(tmpdir(), 'sd-rsyslog-'));
  const { ca, cert, key } = makeCertificates(dir);
  const tcpPort = await freePort();
  const tlsPort = await freePort();
  const rawFile = join(dir, 'raw.log');
  const parsedFile = join(dir, 'parsed.log');
  const conf = join(dir, 'rsyslog.conf');
  writeFileSync(
    conf,
    `global(workDirectory="${dir}"
       defaultNetstreamDriverCAFile="${ca}"
       defaultNetstreamDriverCertFile="${cert}"
       defaultNetstreamDriverKeyFile="${key}"
       maxMessageSize="256k")
module(load="imtcp" maxSessions="200")
input(type="imtcp" port="${tcpPort}" address="127.0.0.1" name="plain")
input(type="imtcp" port="${tlsPort}" address="127.0.0.1" name="tls"
      streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")
template(name="raw" type="string" string="%rawmsg%\\n")
template(name="parsed" type="list") {
  property(name="syslogfacility-text") constant(value="\\t")
  property(name="syslogseverity-text") constant(value="\\t")
  property(name="protocol-version") constant(value="\\t")
  property(name="hostname") constant(value="\\t")
  property(name="app-name") constant(value="\\t")
  property(name="msgid") constant(value="\\t")
  property(name="structured-data") constant(value="\\t")
  property(name="msg" droplastlf="on") constant(value="\\n")
}
*.* action(type="omfile" file="${rawFile}" template="raw" flushOnTXEnd="on" asyncWriting="off")
*.* action(type="omfile" file="${parsedFile}" template="parsed" flushOnTXEnd="on" asyncWriting="off")
`,
  );
  const pidFile = join(dir, 'rsyslogd.pid');
  const child: ChildProcess = spawn(RSYSLOGD, ['-n', '-f', conf, '-i', pidFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  // Wait until both ports accept connections.
  const { connect } = await import('node:net');
  const deadline = Date.now() + 15_000;
  for (const port of [tcpPort, tlsPort]) {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`rsyslogd exited (${child.exitCode}):\n${log}`);
      const ok = await new Promise<boolean>((resolve) => {
        const s = connect({ host: '127.0.0.1', port }, () => {
          s.destroy();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      });
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`rsyslogd did not listen on ${port}:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const read = (file: string): string[] =>
    existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          .filter((l) => l !== '')
      : [];
  const parsed = (): ParsedSyslog[] =>
    read(parsedFile).map((line) => {
      const [facility = '', severity = '', version = '', host = '', app = '', msgid = '', structuredData = '', ...msg] =
        line.split('\t');
      return { facility, severity, version, host, app, msgid, structuredData, msg: msg.join('\t') };
    });
  return {
    tcpPort,
    tlsPort,
    caFile: ca,
    raw: () => read(rawFile),
    parsed,
    // The deadline (under the 60 s test timeout) only ends a test that would otherwise hang.
    async waitFor(count, timeoutMs = 45_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const got = parsed();
        if (got.length >= count) return got;
        if (Date.now() > end) throw new Error(`rsyslog received ${got.length} of ${count} messages.\n${log}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
