export const id = 30;
export const ids = [30];
export const modules = {

/***/ 9030:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  registerApprovalCommands: () => (/* binding */ registerApprovalCommands)
});

// EXTERNAL MODULE: ./src/core/github.ts
var github = __webpack_require__(5108);
;// CONCATENATED MODULE: ./src/approval/github.ts
/**
 * The GitHub calls the approval capability makes, each turning a refusal into a message that names
 * the permission the token lacks. Returns the plain shapes of `./types.js`.
 */



/** The environment, or undefined if it does not exist. */
async function github_getEnvironment(client, r, environment) {
    try {
        const { data } = await client.rest.repos.getEnvironment({ ...r, environment_name: environment });
        return data;
    }
    catch (error) {
        if ((0,github/* errorStatus */.PO)(error) === 404) {
            // 404 also answers a token that cannot read the repository; the repository check tells them apart.
            await assertRepositoryVisible(client, r, `reading environment '${environment}'`);
            return undefined;
        }
        throw (0,github/* explainGitHubError */.Pm)(error, `reading environment '${environment}' of ${r.owner}/${r.repo}`, 'actions: read');
    }
}
async function assertRepositoryVisible(client, r, doing) {
    try {
        await client.rest.repos.get({ owner: r.owner, repo: r.repo });
    }
    catch (error) {
        throw (0,github/* explainGitHubError */.Pm)(error, `${doing} (the repository ${r.owner}/${r.repo} itself)`, 'metadata: read');
    }
}
async function github_listRefPolicies(client, r, environment) {
    try {
        const out = [];
        for (let page = 1;; page++) {
            const { data } = await client.rest.repos.listDeploymentBranchPolicies({
                ...r,
                environment_name: environment,
                per_page: 100,
                page,
            });
            for (const p of data.branch_policies) {
                out.push({ id: p.id ?? 0, name: p.name ?? '', type: p.type === 'tag' ? 'tag' : 'branch' });
            }
            if (data.branch_policies.length < 100)
                return out;
        }
    }
    catch (error) {
        throw (0,github/* explainGitHubError */.Pm)(error, `listing the deployment branch and tag policies of '${environment}'`, 'actions: read');
    }
}
async function github_getRun(client, r, runId) {
    try {
        const { data } = await client.rest.actions.getWorkflowRun({ ...r, run_id: runId });
        return {
            actor: data.actor?.login,
            triggeringActor: data.triggering_actor?.login,
            headSha: data.head_sha,
            createdAt: data.created_at,
        };
    }
    catch (error) {
        throw explainGitHubError(error, `reading workflow run ${runId}`, 'actions: read');
    }
}
async function github_listRunApprovals(client, r, runId) {
    try {
        const { data } = await client.rest.actions.getReviewsForRun({ ...r, run_id: runId });
        return data.map((a) => ({
            state: a.state,
            comment: a.comment,
            user: a.user ? { login: a.user.login, type: a.user.type } : null,
            environments: a.environments.map((e) => ({ name: e.name })),
        }));
    }
    catch (error) {
        throw explainGitHubError(error, `reading the approvals of workflow run ${runId}`, 'actions: read');
    }
}
async function github_resolveUser(client, login) {
    try {
        const { data } = await client.rest.users.getByUsername({ username: login });
        return { id: data.id, login: data.login };
    }
    catch (error) {
        if (errorStatus(error) === 404) {
            throw new ConfigurationError(`Input 'approvers': user '${login}' does not exist on GitHub. Check the spelling.`);
        }
        throw explainGitHubError(error, `looking up user '${login}'`);
    }
}
function teamNotResolved(org, slug, detail) {
    return new ConfigurationError(`Input 'approvers': team '${org}/${slug}' cannot be resolved (${detail}). Check the team slug (as in github.com/orgs/${org}/teams/<slug>), and give the token organization permission 'members: read' — GITHUB_TOKEN cannot read teams, so pass a GitHub App or fine-grained token.`);
}
async function github_resolveTeam(client, org, slug) {
    try {
        const { data } = await client.rest.teams.getByName({ org, team_slug: slug });
        return { id: data.id };
    }
    catch (error) {
        const status = errorStatus(error);
        if (status === 404 || status === 403) {
            throw teamNotResolved(org, slug, status === 404 ? 'not found, or not visible to this token' : 'access refused');
        }
        throw explainGitHubError(error, `looking up team '${org}/${slug}'`, 'members: read');
    }
}
async function github_teamMembers(client, org, slug) {
    try {
        const out = [];
        for (let page = 1;; page++) {
            const { data } = await client.rest.teams.listMembersInOrg({ org, team_slug: slug, per_page: 100, page });
            out.push(...data.map((u) => u.login));
            if (data.length < 100)
                return out;
        }
    }
    catch (error) {
        const status = errorStatus(error);
        if (status === 404 || status === 403) {
            throw teamNotResolved(org, slug, status === 404 ? 'not found, or not visible to this token' : 'access refused');
        }
        throw explainGitHubError(error, `listing the members of team '${org}/${slug}'`, 'members: read');
    }
}
/** At most this many audit-log pages (100 events each) are read for one check. */
const AUDIT_LOG_MAX_PAGES = 10;
function nextCursor(link) {
    if (typeof link !== 'string')
        return undefined;
    const next = /<([^>]+)>;\s*rel="next"/.exec(link)?.[1];
    return next ? (new URL(next).searchParams.get('after') ?? undefined) : undefined;
}
/**
 * Reads the organization audit log (newest first), or says why it cannot be read. Stops at the
 * first page that reaches back before `since` (epoch ms): older events are not needed.
 */
