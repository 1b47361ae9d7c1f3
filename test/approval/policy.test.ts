/** The approval rules as pure functions: no mocks, no network. */
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.ts';
import {
  commentDecision,
  DEFAULT_APPROVE_WORDS,
  DEFAULT_DENY_WORDS,
  EDITED_COMMENT,
  environmentChanges,
  evaluateComments,
  evaluateReviews,
  findProtectionChanges,
  parseAppSlugs,
  parseApproverPermission,
  parseEnvironmentChain,
  parseRepository,
  roleAtLeast,
  isBot,
  parseApprovers,
  parseDeploymentRefs,
  parseDigests,
  protectionProblems,
  shortRef,
  type DesiredEnvironment,
  type ReviewRules,
} from '../../src/approval/policy.ts';
import type { EnvironmentLike, RunApproval } from '../../src/approval/types.ts';

const NOW = '2026-01-01T00:00:00.000Z';

function rules(over: Partial<ReviewRules> = {}): ReviewRules {
  return {
    environment: 'production',
    minApprovals: 1,
    initiators: ['octo-releaser'],
    allowSelfApproval: false,
    allowed: undefined,
    now: NOW,
    ...over,
  };
}

function review(login: string, state = 'approved', envs = ['production'], type = 'User'): RunApproval {
  return {
    state,
    comment: `${state} by ${login}`,
    user: { login, type },
    environments: envs.map((name) => ({ name })),
  };
}

describe('parseApprovers', () => {
  it('reads users and teams, with or without @, and drops duplicates', () => {
    expect(parseApprovers(['alice', '@Bob', 'acme/Release-Managers', '@acme/release-managers', 'alice'])).toEqual([
      { kind: 'user', login: 'alice' },
      { kind: 'user', login: 'Bob' },
      { kind: 'team', org: 'acme', slug: 'release-managers' },
    ]);
  });

  it('accepts comma-separated entries on one line', () => {
    expect(parseApprovers(['alice, bob'])).toHaveLength(2);
  });

  it('rejects bots and malformed names, naming the input', () => {
    expect(() => parseApprovers(['dependabot[bot]'])).toThrow(ConfigurationError);
    expect(() => parseApprovers(['dependabot[bot]'])).toThrow("Input 'approvers'");
    expect(() => parseApprovers(['acme/'])).toThrow('is not a team');
    expect(() => parseApprovers(['-bad'])).toThrow('is not a GitHub user name');
  });
});

describe('parseDigests', () => {
  const hex = 'ab'.repeat(32);
  it("reads verify-signatures' output", () => {
    expect(parseDigests([`sha256:${hex}  dist/app.tar.gz`, `sha256:${hex} with space.bin`])).toEqual([
      { digest: `sha256:${hex}`, path: 'dist/app.tar.gz' },
      { digest: `sha256:${hex}`, path: 'with space.bin' },
    ]);
  });
  it('rejects anything else', () => {
    expect(() => parseDigests(['sha256:abc  x'])).toThrow("Input 'digests'");
    expect(() => parseDigests([`sha256:${hex}`])).toThrow("Input 'digests'");
  });
});

describe('parseDeploymentRefs', () => {
  it('defaults to tags v*', () => {
    expect(parseDeploymentRefs([])).toEqual({ kind: 'custom', policies: [{ name: 'v*', type: 'tag' }] });
  });
  it('reads protected-branches or patterns', () => {
    expect(parseDeploymentRefs(['protected-branches'])).toEqual({ kind: 'protected-branches' });
    expect(parseDeploymentRefs(['tag:v*', 'branch:main', 'tag:v*'])).toEqual({
      kind: 'custom',
      policies: [
        { name: 'v*', type: 'tag' },
        { name: 'main', type: 'branch' },
      ],
    });
  });
  it('rejects mixtures and bare patterns', () => {
    expect(() => parseDeploymentRefs(['protected-branches', 'tag:v*'])).toThrow('cannot be combined');
    expect(() => parseDeploymentRefs(['v*'])).toThrow("'tag:<pattern>'");
    expect(() => parseDeploymentRefs(['tag:v*', 'branch:**'])).toThrow("'branch:**' allows every branch");
    expect(parseDeploymentRefs(['tag:*'])).toEqual({ kind: 'custom', policies: [{ name: '*', type: 'tag' }] });
  });
});

