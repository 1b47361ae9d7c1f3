/**
 * `npm run demo`: the whole secure-deploy story on this machine, with nothing but the repository.
 * A GitHub API emulator, a local Sigstore stack and a throwaway PostgreSQL stand in for GitHub,
 * Sigstore's public services and your database. Every action runs from its committed bundle, the
 * way the Actions runner runs it. Reports land in ./reports/demo; everything else is cleaned up.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Emulator, type SeedDocument, startEmulator } from '../test/support/github-emulator/index.ts';
import { type PostgresServer, startPostgres } from '../test/support/postgres.ts';
import { REPO_ROOT, type RunResult, runBundle } from '../test/support/runner.ts';
import {
  type GitHubClaims,
  ISSUER,
  identityFor,
  inTotoStatement,
  type Stack,
  startStack,
} from '../test/support/sigstore/stack.ts';

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const green = (s: string) => (process.stdout.isTTY ? `\x1b[32m${s}\x1b[0m` : s);
const red = (s: string) => (process.stdout.isTTY ? `\x1b[31m${s}\x1b[0m` : s);
let stepNo = 0;

function step(title: string, explanation: string): void {
  stepNo += 1;
  console.log(`\n${bold(`${stepNo}. ${title}`)}\n   ${explanation}`);
}

function show(label: string, value: string): void {
  for (const [i, line] of value.trim().split('\n').entries())
    console.log(`   ${i === 0 ? label.padEnd(14) : ' '.repeat(14)} ${line}`);
}

/**
 * An action run that must end as expected; otherwise the demo stops with what the action said. A
 * refusal must also be for the expected reason: a typo in a path must not pass for a rejection.
 */