async function github_readAuditLog(client, org, phrase, options = {}) {
    const events = [];
    let after;
    try {
        for (let page = 0; page < AUDIT_LOG_MAX_PAGES; page++) {
            const response = await client.request('GET /orgs/{org}/audit-log', {
                org,
                phrase,
                include: 'web',
                order: 'desc',
                per_page: 100,
                ...(after ? { after } : {}),
            });
            const data = response.data;
            if (!Array.isArray(data))
                return { skipped: 'the audit log answer was not a list of events' };
            const read = data.filter((e) => typeof e === 'object' && e !== null);
            events.push(...read);
            after = nextCursor(response.headers.link);
            if (!after)
                return { events, truncated: false };
            const oldest = read.length > 0 ? eventMillis(read[read.length - 1] ?? {}) : undefined;
            if (options.since !== undefined && oldest !== undefined && oldest < options.since) {
                return { events, truncated: false };
            }
        }
        return { events, truncated: true };
    }
    catch (error) {
        const status = errorStatus(error);
        if (status === 403 || status === 404 || status === 401 || status === 422) {
            return {
                skipped: `the audit log of '${org}' cannot be read with this token (${status}); it needs an organization owner's token with 'read:audit_log' (GitHub Enterprise Cloud)`,
            };
        }
        throw explainGitHubError(error, `reading the audit log of '${org}'`, 'read:audit_log');
    }
}
const ADMIN = 'administration: write';
/** GITHUB_TOKEN can never administer a repository: say what to use instead. */
function withAdminHint(error) {
    if (!(error instanceof ConfigurationError))
        return error;
    return new ConfigurationError(`${error.message} GITHUB_TOKEN cannot be given that permission: run 'configure' with a GitHub App token or a fine-grained token that has repository 'Administration: write'.`);
}
async function github_putEnvironment(client, r, environment, body) {
    try {
        await client.rest.repos.createOrUpdateEnvironment({ ...r, environment_name: environment, ...body });
    }
    catch (error) {
        throw withAdminHint(explainGitHubError(error, `creating or updating environment '${environment}'`, ADMIN));
    }
}
async function github_addRefPolicy(client, r, environment, p) {
    try {
        await client.rest.repos.createDeploymentBranchPolicy({
            ...r,
            environment_name: environment,
            name: p.name,
            type: p.type,
        });
    }
    catch (error) {
        throw withAdminHint(explainGitHubError(error, `adding ${p.type} policy '${p.name}' to '${environment}'`, ADMIN));
    }
}
async function github_removeRefPolicy(client, r, environment, p) {
    try {
        await client.rest.repos.deleteDeploymentBranchPolicy({
            ...r,
            environment_name: environment,
            branch_policy_id: p.id,
        });
    }
    catch (error) {
        throw withAdminHint(explainGitHubError(error, `removing ${p.type} policy '${p.name}' from '${environment}'`, ADMIN));
    }
}
/** Creates a deployment and its `in_progress` status; returns the deployment id. */
async function github_createDeployment(client, r, d) {
    let id;
    try {
        const { data } = await client.rest.repos.createDeployment({
            ...r,
            ref: d.ref,
            environment: d.environment,
            task: 'deploy',
            auto_merge: false,
            required_contexts: [],
            description: d.description,
            payload: d.payload,
        });
        if (!('id' in data)) {
            throw new ConfigurationError(`GitHub did not create a deployment for '${d.ref}': ${data.message ?? 'no reason'}`);
        }
        id = data.id;
    }
    catch (error) {
        if (error instanceof ConfigurationError)
            throw error;
        if (isRequestError(error) && error.status === 422) {
            throw new ConfigurationError(`GitHub refused to create a deployment of '${d.ref}' to '${d.environment}' (422: ${error.message}). Set input 'ref' to a branch, tag or commit that exists in the repository.`);
        }
        throw explainGitHubError(error, `creating a deployment of '${d.ref}' to '${d.environment}'`, 'deployments: write');
    }
    try {
        await client.rest.repos.createDeploymentStatus({
            ...r,
            deployment_id: id,
            state: 'in_progress',
            environment: d.environment,
            description: d.statusDescription.slice(0, 140),
            ...(d.logUrl ? { log_url: d.logUrl } : {}),
        });
    }
    catch (error) {
        throw explainGitHubError(error, `setting deployment ${id} to in_progress`, 'deployments: write');
    }
    return id;
}
const ISSUES = 'issues: write';
async function github_openIssue(client, r, title, body) {
    try {
        const { data } = await client.rest.issues.create({ ...r, title, body });
        return { number: data.number, url: data.html_url };
    }
    catch (error) {
        throw explainGitHubError(error, 'opening the approval issue', ISSUES);
    }
}
async function github_listIssueComments(client, r, issue) {
    try {
        const out = [];
        for (let page = 1;; page++) {
            const { data } = await client.rest.issues.listComments({ ...r, issue_number: issue, per_page: 100, page });
            for (const c of data) {
                out.push({
                    user: c.user ? { login: c.user.login, type: c.user.type } : null,
                    body: c.body ?? '',
                    created_at: c.created_at,
                    updated_at: c.updated_at,
                });
            }
            if (data.length < 100)
                return out;
        }
    }
    catch (error) {
        throw explainGitHubError(error, `reading the comments of approval issue #${issue}`, 'issues: read');
    }
}
async function github_closeIssue(client, r, issue, comment, reason) {
    try {
        await client.rest.issues.createComment({ ...r, issue_number: issue, body: comment });
        await client.rest.issues.update({ ...r, issue_number: issue, state: 'closed', state_reason: reason });
    }
    catch (error) {
        throw explainGitHubError(error, `closing approval issue #${issue}`, ISSUES);
    }
}

;// CONCATENATED MODULE: ./src/approval/configure.ts
/**
 * Environment protection as code: create or update an environment so that it requires the given
 * reviewers, prevents self-review, waits, and limits which refs may deploy. Idempotent: when the
 * environment already matches, nothing is written and the result says so.
 */



/** GitHub allows at most six required reviewers per environment. */
const MAX_REVIEWERS = 6;
async function resolveReviewers(deps, reviewers) {
    const out = [];
    for (const ref of reviewers) {
        if (ref.kind === 'user') {
            const user = await resolveUser(deps.client, ref.login);
            out.push({ type: 'User', id: user.id, name: user.login });
        }
        else {
            const team = await resolveTeam(deps.client, ref.org, ref.slug);
            out.push({ type: 'Team', id: team.id, name: formatApprover(ref) });
        }
    }
    return out;
}
async function configureEnvironment(options, deps) {
    const r = { owner: deps.ctx.owner, repo: deps.ctx.repo };
    if (options.reviewers.length === 0) {
        throw new ConfigurationError("Input 'approvers' is empty: 'configure: true' needs at least one user or team to set as required reviewers.");
    }
    if (options.reviewers.length > MAX_REVIEWERS) {
        throw new ConfigurationError(`Input 'approvers' lists ${options.reviewers.length} reviewers; GitHub allows at most ${MAX_REVIEWERS} per environment. Use a team.`);
    }
    // Resolve every reviewer before writing anything, so that a typo changes nothing.
    const reviewers = await resolveReviewers(deps, options.reviewers);
    const desired = {
        reviewers,
        preventSelfReview: options.preventSelfReview,
        waitTimer: options.waitTimer,
        refs: options.refs,
    };
    const current = await getEnvironment(deps.client, r, options.environment);
    const currentPolicies = current?.deployment_branch_policy?.custom_branch_policies === true
        ? await listRefPolicies(deps.client, r, options.environment)
        : [];
    const changes = environmentChanges(current, currentPolicies, desired);
    if (changes.length === 0)
        return { created: false, changes };
    const custom = options.refs.kind === 'custom';
    await putEnvironment(deps.client, r, options.environment, {
        wait_timer: options.waitTimer,
        prevent_self_review: options.preventSelfReview,
        reviewers: reviewers.map((x) => ({ type: x.type, id: x.id })),
        deployment_branch_policy: { protected_branches: !custom, custom_branch_policies: custom },
    });
    if (options.refs.kind === 'custom') {
        // Switching to custom policies may have dropped old ones: read them again after the update.
        const existing = await listRefPolicies(deps.client, r, options.environment);
        for (const p of options.refs.policies) {
            if (!existing.some((e) => e.type === p.type && e.name === p.name)) {
                await addRefPolicy(deps.client, r, options.environment, p);
            }
        }
        for (const e of existing) {
            if (!options.refs.policies.some((p) => p.type === e.type && p.name === e.name)) {
                await removeRefPolicy(deps.client, r, options.environment, e);
            }
        }
    }
    return { created: current === undefined, changes };
}

// EXTERNAL MODULE: ./src/core/context.ts
var context = __webpack_require__(8480);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/mask.ts
var mask = __webpack_require__(9239);
;// CONCATENATED MODULE: ./src/approval/issue.ts
/**
 * Fallback for plans where environments cannot require reviewers: an issue lists what is being
 * deployed, mentions the approvers, and this step polls its comments until enough allowed people
 * approve, one denies, or the time runs out. The job's runner stays busy (and billed) while it waits.
 */







