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
            runAttempt: data.run_attempt ?? 1,
            runStartedAt: data.run_started_at,
        };
    }
    catch (error) {
        throw explainGitHubError(error, `reading workflow run ${runId}`, 'actions: read');
    }
}
/** When attempt `attempt` of the run started (`run_started_at` of `GET .../attempts/{n}`). */
async function github_getRunAttemptStart(client, r, runId, attempt) {
    try {
        const { data } = await client.rest.actions.getWorkflowRunAttempt({ ...r, run_id: runId, attempt_number: attempt });
        return data.run_started_at;
    }
    catch (error) {
        throw explainGitHubError(error, `reading attempt ${attempt} of workflow run ${runId}`, 'actions: read');
    }
}
/** At most this many pages (100 each) of an environment's deployments at one commit are read. */
const DEPLOYMENT_PAGES = 5;
/**
 * The deployments of `environment` at commit `sha` created at or after `since` (ISO), newest
 * first, with their statuses' links. Fails closed when there are more than it reads.
 */
async function github_listEnvironmentDeployments(client, r, environment, sha, since) {
    const out = [];
    const sinceMs = Date.parse(since);
    try {
        for (let page = 1; page <= DEPLOYMENT_PAGES; page++) {
            const { data } = await client.rest.repos.listDeployments({ ...r, environment, sha, per_page: 100, page });
            let older = false;
            for (const d of data) {
                if (Date.parse(d.created_at) < sinceMs) {
                    older = true;
                    continue;
                }
                const { data: statuses } = await client.rest.repos.listDeploymentStatuses({
                    ...r,
                    deployment_id: d.id,
                    per_page: 100,
                });
                const payload = d.payload;
                const tool = typeof payload === 'object' && payload !== null ? payload.tool : undefined;
                out.push({
                    id: d.id,
                    environment: d.environment,
                    createdAt: d.created_at,
                    creator: d.creator?.login,
                    links: statuses.flatMap((x) => [x.log_url ?? '', x.target_url]).filter((u) => u !== ''),
                    states: statuses.map((x) => x.state),
                    ours: tool === 'secure-deploy/require-approval',
                });
            }
            if (data.length < 100 || older)
                return out;
        }
    }
    catch (error) {
        throw explainGitHubError(error, `listing the deployments of '${environment}'`, 'deployments: read');
    }
    throw new ConfigurationError(`Environment '${environment}' has more than ${DEPLOYMENT_PAGES * 100} deployments of commit ${sha} since ${since}: too many to tell which this run created.`);
}
/** The environment's custom deployment protection rules (GitHub Apps that gate it). */
async function listProtectionRules(client, r, environment) {
    try {
        const { data } = await client.rest.repos.getAllDeploymentProtectionRules({ ...r, environment_name: environment });
        return (data.custom_deployment_protection_rules ?? []).map((x) => ({
            slug: x.app?.slug ?? '',
            enabled: x.enabled === true,
        }));
    }
    catch (error) {
        throw (0,github/* explainGitHubError */.Pm)(error, `listing the custom deployment protection rules of '${environment}'`, 'actions: read');
    }
}
/** Slugs of the GitHub Apps installed on the repository that can gate `environment`. */
async function listProtectionRuleApps(client, r, environment) {
    try {
        const out = [];
        for (let page = 1; page <= 10; page++) {
            const { data } = await client.rest.repos.listCustomDeploymentRuleIntegrations({
                ...r,
                environment_name: environment,
                per_page: 100,
                page,
            });
            const list = data.available_custom_deployment_protection_rule_integrations ?? [];
            out.push(...list.map((a) => a.slug));
            if (list.length < 100)
                break;
        }
        return out;
    }
    catch (error) {
        throw (0,github/* explainGitHubError */.Pm)(error, `listing the GitHub Apps that can gate '${environment}'`, 'actions: read');
    }
}
/** Repository roles, weakest first. */
const ROLES = (/* unused pure expression or super */ null && (['read', 'triage', 'write', 'maintain', 'admin']));
/** A user's role in the repository (`role_name`), or 'none'. */
async function github_collaboratorRole(client, r, login) {
    try {
        const { data } = await client.rest.repos.getCollaboratorPermissionLevel({ ...r, username: login });
        const role = data.role_name;
        return ROLES.includes(role) ? role : 'none';
    }
    catch (error) {
        if (errorStatus(error) === 404)
            return 'none';
        throw explainGitHubError(error, `reading the permission of '${login}' on ${r.owner}/${r.repo}`, 'metadata: read');
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
        // `request` rather than the typed method: its types lack can_admins_bypass (see EnvironmentUpdate).
        await client.request('PUT /repos/{owner}/{repo}/environments/{environment_name}', {
            ...r,
            environment_name: environment,
            ...body,
        });
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
/** 410 Gone: the repository has issues turned off. */
function issuesDisabled(error, r) {
    if (errorStatus(error) !== 410)
        return undefined;
    return new ConfigurationError(`Issues are turned off in ${r.owner}/${r.repo} (GitHub answered 410 Gone), so the approval issue cannot be opened or read there. Turn them on under Settings → General → Features → Issues, or set 'issue-repository' to a repository that has issues.`);
}
async function github_openIssue(client, r, title, body, labels = []) {
    try {
        const { data } = await client.rest.issues.create({
            ...r,
            title,
            body,
            ...(labels.length > 0 ? { labels: [...labels] } : {}),
        });
        return { number: data.number, url: data.html_url };
    }
    catch (error) {
        throw (issuesDisabled(error, r) ??
            explainGitHubError(error, `opening the approval issue in ${r.owner}/${r.repo}`, ISSUES));
    }
}
/** Whether the issue is still open, and who closed it if not. */
async function github_issueState(client, r, issue) {
    try {
        const { data } = await client.rest.issues.get({ ...r, issue_number: issue });
        return { open: data.state === 'open', closedBy: data.closed_by?.login };
    }
    catch (error) {
        throw issuesDisabled(error, r) ?? explainGitHubError(error, `reading approval issue #${issue}`, 'issues: read');
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
        throw (issuesDisabled(error, r) ??
            explainGitHubError(error, `reading the comments of approval issue #${issue}`, 'issues: read'));
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
/**
 * When the token expires, if GitHub says: the `github-authentication-token-expiration` response
 * header (`2026-01-01 13:00:00 UTC`), sent for tokens that have an expiry. Undefined when GitHub
 * sends none (e.g. a classic token; `GITHUB_TOKEN` lives as long as the job).
 */
async function github_tokenExpiry(client, r) {
    let header;
    try {
        const response = await client.rest.repos.get({ owner: r.owner, repo: r.repo });
        header = response.headers['github-authentication-token-expiration'];
    }
    catch (error) {
        throw explainGitHubError(error, `reading ${r.owner}/${r.repo}`, 'metadata: read');
    }
    if (typeof header !== 'string')
        return undefined;
    const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})\s*(UTC|Z|[+-]\d{2}:?\d{2})?$/.exec(header.trim());
    if (!m)
        return undefined;
    const zone = !m[3] || m[3] === 'UTC' || m[3] === 'Z' ? 'Z' : m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
    const at = new Date(`${m[1]}T${m[2]}${zone}`);
    return Number.isNaN(at.getTime()) ? undefined : at;
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
        canAdminsBypass: options.allowAdminBypass === true,
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
        can_admins_bypass: options.allowAdminBypass === true,
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

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
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
/** GitHub's environment names: at most 255 characters, no control characters (nor ':' or ',' here). */
function isEnvironmentName(name) {
    return (name.length > 0 && name.length <= 255 && ![...name].some((c) => c.charCodeAt(0) < 32 || c === '\x7f' || c === ','));
}
/**
 * Parses `environments`: the environments a release passes through whose approvals count, one per
 * line, optionally with that environment's own reviewers for `configure`:
 * `production-security: acme/security` or just `production-operations`.
 * The step's own `environment` is always part of the chain (first when not listed).
 */
function parseEnvironmentChain(environment, lines) {
    const out = [];
    for (const line of lines) {
        const colon = line.indexOf(':');
        const name = (colon >= 0 ? line.slice(0, colon) : line).trim();
        if (!isEnvironmentName(name)) {
            throw new ConfigurationError(`Input 'environments': '${line}' does not start with an environment name. Write one environment per line, optionally followed by its reviewers: 'production-security: acme/security-team'.`);
        }
        const reviewers = colon >= 0 ? parseApprovers([line.slice(colon + 1)]) : [];
        if (out.some((e) => e.name.toLowerCase() === name.toLowerCase())) {
            throw new ConfigurationError(`Input 'environments' lists '${name}' twice: each environment yields one approval.`);
        }
        out.push({ name, reviewers });
    }
    if (!out.some((e) => e.name.toLowerCase() === environment.toLowerCase())) {
        out.unshift({ name: environment, reviewers: [] });
    }
    return out;
}
const ROLE_NAMES = (/* unused pure expression or super */ null && (['read', 'triage', 'write', 'maintain', 'admin']));
/** Parses `approver-permission`: a repository role (read, triage, write, maintain, admin) or empty. */
function parseApproverPermission(value) {
    const v = (value ?? '').trim().toLowerCase();
    if (v === '')
        return undefined;
    if (!ROLE_NAMES.includes(v)) {
        throw new ConfigurationError(`Input 'approver-permission': '${value}' is not a repository role. Use one of ${ROLE_NAMES.join(', ')} (the least an approver must have).`);
    }
    return v;
}
/** Whether `role` is at least `least`. */
function policy_roleAtLeast(role, least) {
    const i = ROLE_NAMES.indexOf(role);
    return i >= 0 && i >= ROLE_NAMES.indexOf(least);
}
const APP_SLUG = /^[a-z0-9][a-z0-9-]*$/;
/** Parses `accept-protection-rules`: slugs of GitHub Apps whose deployment protection rule counts. */
function parseAppSlugs(lines) {
    const out = [];
    for (const raw of lines.flatMap((l) => l.split(/[\s,]+/)).filter(Boolean)) {
        const slug = raw.toLowerCase();
        if (!APP_SLUG.test(slug)) {
            throw new errors/* ConfigurationError */.j1(`Input 'accept-protection-rules': '${raw}' is not a GitHub App slug (as in github.com/apps/<slug>, e.g. 'datadog-deployment-gate').`);
        }
        if (!out.includes(slug))
            out.push(slug);
    }
    return out;
}
/** Parses `issue-repository` (`owner/name`); empty means the repository being deployed. */
function parseRepository(value, input) {
    const v = (value ?? '').trim();
    if (v === '')
        return undefined;
    const m = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/.exec(v);
    if (!m)
        throw new ConfigurationError(`Input '${input}': '${value}' is not a repository; write it as 'owner/name'.`);
    return { owner: m[1] ?? '', repo: m[2] ?? '' };
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
function environmentSettingsPath(environment) {
    return `Settings → Environments → ${environment}`;
}
/**
 * What is missing from an environment's protection, each item saying which setting to change and
 * where. Empty when the environment requires a reviewer, prevents self-review (unless allowed) and
 * limits which refs may deploy.
 */
function protectionProblems(env, refPolicies, options) {
    const where = environmentSettingsPath(env.name);
    const problems = [];
    const rule = (env.protection_rules ?? []).find((r) => r.type === 'required_reviewers');
    const gated = (options.gatedBy ?? []).length > 0;
    if (!rule || (rule.reviewers ?? []).length === 0) {
        if (!gated) {
            problems.push(`it has no required reviewers: turn on ${where} → Required reviewers and add at least one person or team (or gate it with a deployment protection app named in 'accept-protection-rules')`);
        }
    }
    else if (rule.prevent_self_review !== true && !options.allowSelfApproval) {
        problems.push(`it lets the person who started the run approve it: tick ${where} → Required reviewers → Prevent self-review (or set allow-self-approval: true)`);
    }
    if (env.can_admins_bypass !== false && options.allowAdminBypass !== true) {
        problems.push(`repository administrators can deploy to it without review${env.can_admins_bypass === undefined ? ' (GitHub did not say, and bypassing is its default)' : ''}: untick ${where} → Allow administrators to bypass configured protection rules (can_admins_bypass), or set it as code with 'configure: true' (or accept it with allow-admin-bypass: true)`);
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
/** Whether the environment has required reviewers (then every job for it waits for a review). */
function requiresReviewers(env) {
    const rule = (env.protection_rules ?? []).find((r) => r.type === 'required_reviewers');
    return (rule?.reviewers ?? []).length > 0;
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
    // Absent is GitHub's default, true.
    if ((current.can_admins_bypass ?? true) !== desired.canAdminsBypass) {
        changes.push(desired.canAdminsBypass
            ? 'allow administrators to bypass the protection rules'
            : 'stop administrators from bypassing the protection rules');
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
    lines.push(desired.canAdminsBypass
        ? 'allow administrators to bypass the protection rules'
        : 'stop administrators from bypassing the protection rules');
    if (desired.waitTimer > 0)
        lines.push(`set wait timer to ${desired.waitTimer} minutes`);
    if (desired.refs.kind === 'protected-branches')
        lines.push('limit deployments to protected branches');
    else
        for (const p of desired.refs.policies)
            lines.push(`allow ${p.type} '${p.name}'`);
    return lines;
}
/**
 * The audit-log events read, all documented by GitHub ("Audit log events for your organization",
 * category `environment`: https://docs.github.com/en/organizations/keeping-your-organization-secure/managing-security-settings-for-your-organization/audit-log-events-for-your-organization#environment).
 * Each names the actor and `environment_name`; `environment.update_protection_rule` also carries
 * `can_admins_bypass`, `approvers` and `prevent_self_review`. GitHub documents no event for a
 * bypassed deployment itself, so none is looked for.
 */
const policy_ENVIRONMENT_AUDIT_EVENTS = (/* unused pure expression or super */ null && ([
    'environment.add_protection_rule',
    'environment.update_protection_rule',
    'environment.remove_protection_rule',
    'environment.delete',
]));
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
 * Documented changes to the protection rules of the chain's environments at or after `since`
 * (epoch ms): a change during the run (e.g. reviewers removed, then restored) is not a review.
 */
function policy_findProtectionChanges(events, target) {
    const out = [];
    for (const event of events) {
        const action = field(event, 'action');
        if (typeof action !== 'string' || !policy_ENVIRONMENT_AUDIT_EVENTS.includes(action))
            continue;
        const repo = field(event, 'repo', 'repository');
        if (typeof repo === 'string' && repo !== '' && repo.toLowerCase() !== target.repository.toLowerCase())
            continue;
        const env = field(event, 'environment_name');
        if (typeof env !== 'string' || !target.environments.some((e) => sameName(e, env)))
            continue;
        const at = policy_eventMillis(event);
        if (at !== undefined && at < target.since)
            continue;
        const actor = field(event, 'actor');
        out.push({
            actor: typeof actor === 'string' ? actor : 'an unknown user',
            action,
            environment: env,
            time: eventTime(event),
        });
    }
    return out;
}
/** The short name of a ref: `refs/tags/v1.0.0` → `v1.0.0`. */
function policy_shortRef(ref) {
    return ref.replace(/^refs\/(heads|tags)\//, '');
}

// EXTERNAL MODULE: ./src/core/context.ts
var context = __webpack_require__(8480);
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
        `| Environment | ${wait.environment} |`,
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
    lines.push(`${mentions}: please review and comment **${wait.options.approveWords[0] ?? 'approve'}** to approve or **${wait.options.denyWords[0] ?? 'deny'}** to deny.`, '', `Words that approve: ${wait.options.approveWords.map((w) => `\`${w}\``).join(', ')}. Words that deny: ${wait.options.denyWords.map((w) => `\`${w}\``).join(', ')} (the first word of a comment counts).`, wait.rules.allowSelfApproval ? '' : `The person who started the run (@${ctx.actor}) cannot approve it.`, 'Closing this issue without an approval denies the deployment.', `This request times out after ${issue_formatDuration(wait.options.timeoutSeconds)}.`);
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
    const r = wait.repository ?? { owner: deps.ctx.owner, repo: deps.ctx.repo };
    const now = clock(deps);
    const sleep = sleepFor(deps);
    if (wait.options.pollIntervalSeconds <= 0 || wait.options.timeoutSeconds <= 0) {
        throw new ConfigurationError("Inputs 'poll-interval-seconds' and the timeout must be positive.");
    }
    const title = `Approve deployment of ${wait.ref} to ${wait.environment}${deps.ctx.runId !== undefined ? ` (run ${deps.ctx.runId})` : ''}`;
    const issue = await openIssue(deps.client, r, title, issueBody(wait, deps), wait.labels ?? []);
    deps.log.info(`Waiting for approval in ${issue.url} (up to ${issue_formatDuration(wait.options.timeoutSeconds)}).`);
    const deadline = now().getTime() + wait.options.timeoutSeconds * 1000;
    const words = { approve: wait.options.approveWords, deny: wait.options.denyWords };
    const reported = new Set();
    try {
        for (;;) {
            const comments = await listIssueComments(deps.client, r, issue.number);
            const counted = evaluateComments(comments, wait.rules, words);
            const verdict = wait.vet ? await wait.vet(counted) : counted;
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
            // Closing the issue without enough approvals denies, whoever closed it (trstringer/manual-approval
            // users ask for it: a closed request must not linger as a pending approval).
            const state = await issueState(deps.client, r, issue.number);
            if (!state.open) {
                return { issue, verdict, outcome: 'closed', ...(state.closedBy ? { closedBy: state.closedBy } : {}) };
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

;// CONCATENATED MODULE: ./src/approval/require-approval.ts






/**
 * Issue mode waits up to the timeout: refuse up front a token that GitHub says expires before then
 * (GitHub App installation tokens live one hour), unless the client refreshes it (app-id /
 * app-private-key). GitHub states a token's expiry in the `github-authentication-token-expiration`
 * response header; without it (GITHUB_TOKEN lives as long as the job; classic tokens do not
 * expire) the wait goes ahead.
 */
async function checkTokenLife(deps, r, timeoutSeconds) {
    if (deps.refreshesToken)
        return;
    const expires = await tokenExpiry(deps.client, r);
    if (!expires)
        return;
    const now = clock(deps)().getTime();
    const left = Math.floor((expires.getTime() - now) / 1000);
    if (left >= timeoutSeconds)
        return;
    throw new ConfigurationError(`The token expires at ${expires.toISOString()} (in ${formatDuration(Math.max(left, 0))}), before this approval request would time out (${formatDuration(timeoutSeconds)}): GitHub App installation tokens live one hour. Pass 'app-id' and 'app-private-key' (from secrets) so that the step mints fresh tokens while it waits, or set 'timeout-minutes' below ${Math.max(Math.floor(left / 60), 0)}.`);
}
/** The chain of environments whose approvals count: `environment` first, then `environments`. */
function chainOf(options) {
    const out = [options.environment];
    for (const e of options.environments ?? []) {
        if (!out.some((x) => x.toLowerCase() === e.toLowerCase()))
            out.push(e);
    }
    return out;
}
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
    if (!env) {
        return {
            exists: false,
            problems: [],
            apps: [],
            gatedBy: [],
            requiresReviewers: false,
            canAdminsBypass: undefined,
            reviewers: [],
        };
    }
    const policies = env.deployment_branch_policy?.custom_branch_policies
        ? await github_listRefPolicies(client, r, environment)
        : undefined;
    const rules = await listProtectionRules(client, r, environment);
    const accept = options.acceptProtectionRules ?? [];
    if (accept.length > 0) {
        const available = (await listProtectionRuleApps(client, r, environment)).map((x) => x.toLowerCase());
        const missing = accept.filter((slug) => !available.includes(slug));
        if (missing.length > 0) {
            throw new errors/* ConfigurationError */.j1(`Input 'accept-protection-rules' names ${missing.map((x) => `'${x}'`).join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not a GitHub App installed on ${r.owner}/${r.repo} that can gate environments (installed: ${available.length > 0 ? available.join(', ') : 'none'}). Check the app's slug (github.com/apps/<slug>), or install it and add its rule under ${environmentSettingsPath(environment)} → Deployment protection rules.`);
        }
    }
    const apps = rules.map((x) => ({ ...x, accepted: accept.includes(x.slug.toLowerCase()) }));
    const gatedBy = apps.filter((x) => x.enabled && x.accepted).map((x) => x.slug);
    const rule = (env.protection_rules ?? []).find((x) => x.type === 'required_reviewers');
    const reviewers = [];
    for (const x of rule?.reviewers ?? []) {
        if (x.type === 'Team' && x.reviewer?.slug)
            reviewers.push({ kind: 'team', org: r.owner, slug: x.reviewer.slug });
        else if (x.reviewer?.login)
            reviewers.push({ kind: 'user', login: x.reviewer.login });
    }
    return {
        exists: true,
        problems: protectionProblems(env, policies, { ...options, gatedBy }),
        apps,
        gatedBy,
        requiresReviewers: requiresReviewers(env),
        canAdminsBypass: env.can_admins_bypass,
        reviewers,
    };
}
function missingEnvironmentMessage(environment, repository) {
    return `Environment '${environment}' does not exist in ${repository}. Create it under Settings → Environments → New environment with required reviewers (or run this action once with 'configure: true'), and declare 'environment: ${environment}' on the deploy job.`;
}
function unprotectedMessage(environment, problems) {
    return `Environment '${environment}' is not protected: ${problems.join('; ')}. Change it under ${environmentSettingsPath(environment)}, or set it as code with 'configure: true'.`;
}
function describeApps(report) {
    if (report.apps.length === 0)
        return '';
    const list = report.apps
        .map((x) => `${x.slug}${x.enabled ? '' : ' (disabled)'}${x.accepted ? ' (accepted)' : ''}`)
        .join(', ');
    return `; deployment protection apps: ${list}`;
}
/** Checks every environment of the chain; returns one line per environment for the summary. */
async function checkProtection(options, deps, r, ref, chain) {
    const out = new Map();
    for (const name of chain) {
        const found = await inspectProtection(deps.client, r, name, options);
        if (!found.exists) {
            return deny(deps, options, ref, new ApprovalDenied(missingEnvironmentMessage(name, deps.ctx.repository)));
        }
        if (options.requireProtection && found.problems.length > 0) {
            return deny(deps, options, ref, new ApprovalDenied(unprotectedMessage(name, found.problems)), {
                environment_checked: name,
                problems: found.problems,
            });
        }
        const gate = found.requiresReviewers
            ? 'required reviewers'
            : found.gatedBy.length > 0
                ? `app ${found.gatedBy.join(', ')}`
                : 'no reviewers';
        const bypass = found.canAdminsBypass === false
            ? 'administrators cannot bypass'
            : 'ADMINISTRATORS MAY BYPASS (allow-admin-bypass: true)';
        const line = options.requireProtection
            ? `${name}: ${gate}, ${bypass}, self-review prevented, deployment refs limited${describeApps(found)}`
            : `${name}: not required (require-protection: false)${describeApps(found)}`;
        out.set(name, { ...found, line });
    }
    return out;
}
/** Deployment status states that mean the job got past the environment's protection rules. */
const PAST_THE_GATE = new Set(['queued', 'in_progress', 'success']);
/** Run ids that deployment-status links name (`.../actions/runs/<id>`). */
function linkedRuns(links) {
    return links.flatMap((l) => [...l.matchAll(/\/actions\/runs\/(\d+)/g)].map((m) => m[1] ?? ''));
}
function covers(review, environment) {
    return review.environments.some((e) => (e.name ?? '').toLowerCase() === environment.toLowerCase());
}
async function readRunEvidence(deps, r, runId, run, chain) {
    const attempt = deps.ctx.runAttempt ?? run.runAttempt;
    const attemptStartedAt = attempt === run.runAttempt ? run.runStartedAt : await getRunAttemptStart(deps.client, r, runId, attempt);
    const firstStartedAt = attempt === 1 ? attemptStartedAt : await getRunAttemptStart(deps.client, r, runId, 1);
    if (!attemptStartedAt || !firstStartedAt || !run.headSha) {
        throw new ConfigurationError(`GitHub did not say when attempt ${attempt} of run ${runId} started or which commit it runs, so this step cannot tell which environment reviews belong to it.`);
    }
    const reviews = (await listRunApprovals(deps.client, r, runId)).filter((x) => x.state === 'approved' || x.state === 'rejected');
    const nowMs = Date.parse(attemptStartedAt);
    const environments = [];
    for (const name of chain) {
        const all = await listEnvironmentDeployments(deps.client, r, name, run.headSha, firstStartedAt);
        const actions = all.filter((d) => !d.ours && linkedRuns(d.links).every((id) => id === String(runId)));
        environments.push({
            name,
            reachedNow: actions.filter((d) => Date.parse(d.createdAt) >= nowMs),
            reachedBefore: actions.filter((d) => Date.parse(d.createdAt) < nowMs),
            reviews: reviews.filter((x) => covers(x, name)),
        });
    }
    return { runId, attempt, attemptStartedAt, firstStartedAt, run, environments };
}
/** People who could approve across the chain: reviewers (and team members) who count. */
async function possibleApprovers(deps, reports, rules) {
    const people = new Set();
    const unknown = [];
    for (const report of reports.values()) {
        for (const ref of report.reviewers) {
            let logins;
            if (ref.kind === 'user')
                logins = [ref.login];
            else {
                try {
                    logins = await teamMembers(deps.client, ref.org, ref.slug);
                }
                catch {
                    // Without 'members: read' the team's size is unknown: the check below cannot be exact.
                    unknown.push(formatApprover(ref));
                    continue;
                }
            }
            for (const login of logins) {
                const key = login.toLowerCase();
                if (/\[bot\]$/i.test(login))
                    continue;
                if (rules.allowed && !rules.allowed.has(key))
                    continue;
                if (!rules.allowSelfApproval && rules.initiators.some((i) => i.toLowerCase() === key))
                    continue;
                people.add(key);
            }
        }
    }
    return { people: [...people], unknown };
}
/** Bad input that makes `min-approvals` impossible to meet, found before any run evidence is read. */
async function checkReachable(options, deps, reports, rules) {
    if (options.issueForMore === true)
        return; // an approval issue collects what the environments cannot
    const names = [...reports.keys()];
    const gates = [...reports.values()].filter((x) => x.requiresReviewers || x.gatedBy.length > 0).length;
    if (options.minApprovals > gates) {
        throw new ConfigurationError(`min-approvals ${options.minApprovals} can never be met: GitHub releases an environment's jobs on its first approval ("Only one of the required reviewers needs to approve the job for it to proceed"), so each environment yields at most one approval per run attempt, and ${names.map((n) => `'${n}'`).join(', ')} ${names.length === 1 ? 'gives' : 'give'} ${gates}. List more environments in 'environments' (e.g. production-security and production-operations, each with its own required reviewers, one job each) or lower min-approvals.`);
    }
    const reviewerEnvs = new Map([...reports].filter(([, x]) => x.requiresReviewers));
    const appGates = new Set([...reports.values()].flatMap((x) => (x.requiresReviewers ? [] : x.gatedBy))).size;
    const { people, unknown } = await possibleApprovers(deps, reviewerEnvs, rules);
    if (unknown.length === 0 && people.length + appGates < options.minApprovals) {
        throw new ConfigurationError(`min-approvals ${options.minApprovals} is larger than the ${people.length} ${people.length === 1 ? 'person' : 'people'} who could approve across ${names.map((n) => `'${n}'`).join(', ')} (${people.join(', ') || 'nobody'}; required reviewers${rules.allowed ? " who are in 'approvers'" : ''}, not bots${rules.allowSelfApproval ? '' : ', not whoever started the run'}). Add required reviewers to the environments or lower min-approvals.`);
    }
}
/** Judges the chain's reviews in this attempt; throws (fails closed) on anything it cannot vouch for. */
async function judgeChain(options, deps, ref, evidence, reports, rules) {
    const where = `run ${evidence.runId} attempt ${evidence.attempt}`;
    const accepted = new Map();
    const refused = [];
    const rejections = [];
    const perEnvironment = [];
    for (const env of evidence.environments) {
        const report = reports.get(env.name);
        if (env.reachedNow.length === 0) {
            throw new ConfigurationError(`Environment '${env.name}' is in the chain, but no job of ${where} has reached it: GitHub records a deployment of ${evidence.run.headSha ?? 'the commit'} to '${env.name}' when a job that references it runs, and there is none since this attempt started (${evidence.attemptStartedAt}). Remove '${env.name}' from 'environments', or declare 'environment: ${env.name}' on a job that this job 'needs:'${evidence.attempt > 1 ? ' (a re-run of failed jobs does not re-run the jobs that passed: re-run all jobs)' : ''}.`);
        }
        if (evidence.attempt > 1 && env.reachedBefore.length > 0 && env.reviews.length > 0) {
            return deny(deps, options, ref, new ApprovalDenied(`This is attempt ${evidence.attempt} of run ${evidence.runId}, and an earlier attempt also reached '${env.name}'. GitHub's review history (GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals) gives neither the attempt nor the time of a review, so this step cannot tell which of the ${env.reviews.length} review(s) of '${env.name}' (${env.reviews.map((x) => `${x.state} by ${x.user?.login ?? 'unknown'}`).join('; ')}) belong to this attempt, and counts none. Start a new workflow run (not a re-run) to deploy.`, { accepted: [...accepted.values()], refused }), { environment_checked: env.name, run_attempt: evidence.attempt });
        }
        if (env.reviews.length > 1) {
            return deny(deps, options, ref, new ApprovalDenied(`'${env.name}' has ${env.reviews.length} reviews in ${where}, but GitHub releases or rejects an environment on its first review: this step does not know what these reviews mean and counts none.`, { accepted: [...accepted.values()], refused }));
        }
        const review = env.reviews[0];
        if (!review) {
            if (report && !report.requiresReviewers && report.gatedBy.length > 0) {
                // No person reviewed; the accepted app counts only when it let this attempt's job through:
                // GitHub creates the deployment before the protection rules run, so its existence proves
                // nothing — a status past `waiting` (queued, in_progress, success) does.
                const through = env.reachedNow.some((d) => d.states.some((x) => PAST_THE_GATE.has(x)));
                if (!through) {
                    return deny(deps, options, ref, new ApprovalDenied(`'${env.name}' is gated by ${report.gatedBy.join(', ')}, but no deployment of ${where} got past it (no queued, in_progress or success status): the app has not let the job through, or rejected it. Make this job 'needs:' the job that uses '${env.name}'.`, { accepted: [...accepted.values()], refused }));
                }
                const app = report.gatedBy.join(', ');
                perEnvironment.push({ environment: env.name, decidedBy: `app ${app}` });
                for (const slug of report.gatedBy) {
                    const key = `app/${slug}`;
                    if (!accepted.has(key)) {
                        accepted.set(key, {
                            login: key,
                            time: rules.now,
                            comment: `custom deployment protection rule of '${env.name}'`,
                        });
                    }
                }
                continue;
            }
            if (report?.requiresReviewers) {
                const d = env.reachedNow[0];
                return deny(deps, options, ref, new ApprovalDenied(`Environment '${env.name}' requires reviewers, but a job of ${where} ran for it (deployment ${d?.id ?? '?'} at ${d?.createdAt ?? '?'}, created for ${d?.creator ?? 'unknown'}) with no review recorded in this attempt: its protection rules were bypassed (an administrator can while '${env.name}' allows administrators to bypass its protection rules), or reviewers were added after the job started, or that job is still waiting (make this job 'needs:' it). The run was started by ${evidence.run.actor ?? deps.ctx.actor}${evidence.run.triggeringActor && evidence.run.triggeringActor !== evidence.run.actor ? ` and triggered by ${evidence.run.triggeringActor}` : ''}. A bypassed deployment is not an approved one: start a new run and have a reviewer approve it.`, { accepted: [...accepted.values()], refused }), {
                    environment_checked: env.name,
                    bypass: {
                        run_id: evidence.runId,
                        attempt: evidence.attempt,
                        deployment_id: d?.id ?? null,
                        actor: evidence.run.actor ?? null,
                    },
                });
            }
            perEnvironment.push({ environment: env.name, decidedBy: 'no review (none required)' });
            continue;
        }
        const verdict = evaluateReviews([review], { ...rules, environment: env.name });
        refused.push(...verdict.refused);
        rejections.push(...verdict.rejections);
        for (const a of verdict.accepted) {
            const key = a.login.toLowerCase();
            if (accepted.has(key)) {
                refused.push({
                    login: a.login,
                    reason: `also approved '${env.name}': one person counts once across the chain`,
                });
            }
            else
                accepted.set(key, a);
        }
        perEnvironment.push({ environment: env.name, decidedBy: `${review.state} by ${review.user?.login ?? 'unknown'}` });
    }
    const list = [...accepted.values()];
    return {
        accepted: list,
        refused,
        rejections,
        approved: rejections.length === 0 && list.length >= options.minApprovals,
        perEnvironment,
    };
}
/** Restricts `verdict` to approvers holding at least `least` on the repository. */
async function requirePermission(deps, r, least, verdict, minApprovals) {
    if (!least)
        return verdict;
    const accepted = [];
    const refused = [...verdict.refused];
    for (const a of verdict.accepted) {
        if (a.login.startsWith('app/')) {
            accepted.push(a);
            continue;
        }
        const role = await collaboratorRole(deps.client, r, a.login);
        if (roleAtLeast(role, least))
            accepted.push(a);
        else
            refused.push({
                login: a.login,
                reason: `has role '${role}' on ${r.owner}/${r.repo}; approver-permission needs '${least}' or more`,
            });
    }
    return {
        accepted,
        refused,
        rejections: verdict.rejections,
        approved: verdict.rejections.length === 0 && accepted.length >= minApprovals,
    };
}
/** Fails unless the reviews approve: no rejection, at least `min-approvals` counted. */
async function requireReviews(options, deps, ref, evidence, verdict, chain) {
    const seen = { accepted: verdict.accepted, refused: verdict.refused };
    const where = `run ${evidence.runId}${evidence.attempt > 1 ? ` attempt ${evidence.attempt}` : ''}`;
    if (verdict.rejections.length > 0) {
        await deny(deps, options, ref, new ApprovalDenied(`Deployment to '${options.environment}' was rejected in ${where} by ${describeRefused(verdict.rejections)}.`, seen));
    }
    if (!verdict.approved) {
        const notCounted = verdict.refused.length > 0 ? ` Not counted: ${describeRefused(verdict.refused)}.` : '';
        await deny(deps, options, ref, new ApprovalDenied(`Deployment to '${options.environment}' has ${verdict.accepted.length} of ${options.minApprovals} required approval${options.minApprovals === 1 ? '' : 's'} from distinct people in ${where} across ${chain.map((n) => `'${n}'`).join(', ')}.${notCounted}`, seen));
    }
}
/** Audit-log events this long before the run's first attempt started are still read (clock skew). */
const AUDIT_SLACK_MS = (/* unused pure expression or super */ null && (5 * 60 * 1000));
/**
 * Reads the organization audit log for the documented `environment.*` events (see
 * ENVIRONMENT_AUDIT_EVENTS) on the chain's environments since the run started: a protection rule
 * added, changed (reviewers, prevent self-review, can_admins_bypass) or removed, or the environment
 * deleted, while this run was deploying. Each names the administrator. Fails closed if there are
 * more events than it reads; warns and goes on if the token cannot read the audit log (the run's
 * own evidence, above, has already been checked).
 */
async function checkAuditLog(options, deps, ref, verdict, startedAt, chain) {
    if (!options.detectBypass)
        return 'run evidence only (detect-bypass: false)';
    const org = deps.ctx.owner;
    const since = Date.parse(startedAt) - AUDIT_SLACK_MS;
    const day = new Date(since).toISOString().slice(0, 10);
    const phrase = `repo:${deps.ctx.repository} action:environment created:>=${day}`;
    const found = await readAuditLog(deps.client, org, phrase, { since });
    if ('skipped' in found) {
        deps.log.warning(`The organization audit log was not read (${found.skipped}); the run's own evidence (reviews and deployments of this attempt) was checked.`);
        return `run evidence checked; audit log skipped: ${found.skipped}`;
    }
    const seen = { accepted: verdict.accepted, refused: verdict.refused };
    const changes = findProtectionChanges(found.events, { repository: deps.ctx.repository, environments: chain, since });
    const first = changes.at(-1);
    if (first) {
        return deny(deps, options, ref, new ApprovalDenied(`The protection rules of '${first.environment}' changed while this run was deploying: '${first.actor}' (audit log '${first.action}' at ${first.time})${changes.length > 1 ? ` and ${changes.length - 1} more change(s)` : ''}. Rules changed during a run (reviewers removed and restored, administrator bypass turned on) cannot vouch for it: start a new run once the rules are settled.`, seen), { protection_changes: changes });
    }
    if (found.truncated) {
        return deny(deps, options, ref, new ApprovalDenied(`The organization audit log has more 'environment' events for ${deps.ctx.repository} since ${new Date(since).toISOString()} than the ${found.events.length} this step reads, so it cannot confirm that nobody changed the protection rules of ${chain.map((n) => `'${n}'`).join(', ')} during this run. Start a new run, or set 'detect-bypass: false' and watch the audit log another way.`, seen), { audit_log_events_read: found.events.length });
    }
    return `run evidence checked; no change to the protection rules in the audit log (${ENVIRONMENT_AUDIT_EVENTS.join(', ')})`;
}
/**
 * Opens an approval issue and waits for `needed` approvals from allowed people (not in `already`,
 * who were counted for an environment); fails (and records the denial) unless they come.
 */
async function issueApprovals(options, deps, r, ref, needed, already) {
    if (options.approvers.length === 0 && !options.approverPermission) {
        throw new ConfigurationError("Inputs 'approvers' and 'approver-permission' are empty: issue mode needs the users or teams whose comments approve, or the least repository role an approver must hold (anyone who can comment could approve otherwise).");
    }
    const allowed = await allowedLogins(deps, options.approvers);
    const who = initiators(deps);
    const eligible = [...(allowed ?? [])].filter((l) => options.allowSelfApproval || !who.some((i) => i.toLowerCase() === l)).length;
    if (allowed && eligible < needed) {
        throw new ConfigurationError(`Input 'approvers' gives ${eligible} people other than the run's initiator (${who.join(', ')}), fewer than the ${needed} approval(s) the issue must collect: this request could never be approved.`);
    }
    const rules = {
        environment: options.environment,
        minApprovals: needed,
        initiators: who,
        allowSelfApproval: options.allowSelfApproval,
        allowed,
        now: clock(deps)().toISOString(),
    };
    const issueOpts = issueOptions(options);
    await checkTokenLife(deps, options.issueRepository ?? r, issueOpts.timeoutSeconds);
    const roles = new Map();
    const least = options.approverPermission;
    const outcome = await waitForIssueApproval({
        ...(options.issueRepository ? { repository: options.issueRepository } : {}),
        labels: options.issueLabels ?? [],
        ...(least || already.length > 0
            ? {
                vet: async (v) => {
                    const refused = [...v.refused];
                    const accepted = [];
                    for (const a of v.accepted) {
                        const key = a.login.toLowerCase();
                        if (already.some((x) => x.login.toLowerCase() === key)) {
                            refused.push({
                                login: a.login,
                                reason: 'already counted for an environment: one person counts once',
                            });
                            continue;
                        }
                        if (least) {
                            if (!roles.has(key))
                                roles.set(key, await collaboratorRole(deps.client, r, a.login));
                            const role = roles.get(key) ?? 'none';
                            if (!roleAtLeast(role, least)) {
                                refused.push({
                                    login: a.login,
                                    reason: `has role '${role}' on ${deps.ctx.repository}; approver-permission needs '${least}' or more`,
                                });
                                continue;
                            }
                        }
                        accepted.push(a);
                    }
                    return {
                        accepted,
                        refused,
                        rejections: v.rejections,
                        approved: v.rejections.length === 0 && accepted.length >= needed,
                    };
                },
            }
            : {}),
        environment: options.environment,
        ref,
        digests: options.digests,
        approvers: options.approvers,
        rules,
        options: issueOpts,
    }, deps);
    const issue = outcome.issue;
    const verdict = outcome.verdict;
    const seen = { accepted: [...already, ...verdict.accepted], refused: verdict.refused, issue };
    // Every outcome but approval denies the deployment: the reason, and what the audit event adds.
    const denial = (() => {
        switch (outcome.outcome) {
            case 'denied':
                return [
                    `Deployment to '${options.environment}' was denied in ${issue.url} by ${describeRefused(verdict.rejections)}.`,
                    {},
                ];
            case 'closed':
                return [
                    `Approval issue ${issue.url} was closed${outcome.closedBy ? ` by ${outcome.closedBy}` : ''} with ${verdict.accepted.length} of ${needed} approvals: closing the issue denies the deployment.`,
                    { closed_by: outcome.closedBy ?? null },
                ];
            case 'cancelled':
                return [`The run was cancelled while waiting for approval in ${issue.url}; the issue is closed.`, {}];
            case 'timed-out':
                return [
                    `Approval timed out after ${formatDuration(issueOpts.timeoutSeconds)}: ${verdict.accepted.length} of ${needed} approvals in ${issue.url}.${verdict.refused.length > 0 ? ` Not counted: ${describeRefused(verdict.refused)}.` : ''}`,
                    {},
                ];
            case 'approved':
                return undefined;
        }
    })();
    if (denial) {
        const [message, extra] = denial;
        await deny(deps, options, ref, new ApprovalDenied(message, seen), { issue: issue.url, ...extra });
    }
    return { verdict, issue };
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
    let chainLines = [];
    let chain = [options.environment];
    let decisions = [];
    if (options.mode === 'environment') {
        const runId = deps.ctx.runId;
        if (runId === undefined)
            throw new ConfigurationError('GITHUB_RUN_ID is not set: run this in a workflow.');
        chain = chainOf(options);
        // Resolve teams first: a reviewer team that cannot be resolved is a bad input, whatever else is wrong.
        const allowed = await allowedLogins(deps, options.approvers);
        const reports = await checkProtection(options, deps, r, ref, chain);
        chainLines = [...reports.values()].map((x) => x.line);
        protection = options.requireProtection ? 'checked' : 'not required (require-protection: false)';
        const run = await getRun(deps.client, r, runId);
        const rules = {
            environment: options.environment,
            minApprovals: options.minApprovals,
            initiators: initiators(deps, run),
            allowSelfApproval: options.allowSelfApproval,
            allowed,
            now: clock(deps)().toISOString(),
        };
        await checkReachable(options, deps, reports, rules);
        const evidence = await readRunEvidence(deps, r, runId, run, chain);
        const judged = await judgeChain(options, deps, ref, evidence, reports, rules);
        decisions = judged.perEnvironment;
        verdict = await requirePermission(deps, r, options.approverPermission, judged, options.minApprovals);
        bypassCheck = await checkAuditLog(options, deps, ref, verdict, evidence.firstStartedAt, chain);
        if (options.issueForMore === true && verdict.rejections.length === 0 && !verdict.approved) {
            // The environments gave fewer approvals than needed: collect the rest in an approval issue.
            const envApproved = verdict.accepted;
            const collected = await issueApprovals(options, deps, r, ref, options.minApprovals - envApproved.length, envApproved);
            issue = collected.issue;
            verdict = {
                accepted: [...envApproved, ...collected.verdict.accepted],
                refused: [...verdict.refused, ...collected.verdict.refused],
                rejections: [],
                approved: true,
            };
        }
        await requireReviews(options, deps, ref, evidence, verdict, chain);
    }
    else {
        const collected = await issueApprovals(options, deps, r, ref, options.minApprovals, []);
        verdict = collected.verdict;
        issue = collected.issue;
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
                    ...(options.approverPermission ? { approver_permission: options.approverPermission } : {}),
                    protection,
                    ...(options.mode === 'environment'
                        ? { chain: chainLines, decisions, run_attempt: deps.ctx.runAttempt ?? null }
                        : {}),
                    admin_bypass_allowed: options.allowAdminBypass === true,
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
            ...(options.mode === 'environment' ? { chain: chainLines, decisions } : {}),
            admin_bypass_allowed: options.allowAdminBypass === true,
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
        chain: chainLines,
        decisions,
        adminBypassAllowed: options.allowAdminBypass === true,
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
        .description('Check that an environment requires reviewers (or an accepted protection app), prevents self-review, stops administrator bypass and limits deployment refs')
        .requiredOption('--repo <owner/name>', 'the repository')
        .requiredOption('--environment <name>', 'the environment')
        .option('--allow-self-approval', 'do not require prevent self-review')
        .option('--allow-admin-bypass', "accept 'Allow administrators to bypass configured protection rules'")
        .option('--accept-protection-rules <slugs>', 'GitHub App slugs whose deployment protection rule counts')
        .option('--json', 'print the result as JSON')
        .action(async (opts) => {
        const [owner = '', repo = ''] = opts.repo.split('/');
        if (!owner || !repo)
            throw new errors/* ConfigurationError */.j1(`--repo must be owner/name, not '${opts.repo}'.`);
        const client = (0,github/* createGitHubClient */.LX)(token());
        const found = await inspectProtection(client, { owner, repo }, opts.environment, {
            allowSelfApproval: opts.allowSelfApproval === true,
            allowAdminBypass: opts.allowAdminBypass === true,
            acceptProtectionRules: parseAppSlugs([opts.acceptProtectionRules ?? '']),
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


/***/ })

};
