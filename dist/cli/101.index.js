export const id = 101;
export const ids = [101];
export const modules = {

/***/ 2363:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   rS: () => (/* binding */ collectInventory),
/* harmony export */   rr: () => (/* binding */ instanceVariableKey),
/* harmony export */   yy: () => (/* binding */ matchesFilter)
/* harmony export */ });
/* unused harmony exports parseRotationVariable, shardOf */
/* harmony import */ var _core_rotation_records_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2210);
/* harmony import */ var minimatch__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1138);
/* harmony import */ var _core_github_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5108);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6505);
/* harmony import */ var _workflows_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8797);





function pick(key) {
    return (body) => {
        if (Array.isArray(body))
            return body;
        const v = body && typeof body === 'object' ? body[key] : undefined;
        return Array.isArray(v) ? v : [];
    };
}
function str(v) {
    return typeof v === 'string' && v !== '' ? v : undefined;
}
// rotate-secret keeps each instance's state in a repository variable named `<NAME>_ROTATION_<INSTANCE>`
// (src/core/rotation-records.ts), holding JSON
// `{version: 1, phase, current: {fingerprint, since}, pending, retiring, updated}` — never a value.
/** Environment name as rotate-secret writes it into variable names (rotate-secret's own function). */
function instanceVariableKey(name) {
    return (0,_core_rotation_records_js__WEBPACK_IMPORTED_MODULE_3__/* .instanceKey */ .pA)(name);
}
function parseRotationVariable(variable, value) {
    const m = _core_rotation_records_js__WEBPACK_IMPORTED_MODULE_3__/* .ROTATION_VARIABLE */ .ot.exec(variable.toUpperCase());
    if (!m)
        return undefined;
    let data = {};
    try {
        const parsed = JSON.parse(value);
        if (parsed && typeof parsed === 'object')
            data = parsed;
    }
    catch {
        /* not JSON: only the names are known */
    }
    const current = data.current && typeof data.current === 'object' ? data.current : {};
    return {
        variable,
        secret: m[1] ?? '',
        instance: m[2] ?? '',
        phase: str(data.phase),
        rotatedAt: str(current.since) ?? str(data.updated),
        fingerprint: str(current.fingerprint),
    };
}
/** Stable shard of a repository: FNV-1a of its full name, so adding a repository moves no other. */
function shardOf(fullName, count) {
    let h = 0x811c9dc5;
    for (const c of fullName.toLowerCase()) {
        h ^= c.codePointAt(0) ?? 0;
        h = Math.imul(h, 0x01000193) >>> 0;
    }
    return (h % count) + 1;
}
function matchesFilter(name, patterns) {
    const include = patterns.filter((p) => !p.startsWith('!'));
    const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
    const included = include.length === 0 || include.some((p) => (0,minimatch__WEBPACK_IMPORTED_MODULE_0__/* .minimatch */ .xF)(name, p, { nocase: true }));
    return included && !exclude.some((p) => (0,minimatch__WEBPACK_IMPORTED_MODULE_0__/* .minimatch */ .xF)(name, p, { nocase: true }));
}
function describe(error) {
    return (0,_core_github_js__WEBPACK_IMPORTED_MODULE_1__/* .isRequestError */ .eK)(error) ? `${error.status} ${error.message}` : String(error);
}
/** A secret write recorded by GitHub in the organization audit log. */
const SECRET_WRITE_ACTION = /(?:^|\.)(create|update|remove)_actions_secret$/;
async function readAuditLog(reader, org, since, warnings, partial) {
    try {
        const phrase = ['repo', 'environment', 'org'].flatMap((area) => [
            `action:${area}.create_actions_secret`,
            `action:${area}.update_actions_secret`,
        ]);
        const entries = [];
        const lists = [];
        for (const p of phrase) {
            const q = since ? `${p} created:>=${since.slice(0, 10)}` : p;
            lists.push(reader.list('GET /orgs/{org}/audit-log', { org, phrase: q, order: 'asc' }, pick('entries')));
        }
        for (const list of await Promise.all(lists))
            entries.push(...list);
        const seen = new Set();
        const out = [];
        for (const e of entries) {
            const action = str(e.action) ?? '';
            if (!SECRET_WRITE_ACTION.test(action))
                continue;
            const id = str(e._document_id) ?? JSON.stringify(e);
            if (seen.has(id))
                continue;
            seen.add(id);
            const ts = typeof e['@timestamp'] === 'number' ? new Date(e['@timestamp']).toISOString() : (str(e.created_at) ?? '');
            out.push({
                action,
                actor: str(e.actor) ?? '',
                repository: str(e.repo) ?? str(e.repository),
                environment: str(e.environment_name) ?? str(e.environment),
                name: str(e.secret_name) ?? str(e.name) ?? str(e.key),
                time: ts,
            });
        }
        return out;
    }
    catch (error) {
        const status = (0,_core_github_js__WEBPACK_IMPORTED_MODULE_1__/* .errorStatus */ .PO)(error);
        if (status === 403 || status === 404) {
            warnings.push(`The organization audit log of '${org}' could not be read (${describe(error)}). Writes by people and apps outside the ledger are not checked. Grant the token the 'read:audit_log' scope (classic) or the organization permission 'Administration: read' (fine-grained / GitHub App), on a plan that has the audit log API.`);
            // With allowed-writers, the writers of secrets are part of the audit: not checking them is partial.
            partial?.push(`${org}: audit log not read`);
            return undefined;
        }
        throw error;
    }
}
async function repositoryInventory(reader, repo) {
    const owner = repo.owner.login;
    const name = repo.name;
    const fullName = repo.full_name;
    const partial = [];
    const p = { owner, repo: name };
    const guard = async (what, fallback, fn) => {
        try {
            return await fn();
        }
        catch (error) {
            const status = (0,_core_github_js__WEBPACK_IMPORTED_MODULE_1__/* .errorStatus */ .PO)(error);
            if (status === 404 || status === 403) {
                partial.push(`${fullName}: could not read ${what} (${describe(error)})`);
                return fallback;
            }
            throw error;
        }
    };
    const [secrets, dependabotSecrets, environments, variables, workflows] = await Promise.all([
        guard('repository secrets (needs secrets: read)', [], () => reader.list('GET /repos/{owner}/{repo}/actions/secrets', p, pick('secrets'))),
        guard('Dependabot secrets (needs dependabot_secrets: read)', [], () => reader.list('GET /repos/{owner}/{repo}/dependabot/secrets', p, pick('secrets'))),
        guard('environments (needs actions: read)', [], () => reader.list('GET /repos/{owner}/{repo}/environments', p, pick('environments'))),
        guard('variables (needs variables: read)', [], () => reader.list('GET /repos/{owner}/{repo}/actions/variables', p, pick('variables'))),
        guard('workflows (needs contents: read)', [], async () => {
            const dir = await reader.maybe('GET /repos/{owner}/{repo}/contents/{path}', {
                ...p,
                path: '.github/workflows',
            });
            if (!Array.isArray(dir))
                return [];
            const files = dir.filter((f) => f.type === 'file' && /\.ya?ml$/.test(f.name));
            return Promise.all(files.map(async (f) => {
                const file = await reader.get('GET /repos/{owner}/{repo}/contents/{path}', {
                    ...p,
                    path: f.path,
                });
                const text = Buffer.from(file.content ?? '', file.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
                return (0,_workflows_js__WEBPACK_IMPORTED_MODULE_2__/* .parseWorkflow */ .h)(f.path, text);
            }));
        }),
    ]);
    const envSecrets = await Promise.all(environments.map((env) => guard(`secrets of environment '${env.name}'`, [], () => reader.list('GET /repos/{owner}/{repo}/environments/{environment_name}/secrets', { ...p, environment_name: env.name }, pick('secrets'))).then((list) => list.map((s) => ({ env: env.name, s })))));
    const secretRecords = [
        ...secrets.map((s) => ({
            owner: fullName,
            scope: 'repository',
            name: s.name,
            createdAt: s.created_at,
            updatedAt: s.updated_at,
        })),
        ...dependabotSecrets.map((s) => ({
            owner: fullName,
            scope: 'dependabot',
            name: s.name,
            createdAt: s.created_at,
            updatedAt: s.updated_at,
        })),
        ...envSecrets.flat().map(({ env, s }) => ({
            owner: fullName,
            scope: 'environment',
            environment: env,
            name: s.name,
            createdAt: s.created_at,
            updatedAt: s.updated_at,
        })),
    ];
    const envRecords = environments.map((e) => {
        const rules = e.protection_rules ?? [];
        const reviewers = rules
            .filter((r) => r.type === 'required_reviewers')
            .reduce((n, r) => n + (r.reviewers?.length ?? 0), 0);
        return { name: e.name, requiredReviewers: reviewers, protectionRules: rules.map((r) => r.type) };
    });
    // A workflow that cannot be read hides its secret references: missing and unused secrets of this
    // repository cannot be told, so it counts as read in part.
    for (const wf of workflows) {
        if (wf.parseError)
            partial.push(`${fullName}: ${wf.path} is not valid YAML (${wf.parseError}); its secret references were not checked`);
    }
    const rotations = variables
        .map((v) => parseRotationVariable(v.name, v.value))
        .filter((r) => r !== undefined);
    return {
        fullName,
        private: repo.private,
        secrets: secretRecords,
        environments: envRecords,
        workflows,
        rotations,
        partial,
    };
}
/** Reads everything the audit looks at, each endpoint once, through the reader's bounded pool. */
async function collectInventory(reader, options) {
    const warnings = [];
    const partial = [];
    let repos;
    if (options.repositories && options.repositories.length > 0) {
        repos = [];
        for (const full of options.repositories) {
            const [owner = '', repo = ''] = full.split('/');
            const r = await reader.maybe('GET /repos/{owner}/{repo}', { owner, repo });
            if (!r)
                partial.push(`${full}: the repository does not exist or the token cannot see it`);
            else
                repos.push(r);
        }
    }
    else if (options.organization) {
        repos = await reader.list('GET /orgs/{org}/repos', { org: options.organization, type: 'all' }, pick('repositories'));
        repos = repos.filter((r) => (options.includeArchived || !r.archived) && matchesFilter(r.name, options.include ?? []));
    }
    else {
        repos = [];
    }
    if (options.shard) {
        const { index, count } = options.shard;
        repos = repos.filter((r) => shardOf(r.full_name, count) === index);
    }
    repos.sort((a, b) => a.full_name.localeCompare(b.full_name));
    const org = options.organization;
    const orgSecretsPromise = org
        ? reader
            .list('GET /orgs/{org}/actions/secrets', { org }, pick('secrets'))
            .then((list) => Promise.all(list.map(async (s) => {
            let selected;
            if (s.visibility === 'selected') {
                const rs = await reader.list('GET /orgs/{org}/actions/secrets/{secret_name}/repositories', { org, secret_name: s.name }, pick('repositories'));
                selected = rs.map((r) => r.full_name);
            }
            return {
                owner: org,
                scope: 'organization',
                name: s.name,
                createdAt: s.created_at,
                updatedAt: s.updated_at,
                visibility: s.visibility,
                selectedRepositories: selected,
            };
        })))
            .catch((error) => {
            const status = (0,_core_github_js__WEBPACK_IMPORTED_MODULE_1__/* .errorStatus */ .PO)(error);
            if (status === 403 || status === 404) {
                warnings.push(`Organization secrets of '${org}' could not be read (${describe(error)}): secrets referenced by workflows may be reported missing only if no repository or environment defines them. Grant the organization permission 'Secrets: read' to include them.`);
                partial.push((0,_types_js__WEBPACK_IMPORTED_MODULE_4__/* .organizationSecretsUnread */ .S_)(org));
                return [];
            }
            throw error;
        })
        : Promise.resolve([]);
    const auditLogPromise = org && options.readAuditLog
        ? readAuditLog(reader, org, options.auditLogSince, warnings, options.auditLogRequired ? partial : undefined)
        : Promise.resolve(undefined);
    const repositories = await Promise.all(repos.map((r) => repositoryInventory(reader, r).catch((error) => {
        if ((0,_core_github_js__WEBPACK_IMPORTED_MODULE_1__/* .errorStatus */ .PO)(error) === 404) {
            partial.push(`${r.full_name}: the repository disappeared while it was being read`);
            return undefined;
        }
        throw error;
    })));
    const kept = repositories.filter((r) => r !== undefined);
    for (const r of kept)
        partial.push(...r.partial);
    return {
        organization: org,
        repositories: kept,
        organizationSecrets: await orgSecretsPromise,
        auditLog: await auditLogPromise,
        warnings,
        partial,
    };
}


/***/ }),

