/**
 * The fault matrix: a forced rotation of two instances (production: an environment secret and a
 * second repository's secret; staging: an environment secret), `grace: 1h`, from a state an earlier
 * rotation left (a current credential, and an older one whose grace period is over, so retiring is
 * part of the run) is SIGKILLed at every phase boundary and in the middle of the target's work:
 *
 *   - at a GitHub request: the emulator holds it (`before`: never processed until released, after
 *     the process died; `after`: processed, the answer held), then the process is killed;
 *   - between SQL statements: the test holds a row lock on the role (its own uncommitted
 *     `ALTER ROLE ... CONNECTION LIMIT`), so the action's `ALTER ROLE ... PASSWORD` waits; the
 *     process is killed while it waits, then the waiting statement is either terminated (never
 *     applied) or let through (applied after the process died);
 *   - while a deploy key is half-replaced: the new key added, the answer never received;
 *   - while a command target runs: the target script pauses (test-only environment variable read
 *     by test/rotate/command-target.mjs, not by the action) before or after it changed its store.
 *
 * After each kill, and after a recovery run that is itself killed (some scenarios), the value GitHub
 * holds at every destination of both instances is tried at the target for real (PostgreSQL login;
 * the deploy key GitHub holds is registered; the command target's store accepts it). For
 * `single-user` the pending value kept in `<NAME>_PENDING` must log in whenever GitHub's does not,
 * and the points where GitHub's value does not log in (the documented window) are measured and
 * compared with the documented list. Then the recovery run, as the README's workflows run it
 * (alternating-users and deploy-key without `pending-values`; single-user and command with it),
 * must leave every destination holding one working value, the previous credential working until
 * its grace period ends, the retired one removed, and no pending copy.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/secrets/fingerprint.ts';
import { publicKeyOfOpenSsh, sshEd25519 } from '../../src/secrets/generate.ts';
import type { FaultSpec } from '../support/github-emulator/index.ts';
import type { PostgresServer } from '../support/postgres.ts';
import type { RunResult } from '../support/runner.ts';
import { FINGERPRINT_KEY, expectNoLeaks, parseJson, startHarness, type Harness } from './helpers.ts';

export type Kind = 'alternating-users' | 'single-user' | 'deploy-key' | 'command';

const INSTANCES = ['production', 'staging'] as const;
type Inst = (typeof INSTANCES)[number];

const COMMAND_SCRIPT = join(import.meta.dirname, 'command-target.mjs');

type Pause =
  | { readonly kind: 'hold'; readonly faults: (name: string, i: number) => FaultSpec[] }
  /** Production's ALTER ROLE waits for the test's row lock; then `terminate` it or `release` it. */
  | { readonly kind: 'pg-lock'; readonly then: 'terminate' | 'release' }
  /** The command target pauses at `<phase>:<before|after>` for production. */
  | { readonly kind: 'command'; readonly at: string };

interface Scenario {
  readonly title: string;
  readonly pause: Pause;
  /** Kill the recovery run too, at this point, before the run that completes. */
  readonly recoveryPause?: Pause;
  /** single-user: GitHub's value for production does not log in after this kill (the window). */
  readonly window?: boolean;
  /** single-user: nor after the recovery run was killed. */
  readonly recoveryWindow?: boolean;
  /**
   * The held write reaches GitHub after the process died: one destination of production holds the
   * new value, the other the previous one. alternating-users cannot complete that without the
   * pending value (README): the recovery run without it fails, changing nothing; with it, completes.
   */
  readonly mixed?: boolean;
}

const stateVar = (name: string, inst: Inst): string => `${name}_ROTATION_${inst.toUpperCase()}`;
const statePath = (name: string): string => `^/repos/acme/app/actions/variables/${stateVar(name, 'production')}$`;
/** `n` matching requests pass untouched, then the next is held. */
const nth = (n: number, method: string, pathPattern: string, when: 'before' | 'after' = 'before'): FaultSpec[] => [
  ...Array.from({ length: n }, () => ({ method, pathPattern, kind: 'latency' as const, latencyMs: 0 })),
  { method, pathPattern, kind: 'hold', when },
];
const hold = (faults: (name: string, i: number) => FaultSpec[]): Pause => ({ kind: 'hold', faults });

