export const id = 581;
export const ids = [581];
export const modules = {

/***/ 2179:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ Pool),
/* harmony export */   m: () => (/* binding */ Reader)
/* harmony export */ });
/* harmony import */ var _core_github_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5108);

/** Octokit's retry plugin would retry 404s too (the client sets `request.retries`); the reader retries itself. */
const NO_RETRY = { retries: 0 };
/**
 * Runs at most `limit` tasks at once. Used for every API read of the audit, so that an
 * organization of a thousand repositories is read with bounded concurrency.
 */
class Pool {
    active = 0;
    waiting = [];
    limit;
    constructor(limit) {
        this.limit = Math.max(1, limit);
    }
    async run(task) {
        if (this.active >= this.limit)
            await new Promise((r) => this.waiting.push(r));
        this.active++;
        try {
            return await task();
        }
        finally {
            this.active--;
            this.waiting.shift()?.();
        }
    }
}
/**
 * GitHub reads for the audit: every request goes through one pool (bounded concurrency), every
 * distinct GET is made once (memoised), and requests are counted for the summary and the benchmark.
 */
class Reader {
    client;
    pool;
    memo = new Map();
    requests = 0;
    retries = 3;
    constructor(client, concurrency) {
        this.client = client;
        this.pool = new Pool(concurrency);
        client.hook.before('request', () => {
            this.requests++;
        });
    }
    /**
     * Retries server errors and network failures (not 4xx: a 404 is an answer, and asking again
     * would be a repeated read). Rate limits are handled by the client's throttling plugin.
     */
    async withRetries(fn) {
        for (let attempt = 0;; attempt++) {
            try {
                return await fn();
            }
            catch (error) {
                const status = (0,_core_github_js__WEBPACK_IMPORTED_MODULE_0__/* .errorStatus */ .PO)(error);
                const transient = status === undefined || status === 0 || status >= 500;
                if (!transient || attempt >= this.retries)
                    throw error;
                await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
            }
        }
    }
    /** One GET, memoised by route and parameters. */
    get(route, params = {}) {
        const key = `${route} ${JSON.stringify(params)}`;
        let p = this.memo.get(key);
        if (!p) {
            p = this.pool.run(async () => (await this.withRetries(() => this.client.request(route, { ...params, request: NO_RETRY }))).data);
            this.memo.set(key, p);
        }
        return p;
    }
    /**
     * Every item of a list endpoint, following GitHub's `Link` header (per_page=100), memoised like
     * `get`. Octokit unwraps the `{ total_count, secrets: [...] }` bodies; `pick` handles any other shape.
     */
    list(route, params, pick) {
        const key = `list ${route} ${JSON.stringify(params)}`;
        let p = this.memo.get(key);
        if (!p) {
            p = this.pool.run(async () => {
                const items = (await this.withRetries(() => this.client.paginate(route, { ...params, per_page: 100, request: NO_RETRY })));
                return [...pick(items)];
            });
            this.memo.set(key, p);
        }
        return p;
    }
    /** GET that answers undefined for 404 instead of throwing. */
    async maybe(route, params = {}) {
        try {
            return await this.get(route, params);
        }
        catch (error) {
            if ((0,_core_github_js__WEBPACK_IMPORTED_MODULE_0__/* .errorStatus */ .PO)(error) === 404)
                return undefined;
            throw error;
        }
    }
}


/***/ }),

/***/ 2363:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IS: () => (/* binding */ shardOf),
/* harmony export */   rS: () => (/* binding */ collectInventory),
/* harmony export */   rr: () => (/* binding */ instanceVariableKey),
/* harmony export */   yy: () => (/* binding */ matchesFilter)
/* harmony export */ });
/* unused harmony exports parseRotationVariable, budgetPartial */
/* harmony import */ var _core_rotation_records_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2210);
/* harmony import */ var minimatch__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1138);
/* harmony import */ var _core_bulk_reads_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7875);
/* harmony import */ var _core_conditional_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5823);
/* harmony import */ var _core_github_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5108);
/* harmony import */ var _fetch_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2179);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(6505);
/* harmony import */ var _workflows_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8797);








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
    return (0,_core_rotation_records_js__WEBPACK_IMPORTED_MODULE_6__/* .instanceKey */ .pA)(name);
}
function parseRotationVariable(variable, value) {
    const m = _core_rotation_records_js__WEBPACK_IMPORTED_MODULE_6__/* .ROTATION_VARIABLE */ .ot.exec(variable.toUpperCase());
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
/** The partial entry of a run that stopped at its request budget. */
function budgetPartial(unread, total, reason) {
    return `budget: ${unread} of ${total} repositories not read (${reason}); the next run reads them first`;
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
    return (0,_core_github_js__WEBPACK_IMPORTED_MODULE_3__/* .isRequestError */ .eK)(error) ? `${error.status} ${error.message}` : String(error);
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
            const status = (0,_core_github_js__WEBPACK_IMPORTED_MODULE_3__/* .errorStatus */ .PO)(error);
            if (status === 404 || status === 403) {
                partial.push(`${fullName}: could not read ${what} (${describe(error)})`);
                return fallback;
            }
            throw error;
        }
    };
    // Workflow files, and whether there are environments, come from GraphQL in bulk (one query per
    // 50 repositories, src/core/bulk-reads.ts); a repository GraphQL did not answer whole is read
    // through REST, so nothing counts as read that was not.
    const bulk = await _core_bulk_reads_js__WEBPACK_IMPORTED_MODULE_1__/* .BulkReads */ .sc.of(reader.client).read(fullName, (task) => reader.pool.run(task));
    const readFile = async (path) => {
        const file = await reader.get('GET /repos/{owner}/{repo}/contents/{path}', { ...p, path });
        const text = Buffer.from(file.content ?? '', file.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
        return (0,_workflows_js__WEBPACK_IMPORTED_MODULE_5__/* .parseWorkflow */ .h)(path, text);
    };
    const [secrets, dependabotSecrets, environments, variables, workflows] = await Promise.all([
        guard('repository secrets (needs secrets: read)', [], () => reader.list('GET /repos/{owner}/{repo}/actions/secrets', p, pick('secrets'))),
        guard('Dependabot secrets (needs dependabot_secrets: read)', [], () => reader.list('GET /repos/{owner}/{repo}/dependabot/secrets', p, pick('secrets'))),
        // No environments (GraphQL's totalCount, trusted once GraphQL has shown this token some
        // repository's environments): no environments list, no environment secrets to read.
        // Where there are some, the list comes through REST with its ETag: one unit cold, free (304)
        // warm. Through GraphQL the protection rules would cost points on every run, cold or warm (a
        // GraphQL answer cannot be conditional). Measured with GitHub's cost rules (the emulator's
        // queryCost) for 50 repositories a query: `environments(first: 10) { nodes { name
        // protectionRules(first: 5) { nodes { type } } } }` is 6 points, and with the reviewers count
        // the audit needs (`reviewers(first: 10) { totalCount }`) 31 points: 620 points per 1,000
        // repositories on every warm run, against a warm target of 150 units for the whole run.
        bulk?.environments === 0
            ? Promise.resolve([])
            : guard('environments (needs actions: read)', [], () => reader.list('GET /repos/{owner}/{repo}/environments', p, pick('environments'))),
        guard('variables (needs variables: read)', [], () => reader.list('GET /repos/{owner}/{repo}/actions/variables', p, pick('variables'))),
        guard('workflows (needs contents: read)', [], async () => {
            // GraphQL's files, unless it did not answer for this repository or its null directory is
            // not trusted yet (bulk.workflows undefined): then the directory is read through REST.
            if (bulk?.workflows) {
                return Promise.all(bulk.workflows.map((f) => f.text !== undefined ? Promise.resolve((0,_workflows_js__WEBPACK_IMPORTED_MODULE_5__/* .parseWorkflow */ .h)(f.path, f.text)) : readFile(f.path)));
            }
            const dir = await reader.maybe('GET /repos/{owner}/{repo}/contents/{path}', {
                ...p,
                path: '.github/workflows',
            });
            if (!Array.isArray(dir))
                return [];
            const files = dir.filter((f) => f.type === 'file' && /\.ya?ml$/.test(f.name));
            return Promise.all(files.map((f) => readFile(f.path)));
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
    // Never read, then least recently read first (the order the pool starts them in); the report
    // lists them by name.
    const lastRead = options.lastRead ?? new Map();
    repos.sort((a, b) => (lastRead.get(a.full_name) ?? '').localeCompare(lastRead.get(b.full_name) ?? '') ||
        a.full_name.localeCompare(b.full_name));
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
            const status = (0,_core_github_js__WEBPACK_IMPORTED_MODULE_3__/* .errorStatus */ .PO)(error);
            if ((0,_core_conditional_js__WEBPACK_IMPORTED_MODULE_2__/* .isBudgetExhausted */ .b)(error)) {
                partial.push((0,_types_js__WEBPACK_IMPORTED_MODULE_7__/* .organizationSecretsUnread */ .S_)(org));
                return [];
            }
            if (status === 403 || status === 404) {
                warnings.push(`Organization secrets of '${org}' could not be read (${describe(error)}): secrets referenced by workflows may be reported missing only if no repository or environment defines them. Grant the organization permission 'Secrets: read' to include them.`);
                partial.push((0,_types_js__WEBPACK_IMPORTED_MODULE_7__/* .organizationSecretsUnread */ .S_)(org));
                return [];
            }
            throw error;
        })
        : Promise.resolve([]);
    // The bulk reads follow the order the repositories are read in: a query is sent when the first
    // of its 50 repositories is started.
    _core_bulk_reads_js__WEBPACK_IMPORTED_MODULE_1__/* .BulkReads */ .sc.of(reader.client).plan(repos.map((r) => r.full_name));
    const unread = [];
    let stopped = '';
    // With a budget, repositories are started a few at a time, each only when its cost fits: a
    // repository is read whole or not at all, as far as the budget goes.
    const admit = options.admit;
    const repoPool = new _fetch_js__WEBPACK_IMPORTED_MODULE_4__/* .Pool */ .b(admit ? reader.pool.limit : Math.max(1, repos.length));
    let reading = 0;
    const repositories = await Promise.all(repos.map((r) => repoPool
        .run(async () => {
        const refused = admit?.(lastRead.has(r.full_name), reading);
        if (refused !== undefined) {
            unread.push(r.full_name);
            stopped ||= refused;
            return undefined;
        }
        reading++;
        try {
            return await repositoryInventory(reader, r);
        }
        finally {
            reading--;
        }
    })
        .catch((error) => {
        if ((0,_core_conditional_js__WEBPACK_IMPORTED_MODULE_2__/* .isBudgetExhausted */ .b)(error)) {
            // Not read, so not reported as checked: it is left out, and read first next time.
            unread.push(r.full_name);
            stopped ||= error.message;
            return undefined;
        }
        if ((0,_core_github_js__WEBPACK_IMPORTED_MODULE_3__/* .errorStatus */ .PO)(error) === 404) {
            partial.push(`${r.full_name}: the repository disappeared while it was being read`);
            return undefined;
        }
        throw error;
    })));
    const kept = repositories
        .filter((r) => r !== undefined)
        .sort((a, b) => a.fullName.localeCompare(b.fullName));
    for (const r of kept)
        partial.push(...r.partial);
    if (unread.length > 0)
        partial.push(budgetPartial(unread.length, repos.length, stopped));
    return {
        organization: org,
        repositories: kept,
        organizationSecrets: await orgSecretsPromise,
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
/* harmony import */ var _core_nesting_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9209);


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
        (0,_core_nesting_js__WEBPACK_IMPORTED_MODULE_1__/* .checkYamlNesting */ .s0)(text, path);
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
    const wholesale = jobIds.some((id) => jobsObject[id]?.secrets === 'inherit') ||
        /toJSON\(\s*secrets\s*\)|(?<![\w.-])secrets\s*\[\s*(?!')/.test(text);
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
    return { path, triggers, jobs, ...(wholesale ? { secretsWholesale: true } : {}) };
}


/***/ }),

/***/ 3581:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cliBudget: () => (/* binding */ cliBudget),
  registerAuditCommands: () => (/* binding */ registerAuditCommands)
});

;// CONCATENATED MODULE: ./src/actions/audit-secrets.inputs.ts
const inputs = {
    repositories: { type: 'list' },
    organization: { type: 'string' },
    'repository-filter': { type: 'list' },
    shard: { type: 'string' },
    merge: { type: 'list' },
    'max-age-days': { type: 'integer', default: 90, min: 1, max: 3650 },
    'allowed-writers': { type: 'list' },
    ledger: { type: 'string' },
    'trust-policy': { type: 'string' },
    'read-audit-log': { type: 'boolean', default: true },
    'audit-log-export': { type: 'list' },
    'audit-state': { type: 'string' },
    'readers-policy': { type: 'string' },
    'unread-days': { type: 'integer', default: 0, min: 0, max: 3650 },
    'issues-repository': { type: 'string' },
    'issue-labels': { type: 'list' },
    'sarif-file': { type: 'string', default: 'audit-secrets.sarif' },
    'findings-file': { type: 'string', default: 'audit-secrets.json' },
    'fail-on': { type: 'choice', choices: ['none', 'low', 'medium', 'high', 'critical'], default: 'high' },
    'allow-partial': { type: 'boolean', default: false },
    concurrency: { type: 'integer', default: 8, min: 1, max: 64 },
    'cache-file': { type: 'string' },
    'cache-key': { type: 'string', secret: true },
    'max-requests': { type: 'integer', default: 0, min: 0, max: 1_000_000 },
    assess: { type: 'boolean', default: false },
    'assessment-dir': { type: 'string', default: 'samm-assessment' },
    'audit-log': { type: 'list' },
    token: { type: 'string', required: true, default: '${{ github.token }}', secret: true },
};
const outputs = (/* unused pure expression or super */ null && ([
    'findings',
    'count',
    'highest-severity',
    'partial',
    'findings-file',
    'sarif-file',
    'issues-created',
    'issues-closed',
    'reads',
    'assessment',
]));

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/github.ts
var github = __webpack_require__(5108);
;// CONCATENATED MODULE: ./src/audit/issues.ts

/** Every issue the feed files carries this label; it is how the feed finds its own issues again. */
const FEED_LABEL = 'secure-deploy-audit';
const MARKER = /<!-- secure-deploy-finding fingerprint=([0-9a-f]+) scope=(\S+) -->/;
/** An event finding's facts (EventFacts as base64url JSON): what tells, later, whether its cause is gone. */
const EVENT_MARKER = /<!-- secure-deploy-event ([A-Za-z0-9_-]+) -->/;
const KIND_LINE = /^\*\*Finding:\*\* `([^`]+)`/m;
const SUBJECT_LINE = /^\*\*Subject:\*\* `([^`]*)`/m;
/** Findings that come from audit-log events (reads.ts), whose evidence ages out of GitHub's window. */
function isEventFinding(kind, subject) {
    return (kind.startsWith('secret-read-') ||
        kind === 'unlogged-removal' ||
        kind === 'unread-secret' ||
        (kind === 'unauthorized-write' && subject.startsWith('audit-log:')));
}
function eventFactsOf(body) {
    const m = EVENT_MARKER.exec(body);
    if (!m?.[1])
        return undefined;
    let v;
    try {
        v = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8'));
    }
    catch {
        return undefined;
    }
    if (typeof v !== 'object' || v === null)
        return undefined;
    const o = v;
    const text = (k) => (typeof o[k] === 'string' ? o[k] : undefined);
    const since = text('since');
    if (!since || !Number.isFinite(Date.parse(since)))
        return undefined;
    return {
        since,
        ...(text('secret') ? { secret: text('secret') } : {}),
        ...(text('reader') ? { reader: text('reader') } : {}),
        ...(text('secretName') ? { secretName: text('secretName') } : {}),
        ...(o.removal === true ? { removal: true } : {}),
    };
}
function issueTitle(f) {
    return `[secure-deploy audit] ${f.title}`.slice(0, 250);
}
/**
 * The issue body: deterministic for the same finding, so an unchanged finding writes nothing. An
 * event finding carries its facts (names and times only, never a value) in a second marker, so a
 * later run can tell whether its cause is gone when the event itself has aged out. Anyone who can
 * edit the issue could change them, and could as well close it by hand: the feed reopens it while
 * the finding is seen.
 */
function issueBody(f, facts) {
    return [
        `<!-- secure-deploy-finding fingerprint=${f.fingerprint} scope=${f.scope} -->`,
        ...(facts
            ? [`<!-- secure-deploy-event ${Buffer.from(JSON.stringify(facts), 'utf8').toString('base64url')} -->`]
            : []),
        `**Severity:** ${f.severity}  `,
        `**Finding:** \`${f.kind}\`  `,
        `**Scope:** \`${f.scope}\`  `,
        `**Subject:** \`${f.subject}\``,
        '',
        '### Evidence',
        ...f.evidence.map((e) => (e.startsWith('- ') ? `  ${e}` : `- ${e}`)),
        '',
        '### Likely root cause',
        f.rootCause,
        '',
        '### What to do',
        f.remediation,
        '',
        `_Filed by secure-deploy audit-secrets. It updates this issue while the finding lasts, closes it when the finding is gone, and reopens it if it returns. Fingerprint \`${f.fingerprint}\`._`,
    ].join('\n');
}
function labelsFor(f, extra) {
    return [...new Set([FEED_LABEL, `severity:${f.severity}`, `audit:${f.kind}`, ...extra])];
}
const LABEL_COLORS = {
    'severity:critical': 'b60205',
    'severity:high': 'd93f0b',
    'severity:medium': 'fbca04',
    'severity:low': 'c2e0c6',
};
/**
 * The defect feed: one issue per finding fingerprint. New findings open issues, changed evidence
 * updates them, a returning finding reopens its closed issue, and an open issue whose finding is
 * gone (in a scope this run audited completely) is closed. Running twice writes nothing twice.
 */
async function syncIssues(client, findings, options) {
    const { owner, repo } = options;
    const result = {
        created: [],
        updated: [],
        reopened: [],
        closed: [],
        unchanged: [],
        kept: [],
    };
    let existing;
    try {
        existing = await client.paginate('GET /repos/{owner}/{repo}/issues', {
            owner,
            repo,
            labels: FEED_LABEL,
            state: 'all',
            per_page: 100,
        });
    }
    catch (error) {
        throw (0,github/* explainGitHubError */.Pm)(error, `listing the audit issues of ${owner}/${repo}`, 'issues: write');
    }
    const byFingerprint = new Map();
    for (const issue of existing) {
        if (issue.pull_request)
            continue;
        const m = MARKER.exec(issue.body ?? '');
        if (!m?.[1])
            continue;
        const prior = byFingerprint.get(m[1]);
        // Keep the open one (or the newest) if a fingerprint somehow has two issues.
        if (!prior || (prior.state !== 'open' && issue.state === 'open'))
            byFingerprint.set(m[1], issue);
    }
    // Make sure the labels exist, so they get their colours (and emulators that need them are satisfied).
    const wanted = new Set(findings.flatMap((f) => labelsFor(f, options.labels)));
    if (wanted.size > 0) {
        const have = new Set((await client.paginate('GET /repos/{owner}/{repo}/labels', { owner, repo, per_page: 100 })).map((l) => l.name.toLowerCase()));
        for (const name of [...wanted].sort()) {
            if (have.has(name.toLowerCase()))
                continue;
            try {
                await client.rest.issues.createLabel({ owner, repo, name, color: LABEL_COLORS[name] ?? '5319e7' });
            }
            catch (error) {
                if (error.status !== 422)
                    throw (0,github/* explainGitHubError */.Pm)(error, `creating label '${name}' in ${owner}/${repo}`, 'issues: write');
            }
        }
    }
    const current = new Set();
    for (const f of findings) {
        current.add(f.fingerprint);
        const title = issueTitle(f);
        const body = issueBody(f, options.events?.facts[f.fingerprint]);
        const labels = labelsFor(f, options.labels);
        const issue = byFingerprint.get(f.fingerprint);
        try {
            if (!issue) {
                const created = await client.rest.issues.create({ owner, repo, title, body, labels });
                result.created.push(created.data.number);
                continue;
            }
            const haveLabels = new Set(issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))));
            const labelsChanged = labels.some((l) => !haveLabels.has(l));
            if (issue.state !== 'open') {
                // One request per issue: Octokit paces content-creating requests to one a second.
                await client.rest.issues.update({
                    owner,
                    repo,
                    issue_number: issue.number,
                    state: 'open',
                    title,
                    body,
                    labels,
                });
                result.reopened.push(issue.number);
            }
            else if (issue.title !== title || (issue.body ?? '') !== body || labelsChanged) {
                await client.rest.issues.update({ owner, repo, issue_number: issue.number, title, body, labels });
                result.updated.push(issue.number);
            }
            else {
                result.unchanged.push(issue.number);
            }
        }
        catch (error) {
            throw (0,github/* explainGitHubError */.Pm)(error, `filing the finding ${f.fingerprint} in ${owner}/${repo}`, 'issues: write');
        }
    }
    for (const [fingerprint, issue] of byFingerprint) {
        if (current.has(fingerprint) || issue.state !== 'open')
            continue;
        const scope = MARKER.exec(issue.body ?? '')?.[2] ?? '';
        if (!options.auditedScopes.has(scope))
            continue;
        const text = issue.body ?? '';
        const kind = KIND_LINE.exec(text)?.[1] ?? '';
        let why;
        const facts = eventFactsOf(text);
        if ((EVENT_MARKER.test(text) || isEventFinding(kind, SUBJECT_LINE.exec(text)?.[1] ?? '')) &&
            !rememberedByState(options.events, facts)) {
            // Never closed because its event aged out of GitHub's window: only on evidence the cause is gone.
            why = facts ? options.events?.causeGone?.(kind, facts) : undefined;
            if (!why) {
                result.kept.push(issue.number);
                continue;
            }
        }
        try {
            const note = `\n\n_Closed: ${why ? `the cause is gone: ${why}` : 'the finding was no longer present'}${options.runUrl ? ` in ${options.runUrl}` : ''}._`;
            const body = (issue.body ?? '').replace(/\n\n_Closed: .*_$/s, '') + note;
            await client.rest.issues.update({
                owner,
                repo,
                issue_number: issue.number,
                state: 'closed',
                state_reason: 'completed',
                body,
            });
            result.closed.push(issue.number);
        }
        catch (error) {
            throw (0,github/* explainGitHubError */.Pm)(error, `closing issue #${issue.number} in ${owner}/${repo}`, 'issues: write');
        }
    }
    return result;
}
/**
 * Whether the audit state remembers this issue's event: it has one that pre-dates this run, and the
 * event happened after the state first read the audit log (a state recreated later never saw it).
 */
function rememberedByState(events, facts) {
    if (!events?.remembered)
        return false;
    if (events.rememberedSince === undefined)
        return true;
    if (!facts)
        return false;
    return Date.parse(facts.since) >= Date.parse(events.rememberedSince);
}

// EXTERNAL MODULE: ./src/audit/fetch.ts
var audit_fetch = __webpack_require__(2179);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/minimatch/dist/esm/index.js + 8 modules
var esm = __webpack_require__(1138);
// EXTERNAL MODULE: ./src/core/rotation-records.ts
var rotation_records = __webpack_require__(2210);
// EXTERNAL MODULE: ./src/audit/inventory.ts
var audit_inventory = __webpack_require__(2363);
// EXTERNAL MODULE: ./src/audit/types.ts
var types = __webpack_require__(6505);
// EXTERNAL MODULE: ./src/audit/workflows.ts
var workflows = __webpack_require__(8797);
;// CONCATENATED MODULE: ./src/audit/findings.ts






