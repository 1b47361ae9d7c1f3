/**
 * Faults other than a kill (those are in matrix.ts), for one PostgreSQL strategy: the emulator
 * answering 500, PostgreSQL stopped before or during a rotation, PostgreSQL down during the
 * recovery run. After each fault, a new run (with the pending value passed back where the strategy
 * needs it) leaves every destination holding one value that logs in.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultSpec } from '../support/github-emulator/index.ts';
import type { RunResult } from '../support/runner.ts';
import type { PostgresServer } from '../support/postgres.ts';
import { expectNoLeaks, parseJson, startHarness, type Harness } from './helpers.ts';

type Strategy = 'alternating-users' | 'single-user';

interface Doc {
  username: string;
  password: string;
}

interface Scenario {
  readonly title: string;
  /** Faults to add before the run (the `{name}` placeholder is the scenario's secret name). */
  readonly faults?: (name: string) => FaultSpec[];
  /** Kill the process once a request is held (then release it: it reaches GitHub after the process died). */
  readonly kill?: boolean;
  readonly stopPostgresBefore?: boolean;
  /** Stop PostgreSQL while a request is held, then release it and let the run go on. */
  readonly stopPostgresWhileHeld?: boolean;
  /** The phase the rotation state shows after the interruption. */
  readonly phaseAfter: 'pending' | 'promoting' | 'idle';
  /** PostgreSQL is down during the first recovery run; a later run (PostgreSQL up) completes. */
  readonly postgresDownDuringRecovery?: boolean;
}

const stateVar = (name: string): string => `${name}_ROTATION_PRODUCTION`;
const variablePath = (name: string): string => `^/repos/acme/app/actions/variables/${stateVar(name)}$`;
const pass = (n: number, name: string, method = 'PATCH'): FaultSpec[] =>
  Array.from({ length: n }, () => ({
    method,
    pathPattern: variablePath(name),
    kind: 'latency' as const,
    latencyMs: 0,
  }));

const SCENARIOS: readonly Scenario[] = [
  { title: 'PostgreSQL stopped before the password change', phaseAfter: 'idle', stopPostgresBefore: true },
  {
    title: 'PostgreSQL stopped while the pending secret write is held',
    phaseAfter: 'idle',
    faults: (name) => [{ method: 'PUT', pathPattern: `/secrets/${name}_PENDING$`, kind: 'hold' }],
    stopPostgresWhileHeld: true,
  },
  {
    title: 'the emulator answers 500 to the second destination (after retries)',
    phaseAfter: 'promoting',
    faults: (name) => [
      {
        method: 'PUT',
        pathPattern: `^/repos/acme/worker/actions/secrets/${name}$`,
        kind: 'status',
        status: 500,
        times: 4,
      },
    ],
  },
  {
    // The state is read at load, before set and before promotion: the third read is held.
    title: 'killed after set and test, before promotion; PostgreSQL down during the recovery run',
    phaseAfter: 'pending',
    faults: (name) => [...pass(2, name, 'GET'), { method: 'GET', pathPattern: variablePath(name), kind: 'hold' }],
    kill: true,
    postgresDownDuringRecovery: true,
  },
];

