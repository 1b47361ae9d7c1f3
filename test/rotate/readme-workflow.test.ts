/**
 * The README's scheduled rotation workflow (rotate.yml), run step by step as GitHub would run it:
 * its rotate-secret step's `with:` and `env:` taken from the README, `${{ secrets.* }}` filled in,
 * against the emulator and a real PostgreSQL, with every audit sink it names plus an http collector
 * and a real rsyslog for the leak check.
 *
 * - A scheduled run killed after the idle role's password changed, before GitHub's secret was
 *   written, is completed or rolled back by the workflow's next run with no person's help and no
 *   `pending-values`; what GitHub holds logs in after every step.
 * - Forcing a rotation (workflow_dispatch, force: true) within `grace` of the first rotation is
 *   refused: the role that was current before it keeps working for its grace period.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startPostgres, type PostgresServer } from '../support/postgres.ts';
import { REPO_ROOT, type RunResult } from '../support/runner.ts';
import {
  FINGERPRINT_KEY,
  LEDGER_TOKEN,
  TOKEN,
  expectNoLeaks,
  filesUnder,
  parseJson,
  startHarness,
  type Harness,
} from './helpers.ts';

interface Step {
  uses?: string;
  with?: Record<string, string | boolean>;
  env?: Record<string, string>;
}

/** The rotate-secret step of the README's rotate.yml. */
function readmeStep(): Step {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const block = /<!-- workflow:rotate\.yml:start -->\s*```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README.md has no rotate.yml workflow');
  const workflow = parseYaml(block) as { jobs: Record<string, { steps: Step[]; environment?: unknown }> };
  const job = workflow.jobs.rotate;
  expect(job, 'the workflow has a rotate job').toBeDefined();
  // A scheduled job with an environment would wait for its reviewers: the workflow has none.
  expect(job?.environment).toBeUndefined();
  const step = job?.steps.find((s) => s.uses?.includes('/actions/rotate-secret@'));
  if (!step?.with) throw new Error('rotate.yml has no rotate-secret step');
  return step;
}

const README_SECRETS = (pg: PostgresServer): Record<string, string> => ({
  SECRETS_ADMIN_TOKEN: TOKEN,
  STAGING_PG_ADMIN_URL: pg.adminUrl,
  PRODUCTION_PG_ADMIN_URL: pg.adminUrl,
  SECRET_FINGERPRINT_KEY: FINGERPRINT_KEY,
  AUDIT_LEDGER_TOKEN: LEDGER_TOKEN,
});

/** `${{ ... }}` as GitHub evaluates it for this workflow; anything else fails the test. */
function evaluate(text: string, secrets: Record<string, string>, force: boolean): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    const secret = /^secrets\.([A-Z0-9_]+)$/.exec(expr);
    if (secret?.[1] !== undefined) {
      const v = secrets[secret[1]];
      if (v === undefined) throw new Error(`the test does not provide secrets.${secret[1]}`);
      return v;
    }
    if (expr === 'inputs.force || false') return String(force);
    throw new Error(`the test cannot evaluate '${expr}' in rotate.yml`);
  });
}

let pg: PostgresServer;
let h: Harness;
let step: Step;
const values = new Set<string>();
const ROLES = ['shop_staging_a', 'shop_staging_b', 'shop_production_a', 'shop_production_b'];
const STATE = (inst: string): string => `DB_CREDENTIALS_ROTATION_${inst.toUpperCase()}`;

beforeAll(async () => {
  step = readmeStep();
  pg = await startPostgres();
  for (const role of ROLES) await pg.sql(`CREATE ROLE ${role} LOGIN PASSWORD 'initial-${role}'`);
  h = await startHarness({ sinks: true });
  const old = { created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-01T00:00:00Z' };
  const initial = (inst: string): string =>
    JSON.stringify({ username: `shop_${inst}_a`, password: `initial-shop_${inst}_a` });
  await h.emulator.seed({
    repos: [
      {
        full_name: 'acme/app',
        environments: ['staging', 'production'].map((inst) => ({
          name: inst,
          secrets: [{ name: 'DB_CREDENTIALS', value: initial(inst), ...old }],
        })),
      },
    ],
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
  await pg?.close();
});

/** One run of the README's step: a scheduled run, or workflow_dispatch with `force`. */
async function runStep(
  options: { force?: boolean; runId?: string; onSpawn?: (c: ChildProcess) => void } = {},
): Promise<RunResult> {
  const secrets = README_SECRETS(pg);
  const inputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(step.with ?? {}))
    inputs[k] = evaluate(String(v), secrets, options.force ?? false);
  const env: Record<string, string> = { GITHUB_RUN_ID: options.runId ?? '5001' };
  for (const [k, v] of Object.entries(step.env ?? {})) env[k] = evaluate(v, secrets, false);
  const sinks = h.sinks;
  if (!sinks) throw new Error('the harness has sinks');
  // The README's sinks (a file in the workspace, the ledger), plus the test's own for the leak check.
  inputs['audit-log'] = [
    inputs['audit-log'] ?? '',
    `file ${h.auditPath}`,
    `http ${sinks.http.url} key-env=AUDIT_HMAC_KEY`,
    `syslog 127.0.0.1:${sinks.syslog.tcpPort}`,
  ].join('\n');
  const run = await h.run(inputs, {
    eventName: options.force === undefined ? 'schedule' : 'workflow_dispatch',
    env,
    ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
  });
  await remember();
  return run;
}

async function held(inst: string): Promise<string | undefined> {
  return h.envSecret(inst, 'DB_CREDENTIALS');
}

async function remember(): Promise<void> {
  for (const inst of ['staging', 'production']) {
    for (const name of ['DB_CREDENTIALS', 'DB_CREDENTIALS_PENDING']) {
      const v = await h.envSecret(inst, name);
      if (!v) continue;
      values.add(v);
      values.add(parseJson<{ password: string }>(v).password);
    }
  }
}

async function expectGitHubLogsIn(when: string): Promise<void> {
  for (const inst of ['staging', 'production']) {
    const doc = parseJson<{ username: string; password: string }>(await held(inst));
    expect(await pg.canLogin(doc.username, doc.password), `${inst}: GitHub's value logs in ${when}`).toBe(true);
  }
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The week between two scheduled runs: the interrupted run's claim on the rotation (6 h) has lapsed. */
async function aWeekLater(inst: string): Promise<void> {
  const state = parseJson<{ pending: { since: string } }>(await h.variable(STATE(inst)));
  const since = new Date(Date.parse(state.pending.since) - 7 * 86_400_000).toISOString();
  const r = await fetch(`${h.emulator.url}/repos/acme/app/actions/variables/${STATE(inst)}`, {
    method: 'PATCH',
    headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ value: JSON.stringify({ ...state, pending: { ...state.pending, since } }) }),
  });
  expect(r.status).toBe(204);
}