function findingFingerprint(kind, scope, subject) {
    return (0,external_node_crypto_.createHash)('sha256').update(`${kind}\n${scope}\n${subject}`).digest('hex').slice(0, 32);
}
function finding(f) {
    return { fingerprint: findingFingerprint(f.kind, f.scope, f.subject), ...f };
}
const day = 86_400_000;
const date = (iso) => iso.slice(0, 10);
function describeInstance(s) {
    if (s.scope === 'dependabot')
        return `Dependabot secret ${s.name} of ${s.owner}`;
    if (s.scope === 'environment')
        return `environment secret ${s.name} of ${s.owner} (environment '${s.environment ?? ''}')`;
    if (s.scope === 'organization')
        return `organization secret ${s.name} of ${s.owner}`;
    return `repository secret ${s.name} of ${s.owner}`;
}
/** Events that put a value into a GitHub secret (`secret.rotate.set` is the target, not GitHub). */
const VALUE_ACTIONS = /^secret\.(write|rotate\.(commit|promote|write|complete|finish|activate))$/;
/** The rotate-secret instance an event belongs to: the workflow's repository, the secret, the instance key. */
function rotationGroup(repository, name, instance) {
    return `${repository}:${name.toUpperCase()}:${(0,rotation_records/* instanceKey */.pA)(instance)}`;
}
function ledgerWrites(entries) {
    const out = [];
    for (const { event, seq } of entries) {
        if (event.action !== 'secret.write' && !event.action.startsWith('secret.rotate.'))
            continue;
        if (event.outcome !== 'success')
            continue;
        const t = event.target;
        if (!t.name)
            continue;
        const name = t.name.toUpperCase();
        const details = (event.details ?? {});
        const pending = details.pending === true || name.endsWith('_PENDING');
        const scope = t.scope === 'environment' || t.scope === 'organization' || t.scope === 'dependabot' ? t.scope : 'repository';
        // rotate-secret's rotation steps name the secret and instance, not always the location: a
        // location is known when the event names it (a write always does).
        const located = event.action === 'secret.write' ||
            scope === 'organization' ||
            (t.repository !== undefined && (scope !== 'environment' || t.environment !== undefined));
        const group = t.instance ? rotationGroup(event.repository, name, t.instance) : undefined;
        const owner = scope === 'organization'
            ? ((t.repository ?? event.repository).split('/')[0] ?? '')
            : (t.repository ?? event.repository);
        // Events of schema v1 carry workflow_ref; ledgers written before it may have it in details.
        const fromEvent = event.workflow_ref;
        const workflowRef = typeof fromEvent === 'string' && fromEvent !== ''
            ? fromEvent
            : typeof details.workflow_ref === 'string'
                ? details.workflow_ref
                : undefined;
        out.push({
            instance: located
                ? (0,types/* instanceKey */.pA)({ owner, scope, name, environment: t.environment })
                : `rotation:${group ?? `${event.repository}:${name}:`}`,
            located,
            group,
            placesValue: VALUE_ACTIONS.test(event.action),
            rotation: event.action.startsWith('secret.rotate.') || t.instance !== undefined,
            pending,
            time: event.time,
            action: event.action,
            fingerprint: event.fingerprint,
            actor: event.actor,
            writer: workflowRef ?? `${event.repository}:${event.workflow}`,
            seq,
        });
    }
    return out;
}
/** Exact (case-insensitive) or glob match; `[bot]` in a login is taken literally when it matches exactly. */
function isAllowed(patterns, identities) {
    return patterns.some((p) => identities.some((id) => {
        if (id === '')
            return false;
        const bare = id.replace(/@.*$/, '');
        return [id, bare].some((x) => x.toLowerCase() === p.toLowerCase() || (0,esm/* minimatch */.xF)(x, p, { nocase: true }));
    }));
}
/** Which organization secrets a repository can use. */
function orgSecretsFor(inv, repo) {
    return inv.organizationSecrets.filter((s) => s.visibility === 'all' ||
        s.visibility === undefined ||
        (s.visibility === 'private' && repo.private) ||
        (s.visibility === 'selected' && (s.selectedRepositories ?? []).includes(repo.fullName)));
}
/**
 * The secret instance a rotation state variable describes: the repository's own secret for
 * `REPOSITORY`, the organization's for `ORGANIZATION`, the environment whose name matches the
 * instance key, or else (custom destinations) the variable itself.
 */
function rotationInstance(inv, repo, r) {
    if (r.instance === 'REPOSITORY')
        return (0,types/* instanceKey */.pA)({ owner: repo.fullName, scope: 'repository', name: r.secret });
    if (r.instance === 'ORGANIZATION' && inv.organization)
        return (0,types/* instanceKey */.pA)({ owner: inv.organization, scope: 'organization', name: r.secret });
    const env = repo.environments.find((e) => (0,audit_inventory/* instanceVariableKey */.rr)(e.name) === r.instance);
    if (env)
        return (0,types/* instanceKey */.pA)({ owner: repo.fullName, scope: 'environment', name: r.secret, environment: env.name });
    return `rotation:${repo.fullName}:${r.variable}`;
}
/**
 * Fingerprints of the value each location currently holds: rotation state first, then the latest
 * ledger event that put a value there (never a pending copy), each with the rotate-secret instance
 * that wrote it.
 */
function currentFingerprints(inv, writes) {
    const byInstance = new Map();
    for (const w of writes)
        if (w.fingerprint && w.located && w.placesValue && !w.pending)
            byInstance.set(w.instance, { fingerprint: w.fingerprint, ...(w.group ? { group: w.group } : {}) });
    for (const repo of inv.repositories) {
        for (const r of repo.rotations) {
            if (!r.fingerprint)
                continue;
            byInstance.set(rotationInstance(inv, repo, r), {
                fingerprint: r.fingerprint,
                group: rotationGroup(repo.fullName, r.secret, r.instance),
            });
        }
    }
    return [...byInstance].map(([instance, v]) => ({
        instance,
        fingerprint: v.fingerprint,
        scope: instance.split(':')[1] ?? '',
        ...(v.group ? { group: v.group } : {}),
    }));
}
/**
 * Shared values: one fingerprint held by several instances. The destinations of one rotate-secret
 * instance hold its value by design, so they count once (by `group`).
 */
function sharedValueFindings(facts) {
    // Per fingerprint: each location and the rotate-secret instance that wrote it, when any fact says
    // (shards each report the ledger's locations, some without the rotation state that names the group).
    const groups = new Map();
    for (const f of facts) {
        const locations = groups.get(f.fingerprint) ?? new Map();
        locations.set(f.instance, f.group ?? locations.get(f.instance));
        groups.set(f.fingerprint, locations);
    }
    const out = [];
    for (const [fp, locations] of groups) {
        const owners = new Set([...locations].map(([instance, group]) => group ?? instance));
        if (owners.size < 2)
            continue;
        const instances = [...locations.keys()].sort();
        const scope = instances[0]?.split(':')[1] ?? '';
        out.push(finding({
            kind: 'shared-value',
            severity: 'high',
            title: `One secret value is shared by ${instances.length} secrets`,
            scope,
            subject: `value ${fp.replace(/^hmac-sha256:/, '').slice(0, 16)}`,
            evidence: [`Value fingerprint ${fp} is held by:`, ...instances.map((i) => `- ${i}`)],
            rootCause: 'The same credential was copied into several places instead of issuing one credential per consumer, so one leak exposes all of them and none can be rotated alone.',
            remediation: 'Issue a separate credential for each instance and rotate them with rotate-secret.',
        }));
    }
    return out;
}
/** Organization secrets no workflow of any audited repository references. */
function unusedOrgSecretFindings(org, secrets, use) {
    return secrets
        .filter((s) => (use[s.name] ?? 0) === 0)
        .map((s) => finding({
        kind: 'unused-secret',
        severity: 'low',
        title: `Organization secret ${s.name} is not referenced by any workflow`,
        scope: org,
        subject: (0,types/* instanceKey */.pA)(s),
        evidence: [
            `${describeInstance(s)} (visibility ${s.visibility ?? 'all'}) is referenced by no workflow of the audited repositories.`,
        ],
        rootCause: 'A secret outlived the workflow that used it, or it is used outside GitHub Actions; unused credentials widen exposure for nothing.',
        remediation: `Delete ${s.name} or limit its visibility to the repositories that use it.`,
    }));
}
/** Every finding the inventory, ledger and trust policy show. */
function analyse(inv, options) {
    const findings = [];
    const now = options.now.getTime();
    const maxAge = options.maxAgeDays * day;
    const tolerance = (options.toleranceMinutes ?? 10) * 60_000;
    const writes = options.ledger ? ledgerWrites(options.ledger.entries) : [];
    // The latest event that wrote each location (a pending copy's write too: it is logged).
    const lastWrite = new Map();
    for (const w of writes)
        if (w.located && w.placesValue)
            lastWrite.set(w.instance, w);
    const orgSecretUse = Object.fromEntries(inv.organizationSecrets.map((s) => [s.name, 0]));
    const orgSecretsUnread = inv.organization !== undefined && inv.partial.includes((0,types/* organizationSecretsUnread */.S_)(inv.organization));
    const rotatedOrgNames = new Set();
    // Locations rotate-secret wrote: its rotation steps that name a location, and every write that
    // names its rotate-secret instance (an instance's other destinations appear only in writes).
    const rotatedInstances = new Set();
    for (const w of writes)
        if (w.rotation && w.located && !w.pending)
            rotatedInstances.add(w.instance);
    const checkSecret = (s, rotated) => {
        const key = (0,types/* instanceKey */.pA)(s);
        const age = now - Date.parse(s.updatedAt);
        if (age > maxAge) {
            findings.push(finding({
                kind: 'stale-secret',
                severity: age > 2 * maxAge ? 'high' : 'medium',
                title: `${s.name} has not been changed for more than ${options.maxAgeDays} days`,
                scope: s.owner,
                subject: key,
                evidence: [
                    `${describeInstance(s)} was last written on ${date(s.updatedAt)} (created ${date(s.createdAt)}); max-age is ${options.maxAgeDays} days.`,
                    rotated
                        ? 'rotate-secret has rotated it before, but not within max-age.'
                        : 'rotate-secret has no record of rotating it.',
                ],
                rootCause: rotated
                    ? 'The scheduled rotation stopped running or keeps failing.'
                    : 'The secret is managed by hand and no rotation schedule covers it.',
                remediation: `Rotate ${s.name} now and schedule rotate-secret for it.`,
            }));
        }
        if (!rotated) {
            findings.push(finding({
                kind: 'never-rotated',
                severity: 'low',
                title: `${s.name} has never been rotated by rotate-secret`,
                scope: s.owner,
                subject: key,
                evidence: [`${describeInstance(s)}: no rotation state variable and no rotation event in the ledger.`],
                rootCause: 'The secret was created by hand and never put under managed rotation.',
                remediation: `Add a rotate-secret workflow for ${s.name}.`,
            }));
        }
        if (options.ledger) {
            const w = lastWrite.get(key);
            const updated = Date.parse(s.updatedAt);
            if (!w || updated > Date.parse(w.time) + tolerance) {
                findings.push(finding({
                    kind: 'unlogged-write',
                    severity: 'high',
                    title: `${s.name} was written without a ledger event`,
                    scope: s.owner,
                    subject: key,
                    evidence: [
                        `${describeInstance(s)} was last written at ${s.updatedAt}.`,
                        w
                            ? `The latest ledger event for it is ${w.action} at ${w.time} (seq ${w.seq}), by ${w.actor} in ${w.writer}.`
                            : `The ledger ${options.ledger.name} has no write event for it.`,
                    ],
                    rootCause: 'Someone set the secret directly (web UI, gh CLI, API) instead of through the logged rotation workflow.',
                    remediation: `Find who wrote ${s.name} at ${s.updatedAt} in the organization audit log, then rotate it through rotate-secret so the value is known only to the workflow.`,
                }));
            }
        }
    };
    for (const repo of inv.repositories) {
        const rotationState = new Set(repo.rotations.map((r) => rotationInstance(inv, repo, r)));
        // Custom destinations: a state variable for the secret's name in the same repository covers it.
        const rotatedNames = new Set(repo.rotations.map((r) => r.secret));
        // `<NAME>_PENDING` exists only while rotate-secret rotates NAME (and workflows reference it to
        // pass it back): part of that rotation, not a secret of its own.
        const isPendingCopy = (name) => name.endsWith('_PENDING') && rotatedNames.has(name.slice(0, -'_PENDING'.length));
        for (const s of repo.secrets) {
            if (isPendingCopy(s.name.toUpperCase()))
                continue;
            const key = (0,types/* instanceKey */.pA)(s);
            checkSecret(s, rotationState.has(key) || rotatedInstances.has(key) || rotatedNames.has(s.name.toUpperCase()));
        }
        for (const r of repo.rotations)
            if (r.instance === 'ORGANIZATION')
                rotatedOrgNames.add(r.secret);
        // Environments without required reviewers.
        for (const env of repo.environments) {
            if (env.requiredReviewers > 0)
                continue;
            const secretsHere = repo.secrets
                .filter((s) => s.scope === 'environment' && s.environment === env.name)
                .map((s) => s.name);
            findings.push(finding({
                kind: 'environment-without-reviewers',
                severity: secretsHere.length > 0 ? 'high' : 'medium',
                title: `Environment '${env.name}' of ${repo.fullName} deploys without required reviewers`,
                scope: repo.fullName,
                subject: `environment:${repo.fullName}:${env.name}`,
                evidence: [
                    `Protection rules: ${env.protectionRules.length > 0 ? env.protectionRules.join(', ') : 'none'}; required reviewers: 0.`,
                    secretsHere.length > 0
                        ? `It holds secrets: ${secretsHere.sort().join(', ')}.`
                        : 'It holds no environment secrets.',
                ],
                rootCause: 'The environment was created implicitly by a workflow or configured without protection rules.',
                remediation: `Add required reviewers to '${env.name}' (Settings → Environments), or use require-approval.`,
            }));
        }
        // Workflow references: missing and unused secrets, untrusted triggers. A repository read only in
        // part (or organization secrets not read) cannot show a secret missing or unused: no guessing.
        const complete = repo.partial.length === 0 && !orgSecretsUnread;
        const visibleOrg = orgSecretsFor(inv, repo);
        const repoNames = new Set(repo.secrets.filter((s) => s.scope === 'repository').map((s) => s.name));
        const orgNames = new Set(visibleOrg.map((s) => s.name));
        const used = new Set();
        for (const wf of repo.workflows) {
            const untrusted = wf.triggers.filter((t) => workflows/* UNTRUSTED_TRIGGERS */.B.includes(t));
            const wfSecrets = new Map();
            for (const job of wf.jobs) {
                // An environment computed at run time may be any of the repository's environments.
                const envNames = new Set(repo.secrets
                    .filter((s) => s.scope === 'environment' && (job.dynamicEnvironment || s.environment === job.environment))
                    .map((s) => s.name));
                for (const ref of job.secrets) {
                    if (!wfSecrets.has(ref.name))
                        wfSecrets.set(ref.name, ref.line);
                    used.add(job.environment ? `${job.environment}\u0000${ref.name}` : ref.name);
                    used.add(ref.name);
                    if (orgNames.has(ref.name) && !repoNames.has(ref.name) && !envNames.has(ref.name))
                        orgSecretUse[ref.name] = (orgSecretUse[ref.name] ?? 0) + 1;
                    if (complete &&
                        !repoNames.has(ref.name) &&
                        !envNames.has(ref.name) &&
                        !orgNames.has(ref.name) &&
                        !isPendingCopy(ref.name)) {
                        findings.push(finding({
                            kind: 'missing-secret',
                            severity: 'medium',
                            title: `${wf.path} uses secret ${ref.name}, which is not defined`,
                            scope: repo.fullName,
                            subject: `${wf.path}:${job.id}:${ref.name}`,
                            evidence: [
                                `Job '${job.id}'${job.environment ? ` (environment '${job.environment}')` : job.dynamicEnvironment ? ' (environment chosen at run time)' : ''} references secrets.${ref.name} on line ${ref.line}.`,
                                `No ${job.environment ? `secret of environment '${job.environment}', ` : job.dynamicEnvironment ? 'environment secret, ' : ''}repository secret or organization secret visible to ${repo.fullName} has that name.`,
                            ],
                            rootCause: 'The secret was deleted or renamed, or it was never created in this scope; the step runs with an empty value.',
                            remediation: `Create ${ref.name} in the right scope or remove the reference.`,
                            file: wf.path,
                            line: ref.line,
                        }));
                    }
                }
            }
            if (untrusted.length > 0 && wfSecrets.size > 0) {
                const names = [...wfSecrets.keys()].sort();
                findings.push(finding({
                    kind: 'untrusted-trigger-exposure',
                    severity: 'high',
                    title: `${wf.path} exposes secrets to ${untrusted.join('/')} runs`,
                    scope: repo.fullName,
                    subject: wf.path,
                    evidence: [
                        `Triggers: ${wf.triggers.join(', ')}.`,
                        `Secrets referenced: ${names.join(', ')}.`,
                        `${untrusted.join(' and ')} run in the base repository's context with its secrets, on events an outside contributor can cause (a fork's pull request, a comment or a review).`,
                    ],
                    rootCause: 'A workflow that handles contributions from forks was given secrets; if it checks out or runs the contribution, the contribution can read them.',
                    remediation: 'Split the workflow: do untrusted work in pull_request (no secrets), and use secrets only in a separate job gated by an environment with required reviewers.',
                    file: wf.path,
                    line: wfSecrets.get(names[0] ?? '') ?? 1,
                }));
            }
        }
        for (const s of repo.secrets) {
            // Dependabot secrets are read by Dependabot, not by workflows.
            if (s.scope === 'dependabot')
                continue;
            const isUsed = s.scope === 'environment'
                ? used.has(`${s.environment ?? ''}\u0000${s.name}`) || used.has(s.name)
                : used.has(s.name);
            if (!complete || isUsed || s.name.startsWith('SECURE_DEPLOY_') || isPendingCopy(s.name.toUpperCase()))
                continue;
            findings.push(finding({
                kind: 'unused-secret',
                severity: 'low',
                title: `${s.name} is not referenced by any workflow of ${repo.fullName}`,
                scope: repo.fullName,
                subject: (0,types/* instanceKey */.pA)(s),
                evidence: [
                    `${describeInstance(s)} is referenced by none of: ${repo.workflows.map((w) => w.path).join(', ') || '(no workflows)'}.`,
                ],
                rootCause: 'A secret outlived the workflow that used it; unused credentials widen exposure for nothing.',
                remediation: `Delete ${s.name} and revoke the credential it holds.`,
            }));
        }
    }
    for (const s of inv.organizationSecrets) {
        const key = (0,types/* instanceKey */.pA)(s);
        checkSecret(s, rotatedInstances.has(key) || rotatedOrgNames.has(s.name.toUpperCase()));
    }
    // Writes by someone other than the allowed rotation workflows.
    if (options.allowedWriters.length > 0) {
        for (const w of writes) {
            if (isAllowed(options.allowedWriters, [w.writer, w.actor]))
                continue;
            findings.push(finding({
                kind: 'unauthorized-write',
                severity: 'high',
                title: `${w.located ? (w.instance.split(':').at(-1) ?? '') : (w.instance.split(':')[2] ?? '')} was written by ${w.writer}, not an allowed rotation workflow`,
                scope: w.instance.split(':')[1] ?? '',
                subject: `ledger:${w.instance}:${w.seq}`,
                evidence: [
                    `Ledger seq ${w.seq}: ${w.action} of ${w.instance} at ${w.time} by ${w.actor} in ${w.writer}.`,
                    `Allowed writers: ${options.allowedWriters.join(', ')}.`,
                ],
                rootCause: 'A workflow outside the rotation process holds a token that can write secrets.',
                remediation: "Remove secret-write permission from that workflow's token, and rotate the secret through the allowed workflow.",
            }));
        }
    }
    // Ledger tampering.
    if (options.ledger) {
        for (const p of options.ledger.problems) {
            findings.push(finding({
                kind: 'ledger-tampered',
                severity: 'critical',
                title: `The audit ledger is not intact: ${p.kind} at line ${p.line}`,
                scope: options.ledger.name.split('@')[0] ?? options.ledger.name,
                subject: `${options.ledger.name}:${p.kind}:${p.line}`,
                evidence: [p.detail],
                rootCause: 'The ledger branch was rewritten, or a line was edited, removed or reordered outside the github audit sink.',
                remediation: 'Protect the ledger branch (no force pushes, no deletions, restricted push), compare it with the copies in the other sinks, and find who pushed the change.',
                file: options.ledger.name.split(':').at(-1),
                line: p.line,
            }));
        }
    }
    // Trust anchors past their review date.
    if (options.trustAnchors) {
        for (const a of options.trustAnchors.anchors) {
            if (Date.parse(a.reviewBy) >= now)
                continue;
            findings.push(finding({
                kind: 'trust-anchor-review-overdue',
                severity: 'medium',
                title: `Trust anchor '${a.name}' was due for review on ${a.reviewBy}`,
                scope: options.trustAnchors.file,
                subject: `${options.trustAnchors.file}:${a.name}`,
                evidence: [`${options.trustAnchors.file} line ${a.line}: '${a.name}' has review-by ${a.reviewBy}.`],
                rootCause: 'Trust policy reviews are not scheduled, so an anchor stays trusted without anyone confirming it should.',
                remediation: 'Review the anchor; extend its review-by date or remove it.',
                file: options.trustAnchors.file,
                line: a.line,
            }));
        }
    }
    const fingerprints = currentFingerprints(inv, writes);
    if (options.crossRepository) {
        findings.push(...sharedValueFindings(fingerprints));
        const allRead = inv.partial.length === 0;
        if (allRead && inv.organization && inv.organizationSecrets.length > 0)
            findings.push(...unusedOrgSecretFindings(inv.organization, inv.organizationSecrets, orgSecretUse));
    }
    return { findings: dedupe(findings), orgSecretUse, fingerprints };
}
function dedupe(findings) {
    const map = new Map();
    for (const f of findings)
        if (!map.has(f.fingerprint))
            map.set(f.fingerprint, f);
    return [...map.values()].sort((a, b) => (0,types/* severityRank */.qs)(b.severity) - (0,types/* severityRank */.qs)(a.severity) ||
        a.kind.localeCompare(b.kind) ||
        a.subject.localeCompare(b.subject));
}
function highest(findings) {
    const order = ['critical', 'high', 'medium', 'low'];
    return order.find((s) => findings.some((f) => f.severity === s));
}

// EXTERNAL MODULE: ./src/core/mask.ts
var mask = __webpack_require__(9239);
;// CONCATENATED MODULE: ./src/core/audit.ts