function expectRun(result: RunResult, ok: boolean, what: string, reason?: RegExp): void {
  const passed = result.exitCode === 0;
  if (passed !== ok) {
    throw new Error(
      `${what}: expected ${ok ? 'success' : 'failure'}, got exit ${String(result.exitCode)}\n${result.stdout}\n${result.stderr}`,
    );
  }
  if (!ok && reason && !result.errors.some((e) => reason.test(e))) {
    throw new Error(`${what}: refused, but not because ${String(reason)}:\n${result.errors.join('\n')}`);
  }
  console.log(`   ${ok ? green('✔ passed') : green('✔ refused, as it must be')}: ${what}`);
  for (const e of result.errors) show('reason', e);
}

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(REPO_ROOT, 'dist', 'cli', 'index.js'), ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const RELEASE: GitHubClaims = { repository: 'acme/shop', workflowFile: 'release.yml', ref: 'refs/tags/v1.0.0' };

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'secure-deploy-demo-'));
  const reports = join(REPO_ROOT, 'reports', 'demo');
  rmSync(reports, { recursive: true, force: true });
  mkdirSync(reports, { recursive: true });
  let emulator: Emulator | undefined;
  let stack: Stack | undefined;
  let postgres: PostgresServer | undefined;
  const cleanups: (() => Promise<void> | void)[] = [];
  // Ctrl-C stops the demo, not what it started: PostgreSQL runs in the background otherwise.
  const interrupted = (signal: NodeJS.Signals) => {
    console.error(`\n${red(`Interrupted (${signal}): stopping what the demo started.`)}`);
    void (async () => {
      for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
      rmSync(work, { recursive: true, force: true });
      process.exit(130);
    })();
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    step(
      'Start the stand-ins',
      "A GitHub API emulator (held to GitHub's OpenAPI description), a local Sigstore stack (Fulcio, Rekor) and PostgreSQL on loopback.",
    );
    emulator = await startEmulator();
    cleanups.push(() => emulator?.close());
    stack = await startStack();
    cleanups.push(() => stack?.close());
    postgres = await startPostgres();
    cleanups.push(() => postgres?.close());
    show('GitHub API', emulator.url);
    show('PostgreSQL', `127.0.0.1:${postgres.port}`);
    await emulator.seed(seedDocument());
    const env = { GITHUB_API_URL: emulator.url, GITHUB_REPOSITORY: 'acme/shop' };
    await createTag(emulator.url, 'acme/shop', 'v1.0.0');

    step(
      'Build and sign a release',
      'The release workflow of acme/shop builds shop-1.0.0.tgz and signs it keylessly: its certificate names the workflow, the repository and the tag.',
    );
    const dist = join(work, 'dist');
    mkdirSync(dist, { recursive: true });
    const artifact = join(dist, 'shop-1.0.0.tgz');
    const bytes = Buffer.from(`shop 1.0.0 release built ${new Date().toISOString()}\n`.repeat(1000));
    writeFileSync(artifact, bytes);
    writeFileSync(`${artifact}.sigstore.json`, JSON.stringify(await stack.signBlob(bytes, RELEASE)));
    const trustedRoot = join(work, 'trusted_root.json');
    writeFileSync(trustedRoot, JSON.stringify(stack.trustedRoot));
    const digest = createHash('sha256').update(bytes).digest('hex');
    await emulator.seed({
      attestations: [
        {
          repo: 'acme/shop',
          digest: `sha256:${digest}`,
          bundle: await stack.attest(inTotoStatement('shop-1.0.0.tgz', bytes), RELEASE),
        },
      ],
    });
    show('artifact', `dist/shop-1.0.0.tgz sha256:${digest}`);
    show('signer', identityFor(RELEASE));

    const verifyInputs = {
      artifacts: 'dist/*.tgz',
      'certificate-identity': identityFor(RELEASE),
      'certificate-oidc-issuer': ISSUER,
      'source-ref': 'refs/tags/v1.0.0',
      'trusted-root': trustedRoot,
      offline: 'true',
      'audit-log': `file ${join(reports, 'audit-events.jsonl')}`,
    };
    step(
      'Verify before deploying',
      'verify-signatures checks the bundle against the trusted root, the exact signer identity, the issuer and the release tag.',
    );
    const verified = await runBundle('verify-signatures', { inputs: verifyInputs, env, cwd: work });
    expectRun(verified, true, 'the signed release verifies');
    show('digests', verified.outputs.digests ?? '');

    step(
      'Reject a tampered copy',
      'Someone swaps one byte of the artifact after the build. The signature no longer matches, so nothing is deployed.',
    );
    const tampered = join(work, 'tampered');
    mkdirSync(join(tampered, 'dist'), { recursive: true });
    const bad = Buffer.from(bytes);
    bad[10] = (bad[10] ?? 0) ^ 1;
    writeFileSync(join(tampered, 'dist', 'shop-1.0.0.tgz'), bad);
    copyFileSync(`${artifact}.sigstore.json`, join(tampered, 'dist', 'shop-1.0.0.tgz.sigstore.json'));
    const rejected = await runBundle('verify-signatures', {
      inputs: { ...verifyInputs, 'trusted-root': trustedRoot },
      env,
      cwd: tampered,
    });
    expectRun(rejected, false, 'the tampered artifact is rejected', /shop-1\.0\.0\.tgz.*not this artifact/);

    step(
      'Approve the deployment',
      'The production environment requires a reviewer and forbids self-review. Run 1001 was approved by bob; alice pushed the tag.',
    );
    const approveInputs = {
      environment: 'production',
      digests: verified.outputs.digests ?? '',
      'audit-log': `file ${join(reports, 'audit-events.jsonl')}`,
    };
    const approved = await runBundle('require-approval', {
      inputs: approveInputs,
      env: { ...env, GITHUB_RUN_ID: '1001', GITHUB_ACTOR: 'alice' },
      cwd: work,
    });
    expectRun(approved, true, "bob approved alice's release");
    show('approvers', approved.outputs.approvers ?? '');
    show('deployment', `#${approved.outputs['deployment-id'] ?? ''}`);

    step(
      'Refuse a self-approval',
      'In run 1002 alice approved her own release. Separation of duties refuses it, and no deployment is recorded.',
    );
    const self = await runBundle('require-approval', {
      inputs: approveInputs,
      env: { ...env, GITHUB_RUN_ID: '1002', GITHUB_ACTOR: 'alice' },
      cwd: work,
    });
    expectRun(self, false, 'alice cannot approve her own release', /self-approval|approved (it|their own)/i);

    await demoRotation(emulator, postgres, env, work, reports);
    await demoAudit(env, work, reports);

    step(
      "Answer SAMM's questions",
      "secure-deploy assess reads the organization's workflows, environments, secrets and fingerprints and answers both level-3 questions from that evidence.",
    );
    const assessed = await cli(['assess', '--org', 'acme', '--out', reports], { ...env, GITHUB_TOKEN: 'ghs_demo' });
    if (assessed.code !== 0) throw new Error(`assess failed:\n${assessed.stderr}`);
    const report = JSON.parse(readFileSync(join(reports, 'assessment.json'), 'utf8')) as {
      answers: { question: string; answer: string }[];
    };
    for (const a of report.answers)
      show(a.question.startsWith('Do you consistently') ? 'integrity' : 'secrets', a.answer);
    // The scorecard's coverage table, as the Markdown report has it.
    const markdown = readFileSync(join(reports, 'assessment.md'), 'utf8');
    const section = markdown.split('### Coverage per criterion')[1] ?? '';
    const lines = section.split('\n');
    const first = lines.findIndex((line) => line.startsWith('|'));
    const after = lines.slice(Math.max(first, 0));
    const end = after.findIndex((line) => !line.startsWith('|'));
    const table = first < 0 ? [] : after.slice(0, end < 0 ? after.length : end);
    if (table.length > 0) show('coverage', table.filter((line) => !line.startsWith('| ---')).join('\n'));

    emulator.assertNoViolations();
    console.log(`\n${bold('Done.')} Every request the actions sent matched GitHub's OpenAPI description.`);
    console.log(`Reports are in ${reports}:`);
    for (const f of [
      'assessment.html',
      'assessment.md',
      'assessment.json',
      'audit-events.jsonl',
      'audit-secrets.sarif',
      'audit-secrets.json',
    ]) {
      console.log(`   ${join(reports, f)}`);
    }
  } finally {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch (error) {
        console.error(red(`cleanup: ${String(error)}`));
      }
    }
    rmSync(work, { recursive: true, force: true });
  }
}

