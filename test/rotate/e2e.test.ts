/**
 * rotate-secret end to end: the committed bundle run like the runner runs it, against the GitHub
 * API emulator (which decrypts what it is sent) and a real PostgreSQL. What GitHub holds is read
 * back and used to log in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/secrets/fingerprint.ts';
import { startPostgres, type PostgresServer } from '../support/postgres.ts';
import {
  FINGERPRINT_KEY,
  TOKEN,
  expectMaskedFirst,
  expectNoLeaks,
  parseJson,
  startHarness,
  withoutMasks,
  type Harness,
} from './helpers.ts';

interface DbDoc {
  username: string;
  password: string;
}
interface Rotated {
  instance: string;
  fingerprint: string;
  role?: string;
  destinations: string[];
}
interface Failed {
  instance: string;
  phase: string;
  reason: string;
}

let pg: PostgresServer;
let h: Harness;
/** Every value any run generated, for the leak check at the end. */
const values = new Set<string>();

async function remember(...docs: (string | undefined)[]): Promise<void> {
  for (const d of docs) {
    if (!d) continue;
    values.add(d);
    try {
      const parsed = JSON.parse(d) as Partial<DbDoc>;
      if (typeof parsed.password === 'string') values.add(parsed.password);
    } catch {
      const m = /^postgresql:\/\/[^:]+:([^@]+)@/.exec(d);
      if (m?.[1]) values.add(decodeURIComponent(m[1]));
    }
  }
  await Promise.resolve();
}

beforeAll(async () => {
  pg = await startPostgres();
  for (const role of ['app_production_a', 'app_production_b', 'app_staging_a', 'app_staging_b', 'app_single']) {
    await pg.sql(`CREATE ROLE ${role} LOGIN PASSWORD 'initial-${role}'`);
  }
  h = await startHarness();
  await h.emulator.seed({
    orgs: [
      {
        login: 'acme',
        secrets: [
          {
            name: 'SHARED_KEY',
            value: 'initial-shared-value',
            visibility: 'selected',
            selected_repositories: ['acme/app', 'acme/worker'],
          },
        ],
      },
    ],
    repos: [
      { full_name: 'acme/app', environments: [{ name: 'production' }, { name: 'staging' }, { name: 'broken' }] },
      'acme/worker',
      'acme/other',
    ],
    tokens: [
      {
        token: 'ghs_readonly',
        login: 'reader',
        permissions: { secrets: 'read', variables: 'write', environments: 'read' },
      },
    ],
  });
}, 120_000);

afterAll(async () => {
  await h?.emulator.close();
  await pg?.close();
});

const alternating = {
  name: 'DB',
  instances: 'production\nstaging',
  destinations: 'production environment\nproduction repository acme/worker\nstaging environment',
  target: 'postgres',
  'postgres-strategy': 'alternating-users',
  'postgres-roles': 'app_{instance}_a app_{instance}_b',
  grace: '0',
};

