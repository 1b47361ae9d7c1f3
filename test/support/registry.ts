/**
 * Debian's `docker-registry` (distribution 2.8) on loopback for tests: a config with a temporary
 * storage directory and a free port, started with `/usr/bin/docker-registry serve config.yml`.
 * Also small push helpers (blobs, manifests) so tests can build images and signatures themselves.
 *
 * Needs the Debian package `docker-registry` (apt-get install -y docker-registry). With `basicAuth`
 * the registry asks for htpasswd basic credentials; the bcrypt hash comes from perl's crypt(3)
 * (libxcrypt), and the push helpers send the credentials to that registry by themselves.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REGISTRY_BINARY = '/usr/bin/docker-registry';

export interface TestRegistry {
  /** `127.0.0.1:<port>`: the registry part of image references. */
  host: string;
  url: string;
  close(): Promise<void>;
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

/** Authorization headers the push helpers send, by registry base URL. */
const pushAuthorization = new Map<string, string>();

function authHeaders(url: string | URL): Record<string, string> {
  const header = pushAuthorization.get(new URL(url).origin);
  return header ? { authorization: header } : {};
}

/** A bcrypt (`$2b$`) htpasswd line, as docker-registry requires, made with perl's crypt(3). */
function htpasswdLine(username: string, password: string): string {
  const alphabet = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const salt = `$2b$05$${[...randomBytes(22)].map((b) => alphabet[b % 64]).join('')}`;
  const hash = execFileSync('perl', ['-e', 'print crypt($ENV{SD_PASSWORD}, $ENV{SD_SALT})'], {
    env: { ...process.env, SD_PASSWORD: password, SD_SALT: salt },
    encoding: 'utf8',
  });
  if (!hash.startsWith('$2b$05$') || hash.length !== 60)
    throw new Error(`perl's crypt(3) does not make bcrypt hashes here (got '${hash.slice(0, 7)}...'); needs libxcrypt`);
  return `${username}:${hash}\n`;
}

export async function startRegistry(
  options: { basicAuth?: { username: string; password: string } } = {},
): Promise<TestRegistry> {
  if (!existsSync(REGISTRY_BINARY)) {
    throw new Error(`${REGISTRY_BINARY} is missing: apt-get install -y docker-registry`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'sd-registry-'));
  const port = await freePort();
  const config = join(dir, 'config.yml');
  if (options.basicAuth)
    writeFileSync(join(dir, 'htpasswd'), htpasswdLine(options.basicAuth.username, options.basicAuth.password));
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: error',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'storage')}`,
      '  delete:',
      '    enabled: true',
      ...(options.basicAuth
        ? ['auth:', '  htpasswd:', '    realm: secure-deploy-tests', `    path: ${join(dir, 'htpasswd')}`]
        : []),
      'http:',
      `  addr: 127.0.0.1:${port}`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(REGISTRY_BINARY, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}: ${stderr}`);
    try {
      const response = await fetch(`${url}/v2/`);
      // With htpasswd auth the base endpoint answers 401 with a Basic challenge once it is up.
      if (response.status === 200 || (options.basicAuth && response.status === 401)) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`docker-registry did not answer on ${url} within 15 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (options.basicAuth) {
    const { username, password } = options.basicAuth;
    pushAuthorization.set(url, `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`);
  }
  return {
    host: `127.0.0.1:${port}`,
    url,
    async close() {
      pushAuthorization.delete(url);
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function sha256(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Monolithic blob upload (POST then PUT with the digest). Returns the digest. */
export async function pushBlob(url: string, repository: string, bytes: Uint8Array | string): Promise<string> {
  const body = typeof bytes === 'string' ? Buffer.from(bytes) : Buffer.from(bytes);
  const digest = sha256(body);
  const start = await fetch(`${url}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: authHeaders(url) });
  if (start.status !== 202) throw new Error(`blob upload start: HTTP ${start.status} ${await start.text()}`);
  const location = start.headers.get('location');
  if (!location) throw new Error('blob upload start: no Location');
  const target = new URL(location, url);
  target.searchParams.set('digest', digest);
  const put = await fetch(target, {
    method: 'PUT',
    body,
    headers: { 'content-type': 'application/octet-stream', ...authHeaders(url) },
  });
  if (put.status !== 201) throw new Error(`blob upload: HTTP ${put.status} ${await put.text()}`);
  return digest;
}

/** PUT a manifest under a tag or digest. Returns the digest of the bytes sent. */
export async function pushManifest(
  url: string,
  repository: string,
  reference: string,
  manifest: unknown,
  mediaType: string,
): Promise<{ digest: string; bytes: Buffer }> {
  const bytes = Buffer.from(JSON.stringify(manifest));
  const response = await fetch(`${url}/v2/${repository}/manifests/${reference}`, {
    method: 'PUT',
    body: bytes,
    headers: { 'content-type': mediaType, ...authHeaders(url) },
  });
  if (response.status !== 201)
    throw new Error(`manifest push ${reference}: HTTP ${response.status} ${await response.text()}`);
  return { digest: sha256(bytes), bytes };
}

export interface Layer {
  mediaType: string;
  bytes: Uint8Array | string;
  annotations?: Record<string, string>;
}

/** Pushes config + layers + an OCI image manifest; returns the manifest digest. */
export async function pushImage(
  url: string,
  repository: string,
  tag: string,
  layers: Layer[],
  extra: {
    config?: { mediaType: string; bytes: string };
    artifactType?: string;
    subject?: { mediaType: string; digest: string; size: number };
  } = {},
): Promise<{ digest: string; bytes: Buffer }> {
  const config = extra.config ?? {
    mediaType: 'application/vnd.oci.image.config.v1+json',
    bytes: '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}',
  };
  const configDigest = await pushBlob(url, repository, config.bytes);
  const descriptors = [];
  for (const layer of layers) {
    const digest = await pushBlob(url, repository, layer.bytes);
    descriptors.push({
      mediaType: layer.mediaType,
      digest,
      size: Buffer.byteLength(typeof layer.bytes === 'string' ? Buffer.from(layer.bytes) : layer.bytes),
      ...(layer.annotations ? { annotations: layer.annotations } : {}),
    });
  }
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    ...(extra.artifactType ? { artifactType: extra.artifactType } : {}),
    config: { mediaType: config.mediaType, digest: configDigest, size: Buffer.byteLength(config.bytes) },
    layers: descriptors,
    ...(extra.subject ? { subject: extra.subject } : {}),
  };
  return pushManifest(url, repository, tag, manifest, manifest.mediaType);
}
