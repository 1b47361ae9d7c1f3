import { describe, expect, it } from 'vitest';
import { answerFor } from '../../src/assess/criteria.ts';
import { assess, type RepoEvidence, scoreRepository } from '../../src/assess/score.ts';
import { parseWorkflow, suiteActionOf } from '../../src/assess/workflows.ts';
import { AUDIT_WORKFLOW, RELEASE_WORKFLOW, ROTATE_WORKFLOW, WEAK_WORKFLOW } from './fixtures.ts';

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

  it('does not count a repository it could not read as meeting anything', () => {
    const score = scoreRepository(evidence({ problems: ['could not read environments (HTTP 403)'] }), NOW, 90);
    expect(score.criteria.every((c) => !c.met)).toBe(true);
    expect(score.meetsStream).toEqual({ A: false, B: false });
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