const AUDIT_SCHEMA = 'https://secure-deploy.dev/schemas/audit-event/v1';
/** Canonical JSON (sorted keys) so that a hash does not depend on key order. */
function canonicalJson(value) {
    if (value === null || typeof value !== 'object')
        return JSON.stringify(value) ?? 'null';
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(',')}]`;
    const entries = Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
/** The SHA-256 of an event without its own `hash` field. */
function eventHash(event) {
    const { hash: _ignored, ...rest } = event;
    return (0,external_node_crypto_.createHash)('sha256').update(canonicalJson(rest)).digest('hex');
}
/**
 * Builds audit events from the run context, chains them by hash, and hands them to every sink.
 * Values are passed through `redact` as a last line of defence; callers must never put a secret in.
 */
class AuditEmitter {
    sinks;
    ctx;
    now;
    prev = null;
    emitted = [];
    constructor(ctx, sinks = [], now = () => new Date()) {
        this.ctx = ctx;
        this.sinks = sinks;
        this.now = now;
    }
    get events() {
        return this.emitted;
    }
    build(record) {
        const details = JSON.parse((0,mask/* redact */.E$)(JSON.stringify(record.details ?? {})));
        const base = {
            schema: AUDIT_SCHEMA,
            id: record.id ?? (0,external_node_crypto_.randomUUID)(),
            time: this.now().toISOString(),
            actor: this.ctx.actor,
            repository: this.ctx.repository,
            workflow: this.ctx.workflow,
            workflow_ref: this.ctx.workflowRef,
            run_id: this.ctx.runId ?? null,
            run_attempt: this.ctx.runAttempt ?? null,
            job: this.ctx.job,
            action: record.action,
            target: record.target,
            fingerprint: record.fingerprint ?? null,
            outcome: record.outcome,
            details,
            prev_hash: this.prev,
        };
        const event = { ...base, hash: eventHash(base) };
        this.prev = event.hash;
        return event;
    }
    /**
     * Records several events in every sink, one write per sink (a batch of reads from GitHub's audit
     * log would otherwise be one connection each). Failures are handled as in `emit`.
     */
    async emitAll(records, onOptionalFailure) {
        if (records.length === 0)
            return [];
        const events = records.map((r) => this.build(r));
        await this.write(events, `${events.length} '${records[0]?.action ?? ''}' event(s)`, onOptionalFailure);
        return events;
    }
    /**
     * Records one event in every sink. A required sink that fails makes this throw; an optional
     * one only reports through `onOptionalFailure`.
     */
    async emit(record, onOptionalFailure) {
        const event = this.build(record);
        await this.write([event], `'${record.action}'`, onOptionalFailure);
        return event;
    }
    /** Writes events to every sink; a required sink's failure throws, naming `what` was not recorded. */
    async write(events, what, onOptionalFailure) {
        this.emitted.push(...events);
        const results = await Promise.allSettled(this.sinks.map((sink) => sink.write(events)));
        const failures = [];
        results.forEach((result, i) => {
            const sink = this.sinks[i];
            if (result.status === 'rejected' && sink) {
                if (sink.required)
                    failures.push(`${sink.name}: ${(0,mask/* redact */.E$)(String(result.reason))}`);
                else
                    onOptionalFailure?.(sink.name, result.reason);
            }
        });
        if (failures.length > 0) {
            throw new AuditWriteError(`A required audit sink could not record ${what}: ${failures.join('; ')}`);
        }
    }
}
/** A required audit sink could not be written: the step must fail rather than go unrecorded. */
class AuditWriteError extends Error {
    name = 'AuditWriteError';
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
;// CONCATENATED MODULE: ./src/core/audit-sinks.ts











function parseSinkSpec(line) {
    const [kind = '', target = '', ...rest] = line.trim().split(/\s+/);
    if (!kind || !target) {
        throw new errors/* ConfigurationError */.j1(`Input 'audit-log': '${line}' is not a sink. Write one per line as '<kind> <target> [key=value ...]', e.g. 'file audit.jsonl'.`);
    }
    const options = {};
    for (const pair of rest) {
        const eq = pair.indexOf('=');
        if (eq <= 0)
            throw new errors/* ConfigurationError */.j1(`Input 'audit-log': option '${pair}' in '${line}' must be key=value.`);
        options[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    const required = options.required === undefined ? true : options.required !== 'false';
    return { kind, target, options, required };
}
const defaultSleep = (ms) => new Promise((r) => setTimeout(r, ms));
function allowOptions(spec, line, allowed) {
    for (const key of Object.keys(spec.options)) {
        if (key !== 'required' && !allowed.includes(key)) {
            throw new errors/* ConfigurationError */.j1(`Input 'audit-log': '${spec.kind}' sinks take no option '${key}' (in '${line}'). Known: required, ${allowed.join(', ')}.`);
        }
    }
}
function intOption(spec, key, fallback, min, max) {
    const raw = spec.options[key];
    if (raw === undefined)
        return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
        throw new errors/* ConfigurationError */.j1(`Input 'audit-log': option '${key}=${raw}' of the ${spec.kind} sink must be a whole number from ${min} to ${max}.`);
    }
    return Number(raw);
}
/** Reads a secret named by a `*-env` option, masks it, and fails with a clear message when it is empty. */
function secretFromEnv(spec, key, env) {
    const variable = spec.options[key];
    if (variable === undefined)
        return undefined;
    const value = env[variable];
    if (value === undefined || value === '') {
        throw new errors/* ConfigurationError */.j1(`Input 'audit-log': the ${spec.kind} sink reads '${key}=${variable}', but the environment variable ${variable} is empty. Set it from a secret in the step's 'env:' block.`);
    }
    (0,mask/* maskSecret */.$l)(value);
    return value;
}
/** Exponential backoff with full jitter: attempt 0 waits up to `base`, then 2x, 4x, ... capped at 30 s. */
function backoffMs(attempt, base) {
    const cap = Math.min(30_000, base * 2 ** attempt);
    return cap <= 1 ? cap : (0,external_node_crypto_.randomInt)(Math.max(1, Math.floor(cap / 2)), cap + 1);
}
/** How long one sink write may take by default (each attempt, for sinks that retry). */
const SINK_TIMEOUT_MS = 10_000;
/**
 * Rejects with `${what} did not finish within N ms` when `work` takes longer. The work itself is
 * not cancelled (callers pass an abort signal or a non-blocking handle where they can); the step
 * stops waiting, so a sink that never answers cannot hang a deploy.
 */
async function withTimeout(work, ms, what) {
    let timer;
    const expired = new Promise((_, fail) => {
        timer = setTimeout(() => fail(new Error(`${what} did not finish within ${ms} ms`)), ms);
        timer.unref();
    });
    try {
        return await Promise.race([work, expired]);
    }
    finally {
        clearTimeout(timer);
    }
}
/** Kernel interfaces, not files: writing there can block forever or do something else entirely. */
const NOT_FILES = ['/proc', '/sys', '/dev'];
/**
 * A JSON-lines file; each event is one line, appended. Only a regular file: a FIFO with no reader,
 * a device or a /proc entry would block the step or swallow the events. The file is opened
 * non-blocking (a FIFO without a reader fails at once instead of waiting for one) and each write
 * has a timeout.
 */
class FileSink {
    name;
    required;
    path;
    timeoutMs;
    constructor(path, required, timeoutMs = SINK_TIMEOUT_MS) {
        this.path = (0,external_node_path_.resolve)(path);
        this.name = `file ${path}`;
        this.required = required;
        this.timeoutMs = timeoutMs;
        const root = NOT_FILES.find((dir) => this.path === dir || this.path.startsWith(`${dir}/`));
        if (root !== undefined) {
            throw new errors/* ConfigurationError */.j1(`Input 'audit-log': the file sink '${path}' is under ${root}, which holds kernel interfaces, not files. Name a regular file, e.g. 'file audit/events.jsonl'.`);
        }
    }
    async write(events) {
        await withTimeout(this.append(events), this.timeoutMs, `${this.name}: writing`);
    }
    async append(events) {
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(this.path), { recursive: true });
        const { O_WRONLY, O_APPEND, O_CREAT, O_NONBLOCK } = external_node_fs_.constants;
        let handle;
        try {
            handle = await (0,promises_.open)(this.path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK);
        }
        catch (error) {
            if (error.code === 'ENXIO') {
                throw new Error(`${this.name} is a FIFO with no reader; name a regular file.`);
            }
            throw error;
        }
        try {
            if (!(await handle.stat()).isFile()) {
                throw new Error(`${this.name} is not a regular file (a FIFO, socket or device); name a regular file.`);
            }
            await handle.appendFile(events.map((e) => JSON.stringify(e) + '\n').join(''), 'utf8');
        }
        finally {
            await handle.close();
        }
    }
}
const SIGNATURE_HEADER = 'x-secure-deploy-signature';
/** `sha256=<hex>` HMAC-SHA256 of the exact body bytes, as the `http` sink sends it. */
function signBody(key, body) {
    return `sha256=${(0,external_node_crypto_.createHmac)('sha256', key).update(body, 'utf8').digest('hex')}`;
}
/**
 * POSTs events to a collector: a JSON array (`format=json`) or Splunk HEC events, one JSON object
 * per event concatenated (`format=splunk`). With a key, the body is signed with HMAC-SHA256 in
 * `X-Secure-Deploy-Signature: sha256=<hex>`. 5xx, 408, 429 and network errors are retried with
 * exponential backoff (honouring `Retry-After`); other 4xx fail at once.
 */