/***/ 6505:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S_: () => (/* binding */ organizationSecretsUnread),
/* harmony export */   oC: () => (/* binding */ SEVERITIES),
/* harmony export */   pA: () => (/* binding */ instanceKey),
/* harmony export */   qs: () => (/* binding */ severityRank)
/* harmony export */ });
/** What the audit collects and what it reports. Plain data: JSON in, JSON out, no API calls. */
const SEVERITIES = ['low', 'medium', 'high', 'critical'];
function severityRank(s) {
    return SEVERITIES.indexOf(s);
}
/** `repository:acme/app:DB`, `environment:acme/app:prod:DB`, `organization:acme:DB`, `dependabot:acme/app:DB`. */
function instanceKey(s) {
    return s.scope === 'environment'
        ? `environment:${s.owner}:${s.environment ?? ''}:${s.name}`
        : `${s.scope}:${s.owner}:${s.name}`;
}
/** The partial entry for organization secrets that could not be read. */
function organizationSecretsUnread(org) {
    return `${org}: organization secrets not read`;
}


/***/ }),

/***/ 8797:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ UNTRUSTED_TRIGGERS),
/* harmony export */   h: () => (/* binding */ parseWorkflow)
/* harmony export */ });
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);

/**
 * Triggers that run with the base repository's secrets on code or data an outside contributor
 * controls: a fork's pull request (`pull_request_target`), a run a fork caused (`workflow_run`), or a
 * comment or review anyone can write on a public repository (`issue_comment`, `pull_request_review`,
 * `pull_request_review_comment`, which run in the base repository even for forks' pull requests).
 */
