export const id = 108;
export const ids = [108];
export const modules = {

/***/ 5823:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Kk: () => (/* binding */ cacheFileIn),
/* harmony export */   Pw: () => (/* binding */ sharedAnswers),
/* harmony export */   R6: () => (/* binding */ conditionalRequests),
/* harmony export */   X2: () => (/* binding */ ConditionalCache),
/* harmony export */   b: () => (/* binding */ isBudgetExhausted),
/* harmony export */   bK: () => (/* binding */ RequestBudget),
/* harmony export */   ry: () => (/* binding */ GraphqlBudgetLow)
/* harmony export */ });
/* unused harmony exports CACHE_FORMAT, CACHE_VERSION, MIN_CACHE_KEY_LENGTH, isSecretsPath, BudgetExhausted, isGraphqlUrl */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4296);
/* harmony import */ var _rotation_records_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2210);
/**
 * Conditional requests and a request budget for GitHub reads.
 *
 * GitHub: "Most endpoints return an etag header … You can use the values of these headers to make
 * conditional GET requests … Making a conditional request does not count against your primary rate
 * limit if a 304 response is returned and the request was made while correctly authorized with an
 * Authorization header." (REST docs, "Best practices for using the REST API", Use conditional
 * requests if appropriate). Octokit does not cache: @octokit/request throws a RequestError with
 * status 304 ("Not modified") on a 304, so this module sits inside the client (an Octokit plugin,
 * applied before retry and throttling so they never see the 304) and turns a 304 into the stored
 * answer. gh does the same kind of thing with a disk cache of whole answers (`gh api --cache`).
 *
 * The cache survives between runs in one file (the workflow keeps it with actions/cache; the CLI
 * in a directory). It is validated when loaded — format, version, API URL, scope, length and a
 * SHA-256 of its content — and anything that does not match is discarded with a warning and read
 * afresh, never trusted. It holds answers of GET requests only; a secrets endpoint never returns a
 * value (GitHub only returns names and dates), and an answer that would hold one is refused.
 *
 * The budget counts what GitHub counts (every request but a 304), reads `x-ratelimit-*` as it
 * moves, and refuses to send a request once the run's `max-requests` is spent or the token's
 * remaining requests would fall to the headroom left for the workflows that share the token
 * ("Rate limits for the REST API": 5,000 an hour for a personal access token or an app
 * installation, 1,000 an hour per repository for GITHUB_TOKEN).
 */





const CACHE_FORMAT = 'secure-deploy/etag-cache';
/**
 * Bump when the entry or progress layout changes: an older cache is then discarded, never misread.
 * 2: variables kept without their values (but rotate-secret's records), optional encryption.
 */
const CACHE_VERSION = 2;
/** The cache file's encryption with a `cache-key`: AES-256-GCM, key by HKDF-SHA256 from the secret. */
const CACHE_CIPHER = 'aes-256-gcm';
/** A `cache-key` shorter than this is refused: HKDF does not stretch a weak secret. */
const MIN_CACHE_KEY_LENGTH = 32;
/** Entries not used for this long are dropped when saving. */
const MAX_ENTRY_AGE_MS = 30 * 86_400_000;
/** Properties that would hold a secret value; GitHub's secrets endpoints never return them. */
const SECRET_VALUE_KEYS = new Set(['value', 'encrypted_value']);
function holdsSecretValue(data) {
    if (Array.isArray(data))
        return data.some(holdsSecretValue);
    if (data && typeof data === 'object') {
        return Object.entries(data).some(([k, v]) => (SECRET_VALUE_KEYS.has(k) && v !== undefined && v !== null) || holdsSecretValue(v));
    }
    return false;
}
/** A path of a secrets endpoint (repository, environment, Dependabot, organization, codespaces). */
function isSecretsPath(url) {
    return /\/secrets(?:\/|\?|$)/.test(new URL(url, 'http://x').pathname + '/');
}
/**
 * Reads whose answers one run may share between the audit and the assessment without asking
 * again (the inventory: lists and workflow files). Anything else is revalidated every time.
 */