class HttpSink {
    name;
    required;
    opts;
    constructor(opts) {
        this.opts = opts;
        const u = new URL(opts.url);
        this.name = `http ${u.origin}${u.pathname}`;
        this.required = opts.required;
    }
    body(events) {
        if (this.opts.format === 'json')
            return JSON.stringify(events);
        return events
            .map((event) => JSON.stringify({
            time: Date.parse(event.time) / 1000,
            host: (0,external_node_os_.hostname)(),
            source: 'secure-deploy',
            sourcetype: 'secure-deploy:audit',
            event,
        }))
            .join('\n');
    }
    async write(events) {
        const body = this.body(events);
        const headers = { 'content-type': 'application/json', 'user-agent': 'secure-deploy/0.1' };
        if (this.opts.hmacKey)
            headers[SIGNATURE_HEADER] = signBody(this.opts.hmacKey, body);
        if (this.opts.splunkToken)
            headers.authorization = `Splunk ${this.opts.splunkToken}`;
        const sleep = this.opts.sleep ?? defaultSleep;
        let last = '';
        for (let attempt = 0; attempt <= this.opts.retries; attempt++) {
            let wait = backoffMs(attempt, this.opts.backoffMs);
            try {
                const response = await fetch(this.opts.url, {
                    method: 'POST',
                    headers,
                    body,
                    signal: AbortSignal.timeout(this.opts.timeoutMs),
                });
                await response.arrayBuffer().catch(() => undefined);
                if (response.ok)
                    return;
                last = `HTTP ${response.status} ${response.statusText}`;
                const retriable = response.status >= 500 || response.status === 408 || response.status === 429;
                if (!retriable)
                    break;
                const retryAfter = Number(response.headers.get('retry-after'));
                if (Number.isFinite(retryAfter) && retryAfter > 0)
                    wait = Math.min(30_000, retryAfter * 1000);
            }
            catch (error) {
                last = (0,errors/* errorMessage */.gJ)(error);
            }
            if (attempt < this.opts.retries)
                await sleep(wait);
        }
        throw new Error(`${this.name} did not accept ${events.length} event(s) after ${this.opts.retries + 1} attempt(s): ${(0,mask/* redact */.E$)(last)}`);
    }
}
/** RFC 5424 facilities by name. */
const FACILITIES = {
    kern: 0,
    user: 1,
    daemon: 3,
    auth: 4,
    syslog: 5,
    authpriv: 10,
    local0: 16,
    local1: 17,
    local2: 18,
    local3: 19,
    local4: 20,
    local5: 21,
    local6: 22,
    local7: 23,
};
/** An SD-ID in the example enterprise-number space, as RFC 5424 section 7.2.2 allows for private use. */
const SD_ID = 'secure-deploy@32473';
function sdEscape(value) {
    return value.replace(/[\\"\]]/g, (c) => `\\${c}`);
}
function headerField(value, max) {
    const printable = value.replace(/[^\x21-\x7e]/g, '_').slice(0, max);
    return printable === '' ? '-' : printable;
}
/**
 * One RFC 5424 message for an event: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] BOM{json}`.
 * Severity is informational for success and warning otherwise; MSGID is the event's action.
 */
function formatRfc5424(event, facility, app, host = (0,external_node_os_.hostname)()) {
    const severity = event.outcome === 'success' || event.outcome === 'skipped' ? 6 : 4;
    const sd = `[${SD_ID} id="${sdEscape(event.id)}" action="${sdEscape(event.action)}" outcome="${sdEscape(event.outcome)}"` +
        ` repository="${sdEscape(event.repository)}" hash="${sdEscape(event.hash)}"]`;
    return `<${facility * 8 + severity}>1 ${event.time} ${headerField(host, 255)} ${headerField(app, 48)} ${headerField(String(process.pid), 128)} ${headerField(event.action, 32)} ${sd} \ufeff${JSON.stringify(event)}`;
}
/** Octet-counting framing (RFC 6587 section 3.4.1): `<length in bytes> <message>`. */
function frameOctetCounted(message) {
    return `${Buffer.byteLength(message, 'utf8')} ${message}`;
}
/** RFC 5424 messages over TCP (RFC 6587 octet counting), optionally TLS (RFC 5425) verified against a CA file. */
class SyslogSink {
    name;
    required;
    opts;
    constructor(opts) {
        this.opts = opts;
        this.name = `syslog ${opts.host}:${opts.port}${opts.tls ? ' (tls)' : ''}`;
        this.required = opts.required;
    }
    async connect() {
        const { host, port, timeoutMs } = this.opts;
        const socket = this.opts.tls
            ? (0,external_node_tls_.connect)({
                host,
                port,
                servername: this.opts.servername ?? (/^[\d.:]+$/.test(host) ? undefined : host),
                ca: this.opts.ca ? await (0,promises_.readFile)(this.opts.ca, 'utf8') : undefined,
                rejectUnauthorized: true,
            })
            : (0,external_node_net_.connect)({ host, port });
        socket.setTimeout(timeoutMs);
        await new Promise((ok, fail) => {
            socket.once(this.opts.tls ? 'secureConnect' : 'connect', () => ok());
            socket.once('error', fail);
            socket.once('timeout', () => fail(new Error(`timed out after ${timeoutMs} ms`)));
        });
        return socket;
    }
    async write(events) {
        const data = events.map((e) => frameOctetCounted(formatRfc5424(e, this.opts.facility, this.opts.app))).join('');
        const sleep = this.opts.sleep ?? defaultSleep;
        let last = '';
        for (let attempt = 0; attempt <= this.opts.retries; attempt++) {
            try {
                const socket = await this.connect();
                await new Promise((ok, fail) => {
                    socket.once('error', fail);
                    // The socket timeout (set in connect) also covers a server that stops reading.
                    socket.once('timeout', () => {
                        socket.destroy();
                        fail(new Error(`sending did not finish within ${this.opts.timeoutMs} ms`));
                    });
                    socket.end(data, () => ok());
                });
                socket.destroySoon();
                return;
            }
            catch (error) {
                last = (0,errors/* errorMessage */.gJ)(error);
            }
            if (attempt < this.opts.retries)
                await sleep(backoffMs(attempt, this.opts.backoffMs));
        }
        throw new Error(`${this.name} could not be written after ${this.opts.retries + 1} attempt(s): ${(0,mask/* redact */.E$)(last)}`);
    }
}
/**
 * Answers that are part of the protocol (404: no branch or file yet; 422: the ref moved) must not
 * be retried as if they were faults; the sink decides what to do with them, and `write` retries
 * server errors and dropped connections itself (bounded, with backoff).
 */
const NO_RETRY = { retries: 0 };
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET']);
/** A server error (5xx; Octokit reports a failed connection as 500 too) or a dropped connection. */
function isTransientGitHubError(error) {
    if ((0,github/* isRequestError */.eK)(error))
        return error.status === 0 || error.status >= 500;
    const e = error;
    if (!e || typeof e !== 'object')
        return false;
    if (NETWORK_CODES.has(String(e.code)) || NETWORK_CODES.has(String(e.cause?.code)))
        return true;
    return e.name === 'TypeError' && e.message === 'fetch failed';
}
/** The hash of a ledger line: SHA-256 over the canonical JSON of everything but `hash`. */
function ledgerHash(entry) {
    const { ledger, seq, prev, event } = entry;
    return (0,external_node_crypto_.createHash)('sha256').update(canonicalJson({ ledger, seq, prev, event })).digest('hex');
}
/** Appends events to ledger text, continuing its chain from the last line. */
function appendLedger(text, events) {
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    let seq = 0;
    let prev = null;
    const lastLine = lines.at(-1);
    if (lastLine !== undefined) {
        let last;
        try {
            last = JSON.parse(lastLine);
        }
        catch {
            throw new Error('the ledger is not JSON lines: its last line does not parse; refusing to append');
        }
        if (typeof last.seq !== 'number' || typeof last.hash !== 'string') {
            throw new Error('the ledger is not a secure-deploy ledger: its last line has no seq/hash; refusing to append');
        }
        seq = last.seq + 1;
        prev = last.hash;
    }
    const out = [];
    for (const event of events) {
        const base = { ledger: 1, seq, prev, event };
        const entry = { ...base, hash: ledgerHash(base) };
        out.push(JSON.stringify(entry));
        prev = entry.hash;
        seq++;
    }
    const prefix = text === '' || text.endsWith('\n') ? text : `${text}\n`;
    return `${prefix}${out.join('\n')}\n`;
}
/**
 * The central ledger: an append-only, hash-chained JSON-lines file on a branch of an audit
 * repository, written through the git data API (blob, tree, commit, then a non-forced ref update).
 * When another writer moved the ref first, GitHub answers 422 and the append is redone on top of
 * the new head, so concurrent writers lose nothing and keep one unbroken chain.
 */
class GitHubLedgerSink {
    name;
    required;
    opts;
    /** How many times a write had to start over because the ref moved (for tests and the summary). */
    conflicts = 0;
    /** How many times a write was retried after a server error or a network failure. */
    faults = 0;
    constructor(opts) {
        this.opts = opts;
        this.name = `github ${opts.owner}/${opts.repo}@${opts.branch}:${opts.path}`;
        this.required = opts.required;
    }
    async head() {
        const { client, owner, repo, branch } = this.opts;
        try {
            const ref = await client.rest.git.getRef({ owner, repo, ref: `heads/${branch}`, request: NO_RETRY });
            const commit = await client.rest.git.getCommit({ owner, repo, commit_sha: ref.data.object.sha });
            return { commit: ref.data.object.sha, tree: commit.data.tree.sha };
        }
        catch (error) {
            if ((0,github/* errorStatus */.PO)(error) === 404)
                return undefined;
            throw error;
        }
    }
    /** The ledger file at a commit: the contents API (one request), the blob API past its 1 MB limit. */
    async currentText(commit) {
        const { client, owner, repo, path } = this.opts;
        let file;
        try {
            file = (await client.rest.repos.getContent({ owner, repo, path, ref: commit, request: NO_RETRY }))
                .data;
        }
        catch (error) {
            if ((0,github/* errorStatus */.PO)(error) === 404)
                return '';
            throw error;
        }
        if (file.type !== 'file')
            throw new Error(`${path} in ${owner}/${repo} is not a file`);
        if (file.encoding === 'base64' && typeof file.content === 'string' && (file.content !== '' || file.size === 0)) {
            return Buffer.from(file.content, 'base64').toString('utf8');
        }
        const blob = await client.rest.git.getBlob({ owner, repo, file_sha: file.sha ?? '' });
        return Buffer.from(blob.data.content, blob.data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
    }
    /** One attempt; returns false when the ref moved (or the branch appeared) under us. */
    async tryAppend(events) {
        const { client, owner, repo, branch, path } = this.opts;
        const head = await this.head();
        const text = head ? await this.currentText(head.commit) : '';
        // An earlier attempt whose ref update failed with a server error may have gone through
        // (GitHub did it, we never heard): the events are already there, and must not be appended twice.
        if (events.length > 0 && events.every((e) => text.includes(`"id":${JSON.stringify(e.id)}`)))
            return true;
        const next = appendLedger(text, events);
        // The file goes inline in the tree: one content-creating request fewer than blob + tree, which
        // matters because Octokit paces content-creating requests to one a second per client.
        const tree = await client.rest.git.createTree({
            owner,
            repo,
            ...(head ? { base_tree: head.tree } : {}),
            tree: [{ path, mode: '100644', type: 'blob', content: next }],
        });
        const message = `audit: ${events.map((e) => e.action).join(', ')} (${events.length} event${events.length === 1 ? '' : 's'})`;
        const commit = await client.rest.git.createCommit({
            owner,
            repo,
            message,
            tree: tree.data.sha,
            parents: head ? [head.commit] : [],
        });
        try {
            if (head) {
                await client.rest.git.updateRef({
                    owner,
                    repo,
                    ref: `heads/${branch}`,
                    sha: commit.data.sha,
                    force: false,
                    request: NO_RETRY,
                });
            }
            else {
                await client.rest.git.createRef({
                    owner,
                    repo,
                    ref: `refs/heads/${branch}`,
                    sha: commit.data.sha,
                    request: NO_RETRY,
                });
            }
            return true;
        }
        catch (error) {
            if ((0,github/* errorStatus */.PO)(error) === 422 || (0,github/* errorStatus */.PO)(error) === 409)
                return false;
            throw error;
        }
    }
    async write(events) {
        const sleep = this.opts.sleep ?? defaultSleep;
        const retries = this.opts.retries ?? 5;
        let faults = 0;
        for (let attempt = 0; attempt < this.opts.attempts; attempt++) {
            let appended;
            try {
                appended = await withTimeout(this.tryAppend(events), this.opts.timeoutMs ?? 60_000, `${this.name}: an append (read, tree, commit, ref update)`);
            }
            catch (error) {
                // A server error or a dropped connection is retried (bounded, with backoff); anything else
                // (403, a ledger that is not JSON lines) is an answer and fails at once.
                if (!isTransientGitHubError(error) || faults >= retries)
                    throw error;
                this.faults++;
                await sleep(backoffMs(Math.min(faults++, 6), Math.max(this.opts.backoffMs, 100)));
                continue;
            }
            if (appended)
                return;
            this.conflicts++;
            await sleep(backoffMs(Math.min(attempt, 6), this.opts.backoffMs));
        }
        throw new Error(`${this.name}: the branch kept moving under ${this.opts.attempts} attempts to append; too many concurrent writers.`);
    }
}
const KINDS = ['file', 'http', 'syslog', 'github'];
function httpSink(spec, line, environment) {
    allowOptions(spec, line, ['key-env', 'format', 'token-env', 'retries', 'backoff-ms', 'timeout-ms']);
    let url;
    try {
        url = new URL(spec.target);
    }
    catch {
        throw new errors/* ConfigurationError */.j1(`Input 'audit-log': '${spec.target}' in '${line}' is not a URL.`);
    }
    const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '::1';
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
        throw new errors/* ConfigurationError */.j1(`Input 'audit-log': the http sink '${url.origin}' must use https:// (plain http is only allowed on loopback).`);
    }
    if (url.username || url.password) {
        throw new errors/* ConfigurationError */.j1(`Input 'audit-log': do not put credentials in the http sink URL; use token-env=VARIABLE and key-env=VARIABLE.`);
    }
    const format = spec.options.format ?? 'json';
    if (format !== 'json' && format !== 'splunk') {
        throw new errors/* ConfigurationError */.j1(`Input 'audit-log': option 'format' of the http sink must be 'json' or 'splunk'.`);
    }
    const env = environment.env ?? process.env;
    return new HttpSink({
        url: url.toString(),
        required: spec.required,
        hmacKey: secretFromEnv(spec, 'key-env', env),
        splunkToken: secretFromEnv(spec, 'token-env', env),
        format,
        retries: intOption(spec, 'retries', 4, 0, 10),
        backoffMs: intOption(spec, 'backoff-ms', 500, 0, 60_000),
        timeoutMs: intOption(spec, 'timeout-ms', 10_000, 100, 120_000),
        sleep: environment.sleep,
    });
}
function syslogSink(spec, line, environment) {
    allowOptions(spec, line, ['tls', 'ca', 'servername', 'facility', 'app', 'retries', 'backoff-ms', 'timeout-ms']);
    const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(spec.target);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) {
        throw new errors/* ConfigurationError */.j1(`Input 'audit-log': the syslog sink target '${spec.target}' must be host:port.`);
    }
    const tls = spec.options.tls === 'true' || spec.options.ca !== undefined;
    if (spec.options.tls !== undefined && !['true', 'false'].includes(spec.options.tls)) {
        throw new errors/* ConfigurationError */.j1(`Input 'audit-log': option 'tls' of the syslog sink must be true or false.`);
    }
    const facilityName = spec.options.facility ?? 'authpriv';
    const facility = FACILITIES[facilityName];
    if (facility === undefined) {
        throw new errors/* ConfigurationError */.j1(`Input 'audit-log': unknown syslog facility '${facilityName}'. Known: ${Object.keys(FACILITIES).join(', ')}.`);
    }
    return new SyslogSink({
        host: (m[1] ?? '').replace(/^\[|\]$/g, ''),
        port: Number(m[2]),
        required: spec.required,
        tls,
        ca: spec.options.ca,
        servername: spec.options.servername,
        facility,
        app: spec.options.app ?? 'secure-deploy',
        retries: intOption(spec, 'retries', 3, 0, 10),
        backoffMs: intOption(spec, 'backoff-ms', 500, 0, 60_000),
        timeoutMs: intOption(spec, 'timeout-ms', 10_000, 100, 120_000),
        sleep: environment.sleep,
    });
}
function githubSink(spec, line, environment) {
    allowOptions(spec, line, [
        'branch',
        'path',
        'token-env',
        'attempts',
        'retries',
        'backoff-ms',
        'timeout-ms',
        'api-url',
    ]);
    const m = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(spec.target);
    if (!m) {
        throw new errors/* ConfigurationError */.j1(`Input 'audit-log': the github sink target '${spec.target}' must be owner/repository.`);
    }
    const env = environment.env ?? process.env;
    const token = secretFromEnv(spec, 'token-env', env) ?? environment.token ?? env.INPUT_TOKEN ?? '';
    if (!token) {
        throw new errors/* ConfigurationError */.j1(`Input 'audit-log': the github sink '${spec.target}' has no token: give the action a 'token' that can write contents of ${spec.target}, or name one with token-env=VARIABLE.`);
    }
    const path = spec.options.path ?? 'ledger.jsonl';
    if (path.startsWith('/') || path.split('/').includes('..')) {
        throw new errors/* ConfigurationError */.j1(`Input 'audit-log': the github sink path '${path}' must be relative, without '..'.`);
    }
    const client = (environment.github ?? ((t, baseUrl) => (0,github/* createGitHubClient */.LX)(t, { baseUrl })))(token, spec.options['api-url']);
    return new GitHubLedgerSink({
        owner: m[1] ?? '',
        repo: m[2] ?? '',
        branch: spec.options.branch ?? 'audit-log',
        path,
        required: spec.required,
        attempts: intOption(spec, 'attempts', 40, 1, 200),
        retries: intOption(spec, 'retries', 5, 0, 20),
        backoffMs: intOption(spec, 'backoff-ms', 100, 0, 60_000),
        timeoutMs: intOption(spec, 'timeout-ms', 60_000, 1000, 600_000),
        client,
        sleep: environment.sleep,
    });
}
function auditSinks(lines, environment = {}) {
    return lines.map((line) => {
        const spec = parseSinkSpec(line);
        switch (spec.kind) {
            case 'file':
                allowOptions(spec, line, ['timeout-ms']);
                return new FileSink(spec.target, spec.required, intOption(spec, 'timeout-ms', SINK_TIMEOUT_MS, 100, 120_000));
            case 'http':
                return httpSink(spec, line, environment);
            case 'syslog':
                return syslogSink(spec, line, environment);
            case 'github':
                return githubSink(spec, line, environment);
            default:
                throw new errors/* ConfigurationError */.j1(`Input 'audit-log': unknown sink kind '${spec.kind}' in '${line}'. Known kinds: ${KINDS.join(', ')}.`);
        }
    });
}

// EXTERNAL MODULE: ./src/core/nesting.ts
var nesting = __webpack_require__(9209);
;// CONCATENATED MODULE: ./src/audit/ledger.ts





function isEntry(value) {
    if (typeof value !== 'object' || value === null)
        return false;
    const v = value;
    return (v.ledger === 1 &&
        typeof v.seq === 'number' &&
        (v.prev === null || typeof v.prev === 'string') &&
        typeof v.hash === 'string' &&
        typeof v.event === 'object' &&
        v.event !== null);
}
/**
 * Concurrent writers append events built a moment before their append succeeds, so the ledger's
 * time order may lag by the time a writer spent retrying; beyond this it is out of order.
 */
const CLOCK_SKEW_MS = 15 * 60_000;
/**
 * Verifies a ledger: every line parses, every line's hash covers its content, every line links
 * to the one before (`prev`), sequence numbers have no gap, events are in time order, and every
 * event's own hash still matches it. An edited line breaks its hash; a deleted line leaves a gap
 * and a broken link; a reordered one breaks links and time order.
 */
function checkLedger(text) {
    const entries = [];
    const problems = [];
    const lines = text.split('\n');
    let previous;
    let latest = -Infinity;
    lines.forEach((raw, index) => {
        const line = index + 1;
        if (raw.trim() === '')
            return;
        let parsed;
        try {
            parsed = (0,nesting/* parseJsonText */.lk)(raw, `line ${line}`);
        }
        catch (error) {
            problems.push({
                kind: 'not-json',
                line,
                detail: (0,errors/* isConfigurationError */.p0)(error) ? error.message : `line ${line} is not JSON`,
            });
            return;
        }
        if (!isEntry(parsed)) {
            problems.push({
                kind: 'not-an-entry',
                line,
                detail: `line ${line} is not a ledger entry (ledger, seq, prev, event, hash)`,
            });
            return;
        }
        const entry = parsed;
        const { hash, ...rest } = entry;
        if (ledgerHash(rest) !== hash) {
            problems.push({
                kind: 'edited',
                line,
                detail: `line ${line} (seq ${entry.seq}) does not match its own hash: it was changed after it was written`,
            });
        }
        if (eventHash(entry.event) !== entry.event.hash) {
            problems.push({
                kind: 'event-edited',
                line,
                detail: `the event on line ${line} (seq ${entry.seq}, id ${String(entry.event.id)}) does not match its event hash`,
            });
        }
        const expectedSeq = previous ? previous.seq + 1 : 0;
        if (entry.seq !== expectedSeq) {
            problems.push({
                kind: entry.seq > expectedSeq ? 'gap' : 'out-of-order',
                line,
                detail: entry.seq > expectedSeq
                    ? `line ${line}: seq jumps from ${expectedSeq - 1} to ${entry.seq}: ${entry.seq - expectedSeq} entr${entry.seq - expectedSeq === 1 ? 'y is' : 'ies are'} missing`
                    : `line ${line}: seq ${entry.seq} comes after seq ${expectedSeq - 1}`,
            });
        }
        const expectedPrev = previous ? previous.hash : null;
        if (entry.prev !== expectedPrev) {
            problems.push({
                kind: 'broken-link',
                line,
                detail: `line ${line} (seq ${entry.seq}) does not link to the line before it`,
            });
        }
        const time = Date.parse(entry.event.time);
        if (Number.isNaN(time) || time < latest - CLOCK_SKEW_MS) {
            problems.push({
                kind: 'out-of-order',
                line,
                detail: `line ${line}: event time ${String(entry.event.time)} is more than ${CLOCK_SKEW_MS / 60_000} minutes before an earlier line's ${new Date(latest).toISOString()}`,
            });
        }
        if (time > latest)
            latest = time;
        entries.push(entry);
        previous = entry;
    });
    return { entries, problems };
}
/** `owner/repo[@branch][:path]`, defaults `audit-log` and `ledger.jsonl` (the `github` sink's). */
function parseLedgerLocation(text) {
    const m = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)(?:@([^:\s]+))?(?::(\S+))?$/.exec(text.trim());
    if (!m)
        return undefined;
    return { owner: m[1] ?? '', repo: m[2] ?? '', branch: m[3] ?? 'audit-log', path: m[4] ?? 'ledger.jsonl' };
}
/** Reads the ledger file at the head of its branch; undefined when the branch or file does not exist. */
async function readLedger(client, at) {
    try {
        // A missing branch is an answer (404), not a fault to retry.
        const ref = await client.rest.git.getRef({
            owner: at.owner,
            repo: at.repo,
            ref: `heads/${at.branch}`,
            request: { retries: 0 },
        });
        const commit = await client.rest.git.getCommit({ owner: at.owner, repo: at.repo, commit_sha: ref.data.object.sha });
        const tree = await client.rest.git.getTree({
            owner: at.owner,
            repo: at.repo,
            tree_sha: commit.data.tree.sha,
            recursive: 'true',
        });
        const entry = tree.data.tree.find((e) => e.path === at.path && e.type === 'blob');
        if (!entry?.sha)
            return undefined;
        const blob = await client.rest.git.getBlob({ owner: at.owner, repo: at.repo, file_sha: entry.sha });
        return Buffer.from(blob.data.content, blob.data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
    }
    catch (error) {
        if ((0,github/* errorStatus */.PO)(error) === 404)
            return undefined;
        throw error;
    }
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/audit/trust-anchors.ts


const REVIEW_KEYS = ['review-by', 'review_by', 'reviewBy', 'review-date', 'review_date'];
const NAME_KEYS = ['name', 'id', 'identity', 'issuer', 'subject', 'key', 'fingerprint'];
function readTrustAnchors(text) {
    (0,nesting/* checkYamlNesting */.s0)(text, 'the trust policy');
    const lineCounter = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter });
    if (doc.errors.length > 0)
        throw new Error(`the trust policy is not valid YAML: ${doc.errors[0]?.message.split('\n')[0] ?? ''}`);
    const out = [];
    const walk = (node, path) => {
        if ((0,dist/* isSeq */.oP)(node)) {
            node.items.forEach((item, i) => walk(item, `${path}[${i}]`));
            return;
        }
        if (!(0,dist/* isMap */.jh)(node))
            return;
        let reviewBy;
        let line = 1;
        let name;
        for (const pair of node.items) {
            const key = (0,dist/* isScalar */.jn)(pair.key) ? String(pair.key.value) : '';
            const value = pair.value;
            if (REVIEW_KEYS.includes(key) && (0,dist/* isScalar */.jn)(value)) {
                const v = value.value;
                reviewBy = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
                line = value.range ? lineCounter.linePos(value.range[0]).line : 1;
            }
            else if (NAME_KEYS.includes(key) && (0,dist/* isScalar */.jn)(value) && name === undefined) {
                name = String(value.value);
            }
        }
        if (reviewBy !== undefined) {
            if (Number.isNaN(Date.parse(reviewBy)))
                throw new Error(`trust anchor ${name ?? path}: review-by '${reviewBy}' is not a date (YYYY-MM-DD)`);
            out.push({ name: name ?? path, reviewBy, line });
        }
        for (const pair of node.items) {
            const key = (0,dist/* isScalar */.jn)(pair.key) ? String(pair.key.value) : '';
            walk(pair.value, path ? `${path}.${key}` : key);
        }
    };
    walk(doc.contents, '');
    return out;
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./src/core/conditional.ts
var conditional = __webpack_require__(5823);
;// CONCATENATED MODULE: ./src/audit/github-audit-log.ts
/**
 * GitHub's organization audit log, as the secret audit reads it: the jobs GitHub handed secrets to
 * (`workflows.prepared_workflow_job`) and every secret and variable change, from the REST API
 * (`GET /orgs/{org}/audit-log`) or from a streamed export (JSON lines, gzip accepted).
 *
 * Sources (GitHub Docs, Enterprise Cloud):
 * - "Audit log events for your organization" (its per-event field lists):
 *   https://docs.github.com/en/organizations/keeping-your-organization-secure/managing-security-settings-for-your-organization/audit-log-events-for-your-organization
 *   `workflows.prepared_workflow_job` carries `environment_name`, `job_name`, `job_workflow_ref`,
 *   `calling_workflow_refs`, `secrets_passed`, `workflow_run_id` (no `event`, `run_attempt` or
 *   `head_branch`: read when present, else the run is asked, reads.ts); secret and variable events
 *   name the secret in `key` (environment events add `environment_name`); `{org,repo}.*_integration_secret`
 *   is "A Codespaces or Dependabot secret", told apart by its `integration` field (Codespaces
 *   organization secrets have no `codespaces.*` secret event of their own any more).
 * - "Audit log events for your organization": `workflows.prepared_workflow_job` "Triggered when a
 *   workflow job is started. Includes the list of secrets that were provided to the job" (field
 *   `secrets_passed`, with `repo`, `job_name`, `job_workflow_ref`, `calling_workflow_refs`,
 *   `workflow_run_id`, `environment_name`, `actor`, `@timestamp`, `_document_id`; no `run_attempt`,
 *   `event` or `head_branch`: those come from the run);
 *   `{org,repo,environment}.{create,update,remove}_actions_secret`,
 *   `{org,repo}.{create,update,remove}_integration_secret` (Dependabot and Codespaces secrets),
 *   `{org,repo,environment}.{create,update,remove}_actions_variable`.
 *   https://docs.github.com/en/enterprise-cloud@latest/admin/monitoring-activity-in-your-enterprise/reviewing-audit-logs-for-your-enterprise/audit-log-events-for-your-enterprise
 * - "Reusing workflows" (monitoring which workflows are being used): the fields of
 *   `prepared_workflow_job` (`repo`, `@timestamp`, `job_name`, `calling_workflow_refs`, `job_workflow_ref`).
 *   https://docs.github.com/en/actions/using-workflows/reusing-workflows#monitoring-which-workflows-are-being-used
 * - go-github `github/orgs_audit_log.go` (`AuditEntry`: `secrets_passed`, `workflow_run_id`,
 *   `run_attempt`, `job_name`, `head_branch`, `event`, `_document_id`).
 * - `GET /orgs/{org}/audit-log` (ghec.json description): "By default, the response includes up to
 *   30 events from the past three months. Use the `phrase` parameter [...] with the `created`
 *   qualifier [...] to retrieve older events"; "a rate limit of 1,750 queries per hour per user and
 *   IP address [...] (typically a 403 or 429 response)"; owners only; cursor pagination through
 *   `after`/`before` in the `Link` header ("Using pagination in the REST API").
 * - "Streaming the audit log for your enterprise": streamed events are JSON objects with the same
 *   fields as the API (`@timestamp` in epoch milliseconds, `action`, `actor`, `_document_id`, ...),
 *   one a line, often gzip-compressed by the receiving storage (S3, Azure Blob, GCS).
 */





/** The actions the audit asks GitHub for, one query each (the search ANDs its qualifiers). */
const READ_ACTION = 'workflows.prepared_workflow_job';
const CHANGE_ACTIONS = [
    ...['org', 'repo', 'environment'].flatMap((area) => ['create', 'update', 'remove'].flatMap((op) => [`${area}.${op}_actions_secret`, `${area}.${op}_actions_variable`])),
    ...['org', 'repo'].flatMap((area) => ['create', 'update', 'remove'].map((op) => `${area}.${op}_integration_secret`)),
];
const CHANGE = /^(org|repo|environment)\.(create|update|remove)_(actions|integration)_(secret|variable)$/;
function str(v) {
    return typeof v === 'string' && v !== '' ? v : undefined;
}
function github_audit_log_int(v) {
    if (typeof v === 'number' && Number.isInteger(v))
        return v;
    if (typeof v === 'string' && /^\d+$/.test(v))
        return Number(v);
    return undefined;
}
/** Epoch milliseconds of an event: `@timestamp` (API and stream: epoch ms), else `created_at`. */
function documentTime(d) {
    for (const key of ['@timestamp', 'created_at']) {
        const v = d[key];
        if (typeof v === 'number' && Number.isFinite(v))
            return v;
        if (typeof v === 'string') {
            const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
            if (Number.isFinite(ms))
                return ms;
        }
    }
    return undefined;
}
/** `owner/repo/path/file.yml@ref` → its parts. */
function splitWorkflowRef(ref) {
    const m = /^([^/@\s]+\/[^/@\s]+)\/([^@\s]+)@(\S+)$/.exec(ref);
    return m ? { repository: m[1] ?? '', path: m[2] ?? '', ref: m[3] ?? '' } : undefined;
}
/** Why a document cannot be used (or undefined when it can). */
function unusable(d) {
    if (!str(d._document_id))
        return 'it has no _document_id';
    if (!str(d.action))
        return 'it has no action';
    if (documentTime(d) === undefined)
        return 'it has no @timestamp';
    return undefined;
}
/** The (job, secret) pairs of a `prepared_workflow_job` event; GITHUB_TOKEN is not a stored secret. */
function readsOf(d) {
    if (d.action !== READ_ACTION)
        return [];
    const passed = Array.isArray(d.secrets_passed)
        ? d.secrets_passed.filter((s) => typeof s === 'string')
        : [];
    const documentId = str(d._document_id) ?? '';
    const ms = documentTime(d) ?? 0;
    const jobRef = str(d.job_workflow_ref) ?? '';
    const callers = Array.isArray(d.calling_workflow_refs)
        ? d.calling_workflow_refs.filter((s) => typeof s === 'string')
        : [];
    // The caller chain is listed innermost first: the last entry started the run.
    const top = callers.at(-1) ?? jobRef;
    // `calling_workflow_refs` are file paths without a ref: the run's ref is then its head branch.
    const parts = splitWorkflowRef(top.includes('@') ? top : `${top}@-`);
    const repository = str(d.repo) ?? str(d.repository) ?? parts?.repository ?? '';
    const headBranch = str(d.head_branch);
    const ref = top.includes('@') ? (parts?.ref ?? '') : headBranch ? `refs/heads/${headBranch}` : '';
    const event = str(d.event);
    return [...new Set(passed.map((s) => s.toUpperCase()))]
        .filter((s) => s !== 'GITHUB_TOKEN')
        .sort()
        .map((secret) => ({
        id: `${documentId}:${secret}`,
        documentId,
        time: new Date(ms).toISOString(),
        repository,
        workflowRef: top,
        workflow: parts ? `${parts.repository}/${parts.path}` : top,
        ...(callers.length > 0 && jobRef !== top ? { jobWorkflowRef: jobRef } : {}),
        ref,
        ...(event ? { event } : {}),
        actor: str(d.actor) ?? '',
        ...(github_audit_log_int(d.workflow_run_id) !== undefined ? { runId: github_audit_log_int(d.workflow_run_id) } : {}),
        ...(github_audit_log_int(d.run_attempt) !== undefined ? { runAttempt: github_audit_log_int(d.run_attempt) } : {}),
        job: str(d.job_name) ?? '',
        ...(str(d.environment_name) ? { environment: str(d.environment_name) } : {}),
        secret,
    }));
}
/** A secret or variable change, or undefined for any other event. */
function changeOf(d, org) {
    const action = str(d.action) ?? '';
    const m = CHANGE.exec(action);
    if (!m)
        return undefined;
    const [, area, op, family, kind] = m;
    const integration = (str(d.integration) ?? '').toLowerCase();
    const scope = family === 'integration'
        ? integration.includes('dependabot')
            ? 'dependabot'
            : integration.includes('codespaces')
                ? 'codespaces'
                : 'dependabot-or-codespaces'
        : area === 'org'
            ? 'organization'
            : area === 'environment'
                ? 'environment'
                : 'repository';
    const repository = area === 'org' ? undefined : (str(d.repo) ?? str(d.repository));
    return {
        id: str(d._document_id) ?? '',
        action,
        time: new Date(documentTime(d) ?? 0).toISOString(),
        actor: str(d.actor) ?? '',
        operation: op,
        kind: kind,
        scope,
        ...(repository ? { repository } : {}),
        ...(area === 'org' && (str(d.org) ?? org) ? { organization: str(d.org) ?? org } : {}),
        ...((str(d.environment_name) ?? str(d.environment))
            ? { environment: str(d.environment_name) ?? str(d.environment) }
            : {}),
        // `key` is the documented field; the others are accepted from older or re-shaped streams.
        ...((str(d.key) ?? str(d.secret_name) ?? str(d.variable_name) ?? str(d.name))
            ? { name: (str(d.key) ?? str(d.secret_name) ?? str(d.variable_name) ?? str(d.name) ?? '').toUpperCase() }
            : {}),
        ...(str(d.visibility) ? { visibility: str(d.visibility) } : {}),
    };
}
/** Keeps what the audit reads, each `_document_id` once, sorted by time then id. */
function collect(raw, wanted) {
    const byId = new Map();
    const rejected = [];
    let ignored = 0;
    let duplicates = 0;
    for (const { doc, where } of raw) {
        if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
            rejected.push(`${where}: not a JSON object`);
            continue;
        }
        const d = doc;
        const why = unusable(d);
        if (why) {
            rejected.push(`${where}: ${why}`);
            continue;
        }
        if (!wanted(str(d.action) ?? '')) {
            ignored++;
            continue;
        }
        const id = str(d._document_id) ?? '';
        if (byId.has(id)) {
            duplicates++;
            continue;
        }
        byId.set(id, d);
    }
    const documents = [...byId.values()].sort((a, b) => (documentTime(a) ?? 0) - (documentTime(b) ?? 0) || String(a._document_id).localeCompare(String(b._document_id)));
    return { documents, rejected, ignored, duplicates };
}
function wantedAction(action) {
    return action === READ_ACTION || CHANGE.test(action);
}
/**
 * A streamed audit-log export: JSON-lines files (`.gz` or gzip magic bytes: decompressed), blank
 * lines skipped. Every other line must be one JSON object; a line that is not is named with its
 * file and line number, never silently dropped.
 */
async function readExport(files) {
    const raw = [];
    const rejected = [];
    for (const file of files) {
        let bytes;
        try {
            bytes = await (0,promises_.readFile)(file);
        }
        catch (error) {
            throw new Error(`${file} cannot be read (${(0,errors/* errorMessage */.gJ)(error)})`);
        }
        if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
            try {
                bytes = (0,external_node_zlib_.gunzipSync)(bytes);
            }
            catch (error) {
                throw new Error(`${file} looks gzip-compressed but cannot be decompressed (${(0,errors/* errorMessage */.gJ)(error)})`);
            }
        }
        bytes
            .toString('utf8')
            .split('\n')
            .forEach((line, i) => {
            if (line.trim() === '')
                return;
            try {
                raw.push({ doc: JSON.parse(line), where: `${file}:${i + 1}` });
            }
            catch {
                rejected.push(`${file}:${i + 1}: not JSON`);
            }
        });
    }
    const c = collect(raw, wantedAction);
    return { ...c, rejected: [...rejected, ...c.rejected] };
}
/** The audit log cannot be read at all: not an owner (403), not Enterprise Cloud (404). */
class AuditLogUnavailable extends Error {
    name = 'AuditLogUnavailable';
    status;
    constructor(status, message) {
        super(message);
        this.status = status;
    }
}
/** A rate-limit answer (429, or 403 with the rate-limit headers or message), with its wait when given. */
function rateLimited(error) {
    if (!(0,github/* isRequestError */.eK)(error))
        return undefined;
    const headers = error.response?.headers ?? {};
    const remaining = headers['x-ratelimit-remaining'];
    const retryAfter = Number(headers['retry-after']);
    const isLimit = error.status === 429 ||
        (error.status === 403 && (String(remaining) === '0' || /rate limit/i.test(error.message) || retryAfter > 0));
    if (!isLimit)
        return undefined;
    if (Number.isFinite(retryAfter) && retryAfter > 0)
        return { retryAfter };
    const reset = Number(headers['x-ratelimit-reset']);
    return Number.isFinite(reset) && reset > 0 ? { retryAfter: Math.max(0, Math.ceil(reset - Date.now() / 1000)) } : {};
}
function nextCursor(link) {
    if (typeof link !== 'string')
        return undefined;
    for (const part of link.split(',')) {
        const m = /<([^>]+)>;\s*rel="next"/.exec(part);
        if (m?.[1])
            return new URL(m[1]).searchParams.get('after') ?? undefined;
    }
    return undefined;
}
/** Before GitHub existed: `created:>=` this returns the oldest event GitHub keeps. */
const OLDEST = '2008-01-01';
/**
 * Reads every event the audit needs, one `action:` query each, oldest first, following the `Link`
 * header's `after` cursor. `created:>=` always bounds the query: without it GitHub answers only
 * the last three months. A rate limit waits up to `maxWaitSeconds`, then stops and reports the
 * cursor of every unfinished query so that the next run resumes there.
 */
async function readApi(client, options) {
    const sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    const raw = [];
    const resume = {};
    const complete = [];
    let stopped;
    let queries = 0;
    let waits = 0;
    for (const action of [READ_ACTION, ...CHANGE_ACTIONS]) {
        const since = options.cursors[action]?.since ?? OLDEST;
        let after = options.cursors[action]?.after;
        if (stopped) {
            resume[action] = { since, ...(after ? { after } : {}) };
            continue;
        }
        let done = false;
        while (!done) {
            let response;
            try {
                queries++;
                response = (await client.request('GET /orgs/{org}/audit-log', {
                    org: options.org,
                    phrase: `action:${action} created:>=${since}`,
                    include: 'web',
                    order: 'asc',
                    per_page: 100,
                    ...(after ? { after } : {}),
                    request: { retries: 0 },
                }));
            }
            catch (error) {
                if ((0,conditional/* isBudgetExhausted */.b)(error)) {
                    // Our own budget (max-requests, or the token's headroom), not GitHub's: the read was not sent.
                    stopped = `the run's request budget stopped the read at '${action}' (${error.message})`;
                    resume[action] = { since, ...(after ? { after } : {}) };
                    break;
                }
                const limit = rateLimited(error);
                if (limit) {
                    // Short waits are waited out, a few times a run; a long one ends the run's read.
                    if (limit.retryAfter !== undefined && limit.retryAfter <= options.maxWaitSeconds && waits < 3) {
                        waits++;
                        await sleep(limit.retryAfter * 1000);
                        continue;
                    }
                    stopped = `the audit log's rate limit (1,750 queries an hour) stopped the read at '${action}'${limit.retryAfter !== undefined ? ` (retry after ${limit.retryAfter} s)` : ''}`;
                    resume[action] = { since, ...(after ? { after } : {}) };
                    break;
                }
                const status = (0,github/* errorStatus */.PO)(error);
                if (status === 403 || status === 404 || status === 401) {
                    throw new AuditLogUnavailable(status, (0,errors/* errorMessage */.gJ)(error));
                }
                // A cursor GitHub no longer accepts: read the query again from its watermark (dedup by id).
                if (status === 422 && after) {
                    after = undefined;
                    continue;
                }
                throw error;
            }
            const page = Array.isArray(response.data) ? response.data : [];
            page.forEach((doc, i) => raw.push({ doc, where: `audit log query '${action}', item ${i + 1}` }));
            const next = nextCursor(response.headers.link);
            if (!next || page.length === 0) {
                complete.push(action);
                done = true;
            }
            else
                after = next;
        }
    }
    return { ...collect(raw, wantedAction), complete, resume, ...(stopped ? { stopped } : {}), queries };
}