/** A scheduled run SIGKILLed while the emulator holds a request of production's rotation. */
async function killedAt(
  method: string,
  pathPattern: string,
  when: 'before' | 'after',
  run: { runId: string; force?: boolean },
  holds = 1,
): Promise<void> {
  await h.emulator.clearFaults();
  await h.emulator.addFault({ method, pathPattern, kind: 'hold', when, times: holds });
  let child: ChildProcess | undefined;
  const running = runStep({ ...run, onSpawn: (c) => (child = c) });
  await waitFor(() => h.emulator.heldCount() === holds, 'the held requests');
  child?.kill('SIGKILL');
  expect((await running).signal).toBe('SIGKILL');
  // The held request reaches GitHub after the process died, as one in flight would.
  await h.emulator.release();
  await waitFor(() => h.emulator.server.stats().inFlight === 0, 'the released request');
  await h.emulator.clearFaults();
  await remember();
}

describe("the README's rotate.yml", () => {
  it('a run killed after the idle role changed, before GitHub was written, is finished by the next scheduled run without a person', async () => {
    // Scheduled run 1: killed once both instances' promotion is recorded, before their secrets are written.
    await killedAt(
      'PATCH',
      '^/repos/acme/app/actions/variables/DB_CREDENTIALS_ROTATION_(STAGING|PRODUCTION)$',
      'before',
      { runId: '5001' },
      2,
    );
    for (const inst of ['staging', 'production']) {
      const interrupted = parseJson<{ phase: string; pending: { role: string } }>(await h.variable(STATE(inst)));
      expect(interrupted.phase).toBe('promoting');
      expect(interrupted.pending.role).toBe(`shop_${inst}_b`);
      // The idle role's password changed: the pending value logs in, the value GitHub holds too.
      const pending = parseJson<{ username: string; password: string }>(
        await h.envSecret(inst, 'DB_CREDENTIALS_PENDING'),
      );
      expect(await pg.canLogin(pending.username, pending.password)).toBe(true);
    }
    await expectGitHubLogsIn('after the kill');

    // The next scheduled run within 6 hours leaves the rotation to the run that may still be running.
    const early = await runStep({ runId: '5002' });
    expect(early.exitCode).toBe(1);
    const failed = parseJson<{ instance: string; phase: string; reason: string }[]>(early.outputs.failed);
    expect(failed.map((f) => [f.instance, f.phase])).toEqual([
      ['staging', 'load'],
      ['production', 'load'],
    ]);
    for (const f of failed) expect(f.reason).toMatch(/started rotating this instance .* may still be running/);
    await expectGitHubLogsIn('after a run that left the rotation alone');

    // A week later, the next scheduled run: no destination holds the new value, so the idle role is
    // rotated afresh; GitHub never held a value that does not log in.
    await aWeekLater('staging');
    await aWeekLater('production');
    const next = await runStep({ runId: '5003' });
    expect(next.exitCode, next.stdout + next.stderr).toBe(0);
    const rotated = parseJson<{ instance: string; role: string; reason: string }[]>(next.outputs.rotated);
    expect(rotated.map((r) => [r.instance, r.role, r.reason])).toEqual(
      ['staging', 'production'].map((inst) => [
        inst,
        `shop_${inst}_b`,
        "rotating afresh after a rotation interrupted in phase 'promoting'",
      ]),
    );
    expect(next.warnings.join('\n')).not.toMatch(/pending-values/);
    await expectGitHubLogsIn('after the next scheduled run');
    for (const inst of ['staging', 'production']) {
      expect(parseJson<{ phase: string }>(await h.variable(STATE(inst))).phase).toBe('idle');
      expect(await h.envSecret(inst, 'DB_CREDENTIALS_PENDING')).toBeUndefined();
      // The role GitHub held before the first rotation keeps working: it is retiring, after `grace`.
      expect(await pg.canLogin(`shop_${inst}_a`, `initial-shop_${inst}_a`)).toBe(true);
    }
  });

  it('a forced rotation within grace of the first rotation is refused; the previous role keeps working', async () => {
    const before = await h.variable(STATE('staging'));
    const forced = await runStep({ force: true, runId: '5004' });
    expect(forced.exitCode).toBe(1);
    const failed = parseJson<{ instance: string; phase: string; reason: string }[]>(forced.outputs.failed);
    expect(failed.map((f) => [f.instance, f.phase])).toEqual([
      ['staging', 'schedule'],
      ['production', 'schedule'],
    ]);
    expect(failed[0]?.reason).toMatch(
      /^Refusing the forced rotation: role 'shop_staging_a' was current until recently and may still be in use until .* \(grace\); rotating now would invalidate it inside its grace period\. Nothing was changed\./,
    );
    expect(await h.variable(STATE('staging'))).toBe(before);
    expect(await pg.canLogin('shop_staging_a', 'initial-shop_staging_a')).toBe(true);
    expect(await pg.canLogin('shop_production_a', 'initial-shop_production_a')).toBe(true);
    await expectGitHubLogsIn('after the refused forced rotation');
  });

  it('a run killed after the secret was written is completed by the next scheduled run without the pending value', async () => {
    // A month later (the state's times moved back): production's grace period is over and a
    // forced run rotates it again (staging's is refused, it was not moved); killed once GitHub
    // wrote production's secret, before the run heard back.
    const state = parseJson<{ current: { since: string }; retiring: { after: string }[] }>(
      await h.variable(STATE('production')),
    );
    const monthAgo = new Date(Date.parse(state.current.since) - 31 * 86_400_000).toISOString();
    const r = await fetch(`${h.emulator.url}/repos/acme/app/actions/variables/${STATE('production')}`, {
      method: 'PATCH',
      headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        value: JSON.stringify({
          ...state,
          current: { ...state.current, since: monthAgo },
          retiring: state.retiring.map((x) => ({ ...x, after: monthAgo })),
        }),
      }),
    });
    expect(r.status).toBe(204);
    await killedAt('PUT', '^/repos/acme/app/environments/production/secrets/DB_CREDENTIALS$', 'after', {
      runId: '5005',
      force: true,
    });
    expect(parseJson<{ phase: string }>(await h.variable(STATE('production'))).phase).toBe('promoting');
    await expectGitHubLogsIn('after the kill');
    await aWeekLater('production');
    const next = await runStep({ runId: '5006' });
    expect(next.exitCode, next.stdout + next.stderr).toBe(0);
    const rotated = parseJson<{ instance: string; role: string; reason: string }[]>(next.outputs.rotated);
    expect(rotated.map((x) => [x.instance, x.role, x.reason])).toEqual([
      [
        'production',
        'shop_production_a',
        "completing the rotation interrupted in phase 'promoting': every destination holds its value",
      ],
    ]);
    await expectGitHubLogsIn('after the next scheduled run');
    expect(await h.envSecret('production', 'DB_CREDENTIALS_PENDING')).toBeUndefined();
  });

  it('leaked nothing: no value, token, key or password in any output, file, sink, request or the server log', async () => {
    expect(values.size).toBeGreaterThan(4);
    await expectNoLeaks(
      h,
      [...values].filter((v) => !v.startsWith('initial-') && !v.includes('"initial-')),
      { pg },
    );
    // The README's own sinks recorded the rotations: its file in the workspace, its ledger.
    expect(h.runs.some((run) => run.exitCode === 0)).toBe(true);
    const ledger = (await h.emulator.requests()).filter(
      (q) => q.method === 'POST' && q.path === '/repos/acme/audit-log/git/commits',
    );
    expect(ledger.length).toBeGreaterThan(0);
    expect(filesUnder(h.dir).filter(([path]) => path.endsWith('/workspace/audit/events.jsonl')).length).toBeGreaterThan(
      0,
    );
  });
});
