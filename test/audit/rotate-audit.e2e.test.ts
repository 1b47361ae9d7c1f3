/**
 * rotate-secret and audit-secrets together, both as committed bundles against the emulator:
 * rotate-secret writes the central ledger through its `github` sink, audit-secrets reads it back.
 * A clean rotation gives no finding; a ledger line deleted from the middle is caught.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLedger, readLedger } from '../../src/audit/ledger.ts';
import { type Emulator, startEmulator } from '../support/github-emulator/index.ts';
import { assertNoLeaks, type RunResult, runBundle } from '../support/runner.ts';
import { silentClient } from './client.ts';

interface Finding {
  kind: string;
  subject: string;
}

const FINGERPRINT_KEY = 'e2e-fingerprint-key-0123456789';
const ROTATE_REF = 'acme/app/.github/workflows/rotate.yml@refs/heads/main';
const LEDGER = { owner: 'acme', repo: 'audit', branch: 'audit-log', path: 'ledger.jsonl' };

const ROTATE_YML = `name: rotate
on:
  schedule:
    - cron: '0 3 * * 1'
jobs:
  rotate:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/secure-deploy/actions/rotate-secret@v0
        with:
          name: DB_PASSWORD
          fingerprint-key: \${{ secrets.FINGERPRINT_KEY }}
          pending-values: \${{ secrets.DB_PASSWORD_PENDING }}
`;

const DEPLOY_YML = `name: deploy
on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        env: [production, eu--west]
    environment: \${{ matrix.env }}
    steps:
      - run: ./deploy
        env:
          DB: \${{ secrets.DB_PASSWORD }}
`;

const WORKER_YML = `name: work
on: push
jobs:
  work:
    runs-on: ubuntu-latest
    steps:
      - run: ./work
        env:
          DB: \${{ secrets.DB_PASSWORD }}
`;

describe('rotate-secret writes the ledger, audit-secrets reviews it', () => {
  let emulator: Emulator;
  const runs: RunResult[] = [];

  const rotate = async (inputs: Record<string, string>): Promise<RunResult> => {
    const result = await runBundle('rotate-secret', {
      env: { GITHUB_API_URL: emulator.url, GITHUB_WORKFLOW: 'rotate', GITHUB_WORKFLOW_REF: ROTATE_REF },
      timeoutMs: 240_000,
      inputs: {
        'fingerprint-key': FINGERPRINT_KEY,
        'audit-log': 'github acme/audit',
        force: 'true',
        grace: '0',
        ...inputs,
      },
    });
    runs.push(result);
    return result;
  };
  const audit = (): Promise<RunResult> =>
    runBundle('audit-secrets', {
      env: { GITHUB_API_URL: emulator.url },
      inputs: {
        organization: 'acme',
        'repository-filter': '!audit',
        'allowed-writers': 'acme/app/.github/workflows/rotate.yml',
        ledger: 'acme/audit',
        'fail-on': 'low',
        'sarif-file': '',
        'findings-file': '',
      },
    });

  beforeAll(async () => {
    emulator = await startEmulator();
    await emulator.seed({
      users: [{ login: 'alice', type: 'User' }],
      orgs: [{ login: 'acme' }],
      repos: [
        {
          full_name: 'acme/app',
          default_branch: 'main',
          visibility: 'private',
          files: { '.github/workflows/rotate.yml': ROTATE_YML, '.github/workflows/deploy.yml': DEPLOY_YML },
          environments: [
            { name: 'production', reviewers: [{ type: 'User', login: 'alice' }] },
            { name: 'eu--west', reviewers: [{ type: 'User', login: 'alice' }] },
          ],
        },
        {
          full_name: 'acme/worker',
          default_branch: 'main',
          visibility: 'private',
          files: { '.github/workflows/work.yml': WORKER_YML },
        },
        { full_name: 'acme/audit', default_branch: 'main', files: { 'README.md': 'ledger\n' } },
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await emulator?.close();
  });

  it('a clean rotation (several destinations, a pending copy, eu--west) gives no finding', async () => {
    const key = await rotate({ name: 'FINGERPRINT_KEY', instances: 'repository' });
    expect(key.exitCode, key.stdout + key.stderr).toBe(0);
    // The command target keeps DB_PASSWORD_PENDING while it rotates; 'production' goes to two places.
    const db = await rotate({
      name: 'DB_PASSWORD',
      instances: 'production\neu--west',
      destinations: 'production environment\nproduction repository acme/worker\neu--west environment',
      target: 'command',
      'target-command': 'cat >/dev/null',
    });
    expect(db.exitCode, db.stdout + db.stderr).toBe(0);
    const secrets = await emulator.secrets();
    const production = secrets.repos['acme/app']?.environments.production?.DB_PASSWORD?.value;
    expect(production).toBeTruthy();
    expect(secrets.repos['acme/worker']?.actions.DB_PASSWORD?.value).toBe(production);
    expect(secrets.repos['acme/app']?.environments.production?.DB_PASSWORD_PENDING).toBeUndefined();

    const text = (await readLedger(silentClient(emulator.url), LEDGER)) ?? '';
    const check = checkLedger(text);
    expect(check.problems).toEqual([]);
    const actions = check.entries.map((e) => `${e.event.action} ${e.event.target.name ?? ''}`);
    expect(actions).toContain('secret.write DB_PASSWORD_PENDING');
    expect(actions).toContain('secret.rotate.promote DB_PASSWORD');

    const result = await audit();
    const findings = JSON.parse(result.outputs.findings ?? '[]') as Finding[];
    expect(findings.map((f) => [f.kind, f.subject])).toEqual([]);
    expect(result.outputs.partial).toBe('false');
    expect(result.exitCode, result.stdout).toBe(0);
    // What these runs handle: the generated values, the fingerprint key input and the token. The
    // audit run never receives a generated value (GitHub does not hand them out); checking it for
    // one would prove nothing, so every run is checked for every value it could have held.
    await assertNoLeaks({
      values: {
        'DB_PASSWORD (generated)': production ?? '',
        'FINGERPRINT_KEY (generated)': secrets.repos['acme/app']?.actions.FINGERPRINT_KEY?.value ?? '',
        'fingerprint-key input': FINGERPRINT_KEY,
        token: 'ghs_harness_token',
      },
      runs: [...runs, result],
      emulator,
    });
    emulator.assertNoViolations();
  }, 600_000);

  it('a ledger event deleted from the middle breaks the chain, and the audit says where', async () => {
    const client = silentClient(emulator.url);
    const text = (await readLedger(client, LEDGER)) ?? '';
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(6);
    const middle = Math.floor(lines.length / 2);
    const removed = lines.splice(middle, 1)[0] ?? '';
    // Rewritten like an administrator with push access would: a new commit on the ledger branch.
    const { owner, repo, path, branch } = LEDGER;
    // Only the parameters the operation takes (the emulator refuses unknown query parameters).
    const file = (await client.rest.repos.getContent({ owner, repo, path, ref: branch })).data as { sha: string };
    await client.rest.repos.createOrUpdateFileContents({
      owner: LEDGER.owner,
      repo: LEDGER.repo,
      path: LEDGER.path,
      branch: LEDGER.branch,
      message: 'tidy the ledger',
      content: Buffer.from(`${lines.join('\n')}\n`).toString('base64'),
      sha: file.sha,
    });
    expect(removed).toMatch(/"seq":/);

    const result = await audit();
    expect(result.exitCode).toBe(1);
    const tampered = (JSON.parse(result.outputs.findings ?? '[]') as Finding[]).filter(
      (f) => f.kind === 'ledger-tampered',
    );
    expect(tampered.map((f) => f.subject).sort()).toEqual([
      `acme/audit@audit-log:ledger.jsonl:broken-link:${middle + 1}`,
      `acme/audit@audit-log:ledger.jsonl:gap:${middle + 1}`,
    ]);
    expect(result.errors.at(-1)).toMatch(/highest 'critical'/);
  }, 300_000);
});
