export const id = 797;
export const ids = [797];
export const modules = {

/***/ 5797:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  registerAuditCommands: () => (/* binding */ registerAuditCommands)
});

;// CONCATENATED MODULE: ./src/actions/audit-secrets.spec.ts
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
    'issues-repository': { type: 'string' },
    'issue-labels': { type: 'list' },
    'sarif-file': { type: 'string', default: 'audit-secrets.sarif' },
    'findings-file': { type: 'string', default: 'audit-secrets.json' },
    'fail-on': { type: 'choice', choices: ['none', 'low', 'medium', 'high', 'critical'], default: 'high' },
    'allow-partial': { type: 'boolean', default: false },
    concurrency: { type: 'integer', default: 8, min: 1, max: 64 },
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
function issueTitle(f) {
    return `[secure-deploy audit] ${f.title}`.slice(0, 250);
}
/** The issue body: deterministic for the same finding, so an unchanged finding writes nothing. */
function issueBody(f) {
    return [
        `<!-- secure-deploy-finding fingerprint=${f.fingerprint} scope=${f.scope} -->`,
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
        const body = issueBody(f);
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
        try {
            const note = `\n\n_Closed: the finding was no longer present${options.runUrl ? ` in ${options.runUrl}` : ''}._`;
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

;// CONCATENATED MODULE: ./src/audit/fetch.ts

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
                const status = (0,github/* errorStatus */.PO)(error);
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
            if ((0,github/* errorStatus */.PO)(error) === 404)
                return undefined;
            throw error;
        }
    }
}

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
        for (const e of inv.auditLog ?? []) {
            if (isAllowed(options.allowedWriters, [e.actor]))
                continue;
            const owner = e.repository ?? inv.organization ?? '';
            findings.push(finding({
                kind: 'unauthorized-write',
                severity: 'high',
                title: `${e.name ?? 'A secret'} was written by ${e.actor}, not an allowed rotation workflow`,
                scope: owner,
                subject: `audit-log:${e.action}:${owner}:${e.environment ?? ''}:${e.name ?? ''}:${e.actor}:${e.time}`,
                evidence: [
                    `Organization audit log: ${e.action} by ${e.actor} at ${e.time}${e.repository ? ` in ${e.repository}` : ''}${e.environment ? ` (environment '${e.environment}')` : ''}${e.name ? `, secret ${e.name}` : ''}.`,
                    `Allowed writers: ${options.allowedWriters.join(', ')}.`,
                ],
                rootCause: 'A person or app with admin access changed the secret outside the logged rotation process.',
                remediation: 'Confirm the change with the actor; rotate the secret through rotate-secret, and reduce who can administer secrets.',
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
            id: (0,external_node_crypto_.randomUUID)(),
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
     * Records one event in every sink. A required sink that fails makes this throw; an optional
     * one only reports through `onOptionalFailure`.
     */
    async emit(record, onOptionalFailure) {
        const event = this.build(record);
        this.emitted.push(event);
        const results = await Promise.allSettled(this.sinks.map((sink) => sink.write([event])));
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
            throw new AuditWriteError(`A required audit sink could not record '${record.action}': ${failures.join('; ')}`);
        }
        return event;
    }
}
/** A required audit sink could not be written: the step must fail rather than go unrecorded. */
class AuditWriteError extends Error {
    name = 'AuditWriteError';
}

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
/** A JSON-lines file; each event is one line, appended. */
class FileSink {
    name;
    required;
    path;
    constructor(path, required) {
        this.path = (0,external_node_path_.resolve)(path);
        this.name = `file ${path}`;
        this.required = required;
    }
    async write(events) {
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(this.path), { recursive: true });
        await (0,promises_.appendFile)(this.path, events.map((e) => JSON.stringify(e) + '\n').join(''), 'utf8');
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
const audit_sinks_NO_RETRY = { retries: 0 };
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
            const ref = await client.rest.git.getRef({ owner, repo, ref: `heads/${branch}`, request: audit_sinks_NO_RETRY });
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
            file = (await client.rest.repos.getContent({ owner, repo, path, ref: commit, request: audit_sinks_NO_RETRY }))
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
                    request: audit_sinks_NO_RETRY,
                });
            }
            else {
                await client.rest.git.createRef({
                    owner,
                    repo,
                    ref: `refs/heads/${branch}`,
                    sha: commit.data.sha,
                    request: audit_sinks_NO_RETRY,
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
                appended = await this.tryAppend(events);
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
    allowOptions(spec, line, ['branch', 'path', 'token-env', 'attempts', 'retries', 'backoff-ms', 'api-url']);
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
        client,
        sleep: environment.sleep,
    });
}
function auditSinks(lines, environment = {}) {
    return lines.map((line) => {
        const spec = parseSinkSpec(line);
        switch (spec.kind) {
            case 'file':
                allowOptions(spec, line, []);
                return new FileSink(spec.target, spec.required);
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
            parsed = JSON.parse(raw);
        }
        catch {
            problems.push({ kind: 'not-json', line, detail: `line ${line} is not JSON` });
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
            parsed = JSON.parse(await (0,promises_.readFile)(path, 'utf8'));
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

;// CONCATENATED MODULE: ./src/audit/index.ts
/**
 * The secret audit: read the inventory (repositories, environments, organization, rotation state,
 * ledger, organization audit log), turn it into findings, and hand back a report. The action and
 * the CLI call `runAudit`, then file issues, write SARIF and the summary from what it returns.
 */













async function runAudit(client, options) {
    const reader = new Reader(client, options.concurrency);
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
            readAuditLog: options.readAuditLog && first,
            auditLogRequired: options.allowedWriters.length > 0,
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
    if (inventory.organization && !partialRepos.has(inventory.organization))
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
        findings: analysis.findings,
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
        },
    };
    return { report, auditedScopes, requests: reader.requests };
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
    const options = auditOptions(config, context.repository);
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
    }
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
            if (spec.min !== undefined && n < spec.min) {
                throw new errors/* ConfigurationError */.j1(`Input '${name}' must be at least ${spec.min}, not ${n}.`);
            }
            if (spec.max !== undefined && n > spec.max) {
                throw new errors/* ConfigurationError */.j1(`Input '${name}' must be at most ${spec.max}, not ${n}.`);
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

// EXTERNAL MODULE: ./src/cli/token.ts
var cli_token = __webpack_require__(1335);
;// CONCATENATED MODULE: ./src/cli/audit.ts










const collect = (value, previous = []) => [...previous, value];
function registerAuditCommands(program) {
    program
        .command('audit')
        .description('Audit secrets of repositories or an organization (the audit-secrets action); exit 1 on findings at or above --fail-on')
        .option('--repository <owner/name>', 'repository to audit (repeatable); default: every repository of --organization', collect)
        .option('--organization <org>', 'organization whose secrets, audit log and (without --repository) repositories to audit')
        .option('--filter <glob>', "repository name pattern for --organization (repeatable, '!' excludes)", collect)
        .option('--shard <i/n>', 'audit only shard i of n of the organization')
        .option('--merge <file>', 'merge shard findings files instead of auditing (repeatable)', collect)
        .option('--max-age-days <days>', 'stale after this many days', '90')
        .option('--allowed-writer <pattern>', 'workflow or actor allowed to write secrets (repeatable)', collect)
        .option('--ledger <owner/repo[@branch][:path]>', 'the central audit ledger to verify and join')
        .option('--trust-policy <file>', 'trust policy YAML whose anchors carry review-by dates')
        .option('--no-audit-log', 'do not read the organization audit log')
        .option('--issues-repository <owner/name>', 'file one issue per finding there')
        .option('--issue-label <label>', 'extra issue label (repeatable)', collect)
        .option('--sarif <file>', 'write SARIF 2.1.0 there', '')
        .option('--out <file>', 'write the JSON findings there', '')
        .option('--fail-on <severity>', 'none, low, medium, high or critical', 'high')
        .option('--allow-partial', 'exit 0 even when some scope could not be read completely (default: exit 1)')
        .option('--concurrency <n>', 'requests in flight at once', '8')
        .option('--sink <line>', "audit sink line, as in the action's audit-log (repeatable)", collect)
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
            'issues-repository': o.issuesRepository,
            'issue-labels': (o.issueLabel ?? []).join('\n'),
            'sarif-file': o.sarif ?? '',
            'findings-file': o.out ?? '',
            'fail-on': o.failOn,
            'allow-partial': String(o.allowPartial === true),
            concurrency: o.concurrency,
            'audit-log': (o.sink ?? []).join('\n'),
            token,
        };
        const source = (name) => values[name];
        // The CLI writes no files unless asked: an empty default means "skip".
        const i = readInputs(inputs, source);
        const config = { ...i, sarifFile: o.sarif ?? '', findingsFile: o.out ?? '' };
        const ctx = (0,context/* runContext */.p)();
        const audit = new AuditEmitter(ctx, auditSinks(i.auditLog, { token }));
        const result = await executeAudit((0,github/* createGitHubClient */.LX)(token), config, {
            repository: ctx.repository,
            version: '0.1.0',
        });
        const { report } = result;
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
            for (const section of summarySections(report, [`${result.requests} GitHub API requests.`])) {
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