/** The release tag being deployed: a deployment needs a ref that exists. */
async function createTag(api: string, repository: string, tag: string): Promise<void> {
  const headers = { authorization: 'token ghs_demo', 'content-type': 'application/json' };
  const head = (await (await fetch(`${api}/repos/${repository}/git/ref/heads/main`, { headers })).json()) as {
    object: { sha: string };
  };
  const created = await fetch(`${api}/repos/${repository}/git/refs`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ ref: `refs/tags/${tag}`, sha: head.object.sha }),
  });
  if (!created.ok) throw new Error(`could not create tag ${tag}: ${created.status}`);
}

async function demoRotation(
  emulator: Emulator,
  postgres: PostgresServer,
  env: Record<string, string>,
  work: string,
  reports: string,
): Promise<void> {
  step(
    'Rotate the database secret, one value per environment',
    'rotate-secret gives staging and production their own PostgreSQL password. With alternating users it changes the idle role, tests a login, then points the GitHub secret at it: the running application is never locked out.',
  );
  for (const role of ['shop_staging_a', 'shop_staging_b', 'shop_production_a', 'shop_production_b']) {
    await postgres.sql(`CREATE ROLE ${role} LOGIN PASSWORD 'initial-${role}'`);
  }
  const rotation = {
    name: 'DB_CREDENTIALS',
    instances: 'staging\nproduction',
    destinations: 'staging environment\nproduction environment',
    target: 'postgres',
    'postgres-url': postgres.adminUrl,
    'postgres-strategy': 'alternating-users',
    'postgres-roles': 'shop_{instance}_a shop_{instance}_b',
    'fingerprint-key': 'demo-fingerprint-key-0123456789abcdef',
    grace: '0',
    'audit-log': `file ${join(reports, 'audit-events.jsonl')}`,
  };
  const rotated = await runBundle('rotate-secret', { inputs: rotation, env, cwd: work });
  expectRun(rotated, true, 'both environments rotated');
  const held = (await emulator.secrets()).repos['acme/shop']?.environments ?? {};
  for (const instance of ['staging', 'production']) {
    const doc = JSON.parse(held[instance]?.DB_CREDENTIALS?.value ?? '{}') as { username?: string; password?: string };
    const ok = await postgres.canLogin(doc.username ?? '', doc.password ?? '');
    show(
      instance,
      `GitHub now holds role ${doc.username ?? '?'}; login with it: ${ok ? green('works') : red('FAILS')}`,
    );
    if (!ok) throw new Error(`the ${instance} secret GitHub holds does not log in`);
  }
  const values = Object.values(held).map((e) => e.DB_CREDENTIALS?.value);
  if (new Set(values).size !== values.length) throw new Error('two environments received the same value');
  show(
    'fingerprints',
    'stored as DB_CREDENTIALS_FINGERPRINT_<ENV> variables: the audit compares them without seeing values',
  );
}