const UNTRUSTED_TRIGGERS = [
    'pull_request_target',
    'workflow_run',
    'issue_comment',
    'pull_request_review',
    'pull_request_review_comment',
];
/** Secrets every workflow has without anyone defining them. */
const BUILT_IN = new Set(['GITHUB_TOKEN']);
const SECRET_REF = /(?<![\w.-])secrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*'([A-Za-z_][A-Za-z0-9_]*)'\s*\])/g;
function triggersOf(on) {
    if (typeof on === 'string')
        return [on];
    if (Array.isArray(on))
        return on.filter((t) => typeof t === 'string');
    if (on && typeof on === 'object')
        return Object.keys(on);
    return [];
}
/** Secret names referenced in a span of lines, with the 1-based line of each first reference. */
function secretRefs(lines, from, to) {
    const seen = new Map();
    for (let i = from; i < to; i++) {
        const line = lines[i] ?? '';
        if (/^\s*#/.test(line))
            continue;
        // Secrets are read in expressions only: `${{ ... }}`, or an `if:` condition, which is one
        // without the braces. Elsewhere `secrets.x` is plain text (a file named audit-secrets.sarif).
        const text = /^\s*-?\s*if\s*:/.test(line)
            ? line
            : [...line.matchAll(/\$\{\{([^}]*)\}\}/g)].map((m) => m[1] ?? '').join(' ');
        for (const m of text.matchAll(SECRET_REF)) {
            const name = (m[1] ?? m[2] ?? '').toUpperCase();
            if (name && !BUILT_IN.has(name) && !seen.has(name))
                seen.set(name, i + 1);
        }
    }
    return [...seen].map(([name, line]) => ({ name, line }));
}
/** A job's environment: its literal name, or `dynamic` when it is computed by an expression. */
function environmentOf(job) {
    if (!job || typeof job !== 'object')
        return {};
    const env = job.environment;
    const name = typeof env === 'string'
        ? env
        : env && typeof env === 'object' && typeof env.name === 'string'
            ? env.name
            : undefined;
    if (name === undefined)
        return {};
    // `${{ matrix.env }}`, `prod-${{ inputs.region }}`: known only at run time.
    if (name.includes('${{'))
        return { dynamicEnvironment: true };
    return { environment: name };
}
/**
 * Reads a workflow file: its triggers, its jobs, the environment each job deploys to, and the
 * secrets each job references (including the workflow-level `env:` block, which every job sees).
 * Expressions built at run time (`secrets[format(...)]`) cannot be resolved and are not counted.
 */
