/**
 * The rotation library without GitHub: configuration parsing, generators, fingerprints, sealing,
 * state, and the PostgreSQL target against a real server.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sodium from 'libsodium-wrappers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.ts';
import { parseConfig, parseDestinationLine, type RotationInputs } from '../../src/secrets/config.ts';
import { GRACE_LIMIT_MS, MAX_AGE_LIMIT_MS, formatDuration, parseDuration } from '../../src/secrets/duration.ts';
import { fingerprint, sameFingerprint } from '../../src/secrets/fingerprint.ts';
import {
  ALPHABETS,
  PASSWORD_CLASSES,
  childEnv,
  commandValue,
  parsePasswordPolicy,
  publicKeyOfOpenSsh,
  randomValue,
  sshEd25519,
} from '../../src/secrets/generate.ts';
import { mapLimit } from '../../src/core/concurrency.ts';
import { maskSecret, redact } from '../../src/core/mask.ts';
import { redactDeep } from '../../src/secrets/redact.ts';
import { PublicKeyError, sealValue } from '../../src/secrets/seal.ts';
import { EMPTY_STATE, parseState, serializeState, type RotationState } from '../../src/secrets/state.ts';
import { AuditEmitter } from '../../src/core/audit.ts';
import { runContext } from '../../src/core/context.ts';
import type { Destination } from '../../src/secrets/config.ts';
import type { SecretsApi } from '../../src/secrets/github.ts';
import { InstanceRotation, type InstanceResult } from '../../src/secrets/protocol.ts';
import { PostgresTarget, scramVerifier } from '../../src/secrets/targets/postgres.ts';
import { NotAppliedError, type Target } from '../../src/secrets/targets/target.ts';
import { startPostgres, type PostgresServer } from '../support/postgres.ts';

const repo = { owner: 'acme', repo: 'app' };

function inputs(over: Partial<RotationInputs> = {}): RotationInputs {
  return {
    name: 'DB_CREDENTIALS',
    instances: ['production', 'staging'],
    destinations: [],
    generator: 'random',
    length: 32,
    alphabet: 'alphanumeric',
    passwordPolicy: 'lower=1 upper=1 digit=1 symbol=1',
    generatorCommand: '',
    target: 'none',
    postgresUrl: '',
    postgresStrategy: 'alternating-users',
    postgresRoles: '',
    postgresSecretFormat: 'json',
    deployKeyRepository: '',
    deployKeyReadOnly: true,
    targetCommand: '',
    maxAge: '30d',
    force: false,
    dryRun: false,
    grace: '1h',
    fingerprintKey: 'k'.repeat(32),
    pendingValues: '',
    concurrency: 4,
    ...over,
  };
}

describe('configuration', () => {
  it('defaults each instance to its environment, the repository or the organization', () => {
    const c = parseConfig(inputs({ instances: ['production', 'repository', 'organization'] }), repo);
    expect(c.instances.map((i) => i.destinations)).toEqual([
      [{ kind: 'environment', owner: 'acme', repo: 'app', environment: 'production' }],
      [{ kind: 'repository', owner: 'acme', repo: 'app' }],
      [{ kind: 'organization', owner: 'acme' }],
    ]);
  });

  it('parses destination lines of every kind', () => {
    expect(parseDestinationLine('prod environment acme/api:production', repo).destination).toEqual({
      kind: 'environment',
      owner: 'acme',
      repo: 'api',
      environment: 'production',
    });
    expect(parseDestinationLine('prod repository acme/worker', repo).destination).toEqual({
      kind: 'repository',
      owner: 'acme',
      repo: 'worker',
    });
    expect(parseDestinationLine('prod dependabot', repo).destination).toEqual({
      kind: 'dependabot',
      owner: 'acme',
      repo: 'app',
    });
    expect(parseDestinationLine('prod organization other', repo).destination).toEqual({
      kind: 'organization',
      owner: 'other',
    });
    expect(() => parseDestinationLine('prod vault x', repo)).toThrow(/unknown kind 'vault'/);
  });

  it('reports every problem at once', () => {
    const error = (() => {
      try {
        parseConfig(
          inputs({
            name: 'GITHUB_X',
            instances: ['prod-eu', 'prod_eu'],
            destinations: ['nowhere repository'],
            fingerprintKey: '',
            maxAge: 'soon',
          }),
          repo,
        );
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    expect(message).toContain("'name'");
    expect(message).toContain('PROD_EU');
    expect(message).toContain("'nowhere'");
    expect(message).toContain("'fingerprint-key'");
    expect(message).toContain("'max-age'");
  });

  it('refuses two instances writing one location', () => {
    expect(() => parseConfig(inputs({ destinations: ['production repository', 'staging repository'] }), repo)).toThrow(
      /both write repository acme\/app/,
    );
  });

  it('checks the postgres target', () => {
    expect(() =>
      parseConfig(inputs({ target: 'postgres', postgresUrl: 'postgresql://a:b@h/db', postgresRoles: 'one' }), repo),
    ).toThrow(/two roles/);
    expect(() =>
      parseConfig(
        inputs({
          target: 'postgres',
          postgresUrl: 'postgresql://a:b@h/db',
          postgresRoles: 'a b',
          postgresSecretFormat: 'password',
        }),
        repo,
      ),
    ).toThrow(/cannot be 'password'/);
    const c = parseConfig(
      inputs({
        target: 'postgres',
        postgresUrl: 'production=postgresql://a:b@h1/db\nstaging=postgresql://a:b@h2/db',
        postgresRoles: 'app_blue, app_green',
      }),
      repo,
    );
    expect(c.target.kind === 'postgres' && [...c.target.adminUrls.keys()]).toEqual(['production', 'staging']);
  });

  it('refuses an admin URL that passes the prefix check but is not a URL, naming the input and not the URL', () => {
    const bad = 'postgresql://admin:p@ss:w0rd-secret@db:notaport/app';
    for (const postgresUrl of [bad, `staging=${bad}`]) {
      const error = (() => {
        try {
          parseConfig(inputs({ target: 'postgres', postgresUrl, postgresRoles: 'a b' }), repo);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(/Input 'postgres-url': the URL .*is not a valid URL/);
      expect((error as Error).message).not.toContain('w0rd-secret');
    }
  });

  it('parses durations', () => {
    expect(parseDuration('x', '0', GRACE_LIMIT_MS)).toBe(0);
    expect(parseDuration('x', '1d12h', GRACE_LIMIT_MS)).toBe(36 * 3_600_000);
    expect(formatDuration(30 * 86_400_000)).toBe('30d');
    expect(() => parseDuration('grace', '1 day', GRACE_LIMIT_MS)).toThrow(/'grace'/);
  });

  it('refuses durations above their documented limit (365d grace, 3650d max-age), however they are written', () => {
    expect(parseDuration('grace', '365d', GRACE_LIMIT_MS)).toBe(GRACE_LIMIT_MS);
    expect(parseDuration('max-age', '3650d', MAX_AGE_LIMIT_MS)).toBe(MAX_AGE_LIMIT_MS);
    for (const [input, text, limit] of [
      ['grace', '366d', GRACE_LIMIT_MS],
      ['grace', '999999999d', GRACE_LIMIT_MS],
      ['grace', '364d24h1s', GRACE_LIMIT_MS],
      ['max-age', '99999999999999999999d', MAX_AGE_LIMIT_MS],
      ['max-age', `${'9'.repeat(400)}s`, MAX_AGE_LIMIT_MS],
      ['max-age', '3651d', MAX_AGE_LIMIT_MS],
    ] as const) {
      const error = (() => {
        try {
          parseDuration(input, text, limit);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error, `${input}: ${text}`).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toContain(`Input '${input}'`);
      expect((error as Error).message).toMatch(/longer than its limit of (365d|3650d)/);
    }
    expect(() => parseConfig(inputs({ grace: '999999999d' }), repo)).toThrow(/'grace'.*limit of 365d/);
    expect(() => parseConfig(inputs({ maxAge: '99999999999999999999d' }), repo)).toThrow(/'max-age'.*limit of 3650d/);
  });
});

describe('generators', () => {
  it('makes random values over each alphabet, all different', () => {
    for (const alphabet of ['hex', 'base64url', 'alphanumeric'] as const) {
      const values = Array.from({ length: 50 }, () => randomValue(40, alphabet));
      expect(new Set(values).size).toBe(50);
      for (const v of values) {
        expect(v).toHaveLength(40);
        for (const ch of v) expect(ALPHABETS[alphabet]).toContain(ch);
      }
    }
  });

  it('honours a password policy', () => {
    const policy = parsePasswordPolicy('lower=3 upper=3 digit=3 symbol=3 symbols=!#%', 16);
    for (let i = 0; i < 50; i++) {
      const v = randomValue(16, 'password', policy);
      expect(v).toHaveLength(16);
      expect([...v].filter((c) => PASSWORD_CLASSES.lower.includes(c)).length).toBeGreaterThanOrEqual(3);
      expect([...v].filter((c) => PASSWORD_CLASSES.upper.includes(c)).length).toBeGreaterThanOrEqual(3);
      expect([...v].filter((c) => PASSWORD_CLASSES.digit.includes(c)).length).toBeGreaterThanOrEqual(3);
      expect([...v].filter((c) => '!#%'.includes(c)).length).toBeGreaterThanOrEqual(3);
      expect(v).toMatch(/^[a-zA-Z0-9!#%]+$/);
    }
    expect(() => parsePasswordPolicy('digit=20', 16)).toThrow(/more than 'length'/);
    expect(() => parsePasswordPolicy("symbols='$", 16)).toThrow(/symbols/);
  });

  it('makes ssh-ed25519 key pairs that OpenSSH reads', () => {
    const pair = sshEd25519('db@production');
    const dir = mkdtempSync(join(tmpdir(), 'sd-ssh-'));
    const file = join(dir, 'id');
    writeFileSync(file, pair.value, { mode: 0o600 });
    const derived = execFileSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' }).trim();
    expect(derived.split(' ').slice(0, 2)).toEqual(pair.publicKey?.split(' ').slice(0, 2));
    expect(publicKeyOfOpenSsh(pair.value, 'db@production')).toBe(pair.publicKey);
  });

  it('takes a command’s standard output as the value, with the request on standard input', async () => {
    const value = await commandValue(
      `read -r doc; printf 'v-%s-0123456789' "$(printf %s "$doc" | sed 's/.*"instance":"\\([^"]*\\)".*/\\1/')"`,
      {
        name: 'X',
        instance: 'production',
      },
    );
    expect(value).toBe('v-production-0123456789');
    await expect(commandValue('exit 3', {})).rejects.toThrow(/exited with status 3/);
    await expect(commandValue('true', {})).rejects.toThrow(/printed nothing/);
  });

  it('runs commands without the action’s inputs or the runner’s credentials in their environment', async () => {
    const env = {
      PATH: process.env.PATH,
      HOME: '/home/runner',
      INPUT_TOKEN: 'ghs_token_in_env_0123456789',
      'INPUT_PENDING-VALUES': 'pending-value-0123456789',
      ACTIONS_RUNTIME_TOKEN: 'runtime-token-0123456789',
      input_lower: 'lower-case-input-0123456789',
      GITHUB_REPOSITORY: 'acme/app',
    };
    expect(Object.keys(childEnv(env)).sort()).toEqual(['GITHUB_REPOSITORY', 'HOME', 'PATH']);
    const printed = await commandValue('env; echo end-of-env', {}, env);
    expect(printed).toContain('HOME=/home/runner');
    expect(printed).toContain('GITHUB_REPOSITORY=acme/app');
    expect(printed).not.toMatch(/INPUT_|ACTIONS_|0123456789/i);
  });
});