function issueBody(wait, deps) {
    const ctx = deps.ctx;
    const mentions = wait.approvers.map((a) => `@${formatApprover(a)}`).join(', ');
    const lines = [
        `## Deployment approval: \`${wait.ref}\` → \`${wait.environment}\``,
        '',
        `| | |`,
        `|---|---|`,
        `| Repository | ${ctx.repository} |`,
        `| Ref | \`${ctx.ref || wait.ref}\` |`,
        `| Commit | \`${ctx.sha}\` |`,
        `| Workflow run | ${runUrl(ctx) || '(not in a workflow run)'} |`,
        `| Started by | @${ctx.actor} |`,
        `| Approvals needed | ${wait.rules.minApprovals} |`,
        '',
    ];
    if (wait.digests.length > 0) {
        lines.push('### Verified artifacts', '', '| Digest | Artifact |', '|---|---|');
        for (const d of wait.digests)
            lines.push(`| \`${d.digest}\` | \`${d.path}\` |`);
        lines.push('');
    }
    else {
        lines.push('_No verified artifact digests were passed to this step._', '');
    }
    lines.push(`${mentions}: please review and comment **${wait.options.approveWords[0] ?? 'approve'}** to approve or **${wait.options.denyWords[0] ?? 'deny'}** to deny.`, '', `Words that approve: ${wait.options.approveWords.map((w) => `\`${w}\``).join(', ')}. Words that deny: ${wait.options.denyWords.map((w) => `\`${w}\``).join(', ')} (the first word of a comment counts).`, wait.rules.allowSelfApproval ? '' : `The person who started the run (@${ctx.actor}) cannot approve it.`, `This request times out after ${issue_formatDuration(wait.options.timeoutSeconds)}.`);
    return lines.join('\n');
}
function issue_formatDuration(seconds) {
    if (seconds % 3600 === 0 && seconds >= 3600)
        return `${seconds / 3600} h`;
    if (seconds % 60 === 0 && seconds >= 60)
        return `${seconds / 60} min`;
    return `${seconds} s`;
}
async function issue_waitForIssueApproval(wait, deps) {
    const r = { owner: deps.ctx.owner, repo: deps.ctx.repo };
    const now = clock(deps);
    const sleep = sleepFor(deps);
    if (wait.options.pollIntervalSeconds <= 0 || wait.options.timeoutSeconds <= 0) {
        throw new ConfigurationError("Inputs 'poll-interval-seconds' and the timeout must be positive.");
    }
    const title = `Approve deployment of ${wait.ref} to ${wait.environment}${deps.ctx.runId !== undefined ? ` (run ${deps.ctx.runId})` : ''}`;
    const issue = await openIssue(deps.client, r, title, issueBody(wait, deps));
    deps.log.info(`Waiting for approval in ${issue.url} (up to ${issue_formatDuration(wait.options.timeoutSeconds)}).`);
    const deadline = now().getTime() + wait.options.timeoutSeconds * 1000;
    const words = { approve: wait.options.approveWords, deny: wait.options.denyWords };
    const reported = new Set();
    try {
        for (;;) {
            const comments = await listIssueComments(deps.client, r, issue.number);
            const verdict = evaluateComments(comments, wait.rules, words);
            for (const x of verdict.refused) {
                const key = `${x.login.toLowerCase()}\n${x.reason}`;
                if (!reported.has(key)) {
                    reported.add(key);
                    deps.log.info(`Not counted: ${x.login} (${x.reason}).`);
                }
            }
            if (verdict.rejections.length > 0) {
                const who = verdict.rejections.map((x) => `@${x.login}`).join(', ');
                await closeIssue(deps.client, r, issue.number, `Deployment **denied** by ${who}.`, 'not_planned');
                return { issue, verdict, outcome: 'denied' };
            }
            if (verdict.approved) {
                const who = verdict.accepted.map((x) => `@${x.login}`).join(', ');
                await closeIssue(deps.client, r, issue.number, `Deployment **approved** by ${who}. ${runUrl(deps.ctx)}`.trim(), 'completed');
                return { issue, verdict, outcome: 'approved' };
            }
            if (deps.signal?.aborted) {
                await closeIssue(deps.client, r, issue.number, `Approval request **cancelled**: the workflow run was cancelled with ${verdict.accepted.length} of ${wait.rules.minApprovals} approvals.`, 'not_planned');
                return { issue, verdict, outcome: 'cancelled' };
            }
            const remaining = deadline - now().getTime();
            if (remaining <= 0) {
                await closeIssue(deps.client, r, issue.number, `Approval request **timed out** after ${issue_formatDuration(wait.options.timeoutSeconds)} with ${verdict.accepted.length} of ${wait.rules.minApprovals} approvals. Rerun the workflow to ask again.`, 'not_planned');
                return { issue, verdict, outcome: 'timed-out' };
            }
            await sleep(Math.min(wait.options.pollIntervalSeconds * 1000, remaining));
        }
    }
    catch (error) {
        // Whatever went wrong, the request is over: say so on the issue rather than leave it open.
        await closeAfterFailure(deps, r, issue, error);
        throw error;
    }
}
async function closeAfterFailure(deps, r, issue, error) {
    const said = isRequestError(error)
        ? `the GitHub API answered ${error.status} (${error.message})`
        : error instanceof Error
            ? error.message
            : String(error);
    const reason = redact(said).replace(/\s+/g, ' ').trim().slice(0, 500);
    try {
        await closeIssue(deps.client, r, issue.number, `Approval request **failed**: ${reason || 'unknown error'}. Nothing was approved; rerun the workflow to ask again. ${runUrl(deps.ctx)}`.trim(), 'not_planned');
    }
    catch (closeError) {
        deps.log.warning(`Approval issue ${issue.url} could not be closed after the failure: ${redact(closeError instanceof Error ? closeError.message : String(closeError))}`);
    }
}

;// CONCATENATED MODULE: ./src/approval/policy.ts
/**
 * The approval rules as pure functions that throw or return verdicts: no network, no runner.
 * Everything here is tested without mocks in test/approval/policy.test.ts.
 */

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const ORG = (/* unused pure expression or super */ null && (LOGIN));
const SLUG = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
/** Parses the `approvers` input: `alice`, `@alice`, `acme/release-managers`, `@acme/release-managers`. */
function parseApprovers(lines) {
    const out = [];
    const seen = new Set();
    for (const raw of lines.flatMap((l) => l.split(/[\s,]+/)).filter(Boolean)) {
        const entry = raw.replace(/^@/, '');
        const slash = entry.indexOf('/');
        let ref;
        if (slash >= 0) {
            const org = entry.slice(0, slash);
            const slug = entry.slice(slash + 1);
            if (!ORG.test(org) || !SLUG.test(slug)) {
                throw new ConfigurationError(`Input 'approvers': '${raw}' is not a team. Write teams as '<org>/<team-slug>', e.g. 'acme/release-managers'.`);
            }
            ref = { kind: 'team', org, slug: slug.toLowerCase() };
        }
        else {
            if (!LOGIN.test(entry)) {
                throw new ConfigurationError(`Input 'approvers': '${raw}' is not a GitHub user name (bots cannot be approvers). Write users as 'login' and teams as '<org>/<team-slug>'.`);
            }
            ref = { kind: 'user', login: entry };
        }
        const key = approverKey(ref);
        if (!seen.has(key)) {
            seen.add(key);
            out.push(ref);
        }
    }
    return out;
}
function approverKey(ref) {
    return ref.kind === 'user' ? ref.login.toLowerCase() : `${ref.org.toLowerCase()}/${ref.slug.toLowerCase()}`;
}
function policy_formatApprover(ref) {
    return ref.kind === 'user' ? ref.login : `${ref.org}/${ref.slug}`;
}
const DIGEST_LINE = /^(sha256:[0-9a-f]{64})\s+(\S.*)$/;
/** Parses verify-signatures' `digests` output: one `sha256:<hex>  <path>` per line. */
function parseDigests(lines) {
    return lines.map((line) => {
        const m = DIGEST_LINE.exec(line.trim());
        if (!m) {
            throw new ConfigurationError(`Input 'digests': '${line}' is not a verified digest. Pass verify-signatures' 'digests' output: one 'sha256:<64 hex digits>  <path>' per line.`);
        }
        return { digest: m[1] ?? '', path: (m[2] ?? '').trim() };
    });
}
/** Parses `deployment-refs`: `protected-branches`, or any number of `tag:<pattern>` / `branch:<pattern>`. */
function parseDeploymentRefs(lines) {
    if (lines.length === 0)
        return { kind: 'custom', policies: [{ name: 'v*', type: 'tag' }] };
    if (lines.some((l) => l === 'protected-branches')) {
        if (lines.length > 1) {
            throw new ConfigurationError("Input 'deployment-refs': 'protected-branches' cannot be combined with name patterns (GitHub allows one or the other).");
        }
        return { kind: 'protected-branches' };
    }
    const policies = [];
    for (const line of lines) {
        const m = /^(tag|branch):(\S+)$/.exec(line);
        if (!m) {
            throw new ConfigurationError(`Input 'deployment-refs': '${line}' must be 'protected-branches', 'tag:<pattern>' or 'branch:<pattern>' (e.g. 'tag:v*').`);
        }
        const policy = { type: m[1], name: m[2] ?? '' };
        if (policy.type === 'branch' && /^\*+$/.test(policy.name)) {
            // The protection check refuses such an environment: configuring one would be a trap.
            throw new ConfigurationError(`Input 'deployment-refs': '${line}' allows every branch, which is no limit; name release tags (e.g. 'tag:v*'), branches, or 'protected-branches'.`);
        }
        if (!policies.some((p) => p.type === policy.type && p.name === policy.name))
            policies.push(policy);
    }
    return { kind: 'custom', policies };
}
/** GitHub Apps and bot accounts: `type: Bot`, or a login ending in `[bot]`. */
function isBot(user) {
    return user.type === 'Bot' || /\[bot\]$/i.test(user.login);
}
function policy_environmentSettingsPath(environment) {
    return `Settings → Environments → ${environment}`;
}
/**
 * What is missing from an environment's protection, each item saying which setting to change and
 * where. Empty when the environment requires a reviewer, prevents self-review (unless allowed) and
 * limits which refs may deploy.
 */
