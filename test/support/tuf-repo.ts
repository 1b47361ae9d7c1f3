/**
 * A local TUF repository served over loopback HTTP, for tests of trusted-root refreshes: root,
 * timestamp, snapshot and targets metadata built and signed with @tufjs/models (the models tuf-js
 * itself reads), one ed25519 key per role from node:crypto, consistent snapshots off. Targets are
 * served under `/targets/<name>`; `serve` can answer a target with other bytes than the ones the
 * signed targets metadata describes (a tampered mirror).
 */
import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Key, Metadata, MetaFile, Root, Signature, Snapshot, TargetFile, Targets, Timestamp } from '@tufjs/models';

const EXPIRES = '2099-01-01T00:00:00Z';
const SPEC = '1.0.31';
const ROLES = ['root', 'timestamp', 'snapshot', 'targets'] as const;

export interface TufRepo {
  readonly url: string;
  /** The repository's root.json (version 1): what a client is seeded with. */
  readonly rootJson: string;
  /** Paths requested so far, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

interface RoleKey {
  readonly key: Key;
  readonly privateKey: KeyObject;
}

function roleKey(): RoleKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  // TUF's ed25519 public key is the raw 32 bytes, hex: the last 32 bytes of the SPKI DER.
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  const keyID = createHash('sha256').update(raw).digest('hex');
  return { key: new Key({ keyID, keyType: 'ed25519', scheme: 'ed25519', keyVal: { public: raw } }), privateKey };
}

function signed<T extends Root | Timestamp | Snapshot | Targets>(body: T, by: RoleKey): string {
  const metadata = new Metadata(body);
  metadata.sign((data) => new Signature({ keyID: by.key.keyID, sig: sign(null, data, by.privateKey).toString('hex') }));
  return JSON.stringify(metadata.toJSON());
}

/**
 * Serves a repository whose targets metadata signs `targets` (name → content). `served` overrides
 * what is answered for a target name (bytes that do not match the signed metadata).
 */
export async function startTufRepo(
  targets: Readonly<Record<string, string>>,
  served: Readonly<Record<string, string>> = {},
): Promise<TufRepo> {
  const keys = Object.fromEntries(ROLES.map((role) => [role, roleKey()])) as Record<(typeof ROLES)[number], RoleKey>;
  const root = new Root({ version: 1, specVersion: SPEC, expires: EXPIRES, consistentSnapshot: false });
  for (const role of ROLES) root.addKey(keys[role].key, role);
  const targetsBody = new Targets({ version: 1, specVersion: SPEC, expires: EXPIRES });
  for (const [path, content] of Object.entries(targets)) {
    const bytes = Buffer.from(content);
    targetsBody.addTarget(
      new TargetFile({
        path,
        length: bytes.length,
        hashes: { sha256: createHash('sha256').update(bytes).digest('hex') },
      }),
    );
  }
  const targetsJson = signed(targetsBody, keys.targets);
  const snapshotJson = signed(
    new Snapshot({
      version: 1,
      specVersion: SPEC,
      expires: EXPIRES,
      meta: { 'targets.json': new MetaFile({ version: 1 }) },
    }),
    keys.snapshot,
  );
  const timestampJson = signed(
    new Timestamp({
      version: 1,
      specVersion: SPEC,
      expires: EXPIRES,
      snapshotMeta: new MetaFile({ version: 1 }),
    }),
    keys.timestamp,
  );
  const rootJson = signed(root, keys.root);
  const files = new Map<string, string>([
    ['/1.root.json', rootJson],
    ['/timestamp.json', timestampJson],
    ['/snapshot.json', snapshotJson],
    ['/targets.json', targetsJson],
    ...Object.entries({ ...targets, ...served }).map(([name, content]): [string, string] => [
      `/targets/${name}`,
      content,
    ]),
  ]);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    requests.push(path);
    const body = files.get(path);
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    rootJson,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