;// CONCATENATED MODULE: ./src/audit/reads.ts
/**
 * Reviewing GitHub's record of secret reads and changes: which findings the audit-log events show,
 * how they are remembered (audit-state.ts) and when their cause is gone.
 */










/** Events seen within this window before a query's watermark are remembered by id (late arrivals). */
const OVERLAP_MS = 2 * 86_400_000;
/** A claim not confirmed within this time was abandoned (the run died): the next run sends it. */
const CLAIM_LEASE_MS = 60 * 60_000;
/** Unbalanced brackets or braces: minimatch would take them literally, matching nothing intended. */
function globProblem(p) {
    let square = 0;
    let curly = 0;
    for (const c of p) {
        if (c === '[')
            square++;
        else if (c === ']')
            square--;
        else if (c === '{')
            curly++;
        else if (c === '}')
            curly--;
        if (square < 0 || curly < 0)
            break;
    }
    if (square !== 0)
        return "has unbalanced '[' ']'";
    if (curly !== 0)
        return "has unbalanced '{' '}'";
    return undefined;
}
function patterns(value, where, check) {
    if (value === undefined)
        return [];
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list))
        throw new Error(`${where} must be a list of patterns`);
    return list.map((p, i) => {
        if (typeof p !== 'string' || p.trim() === '')
            throw new Error(`${where}[${i}] must be a non-empty string`);
        if (/\s/.test(p))
            throw new Error(`${where}[${i}] '${p}' contains whitespace`);
        const problem = globProblem(p) ?? check(p);
        if (problem)
            throw new Error(`${where}[${i}] '${p}' ${problem}`);
        return p;
    });
}
/**
 * The readers policy: which workflows, refs and environments may read each secret.
 *
 *   secrets:
 *     DEPLOY_KEY:                                   # a name (any scope) or an instance key
 *       workflows: [acme/app/.github/workflows/deploy.yml]
 *       refs: [refs/heads/main, refs/tags/v*]
 *       environments: [production]
 */
function parseReadersPolicy(text) {
    let doc;
    // Before the parser: a deeply nested document would overflow its stack ("nested too deeply").
    (0,nesting/* checkYamlNesting */.s0)(text, 'The readers policy');
    try {
        doc = (0,dist/* parse */.qg)(text);
    }
    catch (error) {
        throw new Error(`it is not YAML (${(0,errors/* errorMessage */.gJ)(error)})`);
    }
    const secrets = doc?.secrets;
    if (typeof secrets !== 'object' || secrets === null || Array.isArray(secrets))
        throw new Error(`it has no 'secrets:' mapping (secret name → workflows, refs, environments)`);
    const rules = [];
    for (const [key, raw] of Object.entries(secrets)) {
        if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
            throw new Error(`secrets.${key} must be a mapping with workflows, refs and/or environments`);
        const r = raw;
        for (const k of Object.keys(r))
            if (!['workflows', 'refs', 'environments'].includes(k))
                throw new Error(`secrets.${key}: unknown key '${k}' (known: workflows, refs, environments)`);
        const rule = {
            key: key.includes(':') ? key : key.toUpperCase(),
            workflows: patterns(r.workflows, `secrets.${key}.workflows`, (p) => /^[^/]+\/[^/]+\/.+/.test(p) ? undefined : "must be 'owner/repo/.github/workflows/file.yml' (globs allowed)"),
            refs: patterns(r.refs, `secrets.${key}.refs`, (p) => p.startsWith('refs/') || p === '*' || p === '**' ? undefined : "must start with 'refs/' (refs/heads/main)"),
            environments: patterns(r.environments, `secrets.${key}.environments`, () => undefined),
        };
        if (rule.workflows.length + rule.refs.length + rule.environments.length === 0)
            throw new Error(`secrets.${key} allows nothing: list workflows, refs and/or environments`);
        rules.push(rule);
    }
    return rules;
}
/** Names in the policy that no audited secret has: a typo would silently disable its check. */
function unknownPolicySecrets(rules, inv) {
    const all = allSecrets(inv);
    const names = new Set(all.map((s) => s.name.toUpperCase()));
    const keys = new Set(all.map((s) => (0,types/* instanceKey */.pA)(s)));
    return rules.map((r) => r.key).filter((k) => (k.includes(':') ? !keys.has(k) : !names.has(k)));
}
function allSecrets(inv) {
    return [...inv.repositories.flatMap((r) => r.secrets), ...inv.organizationSecrets];
}
/**
 * Triggers whose run may come from a fork (its head commit in another repository): the
 * `pull_request` family. https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#pull_request
 * ("Workflows in forked repositories" / "pull request events for forked repositories").
 */
const FORK_EVENTS = new Set([
    'pull_request',
    'pull_request_target',
    'pull_request_review',
    'pull_request_review_comment',
]);
/**
 * Branch protection of each (repository, ref) a production secret was read on, and the trigger and
 * fork of runs the audit-log record does not settle (`GET .../actions/runs/{run_id}`, once a run).
 */
async function lookupRefFacts(reader, reads) {
    const protectedRefs = new Map();
    const runs = new Map();
    const warnings = [];
    const tasks = [];
    for (const r of reads) {
        const refKey = `${r.repository}@${r.ref}`;
        if (!protectedRefs.has(refKey)) {
            protectedRefs.set(refKey, undefined);
            const [owner = '', repo = ''] = r.repository.split('/');
            if (r.ref.startsWith('refs/heads/')) {
                const branch = r.ref.slice('refs/heads/'.length);
                tasks.push(reader
                    .maybe('GET /repos/{owner}/{repo}/branches/{branch}', { owner, repo, branch })
                    .then((b) => {
                    protectedRefs.set(refKey, b ? b.protected === true : undefined);
                })
                    .catch((error) => {
                    warnings.push(`Branch protection of ${refKey} could not be read (${(0,errors/* errorMessage */.gJ)(error)}): treated as unprotected.`);
                }));
            }
            else
                protectedRefs.set(refKey, false);
        }
        const runKey = `${r.repository}#${r.runId ?? ''}`;
        // The audit-log record names the trigger (`event`) at best, never whether the head commit came
        // from a fork: the run says both (`event`, and `head_repository`, the fork's own repository, in
        // the `workflow-run` schema). Asked once per run, when the trigger is unknown or may be a fork.
        // GitHub's record carries no attempt either; a run never re-run tells it (attempt 1).
        const unknown = r.event === undefined || r.runAttempt === undefined || (r.fork === undefined && FORK_EVENTS.has(r.event));
        if (unknown && r.runId !== undefined && !runs.has(runKey)) {
            runs.set(runKey, {});
            const [owner = '', repo = ''] = r.repository.split('/');
            tasks.push(reader
                .get('GET /repos/{owner}/{repo}/actions/runs/{run_id}', { owner, repo, run_id: r.runId })
                .then((run) => {
                // A fork is another repository than the run's own: compared by name, not by the head
                // repository's `fork` flag (a repository that is itself a fork runs its own pushes too).
                const head = run.head_repository?.full_name;
                const base = run.repository?.full_name ?? r.repository;
                runs.set(runKey, {
                    event: run.event,
                    ...(head ? { fork: head.toLowerCase() !== base.toLowerCase() } : {}),
                    ...(typeof run.run_attempt === 'number' ? { attempts: run.run_attempt } : {}),
                });
            })
                .catch((error) => {
                if ((0,github/* errorStatus */.PO)(error) !== 404)
                    throw error;
                warnings.push(`Run ${r.runId} of ${r.repository} no longer exists: the trigger of its jobs' secret reads is unknown.`);
            }));
        }
    }
    await Promise.all(tasks);
    return { protectedRefs, runs, warnings };
}
/** The secret instance a job read: environment secret first, then repository, then organization. */
function resolveRead(inv, r) {
    const repo = inv.repositories.find((x) => x.fullName.toLowerCase() === r.repository.toLowerCase());
    const named = (s) => s.name.toUpperCase() === r.secret;
    if (repo) {
        const env = r.environment
            ? repo.secrets.find((s) => s.scope === 'environment' && s.environment === r.environment && named(s))
            : undefined;
        if (env)
            return env;
        const own = repo.secrets.find((s) => s.scope === 'repository' && named(s));
        if (own)
            return own;
    }
    return inv.organizationSecrets.find(named);
}
const production = (s) => s.scope === 'environment' || s.scope === 'organization';
function describeSecret(s) {
    return s.scope === 'environment'
        ? `environment secret ${s.name} of ${s.owner} (environment '${s.environment ?? ''}')`
        : `${s.scope} secret ${s.name} of ${s.owner}`;
}
function readEvidence(r) {
    return `${r.time}: job '${r.job}' of ${r.workflowRef}${r.jobWorkflowRef ? ` (via ${r.jobWorkflowRef})` : ''} run ${r.runId ?? '?'} attempt ${r.runAttempt ?? '?'}, event ${r.event ?? 'unknown'}, actor ${r.actor}${r.environment ? `, environment '${r.environment}'` : ''} (audit-log document ${r.documentId}).`;
}
function stored(f, extra) {
    return { finding: { fingerprint: findingFingerprint(f.kind, f.scope, f.subject), ...f }, ...extra };
}
function ruleFor(rules, s) {
    return rules.find((r) => r.key === (0,types/* instanceKey */.pA)(s)) ?? rules.find((r) => r.key === s.name.toUpperCase());
}
const matchAny = (list, value) => value !== undefined && list.some((p) => value === p || (0,esm/* minimatch */.xF)(value, p, { nocase: false, dot: true }));
/** Findings one read shows (each about the secret, the reader and the reason: the same on every run). */
function readFindings(inv, r, s, facts, opts) {
    const out = [];
    const key = (0,types/* instanceKey */.pA)(s);
    const scope = s.owner;
    const base = { since: r.time, secret: key, reader: r.workflow, secretName: s.name };
    const run = facts.runs.get(`${r.repository}#${r.runId ?? ''}`);
    const event = r.event ?? run?.event;
    const fork = r.fork ?? run?.fork;
    if (production(s)) {
        const untrusted = event !== undefined && workflows/* UNTRUSTED_TRIGGERS */.B.includes(event);
        if (untrusted || fork === true) {
            const why = fork === true ? 'fork' : (event ?? '');
            out.push(stored({
                kind: 'secret-read-untrusted-trigger',
                severity: 'critical',
                title: `${s.name} was handed to a ${fork === true ? 'run from a fork' : `${event ?? ''} run`} of ${r.workflow}`,
                scope,
                subject: `${key}<-${r.workflow}:${why}`,
                evidence: [
                    `GitHub's audit log records that it passed ${describeSecret(s)} to a job started by ${fork === true ? 'a fork' : `'${event ?? ''}'`}:`,
                    readEvidence(r),
                ],
                rootCause: `${event ?? 'This'} runs act on events an outside contributor can cause, in the base repository's context with its secrets; a production secret there can be read by the contribution.`,
                remediation: `Remove ${s.name} from ${r.workflow} (or gate the job behind an environment with required reviewers), then rotate ${s.name}: it may have been read.`,
                file: r.workflow.split('/').slice(2).join('/'),
            }, base));
        }
        const isProtected = facts.protectedRefs.get(`${r.repository}@${r.ref}`);
        if (isProtected !== true) {
            out.push(stored({
                kind: 'secret-read-unprotected-ref',
                severity: 'high',
                title: `${s.name} was read by a job on ${r.ref || 'an unknown ref'}, which is not a protected branch`,
                scope,
                subject: `${key}<-${r.workflow}@${r.ref}`,
                evidence: [
                    `${describeSecret(s)} was passed to a job running on ${r.ref || 'an unknown ref'} of ${r.repository}, ${isProtected === false ? 'which has no branch protection' : 'whose protection could not be shown (the branch is gone or unreadable)'}:`,
                    readEvidence(r),
                ],
                rootCause: 'Anyone who can push to an unprotected branch can change the workflow that runs there and read the secrets it is given.',
                remediation: `Restrict the environment's deployment branches (or the workflow's triggers) to protected branches, protect ${r.ref}, and rotate ${s.name}.`,
            }, base));
        }
    }
    const rule = opts.readers ? ruleFor(opts.readers, s) : undefined;
    if (rule) {
        const problems = [];
        if (rule.workflows.length > 0 && !matchAny(rule.workflows, r.workflow))
            problems.push(`workflow ${r.workflow} is not one of ${rule.workflows.join(', ')}`);
        if (rule.refs.length > 0 && !matchAny(rule.refs, r.ref))
            problems.push(`ref ${r.ref} is not one of ${rule.refs.join(', ')}`);
        if (rule.environments.length > 0 && !matchAny(rule.environments, r.environment))
            problems.push(`environment '${r.environment ?? '(none)'}' is not one of ${rule.environments.join(', ')}`);
        if (problems.length > 0) {
            out.push(stored({
                kind: 'secret-read-unlisted-reader',
                severity: 'high',
                title: `${s.name} was read by ${r.workflow}, which its readers policy does not allow`,
                scope,
                subject: `${key}<-${r.workflow}`,
                evidence: [`${describeSecret(s)}: ${problems.join('; ')}.`, readEvidence(r)],
                rootCause: 'A workflow outside the declared readers references the secret (or runs where it should not).',
                remediation: `Remove ${s.name} from ${r.workflow}, or add it to the readers policy after review; rotate ${s.name} if the read was not expected.`,
            }, base));
        }
    }
    return out;
}
function changeOwner(c, org) {
    return c.repository ?? c.organization ?? org ?? '';
}
function changeInstance(c, org) {
    if (!c.name || c.kind !== 'secret')
        return undefined;
    const scope = c.scope === 'dependabot-or-codespaces' ? 'dependabot' : c.scope;
    if (scope === 'codespaces')
        return `codespaces:${changeOwner(c, org)}:${c.name}`;
    return (0,types/* instanceKey */.pA)({ owner: changeOwner(c, org), scope, name: c.name, environment: c.environment });
}
function describeChange(c, org) {
    const what = c.scope === 'dependabot-or-codespaces'
        ? `Dependabot or Codespaces ${c.kind}`
        : c.scope === 'dependabot'
            ? `Dependabot ${c.kind}`
            : c.scope === 'codespaces'
                ? `Codespaces ${c.kind}`
                : `${c.scope} ${c.kind}`;
    return `${c.action} by ${c.actor} at ${c.time}: ${what} ${c.name ?? '(unnamed)'} of ${changeOwner(c, org)}${c.environment ? ` (environment '${c.environment}')` : ''}${c.visibility ? `, visibility ${c.visibility}` : ''} (audit-log document ${c.id})`;
}
/** Ledger events that record a secret change at a location (name and scope). */
function ledgerLogged(c, ledger, toleranceMs, org) {
    const t = Date.parse(c.time);
    const owner = changeOwner(c, org).toLowerCase();
    return ledger.some(({ event }) => {
        // A change the suite made (never a `secret.read`, which the audit itself writes to the ledger).
        if (event.outcome !== 'success' || !/^secret\.(write|delete|remove|rotate\.)/.test(event.action))
            return false;
        const target = event.target;
        if ((target.name ?? '').toUpperCase() !== c.name)
            return false;
        const where = (target.repository ?? event.repository).toLowerCase();
        const sameOwner = c.scope === 'organization' ? where.split('/')[0] === owner : where === owner;
        if (!sameOwner)
            return false;
        if (c.environment && target.environment !== c.environment)
            return false;
        const et = Date.parse(event.time);
        return Math.abs(et - t) <= toleranceMs;
    });
}
/** Findings one change shows: written by someone not allowed, or removed without a ledger event. */
function changeFindings(c, org, opts) {
    const out = [];
    const owner = changeOwner(c, org);
    const instance = changeInstance(c, org);
    const base = {
        since: c.time,
        ...(instance ? { secret: instance } : {}),
        ...(c.name ? { secretName: c.name } : {}),
        ...(c.operation === 'remove' ? { removal: true } : {}),
    };
    if (opts.allowedWriters.length > 0 && !opts.isAllowed([c.actor])) {
        out.push(stored({
            kind: 'unauthorized-write',
            severity: c.kind === 'secret' ? 'high' : 'medium',
            title: `${c.name ?? `A ${c.kind}`} was ${c.operation === 'remove' ? 'removed' : c.operation === 'create' ? 'created' : 'changed'} by ${c.actor}, not an allowed rotation workflow`,
            scope: owner,
            subject: `audit-log:${c.action}:${owner}:${c.environment ?? ''}:${c.name ?? ''}:${c.actor}:${c.time}`,
            evidence: [
                `Organization audit log: ${describeChange(c, org)}.`,
                `Allowed writers: ${opts.allowedWriters.join(', ')}.`,
            ],
            rootCause: 'A person or app with admin access changed the secret outside the logged rotation process.',
            remediation: 'Confirm the change with the actor; rotate the secret through rotate-secret, and reduce who can administer secrets.',
        }, base));
    }
    if (c.kind === 'secret' && c.operation === 'remove' && opts.ledger !== undefined) {
        const tolerance = (opts.toleranceMinutes ?? 10) * 60_000;
        if (!ledgerLogged(c, opts.ledger, tolerance, org)) {
            out.push(stored({
                kind: 'unlogged-removal',
                severity: 'high',
                title: `${c.name ?? 'A secret'} was removed without a ledger event`,
                scope: owner,
                subject: `removed:${instance ?? owner}:${c.id}`,
                evidence: [
                    `Organization audit log: ${describeChange(c, org)}.`,
                    'The ledger has no event for this removal.',
                ],
                rootCause: 'Someone deleted the secret directly (web UI, gh CLI, API) instead of through the logged process; a deletion can break a deployment or hide a compromised value.',
                remediation: `Ask ${c.actor} why ${c.name ?? 'the secret'} was removed; revoke the credential it held; record the removal through the logged process.`,
            }, base));
        }
    }
    return out;
}
/** Is the cause of a stored finding gone: the secret rotated or removed since, or the reader no longer reads it? */
function causeGone(f, inv, opts, org) {
    const since = Date.parse(f.since);
    const tolerance = (opts.toleranceMinutes ?? 10) * 60_000;
    const secret = f.secret ? allSecrets(inv).find((s) => (0,types/* instanceKey */.pA)(s) === f.secret) : undefined;
    const repoOf = (name) => inv.repositories.find((r) => r.fullName.toLowerCase() === name.toLowerCase());
    const ownerRepo = f.secret?.split(':')[1];
    const complete = f.secret?.startsWith('organization:') === true
        ? inv.partial.length === 0 || !inv.partial.some((p) => p.startsWith(`${org ?? ''}:`))
        : ownerRepo !== undefined && repoOf(ownerRepo) !== undefined && (repoOf(ownerRepo)?.partial.length ?? 1) === 0;
    const kind = f.finding.kind;
    if (kind === 'unlogged-removal') {
        // Gone once a value is set again through the logged process after the removal.
        const back = (opts.ledger ?? []).some(({ event }) => event.outcome === 'success' &&
            /^secret\.(write|rotate\.)/.test(event.action) &&
            (event.target.name ?? '').toUpperCase() === f.secretName &&
            Date.parse(event.time) > since);
        return back ? 'the secret was set again through the logged process' : undefined;
    }
    if (secret && Date.parse(secret.updatedAt) > since + tolerance)
        return `the secret was written again on ${secret.updatedAt}`;
    // A removal's secret is meant to be gone: its absence is the event, not the fix.
    if (!secret && complete && f.secret && !f.removal)
        return 'the secret no longer exists';
    if (f.reader && kind.startsWith('secret-read-')) {
        const [owner = '', name = '', ...rest] = f.reader.split('/');
        const repo = repoOf(`${owner}/${name}`);
        if (repo && repo.partial.length === 0) {
            const wf = repo.workflows.find((w) => w.path === rest.join('/'));
            // Closed only on evidence: the workflow is on the default branch, read completely, and names
            // the secret nowhere. A workflow that is not there (it may live on another branch) or did not
            // parse, or that hands secrets on wholesale (`secrets: inherit`, `toJSON(secrets)`,
            // `secrets[...]`), may still read it: the finding stays open.
            if (wf && wf.parseError === undefined && !wf.secretsWholesale) {
                const stillReads = wf.jobs.some((j) => j.secrets.some((x) => x.name.toUpperCase() === f.secretName));
                if (!stillReads)
                    return `${f.reader} no longer references ${f.secretName ?? 'the secret'}`;
            }
        }
    }
    return undefined;
}
/**
 * Folds newly read documents into the state: dedup by `_document_id`, record readers, turn reads
 * and changes into findings kept until their cause is gone, advance each complete query's
 * watermark, claim the new reads. Pure: the CAS loop may run it again on a newer state.
 */