describe('fingerprints, sealing, state', () => {
  it('fingerprints with HMAC-SHA256 under the key', () => {
    const a = fingerprint('key-one-0123456789', 'value');
    expect(a).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(fingerprint('key-two-0123456789', 'value')).not.toBe(a);
    expect(sameFingerprint(a, fingerprint('key-one-0123456789', 'value'))).toBe(true);
  });

  it('seals for a 32-byte key and refuses any other length', async () => {
    await sodium.ready;
    const pair = sodium.crypto_box_keypair();
    const sealed = await sealValue(sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL), 'hello');
    const opened = sodium.crypto_box_seal_open(
      sodium.from_base64(sealed, sodium.base64_variants.ORIGINAL),
      pair.publicKey,
      pair.privateKey,
    );
    expect(sodium.to_string(opened)).toBe('hello');
    const short = sodium.to_base64(pair.publicKey.slice(0, 31), sodium.base64_variants.ORIGINAL);
    await expect(sealValue(short, 'hello')).rejects.toBeInstanceOf(PublicKeyError);
  });

  it('round-trips the state and refuses anything else', () => {
    const state = { ...EMPTY_STATE, phase: 'pending' as const, pending: { fingerprint: 'f', since: 't', role: 'r' } };
    expect(parseState(serializeState(state))).toEqual(state);
    expect(() => parseState('{"version":1,"phase":"pending","retiring":[]}')).toThrow(/without a pending/);
    expect(() => parseState('{"version":2}')).toThrow();
  });

  it('redacts structured data string by string, so values with quotes or backslashes cannot slip past', () => {
    const value = 'quo"te\\back-0123456789';
    maskSecret(value);
    const data = { reason: `failed for ${value}`, list: [value, 3, { nested: `x${value}x` }], [value]: true };
    // The serialised text holds the escaped value only; masking registered that form too.
    expect(JSON.stringify(data)).not.toContain(value);
    expect(redact(JSON.stringify(data))).not.toContain('0123456789');
    const out = JSON.stringify(redactDeep(data));
    expect(out).not.toContain(JSON.stringify(value).slice(1, -1));
    expect(JSON.stringify(out)).not.toContain('0123456789');
    expect(redactDeep(data)).toEqual({ reason: 'failed for ***', list: ['***', 3, { nested: 'x***x' }], '***': true });
  });

  it('bounds concurrency', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([...Array(20).keys()], 3, async (i) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return i * 2;
    });
    expect(peak).toBe(3);
    expect(out).toEqual([...Array(20).keys()].map((i) => i * 2));
  });
});