function protectionProblems(env, refPolicies, options) {
    const where = policy_environmentSettingsPath(env.name);
    const problems = [];
    const rule = (env.protection_rules ?? []).find((r) => r.type === 'required_reviewers');
    if (!rule || (rule.reviewers ?? []).length === 0) {
        problems.push(`it has no required reviewers: turn on ${where} → Required reviewers and add at least one person or team`);
    }
    else if (rule.prevent_self_review !== true && !options.allowSelfApproval) {
        problems.push(`it lets the person who started the run approve it: tick ${where} → Required reviewers → Prevent self-review (or set allow-self-approval: true)`);
    }
    const policy = env.deployment_branch_policy;
    if (!policy) {
        problems.push(`any branch can deploy to it: set ${where} → Deployment branches and tags to 'Protected branches only' or 'Selected branches and tags' (e.g. tag 'v*')`);
    }
    else if (policy.custom_branch_policies && refPolicies !== undefined) {
        if (refPolicies.length === 0) {
            problems.push(`'Selected branches and tags' lists no branch or tag: add one under ${where} → Deployment branches and tags (e.g. tag 'v*')`);
        }
        for (const p of refPolicies) {
            if (p.type === 'branch' && /^\*+$/.test(p.name)) {
                problems.push(`its branch rule '${p.name}' allows every branch: limit it to tags such as v* or to protected branches under ${where} → Deployment branches and tags`);
            }
        }
    }
    return problems;
}
function refusalFor(user, rules) {
    if (isBot(user))
        return 'is a bot: approvals must come from a person';
    const login = user.login.toLowerCase();
    if (!rules.allowSelfApproval && rules.initiators.some((i) => i.toLowerCase() === login)) {
        return 'started this run, pushed its ref or authored its release: self-approval is not allowed';
    }
    if (rules.allowed && !rules.allowed.has(login))
        return "is not in 'approvers'";
    return undefined;
}
function sameName(a, b) {
    return (a ?? '').toLowerCase() === b.toLowerCase();
}
/** Counts the run's environment reviews that approve `environment`, per the rules. */
function policy_evaluateReviews(reviews, rules) {
    const accepted = new Map();
    const refused = [];
    const rejections = [];
    for (const review of reviews) {
        const user = review.user;
        if (!user)
            continue;
        const names = review.environments.map((e) => e.name ?? '');
        const covers = names.some((n) => sameName(n, rules.environment));
        if (review.state !== 'approved' && review.state !== 'rejected')
            continue;
        if (!covers) {
            refused.push({
                login: user.login,
                reason: `${review.state} ${names.map((n) => `'${n}'`).join(', ') || 'no environment'}, not '${rules.environment}'`,
            });
            continue;
        }
        const why = refusalFor(user, rules);
        if (review.state === 'rejected') {
            // A rejection fails the step whoever gave it, unless it is a bot's.
            if (!isBot(user))
                rejections.push({ login: user.login, reason: review.comment || 'no comment' });
            continue;
        }
        if (why) {
            refused.push({ login: user.login, reason: why });
            continue;
        }
        const key = user.login.toLowerCase();
        if (!accepted.has(key))
            accepted.set(key, { login: user.login, time: rules.now, comment: review.comment });
    }
    const list = [...accepted.values()];
    return {
        accepted: list,
        refused,
        rejections,
        approved: rejections.length === 0 && list.length >= rules.minApprovals,
    };
}
const DEFAULT_APPROVE_WORDS = ['approve', 'approved', 'lgtm', 'yes'];
const DEFAULT_DENY_WORDS = ['deny', 'denied', 'reject', 'rejected', 'no'];
/** The decision a comment states: its first word (case-insensitive, trailing punctuation ignored). */
function commentDecision(body, approveWords, denyWords) {
    const first = (body.trim().split(/\s+/)[0] ?? '').toLowerCase().replace(/[.!,:;]+$/, '');
    if (first === '')
        return undefined;
    if (denyWords.some((w) => w.toLowerCase() === first))
        return 'deny';
    if (approveWords.some((w) => w.toLowerCase() === first))
        return 'approve';
    return undefined;
}
const EDITED_COMMENT = 'edited after posting: anyone with write access can edit a comment, so an edited one does not approve; post a new comment';
/**
 * Counts approve/deny comments on an approval issue, per the rules (the `now` field is unused).
 * An edited comment does not approve, whoever edited it: its author may not have written what it
 * says now. It still denies (failing closed), noted as edited.
 */
function policy_evaluateComments(comments, rules, words) {
    const accepted = new Map();
    const refused = [];
    const rejections = [];
    for (const comment of comments) {
        const user = comment.user;
        if (!user)
            continue;
        const decision = commentDecision(comment.body ?? '', words.approve, words.deny);
        if (!decision)
            continue;
        const why = refusalFor(user, rules);
        if (why) {
            refused.push({ login: user.login, reason: why });
            continue;
        }
        const edited = comment.updated_at !== comment.created_at;
        if (decision === 'deny') {
            const said = (comment.body ?? '').trim();
            rejections.push({ login: user.login, reason: edited ? `${said} (edited after posting)` : said });
            continue;
        }
        if (edited) {
            refused.push({ login: user.login, reason: EDITED_COMMENT });
            continue;
        }
        const key = user.login.toLowerCase();
        if (!accepted.has(key)) {
            accepted.set(key, { login: user.login, time: comment.created_at, comment: (comment.body ?? '').trim() });
        }
    }
    const list = [...accepted.values()];
    return {
        accepted: list,
        refused,
        rejections,
        approved: rejections.length === 0 && list.length >= rules.minApprovals,
    };
}
/**
 * What `configure` would change, one line each; empty when the environment already matches.
 * `current` is undefined when the environment does not exist.
 */