describe('isBot', () => {
  it('knows bots by type or [bot] suffix', () => {
    expect(isBot({ login: 'github-actions[bot]' })).toBe(true);
    expect(isBot({ login: 'renovate', type: 'Bot' })).toBe(true);
    expect(isBot({ login: 'alice', type: 'User' })).toBe(false);
  });
});

describe('protectionProblems', () => {
  const protectedEnv: EnvironmentLike = {
    name: 'production',
    protection_rules: [
      { type: 'required_reviewers', prevent_self_review: true, reviewers: [{ type: 'User', reviewer: { id: 1 } }] },
    ],
    deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
    can_admins_bypass: false,
  };

  it('passes a protected environment', () => {
    expect(protectionProblems(protectedEnv, [{ name: 'v*', type: 'tag' }], { allowSelfApproval: false })).toEqual([]);
  });

  it('names the setting to change and where for an unprotected environment', () => {
    const problems = protectionProblems({ name: 'production', protection_rules: [] }, undefined, {
      allowSelfApproval: false,
    });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('Settings → Environments → production → Required reviewers');
    // can_admins_bypass not reported: read as GitHub's default, true.
    expect(problems[1]).toContain('Allow administrators to bypass configured protection rules (can_admins_bypass)');
    expect(problems[1]).toContain('GitHub did not say');
    expect(problems[2]).toContain('Deployment branches and tags');
  });

  it('requires that administrators cannot bypass, unless allowed', () => {
    const env: EnvironmentLike = { ...protectedEnv, can_admins_bypass: true };
    const problems = protectionProblems(env, [{ name: 'v*', type: 'tag' }], { allowSelfApproval: false });
    expect(problems).toEqual([
      "repository administrators can deploy to it without review: untick Settings → Environments → production → Allow administrators to bypass configured protection rules (can_admins_bypass), or set it as code with 'configure: true' (or accept it with allow-admin-bypass: true)",
    ]);
    expect(
      protectionProblems(env, [{ name: 'v*', type: 'tag' }], { allowSelfApproval: false, allowAdminBypass: true }),
    ).toEqual([]);
  });

  it('accepts an environment gated by an accepted app instead of reviewers', () => {
    const env: EnvironmentLike = { ...protectedEnv, protection_rules: [] };
    const policies = [{ name: 'v*', type: 'tag' as const }];
    expect(protectionProblems(env, policies, { allowSelfApproval: false })[0]).toContain('no required reviewers');
    expect(protectionProblems(env, policies, { allowSelfApproval: false, gatedBy: ['deploy-gate-app'] })).toEqual([]);
  });

  it('requires prevent self-review unless self-approval is allowed', () => {
    const env: EnvironmentLike = {
      ...protectedEnv,
      protection_rules: [{ type: 'required_reviewers', prevent_self_review: false, reviewers: [{ type: 'User' }] }],
    };
    expect(protectionProblems(env, [{ name: 'v*', type: 'tag' }], { allowSelfApproval: false })[0]).toContain(
      'Prevent self-review',
    );
    expect(protectionProblems(env, [{ name: 'v*', type: 'tag' }], { allowSelfApproval: true })).toEqual([]);
  });

  it('rejects custom ref policies that list nothing', () => {
    expect(protectionProblems(protectedEnv, [], { allowSelfApproval: false })[0]).toContain('lists no branch or tag');
  });

  it('rejects a branch rule of only asterisks, which lets every branch deploy', () => {
    for (const name of ['*', '**']) {
      const problems = protectionProblems(
        protectedEnv,
        [
          { name: 'v*', type: 'tag' },
          { name, type: 'branch' },
        ],
        { allowSelfApproval: false },
      );
      expect(problems).toEqual([
        `its branch rule '${name}' allows every branch: limit it to tags such as v* or to protected branches under Settings → Environments → production → Deployment branches and tags`,
      ]);
    }
    // A narrower branch pattern passes.
    expect(
      protectionProblems(protectedEnv, [{ name: 'release/*', type: 'branch' }], { allowSelfApproval: false }),
    ).toEqual([]);
  });
});

