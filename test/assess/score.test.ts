import { describe, expect, it } from 'vitest';
import { answerFor } from '../../src/assess/criteria.ts';
import { practiceCoverage } from '../../src/assess/coverage.ts';
import { toHtml, toMarkdown } from '../../src/assess/report.ts';
import { assess, type RepoEvidence, scoreRepository } from '../../src/assess/score.ts';
import { parseWorkflow, suiteActionOf } from '../../src/assess/workflows.ts';
import {
  AUDIT_WORKFLOW,
  orgAuditWorkflow,
  RELEASE_WORKFLOW,
  REPO_AUDIT_WORKFLOW,
  ROTATE_WORKFLOW,
  WEAK_WORKFLOW,
} from './fixtures.ts';

const NOW = new Date('2026-11-29T00:00:00Z');

function evidence(overrides: Partial<RepoEvidence> = {}): RepoEvidence {
  return {
    repository: 'acme/app',
    workflows: [
      parseWorkflow('.github/workflows/release.yml', RELEASE_WORKFLOW),
      parseWorkflow('.github/workflows/rotate.yml', ROTATE_WORKFLOW),
      parseWorkflow('.github/workflows/audit.yml', AUDIT_WORKFLOW),
    ],
    environments: [{ name: 'production', requiredReviewers: 1 }],
    secrets: [
      { scope: 'environment', name: 'DB_PASSWORD', environment: 'production', updatedAt: '2026-11-20T00:00:00Z' },
    ],
    fingerprints: [
      { secret: 'DB_PASSWORD', instance: 'staging', fingerprint: 'hmac-sha256:aa' },
      { secret: 'DB_PASSWORD', instance: 'production', fingerprint: 'hmac-sha256:bb' },
    ],
    problems: [],
    ...overrides,
  };
}

function unmet(ev: RepoEvidence): string[] {
  return scoreRepository(ev, NOW, 90)
    .criteria.filter((c) => !c.met)
    .map((c) => c.id);
}

function criterion(ev: RepoEvidence, id: string) {
  const c = scoreRepository(ev, NOW, 90).criteria.find((x) => x.id === id);
  if (!c) throw new Error(`no result for ${id}`);
  return c;
}

/** The fixtures with every `audit-log` reduced to its local file sink. */
function fileOnly(text: string): string {
  return text.replace(/\n\s*github acme\/audit-log token-env=AUDIT_LEDGER_TOKEN/g, '');
}

describe('suiteActionOf', () => {
  it('recognises the deploy gate and the sub-actions, and nothing else', () => {
    expect(suiteActionOf('acme/secure-deploy@v0')).toBe('deploy-gate');
    expect(suiteActionOf('acme/secure-deploy/actions/rotate-secret@v1.2.3')).toBe('rotate-secret');
    expect(suiteActionOf('./actions/verify-signatures')).toBe('verify-signatures');
    expect(suiteActionOf('acme/secure-deploy-fork@v0')).toBeUndefined();
    expect(suiteActionOf('actions/checkout@v4')).toBeUndefined();
    expect(suiteActionOf('acme/secure-deploy/actions/unknown@v0')).toBeUndefined();
  });
});