function policy_environmentChanges(current, currentPolicies, desired) {
    if (!current) {
        return ['create the environment', ...desiredDescription(desired)];
    }
    const changes = [];
    const rules = current.protection_rules ?? [];
    const reviewerRule = rules.find((r) => r.type === 'required_reviewers');
    const have = new Set((reviewerRule?.reviewers ?? []).map((r) => `${r.type ?? ''}:${r.reviewer?.id ?? ''}`).filter((k) => k !== ':'));
    const want = new Set(desired.reviewers.map((r) => `${r.type}:${r.id}`));
    for (const r of desired.reviewers) {
        if (!have.has(`${r.type}:${r.id}`))
            changes.push(`add required reviewer ${r.type.toLowerCase()} '${r.name}'`);
    }
    for (const r of reviewerRule?.reviewers ?? []) {
        const key = `${r.type ?? ''}:${r.reviewer?.id ?? ''}`;
        if (!want.has(key)) {
            const name = r.reviewer?.login ?? r.reviewer?.slug ?? String(r.reviewer?.id ?? '?');
            changes.push(`remove required reviewer ${(r.type ?? '').toLowerCase()} '${name}'`);
        }
    }
    if ((reviewerRule?.prevent_self_review ?? false) !== desired.preventSelfReview) {
        changes.push(`set prevent self-review to ${desired.preventSelfReview}`);
    }
    const timer = rules.find((r) => r.type === 'wait_timer')?.wait_timer ?? 0;
    if (timer !== desired.waitTimer)
        changes.push(`set wait timer from ${timer} to ${desired.waitTimer} minutes`);
    const policy = current.deployment_branch_policy ?? null;
    if (desired.refs.kind === 'protected-branches') {
        if (!policy || !policy.protected_branches)
            changes.push('limit deployments to protected branches');
    }
    else {
        if (!policy || !policy.custom_branch_policies)
            changes.push('limit deployments to selected branches and tags');
        const existing = policy?.custom_branch_policies ? currentPolicies : [];
        for (const p of desired.refs.policies) {
            if (!existing.some((e) => e.type === p.type && e.name === p.name))
                changes.push(`allow ${p.type} '${p.name}'`);
        }
        for (const e of existing) {
            if (!desired.refs.policies.some((p) => p.type === e.type && p.name === e.name)) {
                changes.push(`stop allowing ${e.type} '${e.name}'`);
            }
        }
    }
    return changes;
}
function desiredDescription(desired) {
    const lines = desired.reviewers.map((r) => `add required reviewer ${r.type.toLowerCase()} '${r.name}'`);
    lines.push(`set prevent self-review to ${desired.preventSelfReview}`);
    if (desired.waitTimer > 0)
        lines.push(`set wait timer to ${desired.waitTimer} minutes`);
    if (desired.refs.kind === 'protected-branches')
        lines.push('limit deployments to protected branches');
    else
        for (const p of desired.refs.policies)
            lines.push(`allow ${p.type} '${p.name}'`);
    return lines;
}
function field(event, ...names) {
    const data = event.data;
    for (const name of names) {
        if (event[name] !== undefined && event[name] !== null)
            return event[name];
        if (typeof data === 'object' && data !== null) {
            const v = data[name];
            if (v !== undefined && v !== null)
                return v;
        }
    }
    return undefined;
}
/** When an audit-log event happened (epoch milliseconds), or undefined if it does not say. */
function policy_eventMillis(event) {
    const t = field(event, '@timestamp', 'created_at');
    if (typeof t === 'number' && Number.isFinite(t))
        return t;
    if (typeof t === 'string') {
        const ms = Date.parse(t);
        return Number.isNaN(ms) ? undefined : ms;
    }
    return undefined;
}
function eventTime(event) {
    const t = field(event, '@timestamp', 'created_at');
    if (typeof t === 'number')
        return new Date(t).toISOString();
    return typeof t === 'string' ? t : 'an unknown time';
}
/**
 * Finds an audit-log event saying that protection rules were bypassed for this run (or, when the
 * event names no run, for this repository's environment).
 */