const REUSABLE = [
    /\/orgs\/[^/]+\/repos$/,
    /\/repos\/[^/]+\/[^/]+\/(?:actions|dependabot)\/(?:secrets|variables)$/,
    /\/repos\/[^/]+\/[^/]+\/environments(?:\/[^/]+\/secrets)?$/,
    /\/repos\/[^/]+\/[^/]+\/contents\/\.github\/workflows(?:\/[^/]+)?$/,
    /\/orgs\/[^/]+\/actions\/secrets(?:\/[^/]+\/repositories)?$/,
];
function reusable(url) {
    // `{path}` parameters arrive encoded (`.github%2Fworkflows`).
    const path = new URL(url).pathname.replace(/%2F/gi, '/');
    return REUSABLE.some((r) => r.test(path));
}
function sha256(text) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(text).digest('hex');
}
/** `GET /repos/{owner}/{repo}/actions/variables` (any page). */
function isVariablesPath(url) {
    return /\/repos\/[^/]+\/[^/]+\/actions\/variables$/.test(new URL(url, 'http://x').pathname);
}
function str(v) {
    return typeof v === 'string' ? v : undefined;
}
/**
 * What the audit and the assessment read of a variable's value, and nothing else: rotate-secret's
 * rotation state (`<SECRET>_ROTATION_<INSTANCE>`: phase, `updated`, `current.since` and
 * `current.fingerprint`, read by src/audit/inventory.ts parseRotationVariable) and its fingerprint
 * variables (`<SECRET>_FINGERPRINT_<INSTANCE>`: `hmac-sha256:<hex>`, src/assess/collect.ts). Any
 * other variable's value is not kept in the cache file ('' in its place).
 */