function parseWorkflow(path, text) {
    let doc;
    try {
        doc = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parse */ .qg)(text);
    }
    catch (error) {
        return {
            path,
            triggers: [],
            jobs: [],
            parseError: error instanceof Error ? error.message.split('\n')[0] : String(error),
        };
    }
    if (!doc || typeof doc !== 'object')
        return { path, triggers: [], jobs: [], parseError: 'not a YAML mapping' };
    const root = doc;
    const triggers = triggersOf(root.on ?? root.true);
    const lines = text.split(/\r?\n/);
    const jobsObject = root.jobs && typeof root.jobs === 'object' ? root.jobs : {};
    const jobIds = Object.keys(jobsObject);
    // Find where each job's block starts: `  <id>:` under `jobs:`.
    const jobsLine = lines.findIndex((l) => /^jobs\s*:/.test(l));
    const starts = jobIds.map((id) => {
        const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const re = new RegExp(`^\\s+['"]?${escaped}['"]?\\s*:`);
        const at = lines.findIndex((l, i) => i > jobsLine && re.test(l));
        return at < 0 ? lines.length : at;
    });
    const sortedStarts = [...starts].sort((a, b) => a - b);
    const shared = secretRefs(lines, 0, jobsLine < 0 ? lines.length : jobsLine);
    const jobs = jobIds.map((id, i) => {
        const start = starts[i] ?? lines.length;
        const end = sortedStarts.find((s) => s > start) ?? lines.length;
        const own = secretRefs(lines, start, end);
        const names = new Set(own.map((r) => r.name));
        return {
            id,
            ...environmentOf(jobsObject[id]),
            secrets: [...own, ...shared.filter((r) => !names.has(r.name))],
        };
    });
    return { path, triggers, jobs };
}