function policy_findBypass(events, target) {
    for (const event of events) {
        const action = field(event, 'action');
        if (typeof action !== 'string' || !/bypass|force_deploy|policy_override/i.test(action))
            continue;
        const repo = field(event, 'repo', 'repository');
        if (typeof repo === 'string' && repo !== '' && repo.toLowerCase() !== target.repository.toLowerCase())
            continue;
        const run = field(event, 'workflow_run_id', 'run_id');
        const runText = typeof run === 'number' || typeof run === 'string' ? String(run) : undefined;
        if (runText !== undefined && target.runId !== undefined && runText !== String(target.runId))
            continue;
        const env = field(event, 'environment_name', 'environment');
        if (typeof env === 'string' && env !== '' && !sameName(env, target.environment))
            continue;
        if (runText === undefined && env === undefined)
            continue;
        const actor = field(event, 'actor');
        return { actor: typeof actor === 'string' ? actor : 'an unknown administrator', action, time: eventTime(event) };
    }
    return undefined;
}
/** The short name of a ref: `refs/tags/v1.0.0` → `v1.0.0`. */
function policy_shortRef(ref) {
    return ref.replace(/^refs\/(heads|tags)\//, '');
}

;// CONCATENATED MODULE: ./src/approval/require-approval.ts






const DEFAULT_ISSUE_OPTIONS = {
    pollIntervalSeconds: 30,
    timeoutSeconds: 3600,
    approveWords: DEFAULT_APPROVE_WORDS,
    denyWords: DEFAULT_DENY_WORDS,
};
function issueOptions(options) {
    const given = options.issue ?? {};
    return {
        pollIntervalSeconds: given.pollIntervalSeconds ?? DEFAULT_ISSUE_OPTIONS.pollIntervalSeconds,
        timeoutSeconds: given.timeoutSeconds ?? DEFAULT_ISSUE_OPTIONS.timeoutSeconds,
        approveWords: given.approveWords?.length ? given.approveWords : DEFAULT_ISSUE_OPTIONS.approveWords,
        denyWords: given.denyWords?.length ? given.denyWords : DEFAULT_ISSUE_OPTIONS.denyWords,
    };
}
/** The deployment was not approved: a ConfigurationError carrying what was seen, for the summary. */
class ApprovalDenied extends errors/* ConfigurationError */.j1 {
    accepted;
    refused;
    issue;
    constructor(message, seen = {}) {
        super(message);
        this.accepted = seen.accepted ?? [];
        this.refused = seen.refused ?? [];
        this.issue = seen.issue;
    }
}
function stringField(obj, key) {
    if (typeof obj !== 'object' || obj === null)
        return undefined;
    const v = obj[key];
    return typeof v === 'string' && v !== '' ? v : undefined;
}
function objectField(obj, key) {
    if (typeof obj !== 'object' || obj === null)
        return undefined;
    return obj[key];
}
/** Everyone who started this run, pushed its ref or authored its release: none of them may approve it. */
function initiators(deps, run) {
    const event = deps.ctx.event;
    const names = [
        deps.ctx.actor,
        deps.ctx.triggeringActor,
        run?.actor,
        run?.triggeringActor,
        stringField(event.pusher, 'name'),
        stringField(event.sender, 'login'),
        // A release event can be sent by someone other than the release's author (an edit, a bot).
        stringField(objectField(event.release, 'author'), 'login'),
    ];
    return [...new Set(names.filter((n) => typeof n === 'string' && n !== ''))];
}
async function allowedLogins(deps, approvers) {
    if (approvers.length === 0)
        return undefined;
    const out = new Set();
    for (const a of approvers) {
        if (a.kind === 'user')
            out.add(a.login.toLowerCase());
        else
            for (const m of await teamMembers(deps.client, a.org, a.slug))
                out.add(m.toLowerCase());
    }
    return out;
}
function describeRefused(refused) {
    return refused.map((x) => `${x.login} (${x.reason})`).join('; ');
}
function deployRef(options, deps) {
    const ref = options.ref || shortRef(deps.ctx.ref) || deps.ctx.sha;
    if (!ref) {
        throw new ConfigurationError("No ref to deploy: set input 'ref', or run in a workflow (GITHUB_REF).");
    }
    return ref;
}
async function record(deps, event) {
    if (deps.audit)
        await deps.audit.emit(event, (sink, error) => deps.log.warning(`Audit sink ${sink}: ${String(error)}`));
}
function auditTarget(deps, environment, ref) {
    return { scope: 'environment', repository: deps.ctx.repository, environment, name: ref };
}
async function deny(deps, options, ref, error, extra = {}) {
    await record(deps, {
        action: 'deployment.approve',
        target: auditTarget(deps, options.environment, ref),
        outcome: 'denied',
        details: {
            mode: options.mode,
            reason: error.message,
            accepted: error.accepted,
            refused: error.refused,
            min_approvals: options.minApprovals,
            ...extra,
        },
    });
    throw error;
}
/** Whether an environment exists and what its protection lacks (for the action and the CLI). */
async function inspectProtection(client, r, environment, options) {
    const env = await github_getEnvironment(client, r, environment);
    if (!env)
        return { exists: false, problems: [] };
    const policies = env.deployment_branch_policy?.custom_branch_policies
        ? await github_listRefPolicies(client, r, environment)
        : undefined;
    return { exists: true, problems: protectionProblems(env, policies, options) };
}
function missingEnvironmentMessage(environment, repository) {
    return `Environment '${environment}' does not exist in ${repository}. Create it under Settings → Environments → New environment with required reviewers (or run this action once with 'configure: true'), and declare 'environment: ${environment}' on the deploy job.`;
}
function unprotectedMessage(environment, problems) {
    return `Environment '${environment}' is not protected: ${problems.join('; ')}. Change it under ${policy_environmentSettingsPath(environment)}, or set it as code with 'configure: true'.`;
}
/** Checks the environment's protection rules; returns a line for the summary. */
async function checkProtection(options, deps, r, ref) {
    const found = await inspectProtection(deps.client, r, options.environment, options);
    if (!found.exists) {
        return deny(deps, options, ref, new ApprovalDenied(missingEnvironmentMessage(options.environment, deps.ctx.repository)));
    }
    if (!options.requireProtection)
        return 'not required (require-protection: false)';
    if (found.problems.length > 0) {
        return deny(deps, options, ref, new ApprovalDenied(unprotectedMessage(options.environment, found.problems)), {
            problems: found.problems,
        });
    }
    return 'checked: required reviewers, self-review prevented, deployment refs limited';
}
/** The run's environment reviews, counted per the rules (nothing fails here). */
async function readReviews(options, deps, r, runId, allowed) {
    const run = await getRun(deps.client, r, runId);
    const reviews = await listRunApprovals(deps.client, r, runId);
    const rules = {
        environment: options.environment,
        minApprovals: options.minApprovals,
        initiators: initiators(deps, run),
        allowSelfApproval: options.allowSelfApproval,
        allowed,
        now: clock(deps)().toISOString(),
    };
    return {
        ...evaluateReviews(reviews, rules),
        reviewed: reviews.some((x) => x.state !== 'pending'),
        runCreatedAt: run.createdAt,
    };
}
/** Fails unless the reviews approve: no rejection, at least `min-approvals` counted. */
async function requireReviews(options, deps, ref, runId, verdict) {
    const seen = { accepted: verdict.accepted, refused: verdict.refused };
    if (verdict.rejections.length > 0) {
        await deny(deps, options, ref, new ApprovalDenied(`Deployment to '${options.environment}' was rejected in run ${runId} by ${describeRefused(verdict.rejections)}.`, seen));
    }
    if (!verdict.reviewed) {
        await deny(deps, options, ref, new ApprovalDenied(`Run ${runId} has no approvals: nobody reviewed a deployment to '${options.environment}'. Declare 'environment: ${options.environment}' on this job and give the environment required reviewers (${environmentSettingsPath(options.environment)} → Required reviewers), so that GitHub waits for a person to approve before this step runs.`, seen));
    }
    if (!verdict.approved) {
        const notCounted = verdict.refused.length > 0 ? ` Not counted: ${describeRefused(verdict.refused)}.` : '';
        await deny(deps, options, ref, new ApprovalDenied(`Deployment to '${options.environment}' has ${verdict.accepted.length} of ${options.minApprovals} required approval${options.minApprovals === 1 ? '' : 's'} from distinct people in run ${runId}.${notCounted}`, seen));
    }
}
/** Audit-log events this long before the run was created are still read (clock skew). */
const BYPASS_SLACK_MS = (/* unused pure expression or super */ null && (5 * 60 * 1000));
/**
 * Fails if the organization audit log shows that an administrator bypassed the protection rules
 * for this run, or if it holds too many events to tell. Runs before the approvals are judged: a
 * bypassed deployment usually has none, and the failure should name the administrator.
 */
async function checkBypass(options, deps, ref, verdict, runCreatedAt) {
    if (!options.detectBypass)
        return 'off';
    const org = deps.ctx.owner;
    const created = runCreatedAt ? Date.parse(runCreatedAt) : Number.NaN;
    // Events of this repository since the day the run was created (the audit log filters by day);
    // reading stops once it reaches back before the run was created.
    const day = Number.isNaN(created) ? undefined : new Date(created).toISOString().slice(0, 10);
    const since = Number.isNaN(created) ? undefined : created - BYPASS_SLACK_MS;
    const phrase = `repo:${deps.ctx.repository}${day ? ` created:>=${day}` : ''}`;
    const found = await readAuditLog(deps.client, org, phrase, since === undefined ? {} : { since });
    if ('skipped' in found) {
        deps.log.warning(`Bypass detection was skipped because ${found.skipped}.`);
        return `skipped: ${found.skipped}`;
    }
    const seen = { accepted: verdict.accepted, refused: verdict.refused };
    const bypass = findBypass(found.events, {
        repository: deps.ctx.repository,
        environment: options.environment,
        runId: deps.ctx.runId,
    });
    if (bypass) {
        return deny(deps, options, ref, new ApprovalDenied(`Administrator '${bypass.actor}' bypassed the protection rules of '${options.environment}' for this run (audit log '${bypass.action}' at ${bypass.time}). A bypassed deployment is not an approved one: rerun the workflow and have a reviewer approve it.`, seen), { bypass });
    }
    if (found.truncated) {
        const window = since === undefined ? '' : ` since ${new Date(since).toISOString()} (5 minutes before this run was created)`;
        return deny(deps, options, ref, new ApprovalDenied(`The organization audit log was too large to confirm that nobody bypassed the protection rules of '${options.environment}' for this run: ${deps.ctx.repository} has more audit-log events${window} than the ${found.events.length} this step reads, and a bypass could be among those not read. To narrow it, start a new run of the workflow and approve it promptly (events are read from when the run was created); if this repository's audit log is always this busy, watch for bypasses another way (e.g. audit-log streaming) and set 'detect-bypass: false'.`, seen), { audit_log_events_read: found.events.length });
    }
    return 'no bypass found in the organization audit log';
}
async function requireApproval(options, deps) {
    const r = { owner: deps.ctx.owner, repo: deps.ctx.repo };
    if (!r.owner || !r.repo)
        throw new ConfigurationError('GITHUB_REPOSITORY is not set: run this in a workflow.');
    const ref = deployRef(options, deps);
    let protection;
    let bypassCheck;
    let verdict;
    let issue;
    if (options.mode === 'environment') {
        const runId = deps.ctx.runId;
        if (runId === undefined)
            throw new ConfigurationError('GITHUB_RUN_ID is not set: run this in a workflow.');
        // Resolve teams first: a reviewer team that cannot be resolved is a bad input, whatever else is wrong.
        const allowed = await allowedLogins(deps, options.approvers);
        protection = await checkProtection(options, deps, r, ref);
        const reviewed = await readReviews(options, deps, r, runId, allowed);
        // Bypass first: a bypassed deployment usually has no approvals, and the failure should say who bypassed.
        bypassCheck = await checkBypass(options, deps, ref, reviewed, reviewed.runCreatedAt);
        await requireReviews(options, deps, ref, runId, reviewed);
        verdict = reviewed;
    }
    else {
        if (options.approvers.length === 0) {
            throw new ConfigurationError("Input 'approvers' is empty: issue mode needs the users or teams whose comments approve (anyone who can comment could approve otherwise).");
        }
        const allowed = (await allowedLogins(deps, options.approvers)) ?? new Set();
        const who = initiators(deps);
        const eligible = [...allowed].filter((l) => options.allowSelfApproval || !who.some((i) => i.toLowerCase() === l)).length;
        if (eligible < options.minApprovals) {
            throw new ConfigurationError(`Input 'approvers' gives ${eligible} people other than the run's initiator (${who.join(', ')}), fewer than min-approvals ${options.minApprovals}: this request could never be approved.`);
        }
        const rules = {
            environment: options.environment,
            minApprovals: options.minApprovals,
            initiators: who,
            allowSelfApproval: options.allowSelfApproval,
            allowed,
            now: clock(deps)().toISOString(),
        };
        const issueOpts = issueOptions(options);
        const outcome = await waitForIssueApproval({
            environment: options.environment,
            ref,
            digests: options.digests,
            approvers: options.approvers,
            rules,
            options: issueOpts,
        }, deps);
        issue = outcome.issue;
        verdict = outcome.verdict;
        const seen = { accepted: verdict.accepted, refused: verdict.refused, issue };
        if (outcome.outcome === 'denied') {
            await deny(deps, options, ref, new ApprovalDenied(`Deployment to '${options.environment}' was denied in ${issue.url} by ${describeRefused(verdict.rejections)}.`, seen), { issue: issue.url });
        }
        else if (outcome.outcome === 'cancelled') {
            await deny(deps, options, ref, new ApprovalDenied(`The run was cancelled while waiting for approval in ${issue.url}; the issue is closed.`, seen), { issue: issue.url });
        }
        else if (outcome.outcome === 'timed-out') {
            await deny(deps, options, ref, new ApprovalDenied(`Approval timed out after ${formatDuration(issueOpts.timeoutSeconds)}: ${verdict.accepted.length} of ${options.minApprovals} approvals in ${issue.url}.${verdict.refused.length > 0 ? ` Not counted: ${describeRefused(verdict.refused)}.` : ''}`, seen), { issue: issue.url });
        }
        protection = 'not applicable (issue mode)';
        bypassCheck = 'not applicable (issue mode)';
    }
    let deploymentId;
    if (options.createDeployment) {
        const names = verdict.accepted.map((a) => a.login).join(', ');
        deploymentId = await createDeployment(deps.client, r, {
            ref,
            environment: options.environment,
            description: `Approved by ${names} (secure-deploy require-approval)`.slice(0, 140),
            logUrl: runUrl(deps.ctx),
            statusDescription: `Approved by ${names}; deploying`,
            payload: {
                tool: 'secure-deploy/require-approval',
                repository: deps.ctx.repository,
                ref: deps.ctx.ref || ref,
                sha: deps.ctx.sha,
                run_id: deps.ctx.runId ?? null,
                run_attempt: deps.ctx.runAttempt ?? null,
                run_url: runUrl(deps.ctx),
                workflow_ref: deps.ctx.workflowRef,
                actor: deps.ctx.actor,
                digests: options.digests.map((d) => ({ digest: d.digest, path: d.path })),
                approval: {
                    mode: options.mode,
                    environment: options.environment,
                    min_approvals: options.minApprovals,
                    approvers: verdict.accepted,
                    allowed_approvers: options.approvers.map(formatApprover),
                    protection,
                    bypass_check: bypassCheck,
                    ...(issue ? { issue_url: issue.url } : {}),
                },
            },
        });
    }
    await record(deps, {
        action: 'deployment.approve',
        target: auditTarget(deps, options.environment, ref),
        outcome: 'success',
        details: {
            mode: options.mode,
            approvers: verdict.accepted,
            refused: verdict.refused,
            min_approvals: options.minApprovals,
            deployment_id: deploymentId ?? null,
            digests: options.digests.map((d) => d.digest),
            protection,
            bypass_check: bypassCheck,
            ...(issue ? { issue: issue.url } : {}),
        },
    });
    return {
        approved: true,
        mode: options.mode,
        environment: options.environment,
        ref,
        approvers: verdict.accepted,
        refused: verdict.refused,
        deploymentId,
        ...(issue ? { issue } : {}),
        protection,
        bypassCheck,
    };
}

;// CONCATENATED MODULE: ./src/approval/index.ts
/**
 * The approval capability: prove that a person approved this deployment (environment protection or
 * an approval issue), configure environment protection as code, and record the evidence.
 * The deploy gate calls `requireApproval(options, deps)` after verify-signatures with its digests.
 */





;// CONCATENATED MODULE: ./src/cli/approval.ts




function token() {
    const value = process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN ?? '';
    if (!value)
        throw new errors/* ConfigurationError */.j1('Set GITHUB_TOKEN (or GH_TOKEN) to a token that can read the repository.');
    (0,mask/* maskSecret */.$l)(value);
    return value;
}
function registerApprovalCommands(program) {
    const approval = program.command('approval').description('Deployment approval through environment protection');
    approval
        .command('check')
        .description('Check that an environment requires reviewers, prevents self-review and limits deployment refs')
        .requiredOption('--repo <owner/name>', 'the repository')
        .requiredOption('--environment <name>', 'the environment')
        .option('--allow-self-approval', 'do not require prevent self-review')
        .option('--json', 'print the result as JSON')
        .action(async (opts) => {
        const [owner = '', repo = ''] = opts.repo.split('/');
        if (!owner || !repo)
            throw new errors/* ConfigurationError */.j1(`--repo must be owner/name, not '${opts.repo}'.`);
        const client = (0,github/* createGitHubClient */.LX)(token());
        const found = await inspectProtection(client, { owner, repo }, opts.environment, {
            allowSelfApproval: opts.allowSelfApproval === true,
        });
        const ok = found.exists && found.problems.length === 0;
        if (opts.json) {
            process.stdout.write(`${JSON.stringify({ environment: opts.environment, ...found, protected: ok }, null, 2)}\n`);
        }
        else if (!found.exists) {
            process.stdout.write(`${missingEnvironmentMessage(opts.environment, opts.repo)}\n`);
        }
        else if (!ok) {
            process.stdout.write(`${unprotectedMessage(opts.environment, found.problems)}\n`);
        }
        else {
            process.stdout.write(`Environment '${opts.environment}' of ${opts.repo} is protected.\n`);
        }
        if (!ok)
            process.exitCode = 1;
    });
}


/***/ }),