function foldEvents(state, documents, inv, facts, opts) {
    const now = opts.now.getTime();
    const org = inv.organization;
    const seen = { ...state.seen };
    const readers = Object.fromEntries(Object.entries(state.readers).map(([k, v]) => [k, { ...v }]));
    const open = { ...state.open };
    const claimed = [];
    const unreviewed = [];
    const newReaders = [];
    const queries = { ...state.queries };
    const newest = {};
    let skippedBeforeWatermark = 0;
    // A new reader needs a baseline: an earlier run that read the reads completely (to a watermark).
    // A run a rate limit stopped half-way has seen only some readers: the rest are not new.
    const baseline = (state.queries[READ_ACTION]?.through ?? state.queries.export?.through) !== undefined;
    for (const d of documents) {
        const id = String(d._document_id);
        const t = documentTime(d) ?? 0;
        const action = String(d.action);
        newest[action] = Math.max(newest[action] ?? 0, t);
        if (opts.owns && !opts.owns(d))
            continue;
        if (seen[id] !== undefined)
            continue;
        const q = queries[action] ?? queries.export;
        if (q?.through !== undefined && t < q.through - OVERLAP_MS) {
            skippedBeforeWatermark++; // handled before the overlap window (or delivered too late to tell)
            continue;
        }
        seen[id] = t;
        for (const raw of readsOf(d)) {
            const run = facts.runs.get(`${raw.repository}#${raw.runId ?? ''}`);
            const event = raw.event ?? run?.event;
            const fork = raw.fork ?? run?.fork;
            // A run never re-run ran every job in attempt 1; a re-run one leaves the attempt unknown.
            const runAttempt = raw.runAttempt ?? (run?.attempts === 1 ? 1 : undefined);
            const r = {
                ...raw,
                ...(event ? { event } : {}),
                ...(fork !== undefined ? { fork } : {}),
                ...(runAttempt !== undefined ? { runAttempt } : {}),
            };
            claimed.push(r);
            const s = resolveRead(inv, r);
            if (!s) {
                // Never dropped in silence: the caller reports it (and the audit is partial when the
                // inventory that should have named the secret was).
                unreviewed.push(r);
                continue;
            }
            const key = (0,types/* instanceKey */.pA)(s);
            const known = readers[key] ?? {};
            if (!known[r.workflow]) {
                if (baseline && Object.keys(known).length > 0)
                    newReaders.push({ read: r, secret: s });
                known[r.workflow] = { first: r.time, last: r.time };
            }
            else {
                const k = known[r.workflow] ?? { first: r.time, last: r.time };
                known[r.workflow] = { first: k.first < r.time ? k.first : r.time, last: k.last > r.time ? k.last : r.time };
            }
            readers[key] = known;
            for (const f of readFindings(inv, r, s, facts, opts))
                open[f.finding.fingerprint] ??= f;
        }
        const c = changeOf(d, org);
        if (c)
            for (const f of changeFindings(c, org, opts))
                open[f.finding.fingerprint] ??= f;
    }
    for (const { read: r, secret: s } of newReaders) {
        const key = (0,types/* instanceKey */.pA)(s);
        const f = stored({
            kind: 'secret-read-new-reader',
            severity: 'medium',
            title: `${s.name} was read by ${r.workflow} for the first time`,
            scope: s.owner,
            subject: `${key}<-${r.workflow}:new`,
            evidence: [
                `Until ${r.time}, ${describeSecret(s)} was read only by: ${Object.entries(readers[key] ?? {})
                    .filter(([w]) => w !== r.workflow)
                    .map(([w]) => w)
                    .sort()
                    .join(', ')}.`,
                readEvidence(r),
            ],
            rootCause: 'A workflow started using the secret: expected after a reviewed change, suspicious otherwise.',
            remediation: `Confirm the change that made ${r.workflow} use ${s.name} was reviewed; close this issue once it is, or remove the reference and rotate ${s.name}.`,
        }, { since: r.time, secret: key, reader: r.workflow, secretName: s.name });
        open[f.finding.fingerprint] ??= f;
    }
    // Watermarks: a complete query advances to its newest event; a stopped one keeps its own and its cursor.
    for (const q of opts.complete) {
        const through = Math.max(queries[q]?.through ?? 0, newest[q] ?? 0, ...(q === 'export' ? Object.values(newest) : []));
        queries[q] = through > 0 ? { through, since: new Date(through - OVERLAP_MS).toISOString().slice(0, 10) } : {};
    }
    for (const [q, cursor] of Object.entries(opts.resume))
        queries[q] = { ...queries[q], ...(cursor.after ? { after: cursor.after } : {}) };
    // Forget ids older than every watermark's overlap window.
    // A document older than its query's watermark minus the overlap is skipped before `seen` is
    // asked, so ids below the lowest watermark's window can go (a query with no watermark yet has
    // no document in `seen`).
    const marks = Object.values(queries)
        .map((q) => q.through)
        .filter((t) => t !== undefined && t > 0);
    const floor = marks.length > 0 ? Math.min(...marks) : 0;
    for (const [id, t] of Object.entries(seen))
        if (floor > 0 && t < floor - OVERLAP_MS)
            delete seen[id];
    // Abandoned claims (their run died before confirming) are sent again by this run.
    const pending = state.pending.filter((p) => now - Date.parse(p.at) <= CLAIM_LEASE_MS);
    for (const p of state.pending)
        if (now - Date.parse(p.at) > CLAIM_LEASE_MS)
            claimed.unshift(...p.reads);
    if (claimed.length > 0)
        pending.push({ claim: opts.claim, at: opts.now.toISOString(), reads: claimed });
    // Unread production secrets, once the audit has looked back far enough.
    if (opts.unusedDays !== undefined) {
        const horizon = now - opts.unusedDays * 86_400_000;
        const lookedSince = state.since ? Date.parse(state.since) : now;
        if (lookedSince <= horizon) {
            // A shard sees only its repositories' reads: an organization secret read elsewhere is not unread.
            for (const s of allSecrets(inv).filter((x) => production(x) && !(opts.owns && x.scope === 'organization'))) {
                const key = (0,types/* instanceKey */.pA)(s);
                const last = Object.values(readers[key] ?? {}).reduce((m, x) => (x.last > m ? x.last : m), '');
                if (last !== '' && Date.parse(last) >= horizon)
                    continue;
                const f = stored({
                    kind: 'unread-secret',
                    severity: 'low',
                    title: `${s.name} was not read by any job for ${opts.unusedDays} days`,
                    scope: s.owner,
                    subject: `${key}:unread`,
                    evidence: [
                        `GitHub's audit log shows no job given ${describeSecret(s)} since ${last || `the audit started reading it (${state.since ?? ''})`}.`,
                    ],
                    rootCause: 'The secret outlived its use; an unused credential only widens exposure.',
                    remediation: `Delete ${s.name} and revoke the credential it holds, or confirm it is used outside GitHub Actions.`,
                }, { since: opts.now.toISOString(), secret: key, secretName: s.name });
                open[f.finding.fingerprint] ??= f;
            }
        }
    }
    const resolved = [];
    for (const [fp, f] of Object.entries(open)) {
        const why = f.finding.kind === 'unread-secret'
            ? Object.values(readers[f.secret ?? ''] ?? {}).some((x) => Date.parse(x.last) > Date.parse(f.since))
                ? 'it was read since'
                : undefined
            : causeGone(f, inv, opts, org);
        if (why) {
            resolved.push(`${f.finding.title}: ${why}`);
            delete open[fp];
        }
    }
    const next = {
        version: 1,
        queries,
        seen,
        pending,
        readers,
        open,
        since: state.since ?? opts.now.toISOString(),
    };
    return {
        state: next,
        claimed,
        findings: Object.values(open).map((f) => f.finding),
        resolved,
        unreviewed,
        skippedBeforeWatermark,
    };
}
/** A stable UUID-shaped id for a read: the same (job, secret) is the same event in every sink. */
function readEventId(r) {
    const h = (0,external_node_crypto_.createHash)('sha256').update(`github-audit-log\n${r.id}`).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
/** The `secret.read` audit event for one (job, secret) GitHub recorded: names only, never a value. */
function readRecord(inv, r) {
    const s = resolveRead(inv, r);
    return {
        id: readEventId(r),
        action: 'secret.read',
        target: {
            scope: s?.scope ?? 'repository',
            name: r.secret,
            repository: s ? s.owner : r.repository,
            ...(s?.environment ? { environment: s.environment } : {}),
        },
        outcome: 'success',
        details: {
            source: 'github-audit-log',
            document_id: r.documentId,
            observed_at: r.time,
            ...(s ? {} : { scope_unknown: true }),
            reader: {
                repository: r.repository,
                workflow_ref: r.workflowRef,
                ...(r.jobWorkflowRef ? { job_workflow_ref: r.jobWorkflowRef } : {}),
                ref: r.ref,
                event: r.event ?? null,
                ...(r.fork !== undefined ? { fork: r.fork } : {}),
                actor: r.actor,
                run_id: r.runId ?? null,
                run_attempt: r.runAttempt ?? null,
                job: r.job,
                environment: r.environment ?? null,
            },
        },
    };
}

;// CONCATENATED MODULE: ./src/audit/audit-state.ts
/**
 * What the secret audit remembers between runs, so that it never forgets: per audit-log query the
 * watermark it read up to (and the cursor a rate limit stopped it at), the events already handled
 * (dedup), the reads claimed for the sinks and not yet confirmed, who read each secret, and the
 * findings that came from events — kept until their cause is gone, not until GitHub's window
 * drops the event.
 *
 * Where it lives: a JSON file in a repository branch (by default beside the ledger, on its
 * protected branch), written through the contents API with the blob `sha` of the version read.
 * GitHub refuses a write whose `sha` is not the current one (409), which makes every update a
 * compare-and-swap: two overlapping runs cannot both claim the same reads. A repository variable
 * was the other candidate; its API has no such precondition (PATCH overwrites), holds at most
 * 48 KB, and keeps no history, so a lost update there would re-send or drop reads silently.
 * https://docs.github.com/en/rest/repos/contents#create-or-update-file-contents ("sha: Required
 * if you are updating a file. The blob SHA of the file being replaced.")
 */


/** `owner/repo[@branch][:path]`; defaults branch `audit-log` and path `audit-secrets-state.json`. */
function parseStateLocation(text) {
    const m = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)(?:@([^:\s]+))?(?::(\S+))?$/.exec(text.trim());
    if (!m)
        return undefined;
    const path = m[4] ?? 'audit-secrets-state.json';
    if (path.startsWith('/') || path.split('/').includes('..'))
        return undefined;
    return { owner: m[1] ?? '', repo: m[2] ?? '', branch: m[3] ?? 'audit-log', path };
}
function emptyState() {
    return { version: 1, queries: {}, seen: {}, pending: [], readers: {}, open: {} };
}
function isState(v) {
    if (typeof v !== 'object' || v === null)
        return false;
    const s = v;
    return (s.version === 1 &&
        typeof s.queries === 'object' &&
        typeof s.seen === 'object' &&
        Array.isArray(s.pending) &&
        typeof s.readers === 'object' &&
        typeof s.open === 'object');
}
function describe(loc) {
    return `${loc.owner}/${loc.repo}@${loc.branch}:${loc.path}`;
}
async function loadState(client, loc) {
    let data;
    try {
        data = (await client.request('GET /repos/{owner}/{repo}/contents/{path}', {
            owner: loc.owner,
            repo: loc.repo,
            path: loc.path,
            ref: loc.branch,
            request: { retries: 0 },
        })).data;
    }
    catch (error) {
        if ((0,github/* errorStatus */.PO)(error) === 404)
            return { state: emptyState() };
        throw error;
    }
    const text = Buffer.from(data.content ?? '', 'base64').toString('utf8');
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        throw new errors/* ConfigurationError */.j1(`The audit state ${describe(loc)} is not JSON: it was edited by hand. Restore it from the branch history; deleting it makes the next run read the audit log from the oldest event GitHub keeps.`);
    }
    if (!isState(parsed)) {
        throw new errors/* ConfigurationError */.j1(`The audit state ${describe(loc)} is not an audit-secrets state (version 1). Restore it from the branch history.`);
    }
    return { state: parsed, sha: data.sha };
}
/**
 * Applies `change` to the current state and writes it, as a compare-and-swap on the file's blob
 * sha: when another run wrote in between (409, or 422 for a file created meanwhile), the state is
 * read again and `change` applied to the new version. `change` returns undefined to write nothing.
 */
async function updateState(client, loc, change, message, attempts = 8) {
    for (let attempt = 0;; attempt++) {
        const current = await loadState(client, loc);
        const next = await change(current.state);
        if (!next)
            return { state: current.state };
        if (next.unchanged)
            return { result: next.result, state: current.state };
        try {
            await client.request('PUT /repos/{owner}/{repo}/contents/{path}', {
                owner: loc.owner,
                repo: loc.repo,
                path: loc.path,
                branch: loc.branch,
                message,
                content: Buffer.from(`${JSON.stringify(next.state)}\n`, 'utf8').toString('base64'),
                ...(current.sha ? { sha: current.sha } : {}),
                request: { retries: 0 },
            });
            return { result: next.result, state: next.state };
        }
        catch (error) {
            const status = (0,github/* errorStatus */.PO)(error);
            if ((status === 409 || status === 422) && attempt + 1 < attempts)
                continue;
            if (status === 403 || status === 401) {
                throw (0,github/* explainGitHubError */.Pm)(error, `writing the audit state ${describe(loc)}`, 'contents: write');
            }
            if (status === 404) {
                throw new errors/* ConfigurationError */.j1(`The audit state ${describe(loc)} cannot be written: the repository or branch '${loc.branch}' does not exist. Create the branch (the github audit sink uses the same one), or set 'audit-state' to another location.`);
            }
            throw error;
        }
    }
}

;// CONCATENATED MODULE: ./src/audit/review-events.ts
/**
 * One review of GitHub's audit log: read what is new since the watermark (API or streamed export),
 * fold it into the remembered state with a compare-and-swap, and hand back the findings and the
 * reads this run must send to the audit sinks (then confirm them, so no run sends them again).
 */








function factsOf(open) {
    return Object.fromEntries(Object.entries(open).map(([fp, { finding: _finding, ...facts }]) => [fp, facts]));
}
/** Does this shard handle the event: its repository's shard, or shard 1 for organization-level events? */
function shardOwns(shard, org) {
    return (d) => {
        const repository = readsOf(d)[0]?.repository ?? changeOf(d, org)?.repository;
        return repository ? (0,audit_inventory/* shardOf */.IS)(repository, shard.count) === shard.index : shard.index === 1;
    };
}
/** Exact (case-insensitive) or glob match on actor logins, as allowed-writers is matched elsewhere. */
function allowedBy(patterns) {
    return (ids) => patterns.some((p) => ids.some((id) => id !== '' && (id.toLowerCase() === p.toLowerCase() || (0,esm/* minimatch */.xF)(id, p, { nocase: true }))));
}
async function readersRules(path, inv, warnings, sharded) {
    if (!path)
        return { unknown: [] };
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`Input 'readers-policy': ${path} cannot be read (${(0,errors/* errorMessage */.gJ)(error)}).`);
    }
    let rules;
    try {
        rules = parseReadersPolicy(text);
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`Input 'readers-policy': ${path}: ${(0,errors/* errorMessage */.gJ)(error)}.`);
    }
    const unknown = unknownPolicySecrets(rules, inv);
    // A misspelt name would leave the real secret unchecked: fail, unless the inventory is partial.
    // A shard holds only its repositories' secrets: the others' names are not misspelt there.
    if (unknown.length > 0 && !sharded && inv.partial.length > 0) {
        warnings.push(`Input 'readers-policy': ${path} names secret(s) the audit did not find: ${unknown.join(', ')} (the inventory is partial, so they may only be unread; otherwise fix the names).`);
    }
    else if (unknown.length > 0 && !sharded) {
        throw new errors/* ConfigurationError */.j1(`Input 'readers-policy': ${path} names secret(s) no audited scope holds: ${unknown.join(', ')}. Fix the name (secret names, or instance keys such as environment:owner/repo:production:NAME), or remove the entry.`);
    }
    // A shard hands its unknown names on: the merge reports those no shard holds (report.ts).
    return { rules, unknown };
}
async function readEvents(client, reader, inv, options) {
    const warnings = [];
    const partial = [];
    const notes = [];
    const { rules, unknown: unknownReaders } = await readersRules(options.readersPolicy, inv, warnings, options.shard !== undefined);
    const loaded = options.state ? await loadState(client, options.state) : { state: emptyState() };
    const start = loaded.state;
    // What to read: the export when given (it holds everything the stream received), else the API.
    let collected;
    let complete = [];
    let resume = {};
    const unread = (why) => {
        partial.push(`${options.org}: audit log not read (${why}): secret reads (workflows.prepared_workflow_job), secret removals, Dependabot/Codespaces secret and variable changes are not reviewed`);
        warnings.push(`The organization audit log of '${options.org}' could not be read (${why}). Not checked: which jobs GitHub handed secrets to (reads from untrusted triggers, unprotected refs, unlisted or new readers, unread secrets), and secret/variable changes and removals outside the ledger. Use a token of an organization owner with 'read:audit_log' (classic) or 'Administration: read' on GitHub Enterprise Cloud, or give 'audit-log-export' files from your audit-log stream.`);
    };
    if (options.exportFiles.length > 0) {
        try {
            collected = await readExport(options.exportFiles);
        }
        catch (error) {
            throw new errors/* ConfigurationError */.j1(`Input 'audit-log-export': ${(0,errors/* errorMessage */.gJ)(error)}.`);
        }
        complete = ['export'];
        notes.push(`Streamed export: ${collected.documents.length} event(s) read from ${options.exportFiles.length} file(s), ${collected.duplicates} duplicate(s) and ${collected.ignored} event(s) of other kinds skipped.`);
    }
    else if (options.useApi) {
        const cursors = {};
        for (const [q, c] of Object.entries(start.queries))
            cursors[q] = { since: c.since, after: c.after };
        try {
            const api = await readApi(client, {
                org: options.org,
                cursors,
                maxWaitSeconds: options.maxWaitSeconds ?? 60,
            });
            collected = api;
            complete = [...api.complete];
            resume = { ...api.resume };
            notes.push(`Audit log API: ${api.documents.length} event(s) in ${api.queries} quer${api.queries === 1 ? 'y' : 'ies'}${api.stopped ? `; stopped early: ${api.stopped}` : ''}.`);
            if (api.stopped) {
                partial.push(`${options.org}: audit log read in part: ${api.stopped}; ${Object.keys(api.resume).length} quer${Object.keys(api.resume).length === 1 ? 'y resumes' : 'ies resume'} from ${options.state ? 'the recorded cursor' : 'the start'} next run`);
            }
        }
        catch (error) {
            if (!(error instanceof AuditLogUnavailable))
                throw error;
            unread(error.status === 404
                ? `404 ${error.message}: the audit log API exists only on GitHub Enterprise Cloud`
                : `${error.status} ${error.message}: only organization owners can read it`);
        }
    }
    else {
        unread(`'read-audit-log' is false and no 'audit-log-export' is given`);
    }
    if (collected && collected.rejected.length > 0) {
        const shown = collected.rejected.slice(0, 10).join('; ');
        warnings.push(`${collected.rejected.length} audit-log line(s) could not be used: ${shown}${collected.rejected.length > 10 ? '; ...' : ''}.`);
        partial.push(`${options.org}: ${collected.rejected.length} audit-log line(s) unusable, events may be missing`);
    }
    const documents = collected?.documents ?? [];
    const owns = options.shard ? shardOwns(options.shard, options.org) : undefined;
    const facts = await lookupRefFacts(reader, documents.filter((d) => !owns || owns(d)).flatMap((d) => readsOf(d)));
    warnings.push(...facts.warnings);
    const claim = (0,external_node_crypto_.randomUUID)();
    const fold = (state) => foldEvents(state, documents, inv, facts, {
        now: options.now,
        allowedWriters: options.allowedWriters,
        isAllowed: allowedBy(options.allowedWriters),
        readers: rules,
        ledger: options.ledger,
        unusedDays: options.unreadDays && options.unreadDays > 0 ? options.unreadDays : undefined,
        claim,
        complete,
        resume,
        ...(owns ? { owns } : {}),
    });
    // Reads whose secret the inventory does not hold cannot be reviewed: say so, and when the inventory
    // was partial (the secret may be in what was not read), the audit is partial too.
    const reportUnreviewed = (unreviewed) => {
        if (unreviewed.length === 0)
            return;
        const names = [
            ...new Set(unreviewed.map((r) => `${r.secret} (${r.repository}${r.environment ? `, ${r.environment}` : ''})`)),
        ].sort();
        const text = `${unreviewed.length} secret read(s) name a secret the inventory does not hold, so they were logged but not reviewed: ${names.slice(0, 10).join(', ')}${names.length > 10 ? `, and ${names.length - 10} more` : ''}.`;
        if (inv.partial.length > 0)
            partial.push(`${options.org}: ${text}`);
        else
            warnings.push(`${text} (Secrets removed since they were read.)`);
    };
    if (!options.state) {
        const analysis = fold(start);
        reportUnreviewed(analysis.unreviewed);
        if (analysis.claimed.length > 0) {
            warnings.push(`${analysis.claimed.length} secret read(s) were found but not sent to the audit sinks: without 'audit-state' (or 'ledger') the audit has no watermark and would send them again on every run.`);
        }
        return {
            findings: analysis.findings,
            warnings,
            partial,
            reads: [],
            records: [],
            confirm: async () => { },
            notes,
            remembered: false,
            facts: factsOf(analysis.state.open),
            ...(options.shard && options.readersPolicy ? { unknownReaders } : {}),
        };
    }
    const location = options.state;
    const { result } = await updateState(client, location, (state) => {
        const analysis = fold(state);
        // Nothing read and nothing changed (e.g. the audit log could not be read): no write needed.
        const unchanged = (collected === undefined && analysis.claimed.length === 0) ||
            JSON.stringify(analysis.state) === JSON.stringify(state);
        return { state: analysis.state, result: analysis, unchanged };
    }, `audit-secrets: audit-log watermark and findings (${options.now.toISOString()})`);
    if (!result)
        throw new Error('audit state update returned nothing');
    reportUnreviewed(result.unreviewed);
    if (result.resolved.length > 0)
        notes.push(`Resolved: ${result.resolved.join('; ')}.`);
    if (result.skippedBeforeWatermark > 0) {
        notes.push(`${result.skippedBeforeWatermark} event(s) older than the watermark (less its ${OVERLAP_MS / 86_400_000}-day overlap) were skipped as handled by an earlier run (an export delivered later than that is not read again).`);
    }
    const reads = result.state.queries[options.exportFiles.length > 0 ? 'export' : READ_ACTION]?.through;
    notes.push(`${result.claimed.length} secret read(s) new since the watermark; secret reads read through ${reads ? new Date(reads).toISOString() : '(none yet)'}; audit state ${location.owner}/${location.repo}@${location.branch}:${location.path}.`);
    return {
        findings: result.findings,
        warnings,
        partial,
        reads: result.claimed,
        records: result.claimed.map((r) => readRecord(inv, r)),
        notes,
        // A state created by this run (new, or deleted by hand) remembers nothing older yet: its first
        // run closes event issues only on evidence, like a run without a state; later runs remember only
        // what happened since it first read (a recreated state never saw the events before it).
        remembered: loaded.sha !== undefined,
        ...(loaded.sha !== undefined && start.since ? { rememberedSince: start.since } : {}),
        facts: factsOf(result.state.open),
        ...(options.shard && options.readersPolicy ? { unknownReaders } : {}),
        confirm: async () => {
            if (result.claimed.length === 0)
                return;
            await updateState(client, location, (state) => state.pending.some((p) => p.claim === claim)
                ? { state: { ...state, pending: state.pending.filter((p) => p.claim !== claim) }, result: true }
                : undefined, `audit-secrets: ${result.claimed.length} secret read(s) recorded in the audit sinks`);
        },
    };
}

;// CONCATENATED MODULE: ./src/audit/sarif.ts
/** Short descriptions of each rule, for the SARIF driver and the docs. */
const RULES = {
    'stale-secret': 'Secret older than max-age',
    'never-rotated': 'Secret never rotated by rotate-secret',
    'shared-value': 'One secret value shared by several secrets',
    'unauthorized-write': 'Secret written by other than an allowed rotation workflow',
    'unlogged-write': 'Secret written without a ledger event',
    'ledger-tampered': 'Audit ledger hash chain broken',
    'missing-secret': 'Workflow references a secret that is not defined',
    'unused-secret': 'Secret referenced by no workflow',
    'untrusted-trigger-exposure': 'Secrets available to pull_request_target or workflow_run',
    'environment-without-reviewers': 'Deployment environment without required reviewers',
    'trust-anchor-review-overdue': 'Trust anchor past its review date',
    'secret-read-untrusted-trigger': 'Production secret handed to a run from a fork or an untrusted trigger',
    'secret-read-unprotected-ref': 'Production secret read by a job on an unprotected ref',
    'secret-read-unlisted-reader': 'Secret read by a workflow its readers policy does not allow',
    'secret-read-new-reader': 'Secret read by a workflow for the first time',
    'unread-secret': 'Production secret no job read for the configured number of days',
    'unlogged-removal': 'Secret removed without a ledger event',
};
const LEVEL = {
    critical: 'error',
    high: 'error',
    medium: 'warning',
    low: 'note',
};
const SECURITY_SEVERITY = {
    critical: '9.5',
    high: '8.0',
    medium: '5.0',
    low: '2.0',
};
/**
 * SARIF 2.1.0 for code scanning: one rule per finding kind, one result per finding, located at the
 * workflow or ledger line when there is one (code scanning needs a location; other findings point
 * at `.github`), with the finding fingerprint as the partial fingerprint so alerts stay stable.
 */
function toSarif(findings, version) {
    const kinds = Object.keys(RULES);
    return {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
            {
                tool: {
                    driver: {
                        name: 'secure-deploy audit-secrets',
                        version,
                        informationUri: 'https://owaspsamm.org/model/implementation/secure-deployment/',
                        rules: kinds.map((id) => ({
                            id,
                            name: id.replace(/(^|-)([a-z])/g, (_m, _d, c) => c.toUpperCase()),
                            shortDescription: { text: RULES[id] },
                            properties: { tags: ['security', 'secrets'] },
                        })),
                    },
                },
                results: findings.map((f) => ({
                    ruleId: f.kind,
                    ruleIndex: kinds.indexOf(f.kind),
                    level: LEVEL[f.severity],
                    message: { text: `${f.title} (${f.scope}). ${f.evidence.join(' ')} Likely root cause: ${f.rootCause}` },
                    locations: [
                        {
                            physicalLocation: {
                                artifactLocation: { uri: f.file ?? '.github' },
                                ...(f.line ? { region: { startLine: f.line } } : {}),
                            },
                            logicalLocations: [{ name: f.subject, kind: 'object', fullyQualifiedName: `${f.scope}/${f.subject}` }],
                        },
                    ],
                    partialFingerprints: { secureDeployFinding: f.fingerprint },
                    properties: { 'security-severity': SECURITY_SEVERITY[f.severity], severity: f.severity, scope: f.scope },
                })),
            },
        ],
    };
}

;// CONCATENATED MODULE: ./src/audit/report.ts





/** `1/4` → `{index: 1, count: 4}`. */
function parseShard(text) {
    if (text.trim() === '')
        return undefined;
    const m = /^(\d+)\/(\d+)$/.exec(text.trim());
    const index = Number(m?.[1]);
    const count = Number(m?.[2]);
    if (!m || count < 1 || index < 1 || index > count) {
        throw new errors/* ConfigurationError */.j1(`Input 'shard' must be 'i/n' with 1 <= i <= n (e.g. '2/4'), not '${text.trim()}'.`);
    }
    return { index, count };
}
function countBySeverity(findings) {
    const out = Object.fromEntries(types/* SEVERITIES */.oC.map((s) => [s, 0]));
    for (const f of findings)
        out[f.severity]++;
    return out;
}
/**
 * Reads shard reports and merges them: findings joined, cross-repository findings (shared values,
 * unused organization secrets) computed over all shards, and any missing shard reported as partial.
 */