describe('scoreRepository', () => {
  it('finds every criterion met in a repository that does everything', () => {
    expect(unmet(evidence())).toEqual([]);
  });

  it('reports each shortfall with what is missing', () => {
    const ev = evidence({
      workflows: [parseWorkflow('.github/workflows/deploy.yml', WEAK_WORKFLOW)],
      environments: [],
      secrets: [{ scope: 'repository', name: 'OLD', updatedAt: '2025-01-01T00:00:00Z' }],
      fingerprints: [
        { secret: 'DB', instance: 'a', fingerprint: 'hmac-sha256:same' },
        { secret: 'DB', instance: 'b', fingerprint: 'hmac-sha256:same' },
      ],
    });
    const score = scoreRepository(ev, NOW, 90);
    expect(score.criteria.filter((c) => !c.met).map((c) => c.id)).toEqual([
      'verify-on-release',
      'breach-stops-deployment',
      'build-time-signatures',
      'compensating-measures',
      'approval-gate',
      'rotated-by-tool',
      'distinct-per-instance',
      'rotated-within-max-age',
      'access-logged-and-reviewed',
    ]);
    const missing = Object.fromEntries(score.criteria.map((c) => [c.id, c.missing.join(' | ')]));
    expect(missing['breach-stops-deployment']).toContain('continue-on-error');
    expect(missing['compensating-measures']).toContain("without a 'reason'");
    expect(missing['approval-gate']).toContain('names no environment');
    expect(missing['distinct-per-instance']).toContain('DB@a, DB@b');
    expect(missing['rotated-within-max-age']).toContain('OLD last updated 2025-01-01');
    expect(score.meetsStream).toEqual({ A: false, B: false });
  });

  it('does not count a local file sink as central logging', () => {
    const local = evidence({
      workflows: [RELEASE_WORKFLOW, ROTATE_WORKFLOW, AUDIT_WORKFLOW].map((text, i) =>
        parseWorkflow(`.github/workflows/w${i}.yml`, fileOnly(text)),
      ),
    });
    expect(fileOnly(RELEASE_WORKFLOW)).toContain('file audit/events.jsonl');
    expect(fileOnly(RELEASE_WORKFLOW)).not.toContain('github acme/audit-log');
    expect(unmet(local)).toEqual(['access-logged-and-reviewed']);
    const c = criterion(local, 'access-logged-and-reviewed');
    expect(c.missing.join('\n')).toContain('logs only to a file sink, which alone is not central');
    expect(scoreRepository(local, NOW, 90).meetsStream).toEqual({ A: true, B: false });
    // With the ledger line back, the same steps log centrally.
    expect(criterion(evidence(), 'access-logged-and-reviewed').evidence.join('\n')).toContain(
      'logs to a central sink (github)',
    );
  });

  it('counts http and syslog sinks as central, and a step without a central sink against the repository', () => {
    const withSink = (sink: string) =>
      evidence({
        workflows: [
          parseWorkflow('.github/workflows/release.yml', RELEASE_WORKFLOW),
          parseWorkflow(
            '.github/workflows/rotate.yml',
            ROTATE_WORKFLOW.replace('github acme/audit-log token-env=AUDIT_LEDGER_TOKEN', sink),
          ),
          parseWorkflow('.github/workflows/audit.yml', AUDIT_WORKFLOW),
        ],
      });
    expect(
      criterion(withSink('http https://collector.example/audit key-env=K'), 'access-logged-and-reviewed').met,
    ).toBe(true);
    expect(criterion(withSink('syslog logs.example:6514 tls=true'), 'access-logged-and-reviewed').met).toBe(true);
    const oneLocal = criterion(withSink('file elsewhere.jsonl'), 'access-logged-and-reviewed');
    expect(oneLocal.met).toBe(false);
    expect(oneLocal.missing).toEqual([
      ".github/workflows/rotate.yml job 'rotate' step acme/secure-deploy/actions/rotate-secret@v0 logs only to a file sink, which alone is not central: add an http, syslog or github sink",
    ]);
  });

  it('reports criteria with nothing to judge as not applicable, and keeps stream A failing without verification', () => {
    const bare = evidence({ repository: 'acme/docs', workflows: [], environments: [], secrets: [], fingerprints: [] });
    const score = scoreRepository(bare, NOW, 90);
    const na = score.criteria.filter((c) => !c.applicable).map((c) => c.id);
    expect(na).toEqual(['compensating-measures', 'rotated-within-max-age']);
    expect(score.criteria.filter((c) => !c.applicable).every((c) => !c.met)).toBe(true);
    expect(score.meetsStream).toEqual({ A: false, B: false });
    // Verification without checksums: there is evidence, so the criterion applies and is met.
    const full = criterion(evidence(), 'compensating-measures');
    expect([full.applicable, full.met]).toEqual([true, true]);
    // No secrets, everything else in place: stream B is still met on the criteria that apply.
    const noSecrets = scoreRepository(evidence({ secrets: [] }), NOW, 90);
    expect(noSecrets.criteria.find((c) => c.id === 'rotated-within-max-age')?.applicable).toBe(false);
    expect(noSecrets.meetsStream).toEqual({ A: true, B: true });
    // Coverage leaves n/a repositories out of a criterion's total.
    const result = assess([evidence(), bare], 'org acme', NOW, 90);
    const coverage = Object.fromEntries(result.coverage.map((c) => [c.id, [c.meeting, c.total, c.notApplicable]]));
    expect(coverage['compensating-measures']).toEqual([1, 1, 1]);
    expect(coverage['rotated-within-max-age']).toEqual([1, 1, 1]);
    expect(coverage['verify-on-release']).toEqual([1, 2, 0]);
  });

  it('does not count a repository it could not read as meeting anything', () => {
    const score = scoreRepository(evidence({ problems: ['could not read environments (HTTP 403)'] }), NOW, 90);
    expect(score.criteria.every((c) => !c.met)).toBe(true);
    expect(score.meetsStream).toEqual({ A: false, B: false });
    // Unreadable secrets are no evidence of having none: nothing becomes n/a.
    const empty = scoreRepository(
      evidence({ secrets: [], workflows: [], problems: ['could not read repository secrets (HTTP 403)'] }),
      NOW,
      90,
    );
    expect(empty.criteria.every((c) => c.applicable && !c.met)).toBe(true);
  });
});