/***/ 8480:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ runContext)
/* harmony export */ });
/* unused harmony export runUrl */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);

function optionalNumber(value) {
    if (value === undefined || !/^\d+$/.test(value))
        return undefined;
    return Number(value);
}
function readEvent(path) {
    if (!path)
        return {};
    try {
        const parsed = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'));
        return typeof parsed === 'object' && parsed !== null ? parsed : {};
    }
    catch {
        return {};
    }
}
function runContext(env = process.env) {
    const repository = env.GITHUB_REPOSITORY ?? '';
    const [owner = '', repo = ''] = repository.split('/');
    return {
        repository,
        owner,
        repo,
        runId: optionalNumber(env.GITHUB_RUN_ID),
        runAttempt: optionalNumber(env.GITHUB_RUN_ATTEMPT),
        actor: env.GITHUB_ACTOR ?? '',
        triggeringActor: env.GITHUB_TRIGGERING_ACTOR ?? env.GITHUB_ACTOR ?? '',
        ref: env.GITHUB_REF ?? '',
        sha: env.GITHUB_SHA ?? '',
        workflow: env.GITHUB_WORKFLOW ?? '',
        workflowRef: env.GITHUB_WORKFLOW_REF ?? '',
        job: env.GITHUB_JOB ?? '',
        eventName: env.GITHUB_EVENT_NAME ?? '',
        serverUrl: (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, ''),
        apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, ''),
        workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
        runnerTemp: env.RUNNER_TEMP ?? '',
        event: readEvent(env.GITHUB_EVENT_PATH),
    };
}
/** Link to the run page, for summaries, issues and deployment payloads. */
function runUrl(ctx) {
    return ctx.runId === undefined ? '' : `${ctx.serverUrl}/${ctx.repository}/actions/runs/${ctx.runId}`;
}