describe('PostgreSQL target', () => {
  let pg: PostgresServer;
  beforeAll(async () => {
    pg = await startPostgres();
    await pg.sql(
      `CREATE ROLE app_blue LOGIN PASSWORD 'blue-initial-pw'; CREATE ROLE app_green LOGIN PASSWORD 'green-initial-pw'`,
    );
  });
  afterAll(async () => {
    await pg?.close();
  });

  function target(strategy: 'alternating-users' | 'single-user', url = pg.adminUrl): PostgresTarget {
    return new PostgresTarget(
      {
        kind: 'postgres',
        strategy,
        adminUrls: new Map([['*', url]]),
        roles: strategy === 'alternating-users' ? ['app_blue', 'app_green'] : ['app_blue'],
        format: 'json',
      },
      { name: 'production', key: 'PRODUCTION', destinations: [] },
    );
  }

  it('the SCRAM verifier computed here is the one the server checks', async () => {
    await pg.sql(`CREATE ROLE scram_probe LOGIN PASSWORD '${scramVerifier('probe-Password#1')}'`);
    expect(await pg.canLogin('scram_probe', 'probe-Password#1')).toBe(true);
    expect(await pg.canLogin('scram_probe', 'probe-Password#2')).toBe(false);
  });

  it('alternating-users sets the idle role and leaves the current one working', async () => {
    const t = target('alternating-users');
    const meta = t.prepare({ ...EMPTY_STATE, current: { fingerprint: 'f', since: 's', role: 'app_blue' } });
    expect(meta.role).toBe('app_green');
    const password = randomValue(32, 'password', parsePasswordPolicy('', 32));
    await t.set({ value: password }, meta);
    await t.test({ value: password }, meta);
    expect(await pg.canLogin('app_green', password)).toBe(true);
    expect(await pg.canLogin('app_blue', 'blue-initial-pw')).toBe(true);
    const doc = JSON.parse(t.format({ value: password }, meta)) as { username: string; password: string };
    expect(doc.username).toBe('app_green');
    expect(t.parse(JSON.stringify(doc), meta).value).toBe(password);
    // Never in the server log, which logs every statement.
    expect(pg.log()).not.toContain(password);
    expect(pg.log()).toContain('ALTER ROLE "app_green" PASSWORD');
  });

  it('single-user changes the one role', async () => {
    const t = target('single-user');
    const meta = t.prepare(EMPTY_STATE);
    expect(meta.role).toBe('app_blue');
    await t.set({ value: "quote'and\\backslash-0123456789" }, meta);
    expect(await pg.canLogin('app_blue', "quote'and\\backslash-0123456789")).toBe(true);
  });

  it('refuses a password that is not printable ASCII without spaces at create, before anything changes', async () => {
    const t = target('single-user');
    const meta = t.prepare(EMPTY_STATE);
    for (const value of ['with a space-0123456789', 'unicodé-0123456789', 'tab\there-0123456789']) {
      const error = await t.create({ value }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotAppliedError);
      expect((error as Error).message).toMatch(/printable ASCII without spaces/);
      expect((error as Error).message).not.toContain('0123456789');
      // set refuses too: the value never reaches the server in plain text.
      await expect(t.set({ value }, meta)).rejects.toBeInstanceOf(NotAppliedError);
      expect(pg.log()).not.toContain(value);
    }
    await expect(t.create({ value: 'printable-ASCII#0123456789' })).resolves.toBeUndefined();
  });

  it('a pending value it cannot parse fails with a fixed message that quotes nothing of it', () => {
    const t = target('single-user');
    const meta = { role: 'app_blue' };
    for (const value of ['not-json-secret-0123456789', '{"password": secret-0123456789']) {
      expect(() => t.parse(value, meta)).toThrow(/^the pending value is not the JSON document this action writes$/);
    }
  });

  it('fails clearly, without applying anything, when the admin login is refused or the role is missing', async () => {
    const bad = target('single-user', pg.url(pg.adminUser, 'wrong-password'));
    const error = await bad.set({ value: 'x'.repeat(20) }, { role: 'app_blue' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotAppliedError);
    expect((error as Error).message).toMatch(/refused the admin login/);
    expect((error as Error).message).not.toContain('wrong-password');
    const missing = await target('single-user')
      .set({ value: 'x'.repeat(20) }, { role: 'nobody' })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotAppliedError);
    expect((missing as Error).message).toMatch(/role 'nobody' does not exist/);
  });
});