function keptValue(name, value) {
    if (typeof value !== 'string')
        return '';
    if (_rotation_records_js__WEBPACK_IMPORTED_MODULE_3__/* .FINGERPRINT_VARIABLE */ .wP.test(name))
        return /^hmac-sha256:[0-9a-f]{64}$/.test(value) ? value : '';
    if (!_rotation_records_js__WEBPACK_IMPORTED_MODULE_3__/* .ROTATION_VARIABLE */ .ot.test(name.toUpperCase()))
        return '';
    let data;
    try {
        const parsed = JSON.parse(value);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
            return '';
        data = parsed;
    }
    catch {
        return '';
    }
    const current = data.current && typeof data.current === 'object' ? data.current : undefined;
    const kept = {};
    if (str(data.phase) !== undefined)
        kept.phase = data.phase;
    if (str(data.updated) !== undefined)
        kept.updated = data.updated;
    if (current) {
        const c = {};
        if (str(current.since) !== undefined)
            c.since = current.since;
        if (str(current.fingerprint) !== undefined)
            c.fingerprint = current.fingerprint;
        kept.current = c;
    }
    return JSON.stringify(kept);
}
/** A variables answer as the cache keeps it: names and dates, values only as keptValue allows. */
function minimiseVariables(data) {
    if (!data || typeof data !== 'object' || Array.isArray(data))
        return data;
    const body = data;
    if (!Array.isArray(body.variables))
        return data;
    return {
        ...body,
        variables: body.variables.map((v) => {
            if (!v || typeof v !== 'object')
                return v;
            const variable = v;
            return { ...variable, value: keptValue(typeof variable.name === 'string' ? variable.name : '', variable.value) };
        }),
    };
}
/** The 256-bit key of a cache file, from the `cache-key` secret and the file's random salt. */
function fileKey(secret, salt) {
    return Buffer.from((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.hkdfSync)('sha256', Buffer.from(secret, 'utf8'), salt, 'secure-deploy/etag-cache v2', 32));
}
/** The associated data of an encrypted cache: what it is about, authenticated with its content. */
function associatedData(scope) {
    return Buffer.from(JSON.stringify([CACHE_FORMAT, CACHE_VERSION, scope.apiUrl, scope.scope]), 'utf8');
}
function isEntry(v) {
    if (!v || typeof v !== 'object')
        return false;
    const e = v;
    return (typeof e.etag === 'string' &&
        e.etag !== '' &&
        typeof e.seen === 'string' &&
        'data' in e &&
        (e.link === undefined || typeof e.link === 'string') &&
        (e.lastModified === undefined || typeof e.lastModified === 'string'));
}
/** The answers of earlier runs, their ETags, and where a budgeted run stopped. */
class ConditionalCache {
    scope;
    entries = new Map();
    /** Keys confirmed in this process: shared between audit and assess without another request. */
    confirmed = new Set();
    /** Repository full name → when it was last read completely (ISO): the stalest are read first. */
    lastRead = new Map();
    stats = { notModified: 0, reused: 0, stored: 0 };
    /** The `cache-key` secret (never logged, never written): the file is then encrypted and authenticated. */
    #key;
    constructor(scope, key) {
        this.scope = scope;
        if (key !== undefined && key !== '' && key.length < MIN_CACHE_KEY_LENGTH) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ConfigurationError */ .j1(`The cache key is too short: give at least ${MIN_CACHE_KEY_LENGTH} random characters (e.g. \`openssl rand -base64 32\`).`);
        }
        this.#key = key || undefined;
    }
    /** Whether the file is encrypted and authenticated with a `cache-key`. */
    get encrypted() {
        return this.#key !== undefined;
    }
    get size() {
        return this.entries.size;
    }
    /**
     * Loads a cache file. A missing file is an empty cache; a file that is not a cache of this
     * format, version, API URL and scope, or is truncated or altered (length and SHA-256 of the
     * content), is discarded with a warning: the run then reads everything afresh.
     */
    static async load(path, scope, warn, key) {
        const cache = new ConditionalCache(scope, key);
        let text;
        try {
            text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(path, 'utf8');
        }
        catch (error) {
            if (error.code === 'ENOENT')
                return cache;
            warn(`The request cache ${path} cannot be read (${error.message}); reading everything afresh.`);
            return cache;
        }
        const problem = cache.restore(text);
        if (problem)
            warn(`The request cache ${path} is discarded: ${problem}. Reading everything afresh.`);
        return cache;
    }
    /** Fills the cache from a file's text; answers why it was refused, or undefined. */
    restore(text) {
        const newline = text.indexOf('\n');
        if (newline < 0)
            return 'it is truncated (no header)';
        let header;
        try {
            header = JSON.parse(text.slice(0, newline));
        }
        catch {
            return 'its header is not JSON';
        }
        if (header.format !== CACHE_FORMAT)
            return `it is not a ${CACHE_FORMAT} file`;
        if (header.version !== CACHE_VERSION)
            return `it was written by another version (format ${String(header.version)}, this one reads ${CACHE_VERSION})`;
        if (header.apiUrl !== this.scope.apiUrl)
            return `it holds answers of ${String(header.apiUrl)}, not ${this.scope.apiUrl}`;
        if (header.scope !== this.scope.scope)
            return `it is for '${String(header.scope)}', not '${this.scope.scope}'`;
        let body = text.slice(newline + 1);
        if (this.#key !== undefined) {
            if (header.cipher === undefined)
                return 'it is not encrypted, but a cache key is set (written without the key, or replaced)';
            if (header.cipher !== CACHE_CIPHER ||
                typeof header.salt !== 'string' ||
                typeof header.nonce !== 'string' ||
                typeof header.tag !== 'string')
                return 'its encryption header is malformed';
            try {
                const decipher = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createDecipheriv)(CACHE_CIPHER, fileKey(this.#key, Buffer.from(header.salt, 'base64')), Buffer.from(header.nonce, 'base64'));
                decipher.setAAD(associatedData(this.scope));
                decipher.setAuthTag(Buffer.from(header.tag, 'base64'));
                body = Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
            }
            catch {
                // No detail: the cipher's message says nothing useful, and nothing about the key may leak.
                return 'it cannot be authenticated with the cache key (altered, or written with another key)';
            }
        }
        else {
            if (header.cipher !== undefined)
                return 'it is encrypted: set the cache key it was written with to read it';
            if (header.length !== Buffer.byteLength(body))
                return 'it is truncated (its length does not match its header)';
            if (header.sha256 !== sha256(body))
                return 'its content does not match its checksum (altered or corrupt)';
        }
        let payload;
        try {
            payload = JSON.parse(body);
        }
        catch {
            return 'its content is not JSON';
        }
        if (!payload.entries || typeof payload.entries !== 'object' || Array.isArray(payload.entries))
            return 'it has no entries';
        const entries = Object.entries(payload.entries);
        for (const [key, e] of entries) {
            if (!isEntry(e))
                return `its entry for ${key} is malformed`;
            if (isSecretsPath(key) && holdsSecretValue(e.data))
                return `its entry for ${key} holds a secret value`;
            const url = key.split(' ')[0] ?? '';
            if (isVariablesPath(url) && JSON.stringify(minimiseVariables(e.data)) !== JSON.stringify(e.data))
                return `its entry for ${url} holds variable values the audit does not keep`;
        }
        for (const [key, e] of entries)
            this.entries.set(key, e);
        if (payload.lastRead && typeof payload.lastRead === 'object') {
            for (const [repo, when] of Object.entries(payload.lastRead)) {
                if (typeof when === 'string')
                    this.lastRead.set(repo, when);
            }
        }
        return undefined;
    }
    /** The file's text: a one-line header (format, version, scope, length, SHA-256), then the content. */
    serialize(now = new Date()) {
        const cutoff = now.getTime() - MAX_ENTRY_AGE_MS;
        const entries = {};
        for (const [key, e] of [...this.entries].sort(([a], [b]) => a.localeCompare(b))) {
            if (Date.parse(e.seen) >= cutoff)
                entries[key] = e;
        }
        const lastRead = Object.fromEntries([...this.lastRead].sort(([a], [b]) => a.localeCompare(b)));
        const body = JSON.stringify({ entries, lastRead });
        const about = {
            format: CACHE_FORMAT,
            version: CACHE_VERSION,
            apiUrl: this.scope.apiUrl,
            scope: this.scope.scope,
            savedAt: now.toISOString(),
        };
        if (this.#key !== undefined) {
            // AES-256-GCM, a key derived by HKDF-SHA256 from the cache key and a random salt, a random
            // 96-bit nonce, the scope as associated data: altered, moved to another scope or written
            // with another key, the file does not decrypt.
            const salt = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(16);
            const nonce = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(12);
            const cipher = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createCipheriv)(CACHE_CIPHER, fileKey(this.#key, salt), nonce);
            cipher.setAAD(associatedData(this.scope));
            const sealed = Buffer.concat([cipher.update(body, 'utf8'), cipher.final()]).toString('base64');
            const header = {
                ...about,
                cipher: CACHE_CIPHER,
                salt: salt.toString('base64'),
                nonce: nonce.toString('base64'),
                tag: cipher.getAuthTag().toString('base64'),
            };
            return `${JSON.stringify(header)}\n${sealed}`;
        }
        const header = { ...about, length: Buffer.byteLength(body), sha256: sha256(body) };
        return `${JSON.stringify(header)}\n${body}`;
    }
    /** Writes the file atomically (a partial write never replaces a good cache), readable by the owner only. */
    async save(path, now = new Date()) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path), { recursive: true });
        const tmp = `${path}.${process.pid}.tmp`;
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(tmp, this.serialize(now), { mode: 0o600 });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(tmp, path);
    }
    /** The stored answer for a request key, if any. */
    lookup(key) {
        return this.entries.get(key);
    }
    /** An answer already confirmed in this run, when its endpoint is one the inventory shares. */
    reuse(key, url) {
        if (!this.confirmed.has(key) || !reusable(url))
            return undefined;
        const e = this.entries.get(key);
        if (e)
            this.stats.reused++;
        return e;
    }
    confirm(key, now) {
        const e = this.entries.get(key);
        if (!e)
            return;
        e.seen = now.toISOString();
        this.confirmed.add(key);
        this.stats.notModified++;
    }
    /** Stores a 200 answer with its validators. Refuses (throws) an answer holding a secret value. */
    store(key, url, entry, now) {
        if (isSecretsPath(url) && holdsSecretValue(entry.data)) {
            // GitHub never returns secret values; an answer that holds one is not stored anywhere.
            throw new Error(`refusing to cache ${new URL(url).pathname}: the answer holds a secret value`);
        }
        // A variable's value is kept only where the audit reads it (rotate-secret's records).
        const data = isVariablesPath(url) ? minimiseVariables(entry.data) : entry.data;
        this.entries.set(key, { ...entry, data, seen: now.toISOString() });
        this.confirmed.add(key);
        this.stats.stored++;
    }
    forget(key) {
        this.entries.delete(key);
        this.confirmed.delete(key);
    }
}
/** The run's request budget is spent, or the token is down to its headroom: the read is not sent. */
class BudgetExhausted extends _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ConfigurationError */ .j1 {
    /** Not an HTTP status from GitHub: marks the read as refused before it was sent (never retried). */
    status = 429;
    budgetExhausted = true;
}
function isBudgetExhausted(error) {
    return error instanceof BudgetExhausted;
}
/**
 * GraphQL's own hourly budget (`x-ratelimit-resource: graphql`, 5,000 points for a token) is down to
 * its headroom: the bulk read is not sent, and its repositories are read through REST instead.
 */