describe('organization-wide practices', () => {
  const targets = ['acme/app', 'acme/legacy', 'acme/shop', 'other/app'];
  const host = (repository: string, path: string, text: string) => ({
    repository,
    workflows: [parseWorkflow(path, text)],
  });

  it('credits every repository a scheduled organization audit covers, respecting its repository filter', () => {
    const coverage = practiceCoverage(
      [host('acme/security', '.github/workflows/audit.yml', orgAuditWorkflow('acme', ['!legacy']))],
      targets,
    );
    expect(coverage.get('acme/app')?.reviewed).toEqual([
      "acme/security: .github/workflows/audit.yml job 'audit' step acme/secure-deploy/actions/audit-secrets@v0 reviews organization acme (its repository-filter matches) on a schedule",
    ]);
    expect(coverage.get('acme/shop')?.reviewed).toHaveLength(1);
    expect(coverage.get('acme/legacy')?.reviewed).toEqual([]);
    expect(coverage.get('other/app')?.reviewed).toEqual([]);
  });

  it('credits repositories an audit names, and only its own repository when it names nothing', () => {
    const named = orgAuditWorkflow('acme').replace(
      'organization: acme',
      'organization: acme\n          repositories: |\n            acme/shop',
    );
    const coverage = practiceCoverage(
      [
        host('acme/security', '.github/workflows/audit.yml', named),
        host('acme/legacy', '.github/workflows/audit.yml', REPO_AUDIT_WORKFLOW),
      ],
      targets,
    );
    expect(coverage.get('acme/shop')?.reviewed).toHaveLength(1);
    expect(coverage.get('acme/app')?.reviewed).toEqual([]);
    expect(coverage.get('acme/legacy')?.reviewed).toEqual([
      ".github/workflows/audit.yml job 'audit' step acme/secure-deploy/actions/audit-secrets@v0 reviews this repository on a schedule",
    ]);
  });

  it('credits "logged and reviewed" only where a scheduled audit also reviews secret reads', () => {
    const repoOnly = evidence({
      workflows: [
        parseWorkflow('.github/workflows/release.yml', RELEASE_WORKFLOW),
        parseWorkflow('.github/workflows/rotate.yml', ROTATE_WORKFLOW),
        parseWorkflow('.github/workflows/audit.yml', REPO_AUDIT_WORKFLOW),
      ],
    });
    const c = criterion(repoOnly, 'access-logged-and-reviewed');
    expect(c.met).toBe(false);
    expect(c.missing.join('\n')).toContain(
      "does not review secret reads: it audits no 'organization' (reads are in the organization audit log)",
    );
    const full = criterion(evidence(), 'access-logged-and-reviewed');
    expect(full.met).toBe(true);
    expect(full.evidence.join('\n')).toContain('reviews the secret reads GitHub recorded');
    // An organization audit with the API switched off and no export reviews no reads either.
    const off = orgAuditWorkflow('acme').replace(
      'ledger: acme/audit-log',
      "ledger: acme/audit-log\n          read-audit-log: 'false'",
    );
    const coverage = practiceCoverage([host('acme/security', '.github/workflows/audit.yml', off)], ['acme/app']);
    expect(coverage.get('acme/app')?.reviewed).toHaveLength(1);
    expect(coverage.get('acme/app')?.readsReviewed).toEqual([]);
    expect(coverage.get('acme/app')?.readsMissing?.join('\n')).toContain(
      "'read-audit-log' is false and no 'audit-log-export' is given",
    );
  });

  it('does not credit an audit that is not scheduled', () => {
    const manual = orgAuditWorkflow('acme').replace("schedule:\n    - cron: '0 5 * * 1'", 'workflow_dispatch: {}');
    expect(manual).not.toContain('schedule');
    const coverage = practiceCoverage([host('acme/security', '.github/workflows/audit.yml', manual)], targets);
    expect(coverage.get('acme/app')?.reviewed).toEqual([]);
  });

  it("credits the repositories rotate-secret's destinations name, not its host's by default", () => {
    const elsewhere = ROTATE_WORKFLOW.replace(
      'instances: staging production',
      'instances: |\n            production\n          destinations: |\n            production environment acme/shop:production\n            production repository acme/app',
    );
    const coverage = practiceCoverage(
      [host('acme/security', '.github/workflows/rotate.yml', elsewhere)],
      [...targets, 'acme/security'],
    );
    expect(coverage.get('acme/shop')?.rotated).toEqual([
      "acme/security: .github/workflows/rotate.yml job 'rotate' step acme/secure-deploy/actions/rotate-secret@v0 rotates DB_PASSWORD here on a schedule",
    ]);
    expect(coverage.get('acme/app')?.rotated).toHaveLength(1);
    expect(coverage.get('acme/security')?.rotated).toEqual([]);
    expect(coverage.get('acme/legacy')?.rotated).toEqual([]);
    // Without destinations, an instance's default is in the host repository.
    const own = practiceCoverage([host('acme/app', '.github/workflows/rotate.yml', ROTATE_WORKFLOW)], targets);
    expect(own.get('acme/app')?.rotated).toHaveLength(1);
    expect(own.get('acme/shop')?.rotated).toEqual([]);
  });

  it('lets an application without its own audit meet stream B through the organization audit', () => {
    const app = evidence({ workflows: evidence().workflows.filter((w) => !w.path.endsWith('audit.yml')) });
    expect(unmet(app)).toEqual(['access-logged-and-reviewed']);
    const coverage = practiceCoverage(
      [app, host('acme/security', '.github/workflows/audit.yml', orgAuditWorkflow('acme'))],
      [app.repository],
    );
    expect(unmet({ ...app, practices: coverage.get(app.repository) })).toEqual([]);
  });
});