async function mergeReports(paths) {
    const reports = [];
    for (const path of paths) {
        let parsed;
        try {
            parsed = (0,nesting/* parseJsonText */.lk)(await (0,promises_.readFile)(path, 'utf8'), `the findings file ${path}`);
        }
        catch (error) {
            throw new Error(`the findings file ${path} could not be read as JSON: ${error instanceof Error ? error.message : String(error)}`);
        }
        const r = parsed;
        if (r.version !== 1 || !Array.isArray(r.findings) || !r.facts) {
            throw new Error(`${path} is not a secure-deploy findings file (version 1)`);
        }
        reports.push(r);
    }
    const partial = reports.flatMap((r) => r.partial);
    const counts = new Set(reports.map((r) => r.shard?.count).filter((c) => c !== undefined));
    if (counts.size > 1)
        partial.push(`the shard files disagree on the number of shards: ${[...counts].join(', ')}`);
    const count = [...counts][0];
    if (count !== undefined) {
        const have = new Set(reports.map((r) => r.shard?.index));
        for (let i = 1; i <= count; i++)
            if (!have.has(i))
                partial.push(`shard ${i}/${count} is missing from the merge`);
    }
    const fingerprints = reports.flatMap((r) => r.facts.fingerprints);
    const use = {};
    for (const r of reports)
        for (const [k, v] of Object.entries(r.facts.orgSecretUse))
            use[k] = (use[k] ?? 0) + v;
    const organization = reports.find((r) => r.organization)?.organization;
    const orgSecrets = [...new Map(reports.flatMap((r) => r.facts.organizationSecrets).map((s) => [s.name, s])).values()];
    const cross = [...sharedValueFindings(fingerprints)];
    // Event findings are remembered only if every shard that read the audit log kept an audit state.
    const withEvents = reports.filter((r) => r.facts.events !== undefined);
    const events = withEvents.length > 0
        ? {
            remembered: withEvents.every((r) => r.facts.events?.remembered === true),
            // The latest first read among the shards: before it, not every shard remembers.
            ...latestSince(withEvents.map((r) => r.facts.events?.rememberedSince)),
            facts: Object.assign({}, ...withEvents.map((r) => r.facts.events?.facts ?? {})),
        }
        : undefined;
    // A readers-policy name no shard holds a secret of is misspelt (or its secret is gone): its check
    // never runs, so the merged audit is not clean.
    const lists = withEvents.map((r) => r.facts.events?.unknownReaders);
    if (lists.length > 0 && lists.every((l) => l !== undefined)) {
        const nowhere = (lists[0] ?? []).filter((n) => lists.every((l) => l?.includes(n)));
        if (nowhere.length > 0)
            partial.push(`readers-policy names secret(s) no shard holds: ${nowhere.join(', ')}; their reads are not checked against the policy (fix the names, or remove the entries)`);
    }
    if (organization && orgSecrets.length > 0)
        cross.push(...unusedOrgSecretFindings(organization, orgSecrets, use));
    return {
        version: 1,
        generatedAt: new Date().toISOString(),
        organization,
        repositories: [...new Set(reports.flatMap((r) => r.repositories))].sort(),
        findings: dedupe([...reports.flatMap((r) => r.findings), ...cross]),
        warnings: [...new Set(reports.flatMap((r) => r.warnings))],
        partial,
        facts: {
            fingerprints,
            orgSecretUse: use,
            organizationSecrets: orgSecrets,
            inventoryCounts: reports.reduce((a, r) => ({
                secrets: a.secrets + r.facts.inventoryCounts.secrets,
                environments: a.environments + r.facts.inventoryCounts.environments,
                workflows: a.workflows + r.facts.inventoryCounts.workflows,
            }), { secrets: 0, environments: 0, workflows: 0 }),
            ...(events ? { events } : {}),
        },
    };
}
/** Job summary: status, counts per severity, and the findings. */
function summarySections(report, extra = []) {
    const counts = countBySeverity(report.findings);
    const status = report.partial.length > 0
        ? 'PARTIAL — not every scope could be read; this is not a clean result'
        : report.findings.length === 0
            ? 'No findings'
            : `${report.findings.length} finding(s)`;
    const sections = [
        {
            heading: 'Secret audit',
            lines: [
                `Status: ${status}`,
                `Audited ${report.repositories.length} repositor${report.repositories.length === 1 ? 'y' : 'ies'}${report.organization ? ` of ${report.organization}` : ''}; ${report.facts.inventoryCounts.secrets} secrets, ${report.facts.inventoryCounts.environments} environments, ${report.facts.inventoryCounts.workflows} workflows.`,
                ...extra,
            ],
            table: { headers: ['Severity', 'Findings'], rows: [...types/* SEVERITIES */.oC].reverse().map((s) => [s, String(counts[s])]) },
        },
    ];
    if (report.findings.length > 0) {
        const shown = report.findings.slice(0, 200);
        sections.push({
            heading: 'Findings',
            lines: report.findings.length > shown.length
                ? [`Showing ${shown.length} of ${report.findings.length}; the findings file has all.`]
                : [],
            table: {
                headers: ['Severity', 'Finding', 'Scope', 'Subject', 'Likely root cause'],
                rows: shown.map((f) => [f.severity, f.kind, f.scope, f.subject, f.rootCause]),
            },
        });
    }
    if (report.partial.length > 0 || report.warnings.length > 0) {
        sections.push({
            heading: 'Not covered',
            table: {
                headers: ['Kind', 'Detail'],
                rows: [...report.partial.map((p) => ['partial', p]), ...report.warnings.map((w) => ['warning', w])],
            },
        });
    }
    return sections;
}
/** `{ rememberedSince }` as the latest of the shards' (none if any shard has none). */
function latestSince(values) {
    if (values.length === 0 || values.some((v) => v === undefined))
        return {};
    const latest = Math.max(...values.map((v) => Date.parse(v ?? '')));
    return Number.isFinite(latest) ? { rememberedSince: new Date(latest).toISOString() } : {};
}

;// CONCATENATED MODULE: ./src/audit/index.ts
/**
 * The secret audit: read the inventory (repositories, environments, organization, rotation state,
 * ledger, organization audit log), turn it into findings, and hand back a report. The action and
 * the CLI call `runAudit`, then file issues, write SARIF and the summary from what it returns.
 */















async function runAudit(client, options) {
    const reader = new audit_fetch/* Reader */.m(client, options.concurrency);
    const now = options.now ?? new Date();
    const warnings = [];
    const partial = [];
    let trustAnchors;
    if (options.trustPolicy) {
        let text;
        try {
            text = await (0,promises_.readFile)(options.trustPolicy, 'utf8');
        }
        catch (error) {
            throw new errors/* ConfigurationError */.j1(`Input 'trust-policy': ${options.trustPolicy} cannot be read (${(0,errors/* errorMessage */.gJ)(error)}).`);
        }
        try {
            trustAnchors = { file: options.trustPolicy, anchors: readTrustAnchors(text) };
        }
        catch (error) {
            throw new errors/* ConfigurationError */.j1(`Input 'trust-policy': ${options.trustPolicy}: ${(0,errors/* errorMessage */.gJ)(error)}.`);
        }
    }
    const first = !options.shard || options.shard.index === 1;
    const [inventory, ledgerText] = await Promise.all([
        (0,audit_inventory/* collectInventory */.rS)(reader, {
            organization: options.organization,
            repositories: options.repositories,
            include: options.include,
            shard: options.shard,
            lastRead: options.lastRead,
            admit: options.admit,
        }).catch((error) => {
            throw (0,github/* explainGitHubError */.Pm)(error, `listing the repositories to audit`, 'metadata: read');
        }),
        options.ledger
            ? reader.pool
                .run(() => readLedger(client, options.ledger))
                .catch((error) => {
                const status = (0,github/* errorStatus */.PO)(error);
                if (status === 403 || status === 401) {
                    throw (0,github/* explainGitHubError */.Pm)(error, `reading the ledger ${options.ledger?.owner}/${options.ledger?.repo}`, 'contents: read');
                }
                throw error;
            })
            : Promise.resolve(undefined),
    ]);
    warnings.push(...inventory.warnings);
    partial.push(...inventory.partial);
    let ledger;
    const ledgerName = options.ledger
        ? `${options.ledger.owner}/${options.ledger.repo}@${options.ledger.branch}:${options.ledger.path}`
        : '';
    if (options.ledger) {
        if (ledgerText === undefined) {
            partial.push(`the ledger ${ledgerName} does not exist: writes cannot be matched with ledger events`);
        }
        else {
            const check = checkLedger(ledgerText);
            // Tampering is reported once, by the first shard.
            ledger = { name: ledgerName, entries: check.entries, problems: first ? check.problems : [] };
        }
    }
    let events;
    const org = inventory.organization;
    // Every shard reads the audit log and keeps its own repositories' events (review-events.ts).
    if (org && (options.readAuditLog || (options.auditLogExport ?? []).length > 0)) {
        events = await readEvents(options.auditLogClient ?? client, reader, inventory, {
            org,
            now,
            useApi: options.readAuditLog,
            exportFiles: options.auditLogExport ?? [],
            state: options.auditState,
            readersPolicy: options.readersPolicy,
            unreadDays: options.unreadDays,
            allowedWriters: options.allowedWriters,
            ledger: ledger?.entries,
            ...(options.shard ? { shard: options.shard } : {}),
        });
        warnings.push(...events.warnings);
        partial.push(...events.partial);
    }
    const analysis = analyse(inventory, {
        now,
        maxAgeDays: options.maxAgeDays,
        allowedWriters: options.allowedWriters,
        ledger,
        trustAnchors: first ? trustAnchors : undefined,
        crossRepository: !options.shard,
    });
    const partialRepos = new Set(partial.map((p) => p.split(':')[0] ?? ''));
    const auditedScopes = new Set(inventory.repositories.map((r) => r.fullName).filter((r) => !partialRepos.has(r)));
    // A run stopped by its budget has not seen every repository: nothing organization-wide is settled.
    if (inventory.organization && !partialRepos.has(inventory.organization) && !partialRepos.has('budget'))
        auditedScopes.add(inventory.organization);
    if (options.ledger && ledger)
        auditedScopes.add(`${options.ledger.owner}/${options.ledger.repo}`);
    if (trustAnchors)
        auditedScopes.add(trustAnchors.file);
    const report = {
        version: 1,
        generatedAt: now.toISOString(),
        shard: options.shard,
        organization: inventory.organization,
        repositories: inventory.repositories.map((r) => r.fullName),
        findings: dedupe([...analysis.findings, ...(events?.findings ?? [])]),
        warnings,
        partial,
        facts: {
            fingerprints: analysis.fingerprints,
            orgSecretUse: analysis.orgSecretUse,
            organizationSecrets: inventory.organizationSecrets,
            inventoryCounts: {
                secrets: inventory.repositories.reduce((n, r) => n + r.secrets.length, 0) + inventory.organizationSecrets.length,
                environments: inventory.repositories.reduce((n, r) => n + r.environments.length, 0),
                workflows: inventory.repositories.reduce((n, r) => n + r.workflows.length, 0),
            },
            ...(events
                ? {
                    events: {
                        remembered: events.remembered,
                        ...(events.rememberedSince ? { rememberedSince: events.rememberedSince } : {}),
                        facts: events.facts,
                        ...(events.unknownReaders ? { unknownReaders: events.unknownReaders } : {}),
                    },
                }
                : {}),
        },
    };
    const read = inventory.repositories.map((r) => r.fullName);
    const gone = (kind, facts) => causeGone({ ...facts, finding: { kind } }, inventory, {
        now,
        allowedWriters: options.allowedWriters,
        isAllowed: () => false,
        ledger: ledger?.entries,
    }, inventory.organization);
    return { report, auditedScopes, requests: reader.requests, read, causeGone: gone, ...(events ? { events } : {}) };
}

;// CONCATENATED MODULE: ./src/audit/execute.ts
/**
 * One audit from start to end, shared by the action and `secure-deploy audit`: run (or merge),
 * write the findings and SARIF files, file issues, and decide whether the severity threshold fails.
 */












const REPO = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;
/** Checks the configuration and turns it into audit options; every problem is a ConfigurationError. */
function auditOptions(config, defaultRepository) {
    for (const r of config.repositories) {
        if (!REPO.test(r))
            throw new errors/* ConfigurationError */.j1(`Input 'repositories': '${r}' is not 'owner/name'.`);
    }
    if (config.organization && !/^[A-Za-z0-9-]+$/.test(config.organization)) {
        throw new errors/* ConfigurationError */.j1(`Input 'organization': '${config.organization}' is not an organization name.`);
    }
    const shard = parseShard(config.shard);
    if (shard && (!config.organization || config.repositories.length > 0)) {
        throw new errors/* ConfigurationError */.j1(`Input 'shard' splits an organization: set 'organization' and leave 'repositories' empty.`);
    }
    if (config.issuesRepository && !REPO.test(config.issuesRepository)) {
        throw new errors/* ConfigurationError */.j1(`Input 'issues-repository': '${config.issuesRepository}' is not 'owner/name'.`);
    }
    const ledger = config.ledger ? parseLedgerLocation(config.ledger) : undefined;
    if (config.ledger && !ledger) {
        throw new errors/* ConfigurationError */.j1(`Input 'ledger': '${config.ledger}' is not 'owner/repo[@branch][:path]'.`);
    }
    let auditState;
    if (config.auditState) {
        auditState = parseStateLocation(config.auditState);
        if (!auditState)
            throw new errors/* ConfigurationError */.j1(`Input 'audit-state': '${config.auditState}' is not 'owner/repo[@branch][:path]' (a relative path without '..').`);
    }
    else if (ledger) {
        // Beside the ledger, on its protected branch: the state is as trustworthy as the ledger.
        const dir = ledger.path.includes('/') ? ledger.path.slice(0, ledger.path.lastIndexOf('/') + 1) : '';
        auditState = {
            owner: ledger.owner,
            repo: ledger.repo,
            branch: ledger.branch,
            path: `${dir}audit-secrets-state.json`,
        };
    }
    // Each shard keeps its own audit state (its repositories' events, watermarks and claims): one
    // file per shard, so shards never contend for one compare-and-swap.
    if (auditState && shard) {
        const { path } = auditState;
        const dot = path.lastIndexOf('.') > path.lastIndexOf('/') ? path.lastIndexOf('.') : path.length;
        auditState = {
            ...auditState,
            path: `${path.slice(0, dot)}.shard-${shard.index}-of-${shard.count}${path.slice(dot)}`,
        };
    }
    if (config.auditLogExport.length > 0 && !config.organization) {
        throw new errors/* ConfigurationError */.j1(`Input 'audit-log-export' is an organization's audit log: set 'organization' too.`);
    }
    let repositories = config.repositories;
    if (repositories.length === 0 && !config.organization) {
        if (!defaultRepository)
            throw new errors/* ConfigurationError */.j1(`Nothing to audit: set 'repositories' or 'organization'.`);
        repositories = [defaultRepository];
    }
    return {
        organization: config.organization || undefined,
        repositories: repositories.length > 0 ? repositories : undefined,
        include: config.repositoryFilter,
        shard,
        maxAgeDays: config.maxAgeDays,
        allowedWriters: config.allowedWriters,
        ledger,
        trustPolicy: config.trustPolicy || undefined,
        readAuditLog: config.readAuditLog,
        auditLogExport: config.auditLogExport,
        auditState,
        readersPolicy: config.readersPolicy || undefined,
        unreadDays: config.unreadDays,
        concurrency: config.concurrency,
    };
}
async function writeText(path, text) {
    const full = (0,external_node_path_.resolve)(path);
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(full), { recursive: true });
    await (0,promises_.writeFile)(full, text, 'utf8');
    return path;
}
async function executeAudit(client, config, context) {
    const session = context.session;
    const options = {
        ...auditOptions(config, context.repository),
        auditLogClient: context.auditLogClient,
        lastRead: session?.cache?.lastRead,
        // Repository by repository admission only under max-requests: otherwise every repository is
        // started at once (the request pool bounds the reads), and the token's headroom is kept per request.
        admit: session && session.budget.maxRequests > 0
            ? (readBefore, inFlight) => session.budget.admit(readBefore, inFlight)
            : undefined,
    };
    let events;
    let causeGone;
    let report;
    let requests = 0;
    let auditedScopes;
    if (config.merge.length > 0) {
        try {
            report = await mergeReports(config.merge);
        }
        catch (error) {
            throw new errors/* ConfigurationError */.j1(`Input 'merge': ${error instanceof Error ? error.message : String(error)}.`);
        }
        const partialScopes = new Set(report.partial.map((p) => p.split(':')[0] ?? ''));
        const missingShard = report.partial.some((p) => p.startsWith('shard ') || p.startsWith('the shard files'));
        auditedScopes = missingShard
            ? new Set()
            : new Set([
                ...report.repositories,
                ...(report.organization ? [report.organization] : []),
                ...report.findings.map((f) => f.scope),
            ].filter((s) => !partialScopes.has(s)));
    }
    else {
        const run = await runAudit(client, options);
        report = run.report;
        requests = run.requests;
        auditedScopes = run.auditedScopes;
        events = run.events;
        causeGone = run.causeGone;
        context.session?.markRead(run.read);
    }
    // max-requests bounds the collection; filing the findings may still use the token's headroom.
    if (context.session)
        context.session.budget.enforcing = false;
    const findingsFile = config.findingsFile
        ? await writeText(config.findingsFile, `${JSON.stringify(report, null, 2)}\n`)
        : '';
    const sarifFile = config.sarifFile
        ? await writeText(config.sarifFile, `${JSON.stringify(toSarif(report.findings, context.version), null, 2)}\n`)
        : '';
    let feed;
    if (config.issuesRepository && !report.shard) {
        const [owner = '', repo = ''] = config.issuesRepository.split('/');
        feed = await syncIssues(client, report.findings, {
            owner,
            repo,
            labels: config.issueLabels,
            auditedScopes,
            runUrl: context.runUrl,
            // A merge has no inventory to show a cause gone: without an audit state, event issues stay open.
            events: {
                remembered: report.facts.events?.remembered === true,
                ...(report.facts.events?.rememberedSince ? { rememberedSince: report.facts.events.rememberedSince } : {}),
                facts: report.facts.events?.facts ?? {},
                ...(causeGone ? { causeGone } : {}),
            },
        });
    }
    const top = highest(report.findings);
    const onFindings = config.failOn !== 'none' && top !== undefined && (0,types/* severityRank */.qs)(top) >= (0,types/* severityRank */.qs)(config.failOn);
    const partial = report.partial.length > 0;
    const reasons = [];
    if (onFindings)
        reasons.push(`The secret audit found ${report.findings.length} finding(s), the highest '${top ?? ''}', at or above fail-on '${config.failOn}'.`);
    // Fail closed: what could not be read may hold exactly the findings the audit is for.
    if (partial && !config.allowPartial)
        reasons.push(`The secret audit is partial, not clean: ${report.partial.length} scope(s) could not be read completely (${report.partial.join('; ')}). Fix the access, or set 'allow-partial: true' to accept a partial result.`);
    return {
        report,
        feed,
        ...(events ? { events } : {}),
        requests,
        findingsFile,
        sarifFile,
        highest: top,
        partial,
        failed: reasons.length > 0,
        failure: reasons.join(' '),
    };
}

// EXTERNAL MODULE: ./src/core/context.ts
var context = __webpack_require__(8480);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 16 modules
var core = __webpack_require__(560);
;// CONCATENATED MODULE: ./src/core/inputs.ts



/** Reads inputs the way the Actions runner passes them (`INPUT_<NAME>`, upper-cased, spaces to `_`). */
const runnerInputSource = (name) => core/* getInput */.V4(name);
/** A value the runner did not resolve, such as a default of `${{ github.token }}` outside a workflow. */
function isUnresolvedExpression(value) {
    return /^\$\{\{.*\}\}$/s.test(value.trim());
}
function camelCase(name) {
    return name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
}
const TRUE_WORDS = new Set(['true', 'True', 'TRUE']);
const FALSE_WORDS = new Set(['false', 'False', 'FALSE']);
/** Reads one input per its spec, throwing a ConfigurationError that names the input and what is expected. */
function readInput(name, spec, source) {
    const raw = source(name);
    const present = raw !== undefined && raw.trim() !== '' && !isUnresolvedExpression(raw);
    const value = present ? raw : undefined;
    switch (spec.type) {
        case 'string': {
            if (value === undefined) {
                if (spec.required) {
                    throw new errors/* ConfigurationError */.j1(`Input '${name}' is required but was not given. Set it in the step's 'with:' block.`);
                }
                return spec.default !== undefined && !isUnresolvedExpression(spec.default) ? spec.default : '';
            }
            if (spec.secret)
                (0,mask/* maskSecret */.$l)(value);
            return spec.secret ? value : value.trim();
        }
        case 'boolean': {
            if (value === undefined)
                return spec.default;
            const v = value.trim();
            if (TRUE_WORDS.has(v))
                return true;
            if (FALSE_WORDS.has(v))
                return false;
            throw new errors/* ConfigurationError */.j1(`Input '${name}' must be 'true' or 'false', not '${v}'.`);
        }
        case 'integer': {
            if (value === undefined) {
                if (spec.required) {
                    throw new errors/* ConfigurationError */.j1(`Input '${name}' is required but was not given. Set it to a whole number.`);
                }
                return spec.default;
            }
            const v = value.trim();
            if (!/^-?\d+$/.test(v))
                throw new errors/* ConfigurationError */.j1(`Input '${name}' must be a whole number, not '${v}'.`);
            const n = Number(v);
            if (!Number.isSafeInteger(n) && spec.max === undefined) {
                // Past 2^53 a number is no longer the one written (99999999999999999999 reads as 1e20).
                throw new errors/* ConfigurationError */.j1(`Input '${name}' is too large: ${v}.`);
            }
            if (spec.min !== undefined && n < spec.min) {
                throw new errors/* ConfigurationError */.j1(`Input '${name}' must be at least ${spec.min}, not ${v}.`);
            }
            if (spec.max !== undefined && n > spec.max) {
                throw new errors/* ConfigurationError */.j1(`Input '${name}' must be at most ${spec.max}, not ${v}.`);
            }
            return n;
        }
        case 'list': {
            if (value === undefined)
                return [];
            return value
                .split(/\r?\n/)
                .map((line) => line.trim())
                .filter((line) => line !== '' && !line.startsWith('#'));
        }
        case 'choice': {
            if (value === undefined)
                return spec.default;
            const v = value.trim();
            if (!spec.choices.includes(v)) {
                throw new errors/* ConfigurationError */.j1(`Input '${name}' must be one of ${spec.choices.map((c) => `'${c}'`).join(', ')}, not '${v}'.`);
            }
            return v;
        }
    }
}
/**
 * Reads every input of an action once, into a typed object. All problems are collected and
 * reported together in one ConfigurationError, so the user fixes them in one go.
 */
function readInputs(specs, source = runnerInputSource) {
    const out = {};
    const problems = [];
    for (const [name, spec] of Object.entries(specs)) {
        try {
            out[camelCase(name)] = readInput(name, spec, source);
        }
        catch (error) {
            if (!(error instanceof errors/* ConfigurationError */.j1))
                throw error;
            problems.push(error.message);
        }
    }
    if (problems.length === 1)
        throw new errors/* ConfigurationError */.j1(problems[0]);
    if (problems.length > 1)
        throw new errors/* ConfigurationError */.j1(`${problems.length} inputs are invalid:\n- ${problems.join('\n- ')}`);
    return out;
}

// EXTERNAL MODULE: ./src/core/read-session.ts
var read_session = __webpack_require__(9146);
// EXTERNAL MODULE: ./src/cli/token.ts
var cli_token = __webpack_require__(1335);
;// CONCATENATED MODULE: ./src/cli/audit.ts