async function waitFor(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function defineFaultSuite(strategy: Strategy, getPg: () => PostgresServer | undefined): void {
  describe(`${strategy}: PostgreSQL or GitHub failing mid-rotation, completed by the next run`, () => {
    let pg: PostgresServer;
    let h: Harness;
    const values = new Set<string>();

    const rolesOf = (i: number): string[] =>
      strategy === 'alternating-users' ? [`f${i}_a`, `f${i}_b`] : [`f${i}_only`];

    beforeAll(async () => {
      const shared = getPg();
      if (!shared) throw new Error('the test file starts PostgreSQL');
      pg = shared;
      h = await startHarness();
      const repos = [{ full_name: 'acme/app', environments: [{ name: 'production' }] }, 'acme/worker'];
      await h.emulator.seed({ repos });
      for (const [i] of SCENARIOS.entries()) {
        const roles = rolesOf(i);
        for (const role of roles) await pg.sql(`CREATE ROLE ${role} LOGIN PASSWORD 'initial-${role}-pw'`);
        // GitHub holds a working value for the first role, updated long ago.
        const value = JSON.stringify({ username: roles[0], password: `initial-${roles[0]}-pw` });
        const old = { created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-01T00:00:00Z' };
        await h.emulator.seed({
          repos: [
            {
              full_name: 'acme/app',
              environments: [{ name: 'production', secrets: [{ name: `DB${i}`, value, ...old }] }],
            },
            { full_name: 'acme/worker', secrets: [{ name: `DB${i}`, value, ...old }] },
          ],
        });
      }
    }, 120_000);

    afterAll(async () => {
      await h?.close();
    });

    /** The values GitHub holds at both destinations. */
    async function held(name: string): Promise<(string | undefined)[]> {
      const all = await h.secrets();
      return [
        all.repos['acme/app']?.environments.production?.[name]?.value,
        all.repos['acme/worker']?.actions[name]?.value,
      ];
    }

    async function logsIn(value: string | undefined): Promise<boolean> {
      if (!value) return false;
      const doc = parseJson<Doc>(value);
      return pg.canLogin(doc.username, doc.password);
    }

    async function remember(name: string): Promise<void> {
      const all = await h.secrets();
      for (const v of [
        ...(await held(name)),
        all.repos['acme/app']?.environments.production?.[`${name}_PENDING`]?.value,
      ]) {
        if (!v) continue;
        values.add(v);
        values.add(parseJson<Doc>(v).password);
      }
    }

    function inputs(i: number, extra: Record<string, string | boolean> = {}): Record<string, string | boolean> {
      return {
        name: `DB${i}`,
        instances: 'production',
        destinations: 'production environment\nproduction repository acme/worker',
        target: 'postgres',
        'postgres-url': pg.adminUrl,
        'postgres-strategy': strategy,
        'postgres-roles': rolesOf(i).join(' '),
        grace: '0',
        ...extra,
      };
    }

    for (const [i, scenario] of SCENARIOS.entries()) {
      it(scenario.title, async () => {
        const name = `DB${i}`;
        await h.emulator.clearFaults();
        for (const f of scenario.faults?.(name) ?? []) await h.emulator.addFault(f);
        if (scenario.stopPostgresBefore) await pg.stop();

        // The interrupted run.
        let child: ChildProcess | undefined;
        const running = h.run(inputs(i, { force: true }), { onSpawn: (c) => (child = c) });
        if (scenario.kill || scenario.stopPostgresWhileHeld) {
          await waitFor(() => h.emulator.heldCount() > 0, 'the held request');
          if (scenario.kill) child?.kill('SIGKILL');
          if (scenario.stopPostgresWhileHeld) await pg.stop();
          await h.emulator.release();
        }
        const interrupted: RunResult = await running;
        await h.emulator.clearFaults();
        if (pg && (scenario.stopPostgresBefore || scenario.stopPostgresWhileHeld)) await pg.start();
        if (scenario.kill) expect(interrupted.signal, 'the run was killed mid-rotation').toBe('SIGKILL');
        else expect(interrupted.exitCode, interrupted.stdout).toBe(1);
        await remember(name);
        expect(
          parseJson<{ phase: string }>(await h.variable(stateVar(name))).phase,
          'phase after the interruption',
        ).toBe(scenario.phaseAfter);

        // alternating-users has no window: whatever GitHub holds logs in, at every destination, right now.
        const during = await held(name);
        if (strategy === 'alternating-users') {
          for (const v of during) expect(await logsIn(v), 'GitHub’s value logs in after the interruption').toBe(true);
        }

        // The next run: the workflow passes the pending value back (`${{ secrets.DB_PENDING }}`).
        const pending =
          (await h.secrets()).repos['acme/app']?.environments.production?.[`${name}_PENDING`]?.value ?? '';
        if (scenario.postgresDownDuringRecovery) {
          await pg.stop();
          const down = await h.run(inputs(i, { 'pending-values': pending }));
          await pg.start();
          expect(down.exitCode, down.stdout + down.stderr).toBe(1);
          const reason = parseJson<{ phase: string; reason: string }[]>(down.outputs.failed)[0];
          expect(reason?.phase).toBe('set');
          expect(reason?.reason).toMatch(/is not reachable/);
          const stored = (await h.secrets()).repos['acme/app']?.environments.production;
          if (strategy === 'single-user') {
            // The pending password may be the only one that logs in: kept, with the state, for the next run.
            expect(reason?.reason).toMatch(/nothing is rolled back: the rotation stays pending/);
            expect(reason?.reason).toContain(`pass 'pending-values: \${{ secrets.${name}_PENDING }}'`);
            const kept = parseJson<{ phase: string; pending: { startedBy?: string } }>(
              await h.variable(stateVar(name)),
            );
            expect(kept.phase).toBe('pending');
            expect(kept.pending.startedBy, 'released for the next run').toBeUndefined();
            expect(stored?.[`${name}_PENDING`]?.value).toBe(pending);
            expect(await logsIn(pending), 'the pending value logs in').toBe(true);
          } else {
            // alternating-users: GitHub's value still logs in, so the rotation is rolled back.
            expect(reason?.reason).toMatch(/rolled back; the current value is unchanged/);
            expect(parseJson<{ phase: string }>(await h.variable(stateVar(name))).phase).toBe('idle');
            for (const v of await held(name)) expect(await logsIn(v)).toBe(true);
          }
        }
        const recovery = await h.run(
          inputs(i, { 'pending-values': pending }),
          // The failed recovery run released its rotation: another run (not only a re-run) takes it over.
          scenario.postgresDownDuringRecovery ? { env: { GITHUB_RUN_ID: '2002' } } : {},
        );
        expect(recovery.exitCode, recovery.stdout + recovery.stderr).toBe(0);
        await remember(name);

        // Every destination holds the same value, it logs in, the state is idle, no pending copy is left.
        const after = await held(name);
        expect(after[0]).toBeDefined();
        expect(after[1]).toBe(after[0]);
        expect(await logsIn(after[0]), 'the value GitHub holds logs in').toBe(true);
        expect(parseJson<{ phase: string }>(await h.variable(stateVar(name))).phase).toBe('idle');
        expect((await h.secrets()).repos['acme/app']?.environments.production?.[`${name}_PENDING`]).toBeUndefined();
        // A rotation left in flight is completed with the pending value passed back (an audited read),
        // which GitHub then holds: consumers that already read it keep working. One left idle is
        // simply rotated.
        // alternating-users rolls back when PostgreSQL is down during recovery: the next run rotates afresh.
        const completes =
          scenario.phaseAfter !== 'idle' && !(scenario.postgresDownDuringRecovery && strategy === 'alternating-users');
        const reason = parseJson<{ reason: string }[]>(recovery.outputs.rotated)[0]?.reason ?? '';
        expect(reason.startsWith('completing'), reason).toBe(completes);
        const reads = h
          .auditText()
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { action: string; target: { name?: string }; details: { source?: string } })
          .filter((e) => e.action === 'secret.read' && e.target.name === `${name}_PENDING`);
        // Every run that was given the pending value of the rotation in flight read it (the run
        // that failed with PostgreSQL down too).
        const given = (completes ? 1 : 0) + (scenario.postgresDownDuringRecovery ? 1 : 0);
        expect(reads.map((r) => r.details.source)).toEqual(Array<string>(given).fill('input pending-values'));
        expect(after[0] === pending, 'GitHub holds the pending value passed back').toBe(completes);
        h.emulator.assertNoViolations();
      });
    }

    it('leaked no value, token, key or password anywhere a run leaves something', async () => {
      expect(values.size).toBeGreaterThan(SCENARIOS.length);
      await expectNoLeaks(
        h,
        [...values].filter((v) => !v.startsWith('initial-') && !v.includes('"initial-')),
        { pg },
      );
    });
  });
}