/**
 * Production's requests in a forced rotation from an idle state with a retiring credential due:
 * state PATCHes: 1 retired (after the target retired it), 2 pending, 3 promoting, 4 idle;
 * state GETs: 1 load, 2 before set, 3 before promotion.
 */
function scenarios(kind: Kind): Scenario[] {
  const pendingCopy = kind !== 'deploy-key';
  const pg = kind === 'alternating-users' || kind === 'single-user';
  const list: Scenario[] = [];
  // Retiring the credential whose grace period is over, interrupted.
  if (kind === 'deploy-key') {
    list.push({
      title: 'retiring: killed after the old deploy key was deleted, before the state recorded it',
      pause: hold((_n, i) => nth(0, 'DELETE', `^/repos/acme/site${i}-production/keys/\\d+$`, 'after')),
    });
  } else if (kind === 'command') {
    list.push({
      title: 'retiring: killed while the finish command runs, after it removed the old value',
      pause: { kind: 'command', at: 'finish:after' },
    });
  } else {
    list.push({
      title: 'retiring: killed while the state write after retiring is held',
      pause: hold((n) => nth(0, 'PATCH', statePath(n))),
    });
  }
  list.push({
    title: 'killed while the state write (pending) is held',
    pause: hold((n) => nth(1, 'PATCH', statePath(n))),
  });
  if (pendingCopy) {
    list.push({
      title: 'killed while the pending copy write is held',
      pause: hold((n) => nth(0, 'PUT', `^/repos/acme/app/environments/production/secrets/${n}_PENDING$`)),
    });
  }
  if (pg) {
    list.push(
      {
        title: 'killed between SQL statements: ALTER ROLE waiting on a lock, never applied',
        pause: { kind: 'pg-lock', then: 'terminate' },
      },
      {
        title: 'killed during ALTER ROLE, which completes after the process died',
        pause: { kind: 'pg-lock', then: 'release' },
        window: true,
        recoveryWindow: true,
        // The recovery run's first state write: alternating-users' fresh rotation (pending), single-user's promotion.
        recoveryPause: hold((n) => nth(0, 'PATCH', statePath(n))),
      },
    );
  }
  if (kind === 'deploy-key') {
    list.push({
      title: 'half-replaced: killed after GitHub added the new key, before the answer arrived',
      pause: hold((_n, i) => nth(0, 'POST', `^/repos/acme/site${i}-production/keys$`, 'after')),
      recoveryPause: hold((n) => nth(0, 'PUT', `^/repos/acme/app/environments/production/secrets/${n}$`)),
    });
  }
  if (kind === 'command') {
    list.push(
      {
        title: 'killed while the set command runs, before it changed anything',
        pause: { kind: 'command', at: 'set:before' },
      },
      {
        title: 'killed while the set command runs, after it stored the new value',
        pause: { kind: 'command', at: 'set:after' },
        recoveryPause: hold((n) => nth(0, 'PUT', `^/repos/acme/app/environments/production/secrets/${n}$`)),
      },
      { title: 'killed while the test command runs', pause: { kind: 'command', at: 'test:before' } },
    );
  }
  list.push(
    {
      title: 'killed after set and test, while the state read before promotion is held',
      pause: hold((n) => nth(2, 'GET', statePath(n))),
      window: true,
    },
    {
      title: 'killed while the state write (promoting) is held',
      pause: hold((n) => nth(2, 'PATCH', statePath(n))),
      window: true,
    },
    {
      title: 'killed while the first destination write is held (it reaches GitHub after the process died)',
      pause: hold((n) => nth(0, 'PUT', `^/repos/acme/app/environments/production/secrets/${n}$`)),
      window: true,
      mixed: true,
    },
    {
      title: 'killed after both destinations were written, the second answer held',
      pause: hold((n) => nth(0, 'PUT', `^/repos/acme/worker/actions/secrets/${n}$`, 'after')),
      recoveryPause: hold((n) => nth(0, 'PATCH', statePath(n))),
    },
    {
      title: 'killed while the state write (idle) is held',
      pause: hold((n) => nth(3, 'PATCH', statePath(n))),
    },
  );
  if (pendingCopy) {
    list.push({
      title: 'killed while the pending copy delete is held',
      pause: hold((n) => nth(0, 'DELETE', `^/repos/acme/app/environments/production/secrets/${n}_PENDING$`)),
    });
  }
  return list;
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const sha = (v: string): string => createHash('sha256').update(v).digest('hex');
const keyMaterial = (k: string): string => k.trim().split(/\s+/).slice(0, 2).join(' ');

export function defineKillMatrix(kind: Kind, getPg: () => PostgresServer | undefined): void {
  const list = scenarios(kind);
  describe(`${kind}: SIGKILL at every phase boundary and mid-target, two instances, grace 1h`, () => {
    let h: Harness;
    const values = new Set<string>();
    const window = new Set<string>();
    const cmdRoot = mkdtempSync(join(tmpdir(), 'sd-cmd-target-'));
    /** Per scenario and instance: the value GitHub held before (current), the retired one. */
    const seeded = new Map<string, { current: string; old: string; oldKeyId?: number }>();

    const pgServer = (): PostgresServer => {
      const s = getPg();
      if (!s) throw new Error('this kind needs PostgreSQL');
      return s;
    };
    const rolesOf = (i: number, inst: Inst): string[] =>
      kind === 'alternating-users' ? [`m${i}_${inst}_a`, `m${i}_${inst}_b`] : [`m${i}_${inst}`];
    const cmdDir = (i: number): string => join(cmdRoot, `s${i}`);
    const destinations = (
      name: string,
      inst: Inst,
    ): ((all: Awaited<ReturnType<Harness['secrets']>>) => string | undefined)[] =>
      inst === 'production'
        ? [
            (all) => all.repos['acme/app']?.environments.production?.[name]?.value,
            (all) => all.repos['acme/worker']?.actions[name]?.value,
          ]
        : [(all) => all.repos['acme/app']?.environments.staging?.[name]?.value];

    beforeAll(async () => {
      // The audit sinks (http, syslog, ledger) are checked in readme-workflow.test.ts: here only the file.
      h = await startHarness();
      await h.emulator.seed({
        repos: [
          { full_name: 'acme/app', environments: [{ name: 'production' }, { name: 'staging' }] },
          'acme/worker',
          ...(kind === 'deploy-key' ? list.flatMap((_, i) => INSTANCES.map((inst) => `acme/site${i}-${inst}`)) : []),
        ],
      });
      const old = { created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-01T00:00:00Z' };
      for (const [i] of list.entries()) {
        const name = `S${i}`;
        if (kind === 'command') mkdirSync(cmdDir(i), { recursive: true });
        for (const inst of INSTANCES) {
          const roles = rolesOf(i, inst);
          let current: string;
          let previous: string;
          let oldKeyId: number | undefined;
          let currentRole: string | undefined;
          let oldRole: string | undefined;
          if (kind === 'alternating-users' || kind === 'single-user') {
            for (const role of roles) await pgServer().sql(`CREATE ROLE ${role} LOGIN PASSWORD 'initial-${role}-pw'`);
            currentRole = roles[0];
            oldRole = kind === 'alternating-users' ? roles[1] : undefined;
            current = JSON.stringify({ username: currentRole, password: `initial-${currentRole}-pw` });
            previous = `initial-retired-${name}-${inst}`;
          } else if (kind === 'deploy-key') {
            const cur = sshEd25519('seeded-current');
            const before = sshEd25519('seeded-old');
            current = cur.value;
            previous = before.value;
            const repo = h.emulator.server.state.getRepo('acme', `site${i}-${inst}`);
            if (!repo) throw new Error('no deploy key repository');
            await h.emulator.seed({
              repos: [
                {
                  full_name: `acme/site${i}-${inst}`,
                  deploy_keys: [
                    { title: 'seeded current key', key: cur.publicKey ?? '' },
                    { title: 'seeded retired key', key: before.publicKey ?? '' },
                  ],
                },
              ],
            });
            oldKeyId = repo.deployKeys.find((k) => k.title === 'seeded retired key')?.id;
            expect(oldKeyId).toBeTypeOf('number');
          } else {
            current = `initial-cmd-${name}-${inst}-current`;
            previous = `initial-cmd-${name}-${inst}-retired`;
            writeFileSync(
              join(cmdDir(i), `${inst}.json`),
              JSON.stringify({
                [fingerprint(FINGERPRINT_KEY, current)]: sha(current),
                [fingerprint(FINGERPRINT_KEY, previous)]: sha(previous),
              }),
            );
          }
          seeded.set(`${i}/${inst}`, { current, old: previous, ...(oldKeyId !== undefined ? { oldKeyId } : {}) });
          const state = {
            version: 1,
            phase: 'idle',
            current: {
              fingerprint: fingerprint(FINGERPRINT_KEY, current),
              since: '2025-01-01T00:00:00.000Z',
              ...(currentRole ? { role: currentRole } : {}),
            },
            retiring: [
              {
                fingerprint: fingerprint(FINGERPRINT_KEY, previous),
                after: '2025-01-01T01:00:00.000Z',
                ...(oldRole ? { role: oldRole } : {}),
                ...(oldKeyId !== undefined ? { keyId: oldKeyId } : {}),
              },
            ],
            updated: '2025-01-01T00:00:00.000Z',
          };
          const secret = { name, value: current, ...old };
          await h.emulator.seed({
            repos: [
              {
                full_name: 'acme/app',
                environments: [{ name: inst, secrets: [secret] }],
                variables: [{ name: stateVar(name, inst), value: JSON.stringify(state), ...old }],
              },
              ...(inst === 'production' ? [{ full_name: 'acme/worker', secrets: [secret] }] : []),
            ],
          });
        }
      }
    }, 120_000);

    afterAll(async () => {
      await h?.close();
      rmSync(cmdRoot, { recursive: true, force: true });
    });

    /** The value works at the target: a real login, a registered deploy key, the service's own store. */
    async function works(i: number, inst: Inst, value: string | undefined): Promise<boolean> {
      if (!value) return false;
      if (kind === 'alternating-users' || kind === 'single-user') {
        const doc = parseJson<{ username: string; password: string }>(value);
        return pgServer().canLogin(doc.username, doc.password);
      }
      if (kind === 'deploy-key') {
        const keys = h.emulator.server.state.getRepo('acme', `site${i}-${inst}`)?.deployKeys ?? [];
        const mine = keyMaterial(publicKeyOfOpenSsh(value, 'x'));
        return keys.some((k) => keyMaterial(k.key) === mine);
      }
      const store = parseJson<Record<string, string>>(readFileSync(join(cmdDir(i), `${inst}.json`), 'utf8'));
      return Object.values(store).includes(sha(value));
    }

    function inputs(i: number, extra: Record<string, string | boolean> = {}): Record<string, string | boolean> {
      const common = {
        name: `S${i}`,
        instances: INSTANCES.join('\n'),
        destinations: 'production environment\nproduction repository acme/worker\nstaging environment',
        grace: '1h',
      };
      switch (kind) {
        case 'alternating-users':
        case 'single-user':
          return {
            ...common,
            target: 'postgres',
            'postgres-url': pgServer().adminUrl,
            'postgres-strategy': kind,
            'postgres-roles':
              kind === 'alternating-users' ? `m${i}_{instance}_a m${i}_{instance}_b` : `m${i}_{instance}`,
            ...extra,
          };
        case 'deploy-key':
          return {
            ...common,
            generator: 'ssh-ed25519',
            target: 'deploy-key',
            'deploy-key-repository': `acme/site${i}-{instance}`,
            ...extra,
          };
        case 'command':
          return { ...common, target: 'command', 'target-command': `node ${COMMAND_SCRIPT} ${cmdDir(i)}`, ...extra };
      }
    }

    async function remember(name: string): Promise<void> {
      const all = await h.secrets();
      for (const inst of INSTANCES) {
        for (const get of [...destinations(name, inst), ...destinations(`${name}_PENDING`, inst)]) {
          const v = get(all);
          if (!v) continue;
          values.add(v);
          if (kind === 'alternating-users' || kind === 'single-user')
            values.add(parseJson<{ password: string }>(v).password);
        }
      }
    }

    /** Runs the action, pauses it as `pause` says, kills it with SIGKILL, undoes the pause. */
    async function interrupted(
      i: number,
      pause: Pause,
      runInputs: Record<string, string | boolean>,
    ): Promise<RunResult> {
      const name = `S${i}`;
      await h.emulator.clearFaults();
      let lock: pg.Client | undefined;
      const markers = mkdtempSync(join(tmpdir(), 'sd-pause-'));
      const env: Record<string, string> = {};
      if (pause.kind === 'hold') for (const f of pause.faults(name, i)) await h.emulator.addFault(f);
      const role = kind === 'alternating-users' ? `m${i}_production_b` : `m${i}_production`;
      if (pause.kind === 'pg-lock') {
        lock = new pg.Client({ connectionString: pgServer().adminUrl });
        await lock.connect();
        await lock.query('BEGIN');
        await lock.query(`ALTER ROLE ${role} CONNECTION LIMIT -1`);
      }
      if (pause.kind === 'command') {
        env.ROTATE_TEST_PAUSE = `production:${pause.at}`;
        env.ROTATE_TEST_DIR = markers;
      }
      let child: ChildProcess | undefined;
      const running = h.run(runInputs, { onSpawn: (c) => (child = c), env });
      let waiting: number | undefined;
      if (pause.kind === 'hold') await waitFor(() => h.emulator.heldCount() > 0, 'the held request');
      if (pause.kind === 'command') await waitFor(() => existsSync(join(markers, 'paused')), 'the paused command');
      if (pause.kind === 'pg-lock') {
        await waitFor(async () => {
          const r = await pgServer().sql(
            `SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'ALTER ROLE "${role}" PASSWORD%'`,
          );
          waiting = (r.rows[0] as { pid?: number } | undefined)?.pid;
          return waiting !== undefined;
        }, 'ALTER ROLE waiting on the lock');
      }
      child?.kill('SIGKILL');
      const result = await running;
      expect(result.signal, 'the run was killed').toBe('SIGKILL');
      if (pause.kind === 'hold') {
        // The held request is processed now, after the process died (as a request in flight at GitHub).
        await h.emulator.release();
        await waitFor(() => h.emulator.server.stats().inFlight === 0, 'the released request');
        await h.emulator.clearFaults();
      }
      if (pause.kind === 'command') process.kill(Number(readFileSync(join(markers, 'paused'), 'utf8')), 'SIGKILL');
      if (lock && waiting !== undefined) {
        if (pause.kind === 'pg-lock' && pause.then === 'terminate') {
          await pgServer().sql('SELECT pg_terminate_backend($1)', [waiting]);
        }
        await lock.query('ROLLBACK');
        await lock.end();
        const pid = waiting;
        await waitFor(
          async () => (await pgServer().sql('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount === 0,
          'the orphaned backend to end',
        );
      }
      rmSync(markers, { recursive: true, force: true });
      await remember(name);
      return result;
    }

    /** What GitHub holds works at the target, for both instances; single-user: else the pending value does. */
    async function expectNoLockOut(i: number, title: string): Promise<void> {
      const name = `S${i}`;
      const all = await h.secrets();
      for (const inst of INSTANCES) {
        for (const get of destinations(name, inst)) {
          const held = get(all);
          const ok = await works(i, inst, held);
          if (kind !== 'single-user') {
            expect(ok, `${inst}: GitHub's value works at the target (${title})`).toBe(true);
            continue;
          }
          const pending = destinations(`${name}_PENDING`, inst)[0]?.(all);
          const pendingOk = await works(i, inst, pending);
          expect(ok || pendingOk, `${inst}: GitHub's value or the pending value logs in (${title})`).toBe(true);
          if (!ok && inst === 'production') window.add(title);
        }
      }
    }

    /** The recovery run as the README's workflows run it. */
    async function recoveryInputs(i: number): Promise<Record<string, string | boolean>> {
      if (kind === 'alternating-users' || kind === 'deploy-key') return inputs(i);
      const all = await h.secrets();
      const pending = INSTANCES.map((inst) => destinations(`S${i}_PENDING`, inst)[0]?.(all)).filter(
        (v): v is string => v !== undefined,
      );
      return inputs(i, { 'pending-values': JSON.stringify(pending) });
    }

    for (const [i, scenario] of list.entries()) {
      it(scenario.title, async () => {
        const name = `S${i}`;
        await interrupted(i, scenario.pause, inputs(i, { force: true }));
        await expectNoLockOut(i, scenario.title);
        if (scenario.recoveryPause) {
          await interrupted(i, scenario.recoveryPause, await recoveryInputs(i));
          await expectNoLockOut(i, `${scenario.title}, then the recovery run killed`);
        }
        if (scenario.mixed && kind === 'alternating-users') {
          // GitHub never returns a value: only the pending value completes this without a lock-out.
          const refused = await h.run(inputs(i));
          expect(refused.exitCode).toBe(1);
          const failed = parseJson<{ instance: string; phase: string; reason: string }[]>(refused.outputs.failed);
          expect(failed.map((f) => [f.instance, f.phase])).toEqual([['production', 'recover']]);
          expect(failed[0]?.reason).toContain(`pending-values: \${{ secrets.${name}_PENDING }}`);
          await expectNoLockOut(i, `${scenario.title}, then the recovery run without the pending value`);
        }
        const recovery = await h.run(
          scenario.mixed && kind === 'alternating-users'
            ? inputs(i, {
                'pending-values': destinations(`${name}_PENDING`, 'production')[0]?.(await h.secrets()) ?? '',
              })
            : await recoveryInputs(i),
        );
        await remember(name);
        expect(recovery.exitCode, recovery.stdout + recovery.stderr).toBe(0);
        await expectNoLockOut(i, `${scenario.title}, after the recovery run`);

        const all = await h.secrets();
        for (const inst of INSTANCES) {
          const held = destinations(name, inst).map((get) => get(all));
          expect(new Set(held).size, `${inst}: one value at every destination`).toBe(1);
          expect(await works(i, inst, held[0]), `${inst}: the value GitHub holds works`).toBe(true);
          for (const get of destinations(`${name}_PENDING`, inst))
            expect(get(all), `${inst}: no pending copy left`).toBeUndefined();
          const state = parseJson<{ phase: string; retiring: { fingerprint: string; after: string }[] }>(
            await h.variable(stateVar(name, inst)),
          );
          expect(state.phase).toBe('idle');
          const s = seeded.get(`${i}/${inst}`);
          if (!s) throw new Error('not seeded');
          // The credential whose grace period was over is retired; the one GitHub held before this
          // rotation is retiring, after its grace period, and still works until then.
          expect(state.retiring.map((r) => r.fingerprint)).not.toContain(fingerprint(FINGERPRINT_KEY, s.old));
          const previous = state.retiring.find((r) => r.fingerprint === fingerprint(FINGERPRINT_KEY, s.current));
          expect(previous, `${inst}: the previous credential is retiring`).toBeDefined();
          expect(Date.parse(previous?.after ?? '')).toBeGreaterThan(Date.now());
          if (kind === 'single-user') {
            // One role, one password: the previous value stops at once (no grace is possible).
            expect(await works(i, inst, s.current)).toBe(false);
          } else {
            expect(
              await works(i, inst, s.current),
              `${inst}: the previous credential works within its grace period`,
            ).toBe(true);
          }
          if (kind === 'deploy-key' || kind === 'command') {
            expect(await works(i, inst, s.old), `${inst}: the retired credential was removed`).toBe(false);
          }
        }
        h.emulator.assertNoViolations();
      });
    }

    it(
      kind === 'single-user'
        ? 'the window is exactly the documented one'
        : 'there is no window: GitHub’s value always works',
      () => {
        const expected =
          kind === 'single-user'
            ? [
                ...list.filter((s) => s.window).map((s) => s.title),
                ...list.filter((s) => s.recoveryWindow).map((s) => `${s.title}, then the recovery run killed`),
              ]
            : [];
        expect([...window].sort()).toEqual([...expected].sort());
      },
    );

    it('leaked no value, token, key or password anywhere a run leaves something', async () => {
      expect(values.size).toBeGreaterThan(list.length);
      await expectNoLeaks(
        h,
        [...values].filter((v) => !v.startsWith('initial-') && !v.includes('"initial-')),
        getPg() ? { pg: pgServer() } : {},
      );
    });
  });
}