async function demoAudit(env: Record<string, string>, work: string, reports: string): Promise<void> {
  step(
    'Audit the secrets and file findings',
    "audit-secrets inventories every secret of the organization, joins rotate-secret's records, and files one GitHub issue per finding (acme/legacy has a key nobody rotates).",
  );
  const audited = await runBundle('audit-secrets', {
    env,
    cwd: work,
    inputs: {
      organization: 'acme',
      'issues-repository': 'acme/shop',
      'issue-labels': 'security',
      'sarif-file': join(reports, 'audit-secrets.sarif'),
      'findings-file': join(reports, 'audit-secrets.json'),
      'fail-on': 'none',
      'audit-log': `file ${join(reports, 'audit-events.jsonl')}`,
    },
  });
  expectRun(audited, true, 'the audit ran and filed its findings');
  const findings = JSON.parse(readFileSync(join(reports, 'audit-secrets.json'), 'utf8')) as unknown;
  const list = Array.isArray(findings) ? findings : ((findings as { findings?: unknown[] }).findings ?? []);
  for (const f of list.slice(0, 6) as { severity?: string; title?: string }[]) {
    show(f.severity ?? 'finding', f.title ?? JSON.stringify(f));
  }
}

function seedDocument(): SeedDocument {
  // The workflows the README shows are the ones the demo's repository runs.
  const dir = join(REPO_ROOT, 'demo', 'workflows');
  const workflows = Object.fromEntries(
    readdirSync(dir).map((f) => [`.github/workflows/${f}`, readFileSync(join(dir, f), 'utf8')]),
  );
  return {
    users: [
      { login: 'alice', type: 'User' as const },
      { login: 'bob', type: 'User' as const },
    ],
    orgs: [{ login: 'acme', teams: [{ slug: 'release-managers', name: 'Release managers', members: ['bob'] }] }],
    repos: [
      {
        full_name: 'acme/shop',
        files: workflows,
        environments: [
          {
            name: 'production',
            prevent_self_review: true,
            reviewers: [{ type: 'User' as const, login: 'bob' }],
            deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
            branch_policies: [{ name: 'v*', type: 'tag' as const }],
            can_admins_bypass: false,
          },
          { name: 'staging', reviewers: [{ type: 'User', login: 'bob' }], can_admins_bypass: false },
        ],
        runs: [
          {
            id: 1001,
            actor: 'alice',
            triggering_actor: 'alice',
            event: 'push',
            head_branch: 'v1.0.0',
            status: 'in_progress',
            approvals: [
              { environments: ['production'], state: 'approved', comment: 'Checked the digests', user: 'bob' },
            ],
          },
          {
            id: 1002,
            actor: 'alice',
            triggering_actor: 'alice',
            event: 'push',
            head_branch: 'v1.0.0',
            status: 'in_progress',
            approvals: [{ environments: ['production'], state: 'approved', comment: 'ship it', user: 'alice' }],
          },
        ],
      },
      // A second application that has not adopted the suite yet: the scorecard shows it.
      {
        full_name: 'acme/legacy',
        secrets: [
          {
            name: 'API_KEY',
            value: 'legacy-key',
            created_at: '2024-01-01T00:00:00Z',
            updated_at: '2024-01-01T00:00:00Z',
          },
        ],
      },
    ],
  };
}

try {
  await main();
} catch (error) {
  console.error(`\n${red('The demo stopped:')} ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