describe('an interrupted alternating-users promotion, told from GitHub’s times', () => {
  const NOW = Date.parse('2026-06-01T12:00:00Z');
  const iso = (offsetMs: number): string => new Date(NOW + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const MIN = 60_000;

  /**
   * One instance with two destinations, its state `promoting` (written at `varAt`), the previous
   * rotation at `currentSince`; the destinations last written at `destAt`. What does a run without
   * the pending value do?
   */
  async function recoverWith(opts: {
    varAt: string;
    destAt: (string | undefined)[];
    currentSince?: string;
    released?: boolean;
  }): Promise<{ result: InstanceResult; state: RotationState; writes: string[] }> {
    const config = parseConfig(
      inputs({
        instances: ['production'],
        destinations: ['production environment', 'production repository acme/worker'],
      }),
      repo,
    );
    const stateVar = 'DB_CREDENTIALS_ROTATION_PRODUCTION';
    const promoting: RotationState = {
      version: 1,
      phase: 'promoting',
      current: { fingerprint: 'fp-current', since: opts.currentSince ?? iso(-40 * 86_400_000), role: 'app_a' },
      pending: {
        fingerprint: 'fp-pending',
        // Started by a run whose claim (6 hours) has lapsed.
        since: iso(-7 * 60 * MIN),
        role: 'app_b',
        ...(opts.released ? {} : { startedBy: '900/1' }),
      },
      retiring: [],
      updated: iso(-MIN),
    };
    const variables = new Map<string, string>([[stateVar, serializeState(promoting)]]);
    const writes: string[] = [];
    const api = {
      seal: () => Promise.resolve({ keyId: 'k', encrypted: '' }),
      getSecret: (d: Destination) => {
        const i = d.kind === 'environment' ? 0 : 1;
        const at = opts.destAt[i];
        return Promise.resolve(at === undefined ? undefined : { updatedAt: at });
      },
      putSecret: (d: Destination, name: string) => {
        writes.push(`put ${d.kind} ${name}`);
        return Promise.resolve();
      },
      deleteSecret: (d: Destination, name: string) => {
        writes.push(`delete ${d.kind} ${name}`);
        return Promise.resolve();
      },
      getVariable: (_o: string, _r: string, name: string) => Promise.resolve(variables.get(name)),
      getVariableUpdatedAt: () => Promise.resolve(opts.varAt),
      setVariable: (_o: string, _r: string, name: string, value: string) => {
        variables.set(name, value);
        return Promise.resolve();
      },
    } as unknown as SecretsApi;
    const roles: string[] = [];
    const target: Target = {
      kind: 'postgres',
      keepsCurrentValid: true,
      keepsPendingCopy: true,
      needsPendingToCompletePromotion: true,
      prepare: (s) => ({ role: s.pending?.role ?? (s.current?.role === 'app_a' ? 'app_b' : 'app_a') }),
      format: (g) => g.value,
      parse: (v) => ({ value: v }),
      create: () => Promise.resolve(),
      set: (_g, meta) => {
        roles.push(meta.role ?? '');
        return Promise.resolve(meta);
      },
      test: () => Promise.resolve(),
      rollback: () => Promise.resolve(),
      retire: () => Promise.resolve(),
    };
    const rotation = new InstanceRotation(
      {
        config,
        api,
        audit: new AuditEmitter(
          runContext({ GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '901' }),
          [],
          () => new Date(NOW),
        ),
        target,
        now: () => new Date(NOW),
        runId: '901/1',
        log: () => undefined,
        warn: () => undefined,
        claim: () => true,
      },
      config.instances[0] ?? (undefined as never),
    );
    const result = await rotation.run();
    return {
      result,
      state: parseState(variables.get(stateVar) ?? ''),
      writes: [...writes, ...roles.map((r) => `set ${r}`)],
    };
  }

  const failedAsking = (r: InstanceResult): void => {
    expect(r.status).toBe('failed');
    if (r.status !== 'failed') return;
    expect(r.phase).toBe('recover');
    expect(r.reason).toContain('pending-values: ${{ secrets.DB_CREDENTIALS_PENDING }}');
  };

  it('no destination written since promotion began: the idle role is rotated afresh', async () => {
    const { result, state, writes } = await recoverWith({
      varAt: iso(-MIN),
      destAt: [iso(-40 * 86_400_000), undefined],
    });
    expect(result).toMatchObject({
      status: 'rotated',
      role: 'app_b',
      reason: "rotating afresh after a rotation interrupted in phase 'promoting'",
    });
    expect(writes).toContain('set app_b');
    expect(writes).toContain('put environment DB_CREDENTIALS');
    expect(writes).toContain('put repository DB_CREDENTIALS');
    expect(state.phase).toBe('idle');
    expect(state.current?.role).toBe('app_b');
  });

  it('every destination written since: completed without the value, the previous role retiring', async () => {
    const { result, state, writes } = await recoverWith({ varAt: iso(-MIN), destAt: [iso(-MIN), iso(-MIN + 1000)] });
    expect(result).toMatchObject({
      status: 'rotated',
      role: 'app_b',
      reason: "completing the rotation interrupted in phase 'promoting': every destination holds its value",
    });
    expect(writes.filter((w) => w.startsWith('put') || w.startsWith('set'))).toEqual([]);
    expect(state.current).toMatchObject({ fingerprint: 'fp-pending', role: 'app_b' });
    expect(state.retiring.map((r) => [r.fingerprint, r.role])).toEqual([['fp-current', 'app_a']]);
  });

  it('one destination written, the other not: asks for the pending value, changes nothing', async () => {
    const { result, state, writes } = await recoverWith({
      varAt: iso(-MIN),
      destAt: [iso(-MIN), iso(-40 * 86_400_000)],
    });
    failedAsking(result);
    expect(writes).toEqual([]);
    expect(state.phase).toBe('promoting');
  });

  it('times too close to tell (within 5 minutes), or the previous rotation that recent: asks', async () => {
    failedAsking((await recoverWith({ varAt: iso(-MIN), destAt: [iso(-3 * MIN), iso(-3 * MIN)] })).result);
    failedAsking(
      (await recoverWith({ varAt: iso(-MIN), destAt: [iso(-MIN), iso(-MIN)], currentSince: iso(-4 * MIN) })).result,
    );
  });

  it('a state written again after promotion began (a failed run released it): asks', async () => {
    const { result, writes } = await recoverWith({
      varAt: iso(-MIN),
      destAt: [iso(-40 * 86_400_000), iso(-40 * 86_400_000)],
      released: true,
    });
    failedAsking(result);
    expect(writes).toEqual([]);
  });
});