describe('evaluateReviews', () => {
  it('counts an approval by another person', () => {
    const v = evaluateReviews([review('alice')], rules());
    expect(v.approved).toBe(true);
    expect(v.accepted).toEqual([{ login: 'alice', time: NOW, comment: 'approved by alice' }]);
  });

  it('does not count self-approval unless allowed', () => {
    expect(evaluateReviews([review('Octo-Releaser')], rules()).approved).toBe(false);
    expect(evaluateReviews([review('octo-releaser')], rules()).refused[0]?.reason).toContain('self-approval');
    expect(evaluateReviews([review('octo-releaser')], rules({ allowSelfApproval: true })).approved).toBe(true);
  });

  it('does not count bots', () => {
    const v = evaluateReviews([review('deployer[bot]', 'approved', ['production'], 'Bot')], rules());
    expect(v.approved).toBe(false);
    expect(v.refused[0]?.reason).toContain('bot');
  });

  it('requires N distinct people', () => {
    expect(evaluateReviews([review('alice'), review('alice')], rules({ minApprovals: 2 })).approved).toBe(false);
    expect(evaluateReviews([review('alice'), review('bob')], rules({ minApprovals: 2 })).approved).toBe(true);
  });

  it('does not count an approval for another environment', () => {
    const v = evaluateReviews([review('alice', 'approved', ['staging'])], rules());
    expect(v.approved).toBe(false);
    expect(v.refused[0]?.reason).toContain("'staging', not 'production'");
  });

  it('counts only allowed approvers', () => {
    const v = evaluateReviews([review('mallory'), review('alice')], rules({ allowed: new Set(['alice']) }));
    expect(v.accepted.map((a) => a.login)).toEqual(['alice']);
    expect(v.refused).toEqual([{ login: 'mallory', reason: "is not in 'approvers'" }]);
  });

  it('fails on a rejection of the same environment, ignores pending', () => {
    const v = evaluateReviews([review('alice'), review('bob', 'rejected'), review('carol', 'pending')], rules());
    expect(v.approved).toBe(false);
    expect(v.rejections.map((x) => x.login)).toEqual(['bob']);
  });
});

