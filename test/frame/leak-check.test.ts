/**
 * The leak check itself: it finds a value wherever a run can leave it (and in the forms it takes
 * when written), and passes a run that left none.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertNoLeaks, type RunResult, runBundle } from '../support/runner.ts';

const TOKEN = 'ghs_leak_check_token_0123456789';

function fakeRun(everything: string): RunResult {
  return { everything } as RunResult;
}

describe('assertNoLeaks', () => {
  it('passes a real run that masked its token, and reads what it left under RUNNER_TEMP and the workspace', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'sd-leak-'));
    writeFileSync(join(ws, 'planted-before.txt'), 'written by the test, not the run');
    const run = await runBundle('verify-signatures', {
      token: TOKEN,
      cwd: ws,
      inputs: { artifacts: 'nothing-here/*' },
    });
    expect(run.exitCode).toBe(1);
    // A file the test put there before the run is not something the run left behind.
    expect(run.leftovers.map((f) => f.path)).not.toContain(join(ws, 'planted-before.txt'));
    await assertNoLeaks({ values: { token: TOKEN }, run });
  });

  it.each([
    ['as is', `x ${TOKEN} y`],
    ['JSON-escaped', JSON.stringify({ v: 'line\n' + TOKEN }).replace(TOKEN, JSON.stringify(TOKEN).slice(1, -1))],
    ['URL-encoded', encodeURIComponent(`a b/${TOKEN}`)],
    ['base64', Buffer.from(TOKEN).toString('base64')],
  ])('finds a value written %s in a run', async (_, text) => {
    await expect(assertNoLeaks({ values: { token: TOKEN }, run: fakeRun(text) })).rejects.toThrow(/token in run 1/);
  });

  it('ignores ::add-mask:: commands and never repeats the value in its message', async () => {
    await assertNoLeaks({ values: { token: TOKEN }, run: fakeRun(`::add-mask::${TOKEN}\nok`) });
    const error = await assertNoLeaks({ values: { token: TOKEN }, texts: { 'http sink': TOKEN } }).catch(
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('token in http sink');
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it('reads sink files and decodes base64 content in the emulator request log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-leak-'));
    const sink = join(dir, 'events.jsonl');
    writeFileSync(sink, `{"value":"${TOKEN}"}\n`);
    await expect(assertNoLeaks({ values: { token: TOKEN }, files: [sink] })).rejects.toThrow(
      /token in .*events\.jsonl/,
    );
    const emulator = {
      requests: () =>
        Promise.resolve([
          {
            path: '/repos/acme/audit/contents/ledger.jsonl',
            query: {},
            body: { content: Buffer.from(`{"a":"${TOKEN}"}`).toString('base64') },
          },
        ]),
    };
    await expect(assertNoLeaks({ values: { token: TOKEN }, emulator })).rejects.toThrow(/decoded content/);
  });

  it('refuses values too short to search for, and a check with nothing to search', async () => {
    await expect(assertNoLeaks({ values: { pin: '1234' }, run: fakeRun('') })).rejects.toThrow(/too short/);
    await expect(assertNoLeaks({ values: { token: TOKEN } })).rejects.toThrow(/nothing to search/);
  });
});

describe('assertNoLeaks with a plain list of values', () => {
  it('names the value by its position', async () => {
    await expect(
      assertNoLeaks({ values: ['first-value-123', TOKEN], run: { everything: `x${TOKEN}` } as RunResult }),
    ).rejects.toThrow('Sensitive values leaked: value 2 in run 1');
  });
});