describe('rotate-secret against the emulator and PostgreSQL', () => {
  it('alternating-users: every destination gets its instance’s value, which logs in; the previous role keeps working', async () => {
    const first = await h.run({ ...alternating, 'postgres-url': pg.adminUrl });
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    const rotated = parseJson<Rotated[]>(first.outputs.rotated);
    expect(rotated.map((r) => [r.instance, r.role])).toEqual([
      ['production', 'app_production_b'],
      ['staging', 'app_staging_b'],
    ]);
    const prod = await h.envSecret('production', 'DB');
    const worker = await h.repoSecret('DB', 'acme/worker');
    const staging = await h.envSecret('staging', 'DB');
    await remember(prod, staging);
    expect(worker).toBe(prod);
    expect(staging).not.toBe(prod);
    const p = parseJson<DbDoc>(prod);
    const s = parseJson<DbDoc>(staging);
    expect(await pg.canLogin(p.username, p.password)).toBe(true);
    expect(await pg.canLogin(s.username, s.password)).toBe(true);
    // Fingerprints: in the outputs and in a variable per instance; no pending secret left behind.
    expect(rotated[0]?.fingerprint).toBe(fingerprint(FINGERPRINT_KEY, prod ?? ''));
    expect(await h.variable('DB_FINGERPRINT_PRODUCTION')).toBe(fingerprint(FINGERPRINT_KEY, prod ?? ''));
    expect(
      parseJson<{ phase: string; current: { role: string } }>(await h.variable('DB_ROTATION_PRODUCTION')),
    ).toMatchObject({
      phase: 'idle',
      current: { role: 'app_production_b' },
    });
    expect(await h.envSecret('production', 'DB_PENDING')).toBeUndefined();
    expect(first.summary).toContain('Secret rotation: DB');
    expect(first.summary).toContain('production');

    // Young secrets are skipped.
    const second = await h.run({ ...alternating, 'postgres-url': pg.adminUrl });
    expect(second.exitCode).toBe(0);
    expect(parseJson<{ reason: string }[]>(second.outputs.skipped).map((s) => s.reason)).toEqual([
      expect.stringMatching(/younger than max-age 30d/),
      expect.stringMatching(/younger than max-age 30d/),
    ]);

    // A dry run says what it would do and changes nothing.
    const dry = await h.run({ ...alternating, 'postgres-url': pg.adminUrl, force: true, 'dry-run': true });
    expect(dry.exitCode).toBe(0);
    expect(parseJson<{ reason: string }[]>(dry.outputs.skipped)[0]?.reason).toMatch(
      /^dry-run: would rotate \(forced\)/,
    );
    expect(await h.envSecret('production', 'DB')).toBe(prod);

    // Forced: the other role gets a new password; the previous one still logs in.
    const third = await h.run({ ...alternating, 'postgres-url': pg.adminUrl, force: true });
    expect(third.exitCode, third.stdout).toBe(0);
    const prod2 = await h.envSecret('production', 'DB');
    await remember(prod2, await h.envSecret('staging', 'DB'));
    const p2 = parseJson<DbDoc>(prod2);
    expect(p2.username).toBe('app_production_a');
    expect(await pg.canLogin(p2.username, p2.password)).toBe(true);
    expect(await pg.canLogin(p.username, p.password)).toBe(true);
    expect(await h.repoSecret('DB', 'acme/worker')).toBe(prod2);

    // Audit: a write event per destination, with fingerprints; no values.
    const events = h
      .auditText()
      .trim()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { action: string; target: { name: string; scope: string }; fingerprint: string | null },
      );
    const writes = events.filter((e) => e.action === 'secret.write' && e.target.name === 'DB');
    expect(writes).toHaveLength(6);
    expect(writes.every((e) => e.fingerprint?.startsWith('hmac-sha256:'))).toBe(true);
    expect(events.filter((e) => e.action === 'secret.write' && e.target.name === 'DB_PENDING')).toHaveLength(4);
    // Every value was masked in the run that made it.
    expectMaskedFirst(first, prod ?? '', 'production');
    expectMaskedFirst(first, p.password, 'production');
    expectMaskedFirst(first, staging ?? '', 'staging');
    expectMaskedFirst(third, prod2 ?? '', 'production');
    expectMaskedFirst(third, p2.password, 'production');
    h.emulator.assertNoViolations();
  });

  it('single-user: one role, the secret as a URL; the new password logs in', async () => {
    const run = await h.run({
      name: 'DB_URL',
      instances: 'repository',
      target: 'postgres',
      'postgres-url': pg.adminUrl,
      'postgres-strategy': 'single-user',
      'postgres-roles': 'app_single',
      'postgres-secret-format': 'url',
      alphabet: 'password',
      length: '24',
    });
    expect(run.exitCode, run.stdout).toBe(0);
    const url = await h.repoSecret('DB_URL');
    await remember(url);
    const u = new URL(url ?? '');
    expect(decodeURIComponent(u.username)).toBe('app_single');
    expect(await pg.canLogin('app_single', decodeURIComponent(u.password))).toBe(true);
    expect(await pg.canLogin('app_single', 'initial-app_single')).toBe(false);
  });

  it('organization secrets keep their visibility and selected repositories; Dependabot secrets are written too', async () => {
    const before = (await h.secrets()).orgs.acme?.SHARED_KEY;
    expect(before?.visibility).toBe('selected');
    const run = await h.run({
      name: 'SHARED_KEY',
      instances: 'organization\nrepository',
      destinations: 'organization organization\nrepository repository acme/other\nrepository dependabot acme/other',
      alphabet: 'base64url',
      length: '48',
      force: true,
    });
    expect(run.exitCode, run.stdout).toBe(0);
    const all = await h.secrets();
    const after = all.orgs.acme?.SHARED_KEY;
    await remember(after?.value, all.repos['acme/other']?.actions.SHARED_KEY?.value);
    expect(after?.value).not.toBe('initial-shared-value');
    expect(after?.value).toMatch(/^[A-Za-z0-9_-]{48}$/);
    expect(after?.visibility).toBe('selected');
    expect(after?.selected_repository_ids?.slice().sort()).toEqual(before?.selected_repository_ids?.slice().sort());
    expect(all.repos['acme/other']?.dependabot.SHARED_KEY?.value).toBe(
      all.repos['acme/other']?.actions.SHARED_KEY?.value,
    );
    expect(all.repos['acme/other']?.actions.SHARED_KEY?.value).not.toBe(after?.value);
    h.emulator.assertNoViolations();
  });

  it('bad destinations and a refused admin login fail their instance with a reason; the others rotate; nothing is locked out', async () => {
    // A public key of the wrong length for the 'broken' environment.
    const env = h.emulator.server.state.getRepo('acme', 'app')?.environments.get('broken');
    expect(env).toBeDefined();
    await h.run({ name: 'PROBE', instances: 'broken', 'max-age': '0' }); // creates its key pair
    if (env?.key) env.key = { ...env.key, key: Buffer.alloc(31, 7).toString('base64') };
    const before = await h.envSecret('production', 'DB');
    const run = await h.run({
      ...alternating,
      instances: 'production\nstaging\nghost\nbroken',
      destinations:
        'production environment\nproduction repository acme/worker\nstaging environment\nghost environment\nbroken environment',
      'postgres-url': `production=${pg.adminUrl}\nstaging=${pg.url(pg.adminUser, 'not-the-admin-password')}\nghost=${pg.adminUrl}\nbroken=${pg.adminUrl}`,
      force: true,
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    const failed = parseJson<Failed[]>(run.outputs.failed);
    expect(failed.map((f) => f.instance)).toEqual(['staging', 'ghost', 'broken']);
    expect(failed[0]?.reason).toMatch(/refused the admin login/);
    expect(failed[1]?.reason).toMatch(/Environment 'ghost' does not exist/);
    expect(failed[2]?.reason).toMatch(/31 bytes, not 32/);
    expect(run.errors[0]).toContain('3 of 4 instance(s) failed');
    expect(withoutMasks(run.everything)).not.toContain('not-the-admin-password');
    const prod = await h.envSecret('production', 'DB');
    await remember(prod);
    expect(prod).not.toBe(before);
    // Staging was not touched and still logs in with what GitHub holds.
    const s = parseJson<DbDoc>(await h.envSecret('staging', 'DB'));
    expect(await pg.canLogin(s.username, s.password)).toBe(true);
    const p = parseJson<DbDoc>(prod);
    expect(await pg.canLogin(p.username, p.password)).toBe(true);
  });

  it('a failing generator command and a token without secrets write fail with a reason and change nothing', async () => {
    const failing = await h.run({
      name: 'CMD',
      instances: 'repository',
      generator: 'command',
      'generator-command': 'echo oops >&2; exit 4',
    });
    expect(failing.exitCode).toBe(1);
    expect(parseJson<Failed[]>(failing.outputs.failed)[0]?.reason).toMatch(/generator command exited with status 4/);

    const s = parseJson<DbDoc>(await h.envSecret('staging', 'DB'));
    const readonly = await h.run(
      {
        ...alternating,
        instances: 'staging',
        destinations: 'staging environment',
        'postgres-url': pg.adminUrl,
        force: true,
      },
      { token: 'ghs_readonly' },
    );
    expect(readonly.exitCode).toBe(1);
    const reason = parseJson<Failed[]>(readonly.outputs.failed)[0]?.reason ?? '';
    expect(reason).toMatch(
      /GitHub refused writing secret DB_PENDING in environment acme\/app:staging \(403.*The token needs the permission/,
    );
    expect(reason).toContain('the current value is unchanged');
    expect(parseJson<{ phase: string }>(await h.variable('DB_ROTATION_STAGING')).phase).toBe('idle');
    const after = parseJson<DbDoc>(await h.envSecret('staging', 'DB'));
    expect(after).toEqual(s);
    expect(await pg.canLogin(after.username, after.password)).toBe(true);
  });

  it('deploy-key: adds the new public key, stores the private key, removes the previous key after the grace period', async () => {
    const inputs = {
      name: 'DEPLOY_KEY',
      instances: 'repository',
      generator: 'ssh-ed25519',
      target: 'deploy-key',
      grace: '0',
      force: true,
    };
    const first = await h.run(inputs);
    expect(first.exitCode, first.stdout).toBe(0);
    const key1 = await h.repoSecret('DEPLOY_KEY');
    await remember(key1);
    expect(key1).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----/);
    const second = await h.run(inputs);
    expect(second.exitCode, second.stdout).toBe(0);
    const key2 = await h.repoSecret('DEPLOY_KEY');
    await remember(key2);
    const keys = h.emulator.server.state.getRepo('acme', 'app')?.deployKeys ?? [];
    const list = [...(keys instanceof Map ? keys.values() : keys)] as { title: string }[];
    expect(list).toHaveLength(1);
    expect(list[0]?.title).toMatch(/^secure-deploy DEPLOY_KEY repository [0-9a-f]{12}$/);
  });

  it('command target: called once per phase with a JSON document on standard input, never with the value in argv', async () => {
    const dir = (await import('node:fs')).mkdtempSync(`${(await import('node:os')).tmpdir()}/sd-cmd-`);
    const log = `${dir}/phases.log`;
    // Records the phase and whether the value arrived on stdin (not the value itself).
    const script = `doc=$(cat); phase=$(printf %s "$doc" | sed 's/.*"phase":"\\([a-z]*\\)".*/\\1/'); case "$doc" in *'"value":"'*) v=with-value;; *) v=no-value;; esac; echo "$phase $v $#" >> ${log}`;
    const run = await h.run({
      name: 'API_KEY',
      instances: 'repository',
      target: 'command',
      'target-command': script,
      grace: '0',
      force: true,
    });
    expect(run.exitCode, run.stdout).toBe(0);
    await remember(await h.repoSecret('API_KEY'));
    const again = await h.run({
      name: 'API_KEY',
      instances: 'repository',
      target: 'command',
      'target-command': script,
      grace: '0',
      force: true,
    });
    expect(again.exitCode).toBe(0);
    await remember(await h.repoSecret('API_KEY'));
    const phases = (await import('node:fs')).readFileSync(log, 'utf8').trim().split('\n');
    expect(phases).toEqual([
      'create with-value 0',
      'set with-value 0',
      'test with-value 0',
      'create with-value 0',
      'set with-value 0',
      'test with-value 0',
      'finish no-value 0',
    ]);
  });

  it('user commands get no INPUT_* or ACTIONS_* variable: no token, key, admin URL or pending value in their environment', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const dir = mkdtempSync(`${(await import('node:os')).tmpdir()}/sd-env-`);
    const pendingValue = 'pending-value-passed-back-0123456789';
    const runtimeToken = 'actions-runtime-token-0123456789';
    const run = await h.run(
      {
        name: 'ENV_PROBE',
        instances: 'repository',
        generator: 'command',
        'generator-command': `env > ${dir}/generator.env; printf 'generated-%s' "$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"`,
        target: 'command',
        'target-command': `cat >/dev/null; env > ${dir}/target-$$.env`,
        'pending-values': pendingValue,
        'postgres-url': pg.adminUrl,
        grace: '0',
        force: true,
      },
      { env: { ACTIONS_RUNTIME_TOKEN: runtimeToken, ACTIONS_CACHE_URL: 'https://cache.invalid/' } },
    );
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const value = await h.repoSecret('ENV_PROBE');
    await remember(value);
    expect(value).toMatch(/^generated-[0-9a-f]{24}$/);
    const files = (await import('node:fs')).readdirSync(dir);
    expect(files.filter((f) => f.startsWith('target-'))).toHaveLength(3); // create, set, test
    expect(files).toContain('generator.env');
    for (const f of files) {
      const env = readFileSync(`${dir}/${f}`, 'utf8');
      expect(env, f).toMatch(/^PATH=/m);
      expect(env, f).toMatch(/^HOME=/m);
      expect(env, f).not.toMatch(/^(INPUT|ACTIONS)_/im);
      for (const secret of [TOKEN, pendingValue, runtimeToken, FINGERPRINT_KEY, pg.adminPassword, value ?? '']) {
        expect(env.includes(secret), `${f} holds a secret`).toBe(false);
      }
    }
  });

  it('refuses to touch a rotation another run started less than 6 hours ago; a re-run of that run or a later run after 6 hours takes it over', async () => {
    const { mkdtempSync, readFileSync, existsSync } = await import('node:fs');
    const dir = mkdtempSync(`${(await import('node:os')).tmpdir()}/sd-owner-`);
    const log = `${dir}/phases.log`;
    const script = `doc=$(cat); printf '%s\\n' "$doc" | sed 's/.*"phase":"\\([a-z]*\\)".*/\\1/' >> ${log}`;
    const inputs = {
      name: 'OWNED',
      instances: 'repository',
      target: 'command',
      'target-command': script,
      grace: '0',
      force: true,
    };
    const inFlight = (startedBy: string, since: Date): string =>
      JSON.stringify({
        version: 1,
        phase: 'pending',
        pending: { fingerprint: `hmac-sha256:${'ab'.repeat(32)}`, since: since.toISOString(), startedBy },
        retiring: [],
        updated: since.toISOString(),
      });
    const young = inFlight('999/1', new Date(Date.now() - 3_600_000));
    await h.emulator.seed({
      repos: [
        {
          full_name: 'acme/app',
          secrets: [{ name: 'OWNED', value: 'initial-owned-value' }],
          variables: [{ name: 'OWNED_ROTATION_REPOSITORY', value: young }],
        },
      ],
    });
    const refused = await h.run(inputs);
    expect(refused.exitCode).toBe(1);
    const failed = parseJson<Failed[]>(refused.outputs.failed)[0];
    expect(failed?.phase).toBe('load');
    expect(failed?.reason).toMatch(
      /^Run 999\/1 started rotating this instance at .* and may still be running; this run leaves it alone/,
    );
    expect(failed?.reason).toContain("'concurrency: { group: rotate-OWNED, cancel-in-progress: false }'");
    expect(failed?.reason).toMatch(/re-run it, or a run after \S+ completes or redoes the rotation/);
    // Nothing was touched: not the target, not the state, not the secret.
    expect(existsSync(log)).toBe(false);
    expect(await h.variable('OWNED_ROTATION_REPOSITORY')).toBe(young);
    expect(await h.repoSecret('OWNED')).toBe('initial-owned-value');

    // A re-run of that run (same run id, next attempt) takes it over.
    const rerun = await h.run(inputs, { env: { GITHUB_RUN_ID: '999', GITHUB_RUN_ATTEMPT: '2' } });
    expect(rerun.exitCode, rerun.stdout + rerun.stderr).toBe(0);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['create', 'set', 'test']);
    const value = await h.repoSecret('OWNED');
    await remember(value);
    expect(value).not.toBe('initial-owned-value');
    expect(parseJson<{ phase: string }>(await h.variable('OWNED_ROTATION_REPOSITORY')).phase).toBe('idle');

    // Another run's rotation older than 6 hours is taken over by any run.
    await h.emulator.seed({
      repos: [
        {
          full_name: 'acme/app',
          variables: [
            { name: 'OWNED_ROTATION_REPOSITORY', value: inFlight('998/1', new Date(Date.now() - 7 * 3_600_000)) },
          ],
        },
      ],
    });
    const later = await h.run(inputs);
    expect(later.exitCode, later.stdout + later.stderr).toBe(0);
    await remember(await h.repoSecret('OWNED'));
    // Rotation events name the instance's primary destination and the instance, for the audit to join.
    const finish = h
      .auditText()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; target: Record<string, string> })
      .filter((e) => e.action === 'secret.rotate.finish' && e.target.name === 'OWNED');
    expect(finish).toHaveLength(2);
    expect(finish[0]?.target).toEqual({
      scope: 'repository',
      name: 'OWNED',
      instance: 'repository',
      repository: 'acme/app',
    });
  });

  it('a destination the token cannot write fails the rotation before set (single-user, command): nothing changes', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const dir = mkdtempSync(`${(await import('node:os')).tmpdir()}/sd-probe-`);
    const log = `${dir}/phases.log`;
    const script = `doc=$(cat); printf '%s\\n' "$doc" | sed 's/.*"phase":"\\([a-z]*\\)".*/\\1/' >> ${log}`;
    await h.emulator.seed({
      repos: [
        {
          full_name: 'acme/app',
          secrets: [{ name: 'TWO_PLACES', value: 'initial-two-places' }],
          dependabot_secrets: [{ name: 'TWO_PLACES', value: 'initial-two-places' }],
        },
      ],
      tokens: [
        {
          token: 'ghs_no_dependabot_write',
          login: 'rotator',
          permissions: { secrets: 'write', variables: 'write', dependabot_secrets: 'read' },
        },
      ],
    });
    const command = await h.run(
      {
        name: 'TWO_PLACES',
        instances: 'repository',
        destinations: 'repository repository\nrepository dependabot',
        target: 'command',
        'target-command': script,
        force: true,
      },
      { token: 'ghs_no_dependabot_write' },
    );
    expect(command.exitCode).toBe(1);
    const failed = parseJson<Failed[]>(command.outputs.failed)[0];
    expect(failed?.phase).toBe('create');
    expect(failed?.reason).toMatch(/writing secret TWO_PLACES_PENDING in dependabot acme\/app \(403/);
    expect(failed?.reason).toContain('Nothing was changed at the target; the current value is unchanged.');
    // The target's set phase never ran; GitHub holds the old value everywhere, no pending copy is left.
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['create']);
    const all = await h.secrets();
    expect(all.repos['acme/app']?.actions.TWO_PLACES?.value).toBe('initial-two-places');
    expect(all.repos['acme/app']?.dependabot.TWO_PLACES?.value).toBe('initial-two-places');
    expect(all.repos['acme/app']?.actions.TWO_PLACES_PENDING).toBeUndefined();
    expect(all.repos['acme/app']?.dependabot.TWO_PLACES_PENDING).toBeUndefined();
    expect(parseJson<{ phase: string }>(await h.variable('TWO_PLACES_ROTATION_REPOSITORY')).phase).toBe('idle');

    // single-user PostgreSQL: the password is not changed.
    const single = await h.run(
      {
        name: 'TWO_PLACES',
        instances: 'repository',
        destinations: 'repository repository\nrepository dependabot',
        target: 'postgres',
        'postgres-url': pg.adminUrl,
        'postgres-strategy': 'single-user',
        'postgres-roles': 'app_single',
        'postgres-secret-format': 'url',
        force: true,
      },
      { token: 'ghs_no_dependabot_write' },
    );
    expect(single.exitCode).toBe(1);
    expect(parseJson<Failed[]>(single.outputs.failed)[0]?.phase).toBe('create');
    const url = await h.repoSecret('DB_URL');
    expect(await pg.canLogin('app_single', decodeURIComponent(new URL(url ?? '').password))).toBe(true);
    expect((await h.secrets()).repos['acme/app']?.actions.TWO_PLACES?.value).toBe('initial-two-places');
  });

  it('an optional audit sink that fails is a warning, once per sink', async () => {
    const run = await h.run({
      name: 'SINK_PROBE',
      instances: 'repository',
      force: true,
      'audit-log': `file ${h.auditPath}\nfile /etc/hostname/not-a-dir/audit.jsonl required=false`,
    });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    await remember(await h.repoSecret('SINK_PROBE'));
    const warnings = run.warnings.filter((w) => w.includes('/etc/hostname/not-a-dir/audit.jsonl'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^Audit sink 'file \/etc\/hostname\/not-a-dir\/audit.jsonl' could not record rotation events/,
    );
  });

  it('a grace or max-age beyond its limit is refused before anything changes', async () => {
    const writes = async (): Promise<number> =>
      (await h.emulator.requests()).filter((r) => r.method !== 'GET' && !r.path.startsWith('/_emulator')).length;
    const before = await writes();
    const prod = await h.envSecret('production', 'DB');
    for (const [input, value, limit] of [
      ['grace', '999999999d', '365d'],
      ['max-age', '99999999999999999999d', '3650d'],
    ] as const) {
      const run = await h.run({ ...alternating, 'postgres-url': pg.adminUrl, force: true, [input]: value });
      expect(run.exitCode, run.stdout).toBe(1);
      expect(run.errors.join('\n')).toContain(`Input '${input}' is '${value}', longer than its limit of ${limit}.`);
      expect(run.everything).not.toMatch(/Invalid time value/);
    }
    expect(await writes(), 'no request changed anything at GitHub').toBe(before);
    expect(await h.envSecret('production', 'DB')).toBe(prod);
  });

  it('no run printed, output, summarized, audited or sent outside a sealed box any value it generated', async () => {
    expect(values.size).toBeGreaterThan(8);
    await expectNoLeaks(h, [...values]);
  });
});