class GraphqlBudgetLow extends Error {
}
/** `POST /graphql` (`/api/graphql` on Enterprise Server). */
function isGraphqlUrl(url) {
    return /\/graphql$/.test(new URL(url, 'http://x').pathname);
}
/**
 * Counts rate-limit units as GitHub does (304s are free) and refuses reads past the budget.
 *
 * GraphQL points count too: `max-requests` is what the run spends, REST requests that counted plus
 * GraphQL points (a query's `rateLimit { cost }`), since both come out of what the token may spend
 * in an hour. GitHub keeps them in two budgets (`x-ratelimit-resource: core` and `graphql`), and so
 * does this: the token's REST headroom is read from REST answers only, GraphQL's from GraphQL
 * answers, and a GraphQL budget down to its headroom stops the bulk reads only (REST reads the rest).
 */
class RequestBudget {
    maxRequests;
    headroomOption;
    /** Units spent: answered requests that counted, plus requests in flight (refunded on a 304). */
    spent = 0;
    /** Requests sent (including 304s). */
    sent = 0;
    notModified = 0;
    /** GraphQL queries sent, and the points they cost (included in `spent`). */
    graphqlQueries = 0;
    graphqlPoints = 0;
    /** Latest `x-ratelimit-*` of GraphQL's own budget. */
    graphqlRemaining;
    graphqlLimit;
    /** Latest rate-limit headers seen (REST, `x-ratelimit-resource: core`). */
    limit;
    remaining;
    reset;
    inFlight = 0;
    /** Set once a read was refused: the run stops cleanly from then on. */
    stoppedBy;
    stopReason = '';
    /** False once the collection is over: max-requests bounds the reads, not the issue feed (the headroom still applies). */
    enforcing = true;
    constructor(options = {}) {
        this.maxRequests = options.maxRequests && options.maxRequests > 0 ? options.maxRequests : 0;
        this.headroomOption = options.headroom;
    }
    get headroom() {
        if (this.headroomOption !== undefined)
            return this.headroomOption;
        return Math.max(50, Math.floor((this.limit ?? 1000) / 10));
    }
    /**
     * May a repository be started? Answers why not, or undefined. Not once the budget stopped the
     * run; otherwise when its estimated cost (a repository read before, whose answers are cached,
     * costs about one unit when one list changed; one never read, `fresh` units) fits beside the
     * repositories in flight.
     */
    admit(readBefore, inFlight, fresh = 6) {
        if (this.stoppedBy)
            return this.stopReason;
        const estimate = readBefore ? 1 : fresh;
        if (this.maxRequests > 0 && this.enforcing && this.spent + (inFlight + 1) * estimate > this.maxRequests) {
            this.stoppedBy = 'max-requests';
            this.stopReason = `the request budget (max-requests ${this.maxRequests}) would not cover it: ${this.spent} units spent`;
            return this.stopReason;
        }
        if (this.remaining !== undefined && this.remaining - this.inFlight - estimate <= this.headroom) {
            this.stoppedBy = 'headroom';
            this.stopReason = `the token has ${this.remaining} of ${this.limit ?? '?'} requests left this hour (until ${this.reset ? new Date(this.reset * 1000).toISOString() : 'the reset'}) and ${this.headroom} are left to the workflows that share it`;
            return this.stopReason;
        }
        return undefined;
    }
    /** Before sending: reserve one unit, or throw BudgetExhausted (GraphqlBudgetLow for GraphQL's own budget). */
    take(what, url = '') {
        const graphql = url !== '' && isGraphqlUrl(url);
        {
            // Once the budget stopped the collection, its leftover reads stay refused for the whole run.
            if (this.stoppedBy && reusable(url)) {
                throw new BudgetExhausted(`The run stopped reading (${this.stopReason}); ${what} was not read. The next run continues from here.`);
            }
            if (this.enforcing && this.maxRequests > 0 && this.spent >= this.maxRequests) {
                this.stoppedBy ??= 'max-requests';
                this.stopReason ||= `the request budget (max-requests ${this.maxRequests}) is spent`;
                throw new BudgetExhausted(`The request budget (max-requests ${this.maxRequests}) is spent; ${what} was not read. The next run continues from here.`);
            }
            if (graphql) {
                const headroom = Math.max(50, Math.floor((this.graphqlLimit ?? 5000) / 10));
                if (this.graphqlRemaining !== undefined && this.graphqlRemaining <= headroom) {
                    throw new GraphqlBudgetLow(`GraphQL has ${this.graphqlRemaining} of ${this.graphqlLimit ?? '?'} points left this hour; ${headroom} are left to the workflows that share the token.`);
                }
                this.graphqlQueries++;
            }
            else if (this.remaining !== undefined && this.remaining - this.inFlight <= this.headroom) {
                this.stoppedBy ??= 'headroom';
                this.stopReason ||= `the token has ${this.remaining} of ${this.limit ?? '?'} requests left this hour and ${this.headroom} are left to the workflows that share it`;
                throw new BudgetExhausted(`The token has ${this.remaining} of ${this.limit ?? '?'} requests left this hour (until ${this.reset ? new Date(this.reset * 1000).toISOString() : 'the reset'}); ${this.headroom} are left to the workflows that share it, so ${what} was not read. The next run continues from here.`);
            }
        }
        this.spent++;
        this.sent++;
        this.inFlight++;
    }
    /**
     * A refusal (4xx) that is not about the token's REST budget: one that names no budget, or names
     * a limit other than the REST limit seen so far — the audit log's own limit (1,750 queries an
     * hour, fact audit-log-rate-limit) answers 429 with x-ratelimit-* of its own. Taken for the REST
     * budget, it would stop every other read of the run.
     */
    otherLimit(status, headers, num) {
        if (status === undefined || status < 400)
            return false;
        if (headers?.['x-ratelimit-resource'] === undefined)
            return true;
        const limit = num('x-ratelimit-limit');
        return this.limit !== undefined && limit !== undefined && limit !== this.limit;
    }
    /**
     * After an answer (or a failure): give back a 304's unit, charge a GraphQL query its `points`
     * (one unit was reserved), and read the rate-limit headers.
     */
    settle(status, headers, points) {
        this.inFlight = Math.max(0, this.inFlight - 1);
        if (points !== undefined) {
            this.spent += points - 1;
            this.graphqlPoints += points;
        }
        if (status === 304) {
            this.spent--;
            this.notModified++;
        }
        const num = (name) => {
            const v = headers?.[name];
            const n = typeof v === 'string' || typeof v === 'number' ? Number(v) : NaN;
            return Number.isFinite(n) ? n : undefined;
        };
        const remaining = num('x-ratelimit-remaining');
        const resource = headers?.['x-ratelimit-resource'];
        if (remaining !== undefined && resource === 'graphql') {
            this.graphqlRemaining = remaining;
            this.graphqlLimit = num('x-ratelimit-limit') ?? this.graphqlLimit;
        }
        else if (remaining !== undefined &&
            (resource === undefined || resource === 'core') &&
            !this.otherLimit(status, headers, num)) {
            this.remaining = remaining;
            this.limit = num('x-ratelimit-limit') ?? this.limit;
            this.reset = num('x-ratelimit-reset') ?? this.reset;
        }
    }
}
/**
 * Octokit plugin: conditional GETs through the cache, and the budget on every request. Applied
 * first, so that its hook is the innermost: the retry and throttling plugins see a 200, never the
 * 304, and a refused read (BudgetExhausted, status 429, no rate-limit headers) is not retried.
 */