describe('issue comments', () => {
  const words = { approve: [...DEFAULT_APPROVE_WORDS], deny: [...DEFAULT_DENY_WORDS] };

  it('reads the decision from the first word', () => {
    expect(commentDecision('Approve! ship it', words.approve, words.deny)).toBe('approve');
    expect(commentDecision('LGTM', words.approve, words.deny)).toBe('approve');
    expect(commentDecision('deny: not yet', words.approve, words.deny)).toBe('deny');
    expect(commentDecision('I approve', words.approve, words.deny)).toBeUndefined();
    expect(commentDecision('', words.approve, words.deny)).toBeUndefined();
  });

  it('counts allowed approvers other than the initiator, with their comment time', () => {
    const v = evaluateComments(
      [
        { user: { login: 'octo-releaser' }, body: 'approve', created_at: 't0', updated_at: 't0' },
        { user: { login: 'github-actions[bot]', type: 'Bot' }, body: 'approve', created_at: 't1', updated_at: 't1' },
        { user: { login: 'mallory' }, body: 'approve', created_at: 't2', updated_at: 't2' },
        { user: { login: 'alice' }, body: 'approve looks good', created_at: 't3', updated_at: 't3' },
      ],
      rules({ allowed: new Set(['alice', 'octo-releaser']) }),
      words,
    );
    expect(v.approved).toBe(true);
    expect(v.accepted).toEqual([{ login: 'alice', time: 't3', comment: 'approve looks good' }]);
    expect(v.refused.map((x) => x.login)).toEqual(['octo-releaser', 'github-actions[bot]', 'mallory']);
  });

  it('does not count an edited approval, and says why; an edited denial still denies', () => {
    const allowed = new Set(['alice', 'bob']);
    const v = evaluateComments(
      [
        { user: { login: 'alice' }, body: 'approve', created_at: 't1', updated_at: 't2' },
        { user: { login: 'bob' }, body: 'approve', created_at: 't3', updated_at: 't3' },
      ],
      rules({ allowed, minApprovals: 2 }),
      words,
    );
    expect(v.approved).toBe(false);
    expect(v.accepted.map((a) => a.login)).toEqual(['bob']);
    expect(v.refused).toEqual([{ login: 'alice', reason: EDITED_COMMENT }]);
    expect(EDITED_COMMENT).toContain('edited after posting');
    const denied = evaluateComments(
      [{ user: { login: 'bob' }, body: 'deny', created_at: 't1', updated_at: 't2' }],
      rules({ allowed }),
      words,
    );
    expect(denied.rejections).toEqual([{ login: 'bob', reason: 'deny (edited after posting)' }]);
  });

  it('a deny from an allowed approver wins; a deny from anyone else does not count', () => {
    const allowed = new Set(['alice', 'bob']);
    expect(
      evaluateComments(
        [
          { user: { login: 'alice' }, body: 'approve', created_at: 't', updated_at: 't' },
          { user: { login: 'bob' }, body: 'deny', created_at: 't', updated_at: 't' },
        ],
        rules({ allowed }),
        words,
      ).rejections,
    ).toHaveLength(1);
    const v = evaluateComments(
      [
        { user: { login: 'mallory' }, body: 'deny', created_at: 't', updated_at: 't' },
        { user: { login: 'alice' }, body: 'approve', created_at: 't', updated_at: 't' },
      ],
      rules({ allowed }),
      words,
    );
    expect(v.approved).toBe(true);
  });
});

describe('environmentChanges', () => {
  const desired: DesiredEnvironment = {
    reviewers: [
      { type: 'User', id: 11, name: 'alice' },
      { type: 'Team', id: 22, name: 'acme/release' },
    ],
    preventSelfReview: true,
    waitTimer: 5,
    refs: { kind: 'custom', policies: [{ name: 'v*', type: 'tag' }] },
    canAdminsBypass: false,
  };

  it('creates a missing environment', () => {
    expect(environmentChanges(undefined, [], desired)[0]).toBe('create the environment');
  });

  it('reports nothing when the environment matches', () => {
    const current: EnvironmentLike = {
      name: 'production',
      protection_rules: [
        {
          type: 'required_reviewers',
          prevent_self_review: true,
          reviewers: [
            { type: 'Team', reviewer: { id: 22, slug: 'release' } },
            { type: 'User', reviewer: { id: 11, login: 'alice' } },
          ],
        },
        { type: 'wait_timer', wait_timer: 5 },
      ],
      deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
      can_admins_bypass: false,
    };
    expect(environmentChanges(current, [{ name: 'v*', type: 'tag' }], desired)).toEqual([]);
  });

  it('lists each difference', () => {
    const current: EnvironmentLike = {
      name: 'production',
      protection_rules: [
        {
          type: 'required_reviewers',
          prevent_self_review: false,
          reviewers: [{ type: 'User', reviewer: { id: 99, login: 'old' } }],
        },
      ],
      deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
    };
    expect(environmentChanges(current, [{ name: 'main', type: 'branch' }], desired)).toEqual([
      "add required reviewer user 'alice'",
      "add required reviewer team 'acme/release'",
      "remove required reviewer user 'old'",
      'set prevent self-review to true',
      'stop administrators from bypassing the protection rules',
      'set wait timer from 0 to 5 minutes',
      "allow tag 'v*'",
      "stop allowing branch 'main'",
    ]);
  });
});

