/**
 * GitHub REST API emulator for tests. See README.md in this folder.
 *
 *   const emulator = await startEmulator();
 *   await emulator.seed({ repos: ['acme/app'] });
 *   // point code at emulator.url (GITHUB_API_URL) ...
 *   emulator.assertNoViolations();
 *   await emulator.close();
 */
import { sealForKey, sodiumReady } from './crypto.ts';
import type { SeedDocument } from './seed.ts';
import { dumpState, EmulatorServer, type FaultSpec, type RequestLogEntry, type Violation } from './server.ts';

export type {
  SeedDocument,
  SeedRepo,
  SeedEnvironment,
  SeedSecret,
  SeedRun,
  SeedFile,
  SeedAttestation,
} from './seed.ts';
export type { FaultSpec, RequestLogEntry, Violation, EmulatorServer } from './server.ts';
export type { State } from './state.ts';
export { VIOLATION_PREFIX } from './server.ts';

export interface EmulatorOptions {
  /** Port on 127.0.0.1 (0 / omitted: any free port). */
  port?: number;
  /** Latency added to every API request (ms), e.g. for benchmarks. */
  latencyMs?: number;
}

export interface Emulator {
  /** e.g. `http://127.0.0.1:34567` — use as GITHUB_API_URL / Octokit baseUrl. */
  readonly url: string;
  /** Stop the server; held requests are dropped (their connections closed). */
  close(): Promise<void>;
  /** Empty state, faults, request log and violations. */
  reset(): Promise<void>;
  /** Add to the state (additive; see SeedDocument). */
  seed(doc: SeedDocument): Promise<void>;
  /** JSON dump of the whole state (secret values decrypted; public keys only). */
  state(): Promise<unknown>;
  /** Decrypted secrets: `{ repos: { 'o/r': { actions, dependabot, environments: { env: {...} } } }, orgs: { org: {...} } }`, each `{ NAME: { value, created_at, updated_at, ... } }`. */
  secrets(): Promise<EmulatorSecrets>;
  /** The request log (API requests, not control calls). */
  requests(): Promise<RequestLogEntry[]>;
  clearRequests(): Promise<void>;
  /** Requests/responses that did not match GitHub's OpenAPI description. */
  violations(): Promise<Violation[]>;
  clearViolations(): Promise<void>;
  /** Throws an Error listing every violation (with the schema errors) if there is any. */
  assertNoViolations(): void;
  /** Add a fault; returns its id. */
  addFault(fault: FaultSpec): Promise<number>;
  clearFaults(): Promise<void>;
  /** Let held requests proceed (they are then processed normally); returns how many. */
  release(): Promise<number>;
  /** Number of requests currently held by a `hold` fault. */
  heldCount(): number;
  /** Resolves once at least `count` requests are held (an event, not a sleep); rejects after `timeoutMs` (default 60 s). */
  waitForHeld(count?: number, timeoutMs?: number): Promise<void>;
  /** Resolves with the first request in the log matching `predicate`, as soon as it is logged. */
  waitForRequest(
    predicate: (entry: RequestLogEntry) => boolean,
    what?: string,
    timeoutMs?: number,
  ): Promise<RequestLogEntry>;
  /** API requests in flight now, and the peak since the request log was last cleared. */
  stats(): Promise<{ inFlight: number; peakInFlight: number }>;
  /** Set the latency added to every request. */
  setLatency(ms: number): Promise<void>;
  /** The in-process server, for anything not covered above. */
  readonly server: EmulatorServer;
}

export interface SecretValue {
  value: string;
  created_at: string;
  updated_at: string;
  visibility?: string;
  selected_repository_ids?: number[];
}

export interface EmulatorSecrets {
  repos: Record<
    string,
    {
      actions: Record<string, SecretValue>;
      dependabot: Record<string, SecretValue>;
      environments: Record<string, Record<string, SecretValue>>;
    }
  >;
  orgs: Record<string, Record<string, SecretValue>>;
}

/** Emulators running in this test process, checked after every test (test/support/setup.ts). */
const live = new Set<EmulatorServer>();

function violationReport(list: readonly Violation[]): string {
  return `GitHub API emulator recorded ${list.length} OpenAPI violation(s):\n${list.map((v) => `- ${v.message}`).join('\n')}`;
}

/**
 * Throws, listing them, when any running emulator recorded a request or response that GitHub's
 * OpenAPI description does not allow since the last check — and clears them, so the failure is
 * the test's that sent the request. A test that sends bad requests on purpose clears them itself.
 */
export function checkLiveEmulators(): void {
  const found: Violation[] = [];
  for (const server of live) {
    found.push(...server.violations());
    server.clearViolations();
  }
  if (found.length > 0) throw new Error(violationReport(found));
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const server = new EmulatorServer();
  server.latencyMs = opts.latencyMs ?? 0;
  const url = await server.listen(opts.port ?? 0);
  live.add(server);
  return {
    url,
    server,
    close: () => {
      live.delete(server);
      return server.close();
    },
    reset: () => {
      server.reset();
      return Promise.resolve();
    },
    seed: (doc) => {
      server.seed(doc);
      return Promise.resolve();
    },
    state: () => Promise.resolve(dumpState(server.state)),
    secrets: () => Promise.resolve(server.secrets() as EmulatorSecrets),
    requests: () => Promise.resolve(server.requests()),
    clearRequests: () => {
      server.clearRequests();
      return Promise.resolve();
    },
    violations: () => Promise.resolve(server.violations()),
    clearViolations: () => {
      server.clearViolations();
      return Promise.resolve();
    },
    assertNoViolations: () => {
      const list = server.violations();
      if (list.length > 0) throw new Error(violationReport(list));
    },
    addFault: (fault) => Promise.resolve(server.addFault(fault)),
    clearFaults: () => {
      server.clearFaults();
      return Promise.resolve();
    },
    release: () => Promise.resolve(server.release()),
    heldCount: () => server.heldCount(),
    waitForHeld: (count, timeoutMs) => server.waitForHeld(count, timeoutMs),
    waitForRequest: (predicate, what, timeoutMs) => server.waitForRequest(predicate, what, timeoutMs),
    stats: () => Promise.resolve(server.stats()),
    setLatency: (ms) => {
      server.latencyMs = ms;
      return Promise.resolve();
    },
  };
}

/** Seal a secret value for a public key (base64), as a client would (libsodium sealed box). */
export async function sealSecret(publicKeyBase64: string, value: string): Promise<string> {
  await sodiumReady();
  return sealForKey(publicKeyBase64, value);
}