/***/ }),

/***/ 5108:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LX: () => (/* binding */ createGitHubClient),
/* harmony export */   PO: () => (/* binding */ errorStatus),
/* harmony export */   Pm: () => (/* binding */ explainGitHubError),
/* harmony export */   eK: () => (/* binding */ isRequestError)
/* harmony export */ });
/* unused harmony export USER_AGENT */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(560);
/* harmony import */ var _octokit_rest__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9988);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6856);
/* harmony import */ var bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3251);
/* harmony import */ var bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4296);
/* harmony import */ var _mask_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9239);







const GitHubOctokit = _octokit_rest__WEBPACK_IMPORTED_MODULE_3__/* .Octokit */ .E.plugin(_octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_4__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_5__/* .throttling */ .A);
function writeInterval(options) {
    if (options.writeIntervalMs !== undefined)
        return options.writeIntervalMs;
    const env = process.env.SECURE_DEPLOY_WRITE_INTERVAL_MS;
    return env !== undefined && /^\d+$/.test(env) ? Number(env) : undefined;
}
const USER_AGENT = 'secure-deploy/0.1';
/**
 * Octokit's request log goes to the runner's debug log; in a terminal (the CLI) `::debug::` lines
 * would pollute stdout, so there it goes to stderr only when SECURE_DEPLOY_DEBUG is set.
 */
/** Progress a person should see: the runner's log, or stderr in a terminal (stdout may be JSON). */
function notice(message) {
    if (process.env.GITHUB_ACTIONS === 'true')
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(message);
    else
        process.stderr.write(`${message}\n`);
}
function debugLog(message) {
    if (process.env.GITHUB_ACTIONS === 'true')
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz((0,_mask_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(message));
    else if (process.env.SECURE_DEPLOY_DEBUG)
        process.stderr.write(`debug: ${(0,_mask_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(message)}\n`);
}
/**
 * An Octokit client with retry (5xx, network errors) and throttling (primary and secondary rate
 * limits, honouring `retry-after`) plugins, pointed at `GITHUB_API_URL`.
 */
function createGitHubClient(token, options = {}) {
    if (!token) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .ConfigurationError */ .j1("Input 'token' is empty: pass a token with `token: ${{ secrets.GITHUB_TOKEN }}` or give the job the permissions it needs.");
    }
    const baseUrl = (options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
    const rateLimitRetries = options.rateLimitRetries ?? 4;
    const interval = writeInterval(options);
    return new GitHubOctokit({
        auth: token,
        baseUrl,
        userAgent: USER_AGENT,
        log: { debug: debugLog, info: debugLog, warn: debugLog, error: debugLog },
        // Not `request.retries`: set per request, plugin-retry retries every failure, 4xx included.
        retry: { retries: options.retries ?? 3 },
        throttle: {
            ...(interval === undefined
                ? {}
                : { write: new (bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1___default().Group)({ id: 'secure-deploy-write', maxConcurrent: 1, minTime: interval }) }),
            onRateLimit: (retryAfter, opts, _o, retryCount) => {
                notice(`GitHub API rate limit hit on ${opts.method} ${opts.url}; retrying in ${retryAfter}s`);
                return retryCount < rateLimitRetries;
            },
            onSecondaryRateLimit: (retryAfter, opts, _o, retryCount) => {
                notice(`GitHub API secondary rate limit hit on ${opts.method} ${opts.url}; retrying in ${retryAfter}s`);
                return retryCount < rateLimitRetries;
            },
        },
    });
}
function isRequestError(error) {
    return (typeof error === 'object' &&
        error !== null &&
        typeof error.status === 'number' &&
        typeof error.message === 'string');
}
/** The HTTP status of a failed GitHub request, or undefined for anything else. */
function errorStatus(error) {
    return isRequestError(error) ? error.status : undefined;
}
/**
 * Turns a failed GitHub request into a message a person can act on: for 401/403/404, which
 * permission the token needs (from `x-accepted-github-permissions`) and what it was doing.
 * Other errors are returned unchanged.
 */
function explainGitHubError(error, doing, neededPermission) {
    if (!isRequestError(error))
        return error;
    const headers = error.response?.headers ?? {};
    const accepted = headers['x-accepted-github-permissions'];
    const permission = typeof accepted === 'string' && accepted !== '' ? accepted : neededPermission;
    const permissionHint = permission
        ? ` The token needs the permission '${permission.replace(/=/g, ': ').replace(/,/g, ', ')}' (set it under 'permissions:' in the workflow, or use a token that has it).`
        : '';
    switch (error.status) {
        case 401:
            return new _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .ConfigurationError */ .j1(`GitHub rejected the token while ${doing} (401 Bad credentials). Check the 'token' input.`);
        case 403:
            return new _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .ConfigurationError */ .j1(`GitHub refused ${doing} (403: ${error.message}).${permissionHint}`);
        case 404:
            return new _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .ConfigurationError */ .j1(`GitHub answered 404 Not Found while ${doing}: it does not exist, or the token cannot see it.${permissionHint}`);
        default:
            return error;
    }
}


/***/ })

};