function conditionalRequests(octokit, octokitOptions) {
    const options = octokitOptions;
    const cache = options.conditionalCache;
    const budget = options.requestBudget;
    if (!cache && !budget)
        return;
    octokit.hook.wrap('request', async (request, opts) => {
        const parsed = octokit.request.endpoint.parse(opts);
        const what = `${parsed.method} ${new URL(parsed.url).pathname}`;
        const cacheable = cache !== undefined && parsed.method === 'GET';
        const key = requestKey(parsed);
        const stored = cacheable ? cache.lookup(key) : undefined;
        // In place: before-after-hook hands every inner hook the options object it was called with, so
        // options passed to `request(...)` here would be ignored.
        if (stored) {
            opts.headers['if-none-match'] = stored.etag;
            // GitHub's ETags are specific to the token: another token (the next hourly App installation
            // token, a rotated PAT) gets a 200 that counts. GitHub Support's workaround is
            // If-Modified-Since where an endpoint sends Last-Modified (not all do): sent beside the ETag
            // when one was stored; where GitHub ignores it, nothing changes.
            // https://github.com/eclipse-csi/otterdog/issues/201, https://github.com/github/docs/issues/34689
            if (stored.lastModified)
                opts.headers['if-modified-since'] = stored.lastModified;
        }
        budget?.take(what, parsed.url);
        const graphql = parsed.method === 'POST' && isGraphqlUrl(parsed.url);
        let response;
        try {
            response = await request(opts);
        }
        catch (error) {
            const e = error;
            // A failed GraphQL request keeps the unit reserved for it (GitHub states no cost for it).
            budget?.settle(e.status, e.response?.headers, graphql ? 1 : undefined);
            if (e.status === 304 && stored && cacheable) {
                cache.confirm(key, new Date());
                return answer(parsed.url, stored, e.response?.headers ?? {});
            }
            // The resource is gone or no longer visible: its stored answer is stale.
            if (cacheable && (e.status === 404 || e.status === 410))
                cache.forget(key);
            throw error;
        }
        budget?.settle(response.status, response.headers, graphql ? graphqlCost(response.data) : undefined);
        const etag = response.headers.etag;
        if (cacheable && response.status === 200 && typeof etag === 'string' && etag !== '') {
            const link = response.headers.link;
            const lastModified = response.headers['last-modified'];
            cache.store(key, parsed.url, {
                etag,
                ...(typeof link === 'string' ? { link } : {}),
                ...(typeof lastModified === 'string' ? { lastModified } : {}),
                data: structuredClone(response.data),
            }, new Date());
        }
        return response;
    });
}
/** A GraphQL answer's cost in points, as it states it (`rateLimit { cost }`); 1 when it does not say. */
function graphqlCost(body) {
    const cost = body?.data?.rateLimit?.cost;
    return typeof cost === 'number' && Number.isInteger(cost) && cost >= 0 ? cost : 1;
}
function requestKey(parsed) {
    return `${parsed.url} ${String(parsed.headers.accept ?? '')}`;
}
/**
 * Octokit plugin applied last (its hook is the outermost): an answer already confirmed in this
 * run, for a read the audit and the assessment share, is handed back at once — without a request,
 * and without waiting in the throttling plugin's queue.
 */
