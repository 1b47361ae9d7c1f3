/**
 * Scale: 50 instances with two destinations each, rotated with bounded concurrency while the
 * emulator injects secondary rate limits (403 + retry-after) and 5xx answers. Every instance ends
 * with its own value in both of its destinations.
 *
 * GitHub asks clients to space mutating requests about a second apart, and the core client's
 * throttling does exactly that, so this test takes minutes: 50 instances make ~300 writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, parseJson, startHarness, type Harness } from './helpers.ts';

const N = 50;
const envs = Array.from({ length: N }, (_, i) => `env-${String(i).padStart(2, '0')}`);

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  const environments = envs.map((name) => ({ name }));
  await h.emulator.seed({
    repos: [
      { full_name: 'acme/app', environments },
      { full_name: 'acme/worker', environments },
    ],
  });
});

afterAll(async () => {
  await h?.emulator.close();
});

describe('rotate-secret at scale', () => {
  it('rotates 50 instances × 2 destinations through secondary rate limits and 5xx answers', async () => {
    await h.emulator.addFault({
      method: 'PUT',
      route: '/repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}',
      kind: 'secondary-rate-limit',
      retryAfter: 1,
      times: 6,
    });
    await h.emulator.addFault({
      method: 'PUT',
      pathPattern: '^/repos/acme/worker/',
      kind: 'status',
      status: 502,
      times: 4,
    });
    await h.emulator.addFault({
      method: 'PATCH',
      route: '/repos/{owner}/{repo}/actions/variables/{name}',
      kind: 'status',
      status: 503,
      times: 3,
    });
    await h.emulator.addFault({ method: 'GET', kind: 'secondary-rate-limit', retryAfter: 1, times: 3 });
    const run = await h.run(
      {
        name: 'SESSION_KEY',
        instances: envs.join('\n'),
        destinations: envs.map((e) => `${e} environment\n${e} environment acme/worker:${e}`).join('\n'),
        alphabet: 'hex',
        length: '64',
        concurrency: '8',
      },
      { timeoutMs: 1_500_000 },
    );
    expect(
      run.exitCode,
      run.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::debug'))
        .join('\n'),
    ).toBe(0);
    expect(parseJson<unknown[]>(run.outputs.rotated)).toHaveLength(N);
    const all = await h.secrets();
    const values = envs.map((e) => all.repos['acme/app']?.environments[e]?.SESSION_KEY?.value ?? '');
    for (const [i, e] of envs.entries()) {
      expect(values[i]).toMatch(/^[0-9a-f]{64}$/);
      expect(all.repos['acme/worker']?.environments[e]?.SESSION_KEY?.value).toBe(values[i]);
    }
    expect(new Set(values).size).toBe(N);
    const log = await h.emulator.requests();
    expect(log.filter((r) => r.status === 403).length).toBeGreaterThanOrEqual(9);
    expect(log.filter((r) => r.status >= 500).length).toBeGreaterThanOrEqual(7);
    expect(run.stdout).toContain('secondary rate limit');
    h.emulator.assertNoViolations();
    await expectNoLeaks(h, values);
  }, 1_600_000);
});