describe('reports', () => {
  it('list evidence per application in Markdown and HTML, and say when the assessment is partial', () => {
    const bare = evidence({ repository: 'acme/docs', workflows: [], environments: [], secrets: [], fingerprints: [] });
    const unread = evidence({ repository: 'acme/locked', problems: ['could not read repository secrets (HTTP 403)'] });
    const result = assess([evidence(), bare, unread], 'org acme', NOW, 90);
    expect(result.partial).toBe(true);
    expect(result.unreadable).toEqual(['acme/locked']);
    const markdown = toMarkdown(result);
    expect(markdown).toContain('**Partial assessment:** 1 of 3 repositories could not be fully read (acme/locked)');
    expect(markdown).toContain(
      "  - ✔ verify-on-release: .github/workflows/release.yml job 'deploy' step acme/secure-deploy@v0 runs on release tags",
    );
    expect(markdown).toContain('  - n/a compensating-measures: not applicable: no verification step');
    expect(markdown).toContain('  - ✘ verify-on-release: no workflow runs verify-signatures');
    expect(markdown).toContain('- **acme/app**: stream A met, stream B met · every applicable criterion met');
    const page = toHtml(result);
    expect(page).toContain('<p class="partial" id="partial">');
    expect(page.match(/<details class="repository"/g)).toHaveLength(3);
    expect(page).toContain('<summary><b>acme/docs</b> — stream A not met, stream B not met');
    expect(toMarkdown(assess([evidence()], 'org acme', NOW, 90))).not.toContain('Partial');
  });
});

describe('assess', () => {
  it('answers with SAMM levels from the share of applications meeting every criterion', () => {
    const good = evidence();
    const noRotation = evidence({
      repository: 'acme/b',
      workflows: good.workflows.slice(0, 1).concat(good.workflows.slice(2)),
    });
    const result = assess([good, good, noRotation], 'org acme', NOW, 90);
    expect(result.answers.map((a) => [a.stream, a.meeting, a.total, a.answer])).toEqual([
      ['A', 3, 3, 'Yes, for most or all of the applications'],
      ['B', 2, 3, 'Yes, for at least half of the applications'],
    ]);
  });

  it('maps shares to the four answers', () => {
    expect(answerFor(0)).toBe('No');
    expect(answerFor(0.2)).toBe('Yes, for some applications');
    expect(answerFor(0.5)).toBe('Yes, for at least half of the applications');
    expect(answerFor(0.8)).toBe('Yes, for most or all of the applications');
  });
});