/***/ }),

/***/ 1335:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ tokenFromEnv)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/* harmony import */ var _core_mask_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9239);
/** The CLI's GitHub token: from the environment, never the command line, where other processes can read it. */


/** GITHUB_TOKEN, else GH_TOKEN, masked at once; `missing` is the error when neither is set. */
function tokenFromEnv(missing) {
    const token = process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN ?? '';
    if (!token)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(missing);
    (0,_core_mask_js__WEBPACK_IMPORTED_MODULE_0__/* .maskSecret */ .$l)(token);
    return token;
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


/***/ }),

/***/ 2210:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ot: () => (/* binding */ ROTATION_VARIABLE),
/* harmony export */   pA: () => (/* binding */ instanceKey),
/* harmony export */   wP: () => (/* binding */ FINGERPRINT_VARIABLE)
/* harmony export */ });
/* unused harmony exports rotationVariableName, fingerprintVariableName */
/**
 * The repository variables rotate-secret writes for each secret and instance, which audit-secrets
 * and the SAMM assessment read back: one place for the names, so writer and readers agree.
 * Values are never stored, only state (phase, fingerprints, times) and HMAC fingerprints.
 */
/**
 * An instance name as it appears in variable names: upper case, one `_` for each run of anything
 * not alphanumeric (`production-eu` -> `PRODUCTION_EU`, `eu--west` -> `EU_WEST`). rotate-secret
 * writes the names with it and the audit reads them back with it.
 */
function instanceKey(name) {
    return name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}
/** `<SECRET>_ROTATION_<INSTANCE>`: the rotation's state as JSON. */
function rotationVariableName(secret, instanceKey) {
    return `${secret.toUpperCase()}_ROTATION_${instanceKey}`;
}
/** `<SECRET>_FINGERPRINT_<INSTANCE>`: `hmac-sha256:<hex>` of the instance's current value. */
function fingerprintVariableName(secret, instanceKey) {
    return `${secret.toUpperCase()}_FINGERPRINT_${instanceKey}`;
}
/** Matches a rotation-state variable: [1] the secret, [2] the instance key. */
const ROTATION_VARIABLE = /^([A-Z0-9_]+?)_ROTATION_([A-Z0-9_]+)$/;
/** Matches a fingerprint variable: [1] the secret, [2] the instance key. */
const FINGERPRINT_VARIABLE = /^([A-Z0-9_]+?)_FINGERPRINT_([A-Z0-9_]+)$/;


/***/ })

};