function sharedAnswers(octokit, octokitOptions) {
    const cache = octokitOptions.conditionalCache;
    if (!cache)
        return;
    octokit.hook.wrap('request', async (request, opts) => {
        const parsed = octokit.request.endpoint.parse(opts);
        if (parsed.method === 'GET') {
            const fresh = cache.reuse(requestKey(parsed), parsed.url);
            if (fresh)
                return answer(parsed.url, fresh, {});
        }
        return request(opts);
    });
}
/** A stored answer as Octokit's response (a copy: pagination rewrites `data` in place). */
function answer(url, e, headers) {
    const out = {};
    for (const [k, v] of Object.entries(headers))
        if (typeof v === 'string' || typeof v === 'number')
            out[k] = v;
    out.etag = e.etag;
    if (e.link)
        out.link = e.link;
    else
        delete out.link;
    if (e.lastModified)
        out['last-modified'] = e.lastModified;
    return { status: 200, url, headers: out, data: structuredClone(e.data) };
}
/** The cache file of the CLI's cache directory for one API URL and scope. */
function cacheFileIn(dir, scope) {
    return `${dir.replace(/\/+$/, '')}/etags-${sha256(`${scope.apiUrl}\n${scope.scope}`).slice(0, 16)}.json`;
}


/***/ }),