const audit_collect = (value, previous = []) => [...previous, value];
/** `--budget`: a whole number of rate-limit units, 0 for none of its own. */
function cliBudget(text) {
    const n = Number(text ?? '0');
    if (!/^\d+$/.test(text ?? '0') || !Number.isSafeInteger(n)) {
        throw new errors/* ConfigurationError */.j1(`--budget must be a whole number of rate-limit units (0: no limit), not '${text}'.`);
    }
    return n;
}
function registerAuditCommands(program) {
    program
        .command('audit')
        .description('Audit secrets of repositories or an organization (the audit-secrets action); exit 1 on findings at or above --fail-on')
        .option('--repository <owner/name>', 'repository to audit (repeatable); default: every repository of --organization', audit_collect)
        .option('--organization <org>', 'organization whose secrets, audit log and (without --repository) repositories to audit')
        .option('--filter <glob>', "repository name pattern for --organization (repeatable, '!' excludes)", audit_collect)
        .option('--shard <i/n>', 'audit only shard i of n of the organization')
        .option('--merge <file>', 'merge shard findings files instead of auditing (repeatable)', audit_collect)
        .option('--max-age-days <days>', 'stale after this many days', '90')
        .option('--allowed-writer <pattern>', 'workflow or actor allowed to write secrets (repeatable)', audit_collect)
        .option('--ledger <owner/repo[@branch][:path]>', 'the central audit ledger to verify and join')
        .option('--trust-policy <file>', 'trust policy YAML whose anchors carry review-by dates')
        .option('--no-audit-log', 'do not read the organization audit log API')
        .option('--audit-log-export <file>', 'streamed audit-log export, JSON lines (.gz accepted), read instead of the API (repeatable)', audit_collect)
        .option('--audit-state <owner/repo[@branch][:path]>', 'where the audit-log watermark and findings are kept')
        .option('--readers-policy <file>', 'YAML: secret -> allowed workflows, refs, environments')
        .option('--unread-days <days>', 'report production secrets no job read for this many days (0: off)', '0')
        .option('--issues-repository <owner/name>', 'file one issue per finding there')
        .option('--issue-label <label>', 'extra issue label (repeatable)', audit_collect)
        .option('--sarif <file>', 'write SARIF 2.1.0 there', '')
        .option('--out <file>', 'write the JSON findings there', '')
        .option('--fail-on <severity>', 'none, low, medium, high or critical', 'high')
        .option('--allow-partial', 'exit 0 even when some scope could not be read completely (default: exit 1)')
        .option('--concurrency <n>', 'requests in flight at once', '8')
        .option('--cache-dir <dir>', "keep GitHub's answers and ETags here between runs (conditional requests: unchanged answers cost nothing, but only with the same token as the run that filled it: GitHub's ETags are specific to the token, so another token pays the cold price); set SECURE_DEPLOY_CACHE_KEY to encrypt and authenticate it", (0,read_session/* defaultCacheDir */.$g)())
        .option('--no-cache', 'read everything afresh and keep nothing')
        .option('--budget <units>', 'rate-limit units the reads may spend (0: none of its own); stops cleanly, the next run continues', '0')
        .option('--sink <line>', "audit sink line, as in the action's audit-log (repeatable)", audit_collect)
        .option('--json', 'print the findings file to standard output')
        .action(async (o) => {
        const token = (0,cli_token/* tokenFromEnv */.B)('Set GITHUB_TOKEN (or GH_TOKEN) to a token that can read the audited repositories.');
        const values = {
            repositories: (o.repository ?? []).join('\n'),
            organization: o.organization,
            'repository-filter': (o.filter ?? []).join('\n'),
            shard: o.shard,
            merge: (o.merge ?? []).join('\n'),
            'max-age-days': o.maxAgeDays,
            'allowed-writers': (o.allowedWriter ?? []).join('\n'),
            ledger: o.ledger,
            'trust-policy': o.trustPolicy,
            'read-audit-log': String(o.auditLog !== false),
            'audit-log-export': (o.auditLogExport ?? []).join('\n'),
            'audit-state': o.auditState,
            'readers-policy': o.readersPolicy,
            'unread-days': o.unreadDays,
            'issues-repository': o.issuesRepository,
            'issue-labels': (o.issueLabel ?? []).join('\n'),
            'sarif-file': o.sarif ?? '',
            'findings-file': o.out ?? '',
            'fail-on': o.failOn,
            'allow-partial': String(o.allowPartial === true),
            concurrency: o.concurrency,
            'audit-log': (o.sink ?? []).join('\n'),
            // From the environment only, never a command-line argument (argv is visible to other processes).
            'cache-key': process.env.SECURE_DEPLOY_CACHE_KEY ?? '',
            token,
        };
        const source = (name) => values[name];
        // The CLI writes no files unless asked: an empty default means "skip".
        const i = readInputs(inputs, source);
        const config = { ...i, sarifFile: o.sarif ?? '', findingsFile: o.out ?? '' };
        const ctx = (0,context/* runContext */.p)();
        const audit = new AuditEmitter(ctx, auditSinks(i.auditLog, { token }));
        const warn = (message) => process.stderr.write(`warning: ${message}\n`);
        const session = await read_session/* ReadSession */.vi.open({
            cacheDir: o.cache === false || config.merge.length > 0 ? undefined : o.cacheDir,
            cacheKey: config.cacheKey,
            maxRequests: cliBudget(o.budget),
            shard: parseShard(config.shard),
            organization: config.organization,
            repositories: config.repositories.length > 0 ? config.repositories : [ctx.repository],
        }, warn);
        let result;
        try {
            result = await executeAudit((0,github/* createGitHubClient */.LX)(token, session.clientOptions), config, {
                repository: ctx.repository,
                version: '0.1.0',
                session,
                auditLogClient: (0,github/* createGitHubClient */.LX)(token, session.auditLogClientOptions),
            });
        }
        finally {
            await session.save(warn);
        }
        process.stderr.write(`${session.describe()}\n`);
        const { report, events } = result;
        if (events && events.records.length > 0) {
            await audit.emitAll(events.records, (sink, error) => process.stderr.write(`warning: the optional audit sink ${sink} could not record secret reads: ${(0,mask/* redact */.E$)((0,errors/* errorMessage */.gJ)(error))}\n`));
            await events.confirm();
        }
        await audit.emit({
            action: 'secrets.audit',
            target: {
                scope: report.organization ? 'organization' : 'repository',
                repository: report.organization ?? report.repositories[0] ?? '',
            },
            outcome: result.failed ? 'failure' : result.partial ? 'partial' : 'success',
            details: {
                repositories: report.repositories.length,
                findings: report.findings.length,
                partial: result.partial,
            },
        }, (sink, error) => process.stderr.write(`warning: the optional audit sink ${sink} could not record 'secrets.audit': ${(0,mask/* redact */.E$)((0,errors/* errorMessage */.gJ)(error))}\n`));
        if (o.json) {
            process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        }
        else {
            for (const section of summarySections(report, [
                `${result.requests} GitHub API requests.`,
                ...(events?.notes ?? []),
            ])) {
                process.stdout.write(`\n== ${section.heading} ==\n`);
                for (const line of section.lines ?? [])
                    process.stdout.write(`${line}\n`);
                if (section.table) {
                    process.stdout.write(`${section.table.headers.join(' | ')}\n`);
                    for (const row of section.table.rows)
                        process.stdout.write(`${row.join(' | ')}\n`);
                }
            }
        }
        for (const w of report.warnings)
            process.stderr.write(`warning: ${w}\n`);
        for (const p of report.partial)
            process.stderr.write(`partial: ${p}\n`);
        if (result.failed)
            process.stderr.write(`${result.failure}\n`);
        process.exitCode = result.failed ? 1 : 0;
    });
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

/***/ 7875:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   sc: () => (/* binding */ BulkReads)
/* harmony export */ });
/* unused harmony exports BULK_SIZE, WORKFLOWS_DIR, bulkQuery, readBulkAnswer */
/* harmony import */ var _conditional_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5823);
/* harmony import */ var _github_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5108);
/**
 * Bulk reads through GitHub's GraphQL API: the workflow files of many repositories, and whether
 * each has environments, in one query per 50 repositories — where REST needs a request for the
 * workflows directory, one per workflow file and one for the environments list.
 *
 * One query aliases `repository(owner:, name:)` 50 times, each with
 * `object(expression: "HEAD:.github/workflows")` (a Git revision expression: `HEAD` is the
 * repository's default branch, the branch the REST contents API reads when no `ref` is given —
 * https://docs.github.com/en/graphql/reference/objects#repository, field `object`; REST
 * https://docs.github.com/en/rest/repos/contents "ref: … Default: the repository's default branch")
 * and `environments(first: 1) { totalCount }`. Cost as GitHub computes it ("Rate limits and query
 * limits for the GraphQL API": the requests needed to fill each connection at its `first`, divided
 * by 100, rounded, at least 1): the 50 `environments` connections are 50 requests, so 1 point per
 * query; a Tree's `entries` is a list, not a connection, and costs nothing. 1,000 repositories: 20
 * points, on every run (a GraphQL answer cannot be conditional: no ETag, no 304).
 *
 * Nothing is reported as read that was not: a repository whose part of the answer carries an error
 * (partial data: `data` beside `errors` with a `path`), is missing, or whose whole query failed
 * (GraphQL unavailable, a 5xx after the client's retries, GraphQL's own budget down to its
 * headroom) answers `undefined`, and the caller reads it through REST; a blob GitHub truncated
 * (`isTruncated`) or holds as binary has no text here and is read through REST too. A null
 * workflows directory or a zero environment count is trusted only once GraphQL has shown this
 * token some repository's workflows directory (environments) in the run: what GraphQL answers a
 * token that may not read them is not documented, so until then REST reads them (fail closed).
 *
 * One store per client: the audit and the assessment of one run share its answers (the
 * assessment asks again for nothing the audit read).
 */


/** Repositories per query. 100 would cost the same 1 point; 50 keeps one answer well within GitHub's 10-second query timeout. */
const BULK_SIZE = 50;
/** Where GitHub Actions reads workflows from. */
const WORKFLOWS_DIR = '.github/workflows';
/** Git's mode of a symbolic link: the REST contents API lists it as `symlink`, not `file`. */
const SYMLINK_MODE = 0o120000;
const FRAGMENT = `fragment RepositoryFacts on Repository {
  environments(first: 1) { totalCount }
  workflows: object(expression: "HEAD:${WORKFLOWS_DIR}") {
    ... on Tree { entries { name type mode object { ... on Blob { text isBinary isTruncated byteSize } } } }
  }
}`;
/** The query for a chunk: owner and name are variables, never spliced into the query text. */
function bulkQuery(count) {
    const vars = Array.from({ length: count }, (_, i) => `$o${i}: String!, $n${i}: String!`).join(', ');
    const fields = Array.from({ length: count }, (_, i) => `  r${i}: repository(owner: $o${i}, name: $n${i}) { ...RepositoryFacts }`).join('\n');
    return `query BulkRepositoryFacts(${vars}) {\n${fields}\n  rateLimit { cost remaining limit resetAt }\n}\n${FRAGMENT}`;
}
function workflowFiles(answer) {
    const entries = answer.workflows?.entries ?? [];
    return entries
        .filter((e) => e.type === 'blob' && e.mode !== SYMLINK_MODE && /\.ya?ml$/.test(e.name ?? ''))
        .map((e) => {
        const blob = e.object;
        const whole = blob && typeof blob.text === 'string' && blob.isTruncated === false && blob.isBinary !== true;
        return { path: `${WORKFLOWS_DIR}/${e.name ?? ''}`, ...(whole ? { text: blob.text } : {}) };
    });
}
/** Reads one answer: the repositories whose part came back whole, without an error on its path. */
function readBulkAnswer(repositories, data, errors = []) {
    const failed = new Set();
    for (const e of errors) {
        const alias = e.path?.[0];
        // An error without a path is about the whole query: nothing in it is trusted.
        if (typeof alias !== 'string')
            return new Map();
        failed.add(alias);
    }
    const out = new Map();
    repositories.forEach((full, i) => {
        const alias = `r${i}`;
        const answer = data?.[alias];
        if (failed.has(alias) || !answer || typeof answer.environments?.totalCount !== 'number')
            return;
        out.set(full.toLowerCase(), {
            workflows: workflowFiles(answer),
            environments: answer.environments.totalCount,
            workflowsTree: Array.isArray(answer.workflows?.entries),
        });
    });
    return out;
}
/**
 * The data and errors of a GraphQL answer that came back with errors: @octokit/graphql's
 * GraphqlResponseError (`data`, `errors`), or the RequestError @octokit/plugin-retry makes of a
 * "Something went wrong" answer (the body in `response.data`).
 */
function partialAnswer(error) {
    if (!(error instanceof Error))
        return undefined;
    const e = error;
    if (error.name === 'GraphqlResponseError' && Array.isArray(e.errors))
        return { data: e.data, errors: e.errors };
    const body = e.response?.data;
    if (body && typeof body === 'object' && Array.isArray(body.errors) && body.data && typeof body.data === 'object')
        return { data: body.data, errors: body.errors };
    return undefined;
}
const stores = new WeakMap();
class BulkReads {
    client;
    chunkOf = new Map();
    /** Queries sent and repositories answered, for the log and the tests. */
    stats = { queries: 0, answered: 0, fellBack: 0 };
    /** False once GraphQL failed as a whole (not there, or failing): the rest of the run reads through REST. */
    available = true;
    /** True once an answer showed some repository with environments: GraphQL shows them to this token. */
    environmentsShown = false;
    /** True once an answer showed some repository's workflows directory: GraphQL shows contents to this token. */
    workflowsShown = false;
    constructor(client) {
        this.client = client;
    }
    /** The store of a client: one per run, shared by the audit and the assessment. */
    static of(client) {
        let store = stores.get(client);
        if (!store) {
            store = new BulkReads(client);
            stores.set(client, store);
        }
        return store;
    }
    /**
     * Groups repositories (`owner/name`) not planned yet into queries of BULK_SIZE, in the order given
     * (the order they will be read in): a query is sent when its first repository is read.
     */
    plan(repositories) {
        const fresh = [...new Set(repositories.map((r) => r.toLowerCase()))].filter((r) => !this.chunkOf.has(r));
        for (let i = 0; i < fresh.length; i += BULK_SIZE) {
            const chunk = { repositories: fresh.slice(i, i + BULK_SIZE) };
            for (const r of chunk.repositories)
                this.chunkOf.set(r, chunk);
        }
    }
    /**
     * A repository's workflow files and environment count, or undefined: read it through REST.
     * Throws BudgetExhausted when the run's budget refused the query (the repository is then not read).
     */
    async read(fullName, schedule) {
        const key = fullName.toLowerCase();
        if (!this.chunkOf.has(key))
            this.plan([key]);
        const chunk = this.chunkOf.get(key);
        chunk.answer ??= schedule ? schedule(() => this.query(chunk)) : this.query(chunk);
        const answer = (await chunk.answer).get(key);
        if (answer === undefined) {
            this.stats.fellBack++;
            return undefined;
        }
        return {
            workflows: answer.workflowsTree || this.workflowsShown ? answer.workflows : undefined,
            environments: answer.environments === 0 && !this.environmentsShown ? undefined : answer.environments,
        };
    }
    async query(chunk) {
        if (!this.available)
            return new Map();
        const variables = {};
        chunk.repositories.forEach((full, i) => {
            const [owner = '', name = ''] = full.split('/');
            variables[`o${i}`] = owner;
            variables[`n${i}`] = name;
        });
        this.stats.queries++;
        let answer;
        try {
            // No retry of the whole query: @octokit/plugin-retry turns GitHub's answer for a part that
            // timed out ("Something went wrong while executing your query…", HTTP 200 with partial data)
            // into a 500 and would send the query again at full cost; the parts that came back are used,
            // and the repositories whose parts failed are read through REST.
            const data = await this.client.graphql(bulkQuery(chunk.repositories.length), {
                ...variables,
                request: { retries: 0 },
            });
            answer = readBulkAnswer(chunk.repositories, data);
        }
        catch (error) {
            const partial = partialAnswer(error);
            if (partial) {
                answer = readBulkAnswer(chunk.repositories, partial.data, partial.errors);
            }
            else if ((0,_conditional_js__WEBPACK_IMPORTED_MODULE_0__/* .isBudgetExhausted */ .b)(error)) {
                throw error;
            }
            else {
                const status = (0,_github_js__WEBPACK_IMPORTED_MODULE_1__/* .errorStatus */ .PO)(error);
                // A server error or a network failure: this query's repositories are read through REST.
                // Anything else (no GraphQL on this server, the token refused, GraphQL's own budget low):
                // the rest of the run reads through REST too.
                const transient = status === undefined ? !(error instanceof _conditional_js__WEBPACK_IMPORTED_MODULE_0__/* .GraphqlBudgetLow */ .ry) : status >= 500;
                if (!transient)
                    this.available = false;
                return new Map();
            }
        }
        this.stats.answered += answer.size;
        if ([...answer.values()].some((r) => (r.environments ?? 0) > 0))
            this.environmentsShown = true;
        if ([...answer.values()].some((r) => r.workflowsTree))
            this.workflowsShown = true;
        return answer;
    }
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

/***/ 9209:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   lk: () => (/* binding */ parseJsonText),
/* harmony export */   s0: () => (/* binding */ checkYamlNesting),
/* harmony export */   xG: () => (/* binding */ checkJsonNesting)
/* harmony export */ });
/* unused harmony export MAX_NESTING */
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/**
 * A depth limit for the YAML and JSON files users give (policy files, trust policies, trusted
 * roots, bundles, findings files, workflow files read by the audit). The `yaml` library composes
 * documents recursively and overflows the stack on a few thousand nested lists ("Maximum call
 * stack size exceeded"), and so does anything that walks a parsed value recursively (schema
 * validation, canonical JSON). The depth is measured without recursion before anything parses the
 * text, and deeper files are refused with "nested too deeply".
 */


/** The deepest nesting of lists and maps accepted. Real files stay far below it (a Sigstore bundle: under 10). */
const MAX_NESTING = 64;
function lineAt(text, offset) {
    let line = 1;
    for (let i = 0; i < offset && i < text.length; i++)
        if (text.charCodeAt(i) === 10)
            line++;
    return line;
}
function tooDeep(what, text, offset) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`${what} is nested too deeply: more than ${MAX_NESTING} levels of lists and maps (line ${lineAt(text, offset)}). Flatten it.`);
}
/** Throws a ConfigurationError naming `what` when JSON text nests arrays and objects deeper than MAX_NESTING. */
function checkJsonNesting(text, what) {
    let depth = 0;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
            if (c === 92 /* \ */)
                i++;
            else if (c === 34 /* " */)
                inString = false;
        }
        else if (c === 34)
            inString = true;
        else if (c === 91 /* [ */ || c === 123 /* { */) {
            if (++depth > MAX_NESTING)
                throw tooDeep(what, text, i);
        }
        else if (c === 93 /* ] */ || c === 125 /* } */)
            depth--;
    }
}
/** `JSON.parse` after the depth check. */
function parseJsonText(text, what) {
    checkJsonNesting(text, what);
    return JSON.parse(text);
}
const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);
/**
 * Throws a ConfigurationError naming `what` when YAML text nests collections deeper than
 * MAX_NESTING. Reads the concrete syntax tree (which `yaml` builds without recursion) with an
 * explicit stack, so it cannot overflow itself.
 */
function checkYamlNesting(text, what) {
    const stack = [];
    for (const token of new yaml__WEBPACK_IMPORTED_MODULE_0__/* .Parser */ .iX().parse(text))
        stack.push([token, 0]);
    while (stack.length > 0) {
        const [node, outer] = stack.pop() ?? [{}, 0];
        const depth = COLLECTIONS.has(node.type ?? '') ? outer + 1 : outer;
        if (depth > MAX_NESTING)
            throw tooDeep(what, text, node.offset ?? 0);
        if (node.type === 'document' && node.value && typeof node.value === 'object') {
            stack.push([node.value, depth]);
        }
        for (const item of node.items ?? []) {
            for (const child of [item.key, item.value]) {
                if (child && typeof child === 'object')
                    stack.push([child, depth]);
            }
        }
    }
}


/***/ }),

/***/ 9146:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $g: () => (/* binding */ defaultCacheDir),
/* harmony export */   vi: () => (/* binding */ ReadSession)
/* harmony export */ });
/* unused harmony export cacheScopeOf */
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _github_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5108);
/* harmony import */ var _conditional_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5823);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4296);
/**
 * One run's GitHub reads: the request cache it loads and saves (conditional requests) and its
 * request budget. The audit-secrets action and the `audit` / `assess` commands open one, create the
 * client with it, and save it at the end, so that an audit and an assessment of the same scope
 * share one collection, and a run stopped by its budget is continued by the next.
 */





/** What a cache is about: the organization (and the shard of it), or the sorted repository list. */
function cacheScopeOf(organization, repositories = [], shard) {
    if (organization)
        return `org:${organization.toLowerCase()}${shard ? ` shard:${shard.index}/${shard.count}` : ''}`;
    return `repos:${[...repositories]
        .map((r) => r.toLowerCase())
        .sort()
        .join(',')}`;
}
/** `$XDG_CACHE_HOME/secure-deploy`, else `~/.cache/secure-deploy`: the CLI's default cache directory. */
function defaultCacheDir() {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(process.env.XDG_CACHE_HOME || (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_0__.homedir)(), '.cache'), 'secure-deploy');
}
class ReadSession {
    cache;
    file;
    budget;
    constructor(cache, file, budget) {
        this.cache = cache;
        this.file = file;
        this.budget = budget;
    }
    static async open(config, warn) {
        if (!Number.isInteger(config.maxRequests) || config.maxRequests < 0) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ConfigurationError */ .j1(`max-requests must be a whole number, 0 for no limit, not '${config.maxRequests}'.`);
        }
        const shards = Math.max(1, config.shard?.count ?? config.shards ?? 1);
        const share = config.maxRequests > 0 ? Math.floor(config.maxRequests / shards) : 0;
        if (config.maxRequests > 0 && share < 1) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ConfigurationError */ .j1(`max-requests ${config.maxRequests} split between ${shards} shards leaves less than one request each.`);
        }
        const budget = new _conditional_js__WEBPACK_IMPORTED_MODULE_3__/* .RequestBudget */ .bK({ maxRequests: share, headroom: config.headroom });
        const scope = {
            apiUrl: (0,_github_js__WEBPACK_IMPORTED_MODULE_2__/* .apiBaseUrl */ .tj)(),
            scope: cacheScopeOf(config.organization, config.repositories, config.shard),
        };
        const file = config.cacheFile || (config.cacheDir ? (0,_conditional_js__WEBPACK_IMPORTED_MODULE_3__/* .cacheFileIn */ .Kk)(config.cacheDir, scope) : undefined);
        const cache = file ? await _conditional_js__WEBPACK_IMPORTED_MODULE_3__/* .ConditionalCache */ .X2.load(file, scope, warn, config.cacheKey) : undefined;
        return new ReadSession(cache, file, budget);
    }
    /** Options for createGitHubClient. */
    get clientOptions() {
        return { cache: this.cache, budget: this.budget };
    }
    /**
     * Options for the audit log's client: its own limit (1,750 queries an hour) stops the read, to
     * resume next run, rather than sleeping an hour; the session's budget (not its cache) applies, so
     * audit-log reads count against max-requests and keep the token's headroom.
     */
    get auditLogClientOptions() {
        return { rateLimitRetries: 0, retries: 1, budget: this.budget };
    }
    /** Records repositories read completely in this run (read last next time). */
    markRead(repositories, now = new Date()) {
        for (const r of repositories)
            this.cache?.lastRead.set(r, now.toISOString());
    }
    /** Saves the cache; a failure to save is a warning (the next run reads afresh), never a failed audit. */
    async save(warn) {
        if (!this.cache || !this.file)
            return;
        try {
            await this.cache.save(this.file);
        }
        catch (error) {
            warn(`The request cache ${this.file} could not be saved (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error)}); the next run reads afresh.`);
        }
    }
    /** Units, requests, 304s and reuse, for the summary and the log. */
    describe() {
        const b = this.budget;
        const parts = [
            `${b.spent} rate-limit units spent`,
            `${b.sent} requests sent`,
            `${b.notModified} answered 304 Not Modified (free)`,
        ];
        if (b.graphqlQueries > 0)
            parts.push(`${b.graphqlPoints} GraphQL points in ${b.graphqlQueries} bulk queries (counted in the units)`);
        if (this.cache)
            parts.push(`${this.cache.stats.reused} answers shared within the run`);
        if (b.maxRequests > 0)
            parts.push(`budget ${b.maxRequests}`);
        if (b.remaining !== undefined)
            parts.push(`${b.remaining} of ${b.limit ?? '?'} left on the token`);
        return `${parts.join(', ')}.`;
    }
}


/***/ })

};
