/**
 * Inputs cannot hurt (issue 15): each bad input, given to a committed bundle (actions and CLI) the
 * way a user would give it, ends the run with the documented exit status and a message that says
 * what is wrong — and changes nothing: no write reaches the GitHub emulator.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../support/github-emulator/index.ts';
import { type ActionName, assertNoLeaks, runBundle } from '../support/runner.ts';
import { type GitHubClaims, type Stack, startStack } from '../support/sigstore/stack.ts';
import { runCli } from '../verify/cli.ts';

const TOKEN = 'ghs_bad_input_token_0123456789';
const WORKFLOW = 'https://github\\.com/acme/app/\\.github/workflows/release\\.yml';
/** A branch name crafted against `(a+)+`: a backtracking engine needs about 2^60 steps to reject it. */
const CRAFTED_REF = `refs/heads/${'a'.repeat(60)}!`;
const DEEP_YAML = `version: 1\nanchors: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
const DEEP_JSON = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

let ws: string;
let emulator: Emulator;
let stack: Stack;

interface Row {
  /** What is bad, as the issue names it. */
  name: string;
  action: ActionName;
  inputs: Record<string, string>;
  /** The one error annotation, or the part of it that says what is wrong. */
  message: RegExp;
}

const VERIFY = { 'trusted-root': 'trusted_root.json', offline: 'true' };

const ROWS: Row[] = [
  {
    name: 'an identity pattern with a backreference',
    action: 'verify-signatures',
    inputs: { ...VERIFY, artifacts: 'app.tgz', 'certificate-identity-regexp': '(a)\\1' },
    message:
      /certificate-identity-regexp '\(a\)\\1' is not a valid pattern: backreferences are not supported.*RE2 syntax/,
  },
  {
    name: 'an identity pattern with lookahead (deploy gate)',
    action: 'deploy-gate',
    inputs: {
      ...VERIFY,
      artifacts: 'app.tgz',
      environment: 'production',
      'certificate-identity-regexp': '(?!https://evil).*',
    },
    message: /lookahead and lookbehind are not supported/,
  },
  {
    name: 'an identity pattern that closes the anchoring group',
    action: 'verify-signatures',
    inputs: { ...VERIFY, artifacts: 'app.tgz', 'certificate-identity-regexp': `${WORKFLOW}@.*)|(.*` },
    message: /is not a valid pattern: unexpected \)/,
  },
  {
    name: 'a deeply nested trust policy',
    action: 'verify-signatures',
    inputs: { ...VERIFY, artifacts: 'app.tgz', policy: 'deep-policy.yml' },
    message: /deep-policy\.yml is nested too deeply: more than 64 levels of lists and maps \(line 2\)/,
  },
  {
    name: 'a deeply nested trusted root',
    action: 'verify-signatures',
    inputs: { ...VERIFY, 'trusted-root': 'deep-root.json', artifacts: 'app.tgz', 'source-repository': 'acme/app' },
    message: /Trusted root .*deep-root\.json is nested too deeply/,
  },
  {
    name: 'a huge approval timeout',
    action: 'require-approval',
    inputs: { environment: 'production', 'timeout-minutes': '99999999999999999999' },
    message: /Input 'timeout-minutes' must be at most 4320, not 99999999999999999999\./,
  },
  {
    name: 'a huge poll interval (deploy gate)',
    action: 'deploy-gate',
    inputs: {
      ...VERIFY,
      artifacts: 'app.tgz',
      environment: 'production',
      'poll-interval-seconds': '99999999999999999999',
    },
    message: /Input 'poll-interval-seconds' must be at most 3600, not 99999999999999999999\./,
  },
  {
    name: 'a huge audit window',
    action: 'audit-secrets',
    inputs: { repositories: 'acme/app', 'max-age-days': '99999999999999999999' },
    message: /Input 'max-age-days' must be at most 3650, not 99999999999999999999\./,
  },
  {
    name: 'a file audit sink under /proc',
    action: 'audit-secrets',
    inputs: { repositories: 'acme/app', 'audit-log': 'file /proc/self/fd/1' },
    message: /the file sink '\/proc\/self\/fd\/1' is under \/proc, which holds kernel interfaces, not files/,
  },
  {
    name: 'a file audit sink under /proc (rotate-secret)',
    action: 'rotate-secret',
    inputs: {
      name: 'DB_PASSWORD',
      instances: 'production',
      'fingerprint-key': 'fp-key-0123456789abcdef0123456789',
      'audit-log': 'file /proc/self/fd/1',
    },
    message: /the file sink '\/proc\/self\/fd\/1' is under \/proc/,
  },
  {
    name: 'a file audit sink under /proc (require-approval)',
    action: 'require-approval',
    inputs: { environment: 'production', 'audit-log': 'file /proc/self/mem' },
    message: /is under \/proc, which holds kernel interfaces, not files/,
  },
];

beforeAll(async () => {
  ws = mkdtempSync(join(tmpdir(), 'sd-bad-input-'));
  emulator = await startEmulator();
  await emulator.seed({ repos: ['acme/app'] });
  stack = await startStack();
  writeFileSync(join(ws, 'trusted_root.json'), JSON.stringify(stack.trustedRoot));
  const release: GitHubClaims = { repository: 'acme/app', workflowFile: 'release.yml', ref: 'refs/tags/v1.0.0' };
  const crafted: GitHubClaims = { ...release, ref: CRAFTED_REF };
  writeFileSync(join(ws, 'app.tgz'), 'the release');
  writeFileSync(
    join(ws, 'app.tgz.sigstore.json'),
    JSON.stringify(await stack.signBlob(Buffer.from('the release'), release)),
  );
  writeFileSync(join(ws, 'crafted.tgz'), 'from a crafted branch');
  writeFileSync(
    join(ws, 'crafted.tgz.sigstore.json'),
    JSON.stringify(await stack.signBlob(Buffer.from('from a crafted branch'), crafted)),
  );
  writeFileSync(join(ws, 'deep.tgz'), 'a bundle nested too deeply');
  writeFileSync(join(ws, 'deep.tgz.sigstore.json'), DEEP_JSON);
  writeFileSync(join(ws, 'deep-policy.yml'), DEEP_YAML);
  writeFileSync(join(ws, 'deep-root.json'), DEEP_JSON);
}, 120_000);

afterAll(async () => {
  stack?.close();
  await emulator?.close();
});

async function expectNothingWritten(): Promise<void> {
  const writes = (await emulator.requests()).filter((r) => r.method !== 'GET');
  expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([]);
}

describe('bad inputs through the committed action bundles', () => {
  it.each(ROWS.map((row) => [row.name, row] as const))(
    '%s: exit 1, one clear error, nothing changed',
    async (_, row) => {
      await emulator.clearRequests();
      const run = await runBundle(row.action, {
        cwd: ws,
        token: TOKEN,
        env: { GITHUB_API_URL: emulator.url },
        inputs: row.inputs,
        timeoutMs: 60_000,
      });
      expect(run.exitCode, run.stdout + run.stderr).toBe(1);
      expect(
        run.errors.some((e) => row.message.test(e)),
        run.errors.join('\n'),
      ).toBe(true);
      expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(run.stderr).not.toMatch(/Maximum call stack|Invalid time value/);
      // Refused before anything ran: not one request, so nothing could change.
      expect(await emulator.requests()).toEqual([]);
      await assertNoLeaks({ values: { token: TOKEN }, run, emulator });
    },
  );

  it('matches `(a+)+` against a certificate from a crafted branch without backtracking, and refuses it', async () => {
    // On a backtracking engine this run takes longer than the universe has existed; here the
    // answer comes from RE2, and the runner's timeout is the bound.
    const run = await runBundle('verify-signatures', {
      cwd: ws,
      token: TOKEN,
      inputs: { ...VERIFY, artifacts: 'crafted.tgz', 'certificate-identity-regexp': `${WORKFLOW}@refs/heads/(a+)+` },
      timeoutMs: 60_000,
    });
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(run.outputs.verified).toBe('false');
    expect(run.errors.join('\n')).toContain(`@${CRAFTED_REF} does not match ^(?:${WORKFLOW}@refs/heads/(a+)+)$`);
    // The same pattern accepts the branch without the character that defeats it.
    const good = await runBundle('verify-signatures', {
      cwd: ws,
      token: TOKEN,
      inputs: { ...VERIFY, artifacts: 'app.tgz', 'certificate-identity-regexp': `${WORKFLOW}@refs/tags/v[0-9.]+` },
    });
    expect(good.exitCode, good.stdout + good.stderr).toBe(0);
  });

  it('reports a deeply nested bundle as that artifact failing, not a crash', async () => {
    const run = await runBundle('verify-signatures', {
      cwd: ws,
      token: TOKEN,
      inputs: { ...VERIFY, artifacts: 'deep.tgz', 'source-repository': 'acme/app' },
    });
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(run.errors.join('\n')).toMatch(/bundle .*deep\.tgz\.sigstore\.json is nested too deeply/);
    expect(run.stderr).not.toMatch(/Maximum call stack/);
  });

  it('refuses a FIFO audit sink with no reader at once instead of hanging the step', async () => {
    const fifo = join(ws, 'events.fifo');
    execFileSync('mkfifo', [fifo]);
    const run = await runBundle('verify-signatures', {
      cwd: ws,
      token: TOKEN,
      inputs: { ...VERIFY, artifacts: 'app.tgz', 'source-repository': 'acme/app', 'audit-log': `file ${fifo}` },
      timeoutMs: 60_000,
    });
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(run.errors.join('\n')).toMatch(/events\.fifo is a FIFO with no reader; name a regular file/);
  });
});

describe('bad inputs through the committed CLI bundle', () => {
  it.each([
    [
      'an unknown option',
      ['verify', '--no-such-option'],
      2,
      /unknown option '--no-such-option'[\s\S]*Usage: secure-deploy verify/,
    ],
    ['an unknown command', ['no-such-command'], 2, /unknown command 'no-such-command'[\s\S]*Usage: secure-deploy/],
    ['a missing required option', ['verify-bundle', 'app.tgz'], 2, /required option '--bundle <file>'[\s\S]*Usage:/],
    [
      'an invalid option value',
      ['trust', 'review', '--days', '1e9'],
      2,
      /'1e9' is invalid[\s\S]*Usage: secure-deploy trust review/,
    ],
    [
      'a backreference in an identity pattern',
      ['verify', '--trusted-root', 'trusted_root.json', '--certificate-identity-regexp', '(a)\\1', 'app.tgz'],
      1,
      /backreferences are not supported/,
    ],
    ['a deeply nested trust policy', ['trust', 'review', '--policy', 'deep-policy.yml'], 1, /nested too deeply/],
    [
      'a huge --max-age-days',
      ['assess', '--repo', 'acme/app', '--max-age-days', '99999999999999999999'],
      1,
      /--max-age-days must be a whole number of days from 1 to 3650/,
    ],
  ] as const)('%s: exit status as documented, with a clear message', async (_, args, code, message) => {
    await emulator.clearRequests();
    const run = await runCli([...args], {
      cwd: ws,
      env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: emulator.url, SECURE_DEPLOY_OFFLINE: 'true' },
    });
    expect(run.exitCode, run.stdout + run.stderr).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+|Maximum call stack/);
    await expectNothingWritten();
  });

  it('--help and --version exit 0', async () => {
    expect((await runCli(['--help'], { cwd: ws })).exitCode).toBe(0);
    expect((await runCli(['--version'], { cwd: ws })).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