/***/ 5108:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LX: () => (/* binding */ createGitHubClient),
/* harmony export */   PO: () => (/* binding */ errorStatus),
/* harmony export */   Pm: () => (/* binding */ explainGitHubError),
/* harmony export */   _O: () => (/* binding */ USER_AGENT),
/* harmony export */   eK: () => (/* binding */ isRequestError),
/* harmony export */   tj: () => (/* binding */ apiBaseUrl)
/* harmony export */ });
/* unused harmony exports MAX_WRITE_INTERVAL_MS, createGitHubAppClient */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(560);
/* harmony import */ var _octokit_auth_app__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(6479);
/* harmony import */ var _octokit_rest__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7432);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(6856);
/* harmony import */ var bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3251);
/* harmony import */ var bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _conditional_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5823);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4296);
/* harmony import */ var _mask_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9239);









// conditionalRequests first: its hook is the innermost, so retry and throttling never see a 304;
// sharedAnswers last: an answer already confirmed in this run skips the throttling queue.
const GitHubOctokit = _octokit_rest__WEBPACK_IMPORTED_MODULE_4__/* .Octokit */ .E.plugin(_conditional_js__WEBPACK_IMPORTED_MODULE_2__/* .conditionalRequests */ .R6, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_5__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_6__/* .throttling */ .A, _conditional_js__WEBPACK_IMPORTED_MODULE_2__/* .sharedAnswers */ .Pw);
/** The longest pause between content-creating requests SECURE_DEPLOY_WRITE_INTERVAL_MS may ask for. */
const MAX_WRITE_INTERVAL_MS = 60_000;
function writeInterval(options) {
    if (options.writeIntervalMs !== undefined)
        return options.writeIntervalMs;
    const env = process.env.SECURE_DEPLOY_WRITE_INTERVAL_MS;
    if (env === undefined || !/^\d+$/.test(env))
        return undefined;
    if (Number(env) > MAX_WRITE_INTERVAL_MS) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ConfigurationError */ .j1(`SECURE_DEPLOY_WRITE_INTERVAL_MS is ${env}; it must be at most ${MAX_WRITE_INTERVAL_MS} (one minute between writes).`);
    }
    return Number(env);
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
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz((0,_mask_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(message));
    else if (process.env.SECURE_DEPLOY_DEBUG)
        process.stderr.write(`debug: ${(0,_mask_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(message)}\n`);
}
/** The API base URL: `GITHUB_API_URL` (GitHub Enterprise Server works unchanged), else api.github.com. */
function apiBaseUrl() {
    return (process.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
}
/**
 * An Octokit client with retry (5xx, network errors) and throttling (primary and secondary rate
 * limits, honouring `retry-after`) plugins, pointed at `GITHUB_API_URL`.
 */
function createGitHubClient(token, options = {}) {
    if (!token) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ConfigurationError */ .j1("Input 'token' is empty: pass a token with `token: ${{ secrets.GITHUB_TOKEN }}` or give the job the permissions it needs.");
    }
    const baseUrl = options.baseUrl?.replace(/\/+$/, '') ?? apiBaseUrl();
    const rateLimitRetries = options.rateLimitRetries ?? 4;
    const interval = writeInterval(options);
    return new GitHubOctokit({
        // A GitHub App installation: @octokit/auth-app mints installation tokens (one hour each) and
        // mints a new one before the cached one expires, so long waits keep working.
        ...(typeof token === 'string'
            ? { auth: token }
            : { authStrategy: _octokit_auth_app__WEBPACK_IMPORTED_MODULE_8__/* .createAppAuth */ .K, auth: { ...token, cache: installationTokenCache() } }),
        baseUrl,
        userAgent: USER_AGENT,
        conditionalCache: options.cache,
        requestBudget: options.budget,
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
/** A fresh installation token is minted when the cached one has less than this left. */
const TOKEN_REFRESH_MARGIN_MS = 60_000;
/**
 * @octokit/auth-app's token cache, kept here so that every installation token it mints is masked
 * at once, and a token is reused only while it has more than a minute left (by its `expires_at`,
 * rather than auth-app's fixed 59 minutes). Values are auth-app's `token|createdAt|expiresAt|...`.
 */
function installationTokenCache() {
    const entries = new Map();
    return {
        get(key) {
            const value = entries.get(key);
            const expiresAt = Date.parse(value?.split('|')[2] ?? '');
            if (value === undefined || !(expiresAt - Date.now() > TOKEN_REFRESH_MARGIN_MS)) {
                entries.delete(key);
                return undefined;
            }
            return value;
        },
        set(key, value) {
            const token = value.split('|')[0] ?? '';
            if (token)
                (0,_mask_js__WEBPACK_IMPORTED_MODULE_3__/* .maskSecret */ .$l)(token);
            entries.set(key, value);
        },
    };
}
/**
 * A client that authenticates as the GitHub App's installation on `owner/repo`, refreshing its
 * installation token as it expires. The installation is found with the app's JWT.
 */
async function createGitHubAppClient(app, owner, repo, options = {}) {
    if (!/^\d+$/.test(app.appId)) {
        throw new ConfigurationError(`Input 'app-id' must be the GitHub App's numeric id, not '${app.appId}'.`);
    }
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(app.privateKey)) {
        throw new ConfigurationError("Input 'app-private-key' is not a PEM private key: pass the app's private key (-----BEGIN RSA PRIVATE KEY-----...) from a secret.");
    }
    const baseUrl = (options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
    const asApp = new GitHubOctokit({
        authStrategy: createAppAuth,
        auth: { appId: app.appId, privateKey: app.privateKey },
        baseUrl,
        userAgent: USER_AGENT,
        log: { debug: debugLog, info: debugLog, warn: debugLog, error: debugLog },
        retry: { retries: options.retries ?? 3 },
        throttle: { onRateLimit: () => false, onSecondaryRateLimit: () => false },
    });
    let installationId;
    try {
        installationId = (await asApp.rest.apps.getRepoInstallation({ owner, repo })).data.id;
    }
    catch (error) {
        throw explainGitHubError(error, `finding GitHub App ${app.appId}'s installation on ${owner}/${repo} (install the app on the repository, and check 'app-id' and 'app-private-key')`);
    }
    return createGitHubClient({ appId: app.appId, privateKey: app.privateKey, installationId }, options);
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
            return new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ConfigurationError */ .j1(`GitHub rejected the token while ${doing} (401 Bad credentials). Check the 'token' input.`);
        case 403:
            return new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ConfigurationError */ .j1(`GitHub refused ${doing} (403: ${error.message}).${permissionHint}`);
        case 404:
            return new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ConfigurationError */ .j1(`GitHub answered 404 Not Found while ${doing}: it does not exist, or the token cannot see it.${permissionHint}`);
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