describe('findProtectionChanges', () => {
  const target = { repository: 'acme/app', environments: ['production', 'production-security'], since: 1767225600000 };
  it('reads only documented environment events on the chain since the run started, naming who', () => {
    const found = findProtectionChanges(
      [
        { action: 'repo.create', actor: 'x', repo: 'acme/app' },
        // Undocumented names are not read.
        { action: 'environment.bypass_protection_rules', actor: 'y', repo: 'acme/app', environment_name: 'production' },
        {
          action: 'environment.update_protection_rule',
          actor: 'z',
          repo: 'acme/other',
          environment_name: 'production',
        },
        { action: 'environment.update_protection_rule', actor: 'z', repo: 'acme/app', environment_name: 'staging' },
        {
          action: 'environment.update_protection_rule',
          actor: 'old',
          repo: 'acme/app',
          environment_name: 'production',
          '@timestamp': 1767225600000 - 1,
        },
        {
          action: 'environment.update_protection_rule',
          actor: 'admin-ann',
          repo: 'acme/app',
          environment_name: 'production-security',
          can_admins_bypass: true,
          '@timestamp': 1767225600000,
        },
      ],
      target,
    );
    expect(found).toEqual([
      {
        actor: 'admin-ann',
        action: 'environment.update_protection_rule',
        environment: 'production-security',
        time: '2026-01-01T00:00:00.000Z',
      },
    ]);
  });
});

describe('chain and other inputs', () => {
  it('puts the job environment in the chain and reads per-environment reviewers', () => {
    expect(parseEnvironmentChain('production-operations', ['production-security: acme/security, alice'])).toEqual([
      { name: 'production-operations', reviewers: [] },
      {
        name: 'production-security',
        reviewers: [
          { kind: 'team', org: 'acme', slug: 'security' },
          { kind: 'user', login: 'alice' },
        ],
      },
    ]);
    expect(() => parseEnvironmentChain('p', ['a', 'A'])).toThrow(/lists 'A' twice/);
  });
  it('refuses a role that does not exist and orders roles', () => {
    expect(parseApproverPermission('Maintain')).toBe('maintain');
    expect(parseApproverPermission('')).toBeUndefined();
    expect(() => parseApproverPermission('owner')).toThrow(
      "Input 'approver-permission': 'owner' is not a repository role. Use one of read, triage, write, maintain, admin",
    );
    expect(roleAtLeast('admin', 'maintain')).toBe(true);
    expect(roleAtLeast('write', 'maintain')).toBe(false);
    expect(roleAtLeast('none', 'read')).toBe(false);
  });
  it('parses app slugs and repositories', () => {
    expect(parseAppSlugs(['Deploy-Gate, other-app'])).toEqual(['deploy-gate', 'other-app']);
    expect(() => parseAppSlugs(['not/a/slug'])).toThrow(/not a GitHub App slug/);
    expect(parseRepository('acme/approvals', 'issue-repository')).toEqual({ owner: 'acme', repo: 'approvals' });
    expect(() => parseRepository('approvals', 'issue-repository')).toThrow("write it as 'owner/name'");
  });
});

describe('shortRef', () => {
  it('strips refs/tags and refs/heads', () => {
    expect(shortRef('refs/tags/v1.0.0')).toBe('v1.0.0');
    expect(shortRef('refs/heads/main')).toBe('main');
    expect(shortRef('refs/pull/1/merge')).toBe('refs/pull/1/merge');
  });
});
