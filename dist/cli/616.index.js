export const id = 616;
export const ids = [616];
export const modules = {

/***/ 1616:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ASSESS_PERMISSIONS: () => (/* binding */ ASSESS_PERMISSIONS),
  registerAssessCommands: () => (/* binding */ registerAssessCommands)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/bulk-reads.ts
var bulk_reads = __webpack_require__(7875);
// EXTERNAL MODULE: ./src/core/rotation-records.ts
var rotation_records = __webpack_require__(2210);
// EXTERNAL MODULE: ./src/core/concurrency.ts
var concurrency = __webpack_require__(8904);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/github.ts
var github = __webpack_require__(5108);
// EXTERNAL MODULE: ./src/audit/inventory.ts
var inventory = __webpack_require__(2363);
// EXTERNAL MODULE: ./src/core/mask.ts
var mask = __webpack_require__(9239);
;// CONCATENATED MODULE: ./src/secrets/duration.ts

const UNITS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/**
 * The documented upper bounds (action.yml): a longer `max-age` would mean "never rotate"; a longer
 * `grace` keeps a replaced credential valid for years and overflows the dates it is added to.
 */
const duration_MAX_AGE_LIMIT_MS = (/* unused pure expression or super */ null && (3650 * 86_400_000));
const duration_GRACE_LIMIT_MS = (/* unused pure expression or super */ null && (365 * 86_400_000));
/**
 * Parses `0`, `90s`, `15m`, `12h`, `30d`, `2w` (or a sum such as `1d12h`) into milliseconds, refusing
 * anything above `limitMs` (a ConfigurationError before anything changes: a huge value would
 * otherwise become an invalid date, or a schedule that never fires).
 */
function duration_parseDuration(input, text, limitMs) {
    const v = text.trim();
    if (v === '0')
        return 0;
    if (!/^(\d+[smhdw])+$/.test(v)) {
        throw new ConfigurationError(`Input '${input}' must be a duration such as '0', '90s', '15m', '12h', '30d' or '1d12h', not '${v}'.`);
    }
    let total = 0;
    for (const m of v.matchAll(/(\d+)([smhdw])/g))
        total += Number(m[1]) * (UNITS[m[2] ?? ''] ?? 0);
    if (!Number.isSafeInteger(total) || total > limitMs) {
        throw new ConfigurationError(`Input '${input}' is '${v}', longer than its limit of ${formatDuration(limitMs)}. Use at most ${formatDuration(limitMs)}.`);
    }
    return total;
}
/** `3600000` -> `1h`, for messages. */
function formatDuration(ms) {
    if (ms === 0)
        return '0';
    for (const [unit, size] of [
        ['d', 86_400_000],
        ['h', 3_600_000],
        ['m', 60_000],
    ]) {
        if (ms % size === 0)
            return `${ms / size}${unit}`;
    }
    return `${Math.round(ms / 1000)}s`;
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/secrets/generate.ts
/**
 * Value generators: random strings over an alphabet or a password policy, ssh-ed25519 key pairs,
 * or a user command whose standard output is the value. Every value is masked the moment it exists.
 */




const ALPHABETS = {
    hex: '0123456789abcdef',
    base64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
    alphanumeric: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
};
const PASSWORD_CLASSES = {
    lower: 'abcdefghijklmnopqrstuvwxyz',
    upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    digit: '0123456789',
    // No quote, backslash, space or '$': values survive shells, YAML, URLs in JSON and .env files.
    symbol: '!#%&()*+,-./:;<=>?@[]^_{|}~',
};
/** Parses `lower=1 upper=1 digit=1 symbol=1 symbols=!#%` (any order, any subset). */
function generate_parsePasswordPolicy(text, length) {
    const min = { lower: 0, upper: 0, digit: 0, symbol: 0 };
    let symbols = PASSWORD_CLASSES.symbol;
    for (const pair of text
        .trim()
        .split(/[\s,]+/)
        .filter(Boolean)) {
        const eq = pair.indexOf('=');
        const key = pair.slice(0, eq);
        const value = pair.slice(eq + 1);
        if (eq <= 0)
            throw new ConfigurationError(`Input 'password-policy': '${pair}' must be key=value, e.g. 'digit=2'.`);
        if (key === 'symbols') {
            if (value === '' || /[\s'"\\`$]/.test(value) || !/^[\x21-\x7e]+$/.test(value)) {
                throw new ConfigurationError("Input 'password-policy': 'symbols' must list printable ASCII symbols without quotes, backslash, backtick or '$'.");
            }
            symbols = [...new Set(value)].join('');
        }
        else if (key in min) {
            if (!/^\d+$/.test(value))
                throw new ConfigurationError(`Input 'password-policy': '${key}' must be a whole number.`);
            min[key] = Number(value);
        }
        else {
            throw new ConfigurationError(`Input 'password-policy': unknown key '${key}'. Known keys: lower, upper, digit, symbol, symbols.`);
        }
    }
    const required = Object.values(min).reduce((a, b) => a + b, 0);
    if (required > length) {
        throw new ConfigurationError(`Input 'password-policy' asks for ${required} characters, more than 'length' (${length}).`);
    }
    return { min, symbols };
}
function pick(alphabet) {
    return alphabet[randomInt(alphabet.length)] ?? '';
}
/** Unbiased random characters (crypto.randomInt); a password policy's classes are then shuffled in. */
function randomValue(length, alphabet, policy) {
    if (alphabet !== 'password') {
        const chars = ALPHABETS[alphabet];
        let out = '';
        for (let i = 0; i < length; i++)
            out += pick(chars);
        return out;
    }
    const p = policy ?? generate_parsePasswordPolicy('', length);
    const classes = { ...PASSWORD_CLASSES, symbol: p.symbols };
    const chars = [];
    for (const cls of Object.keys(classes)) {
        for (let i = 0; i < p.min[cls]; i++)
            chars.push(pick(classes[cls]));
    }
    const all = Object.values(classes).join('');
    while (chars.length < length)
        chars.push(pick(all));
    // Fisher–Yates, so the required characters are not all at the front.
    for (let i = chars.length - 1; i > 0; i--) {
        const j = randomInt(i + 1);
        [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
    }
    return chars.join('');
}
/** An Ed25519 key pair: the private key in OpenSSH PEM form, the public key as `ssh-ed25519 AAAA... comment`. */
function sshEd25519(comment) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const jwkPub = publicKey.export({ format: 'jwk' });
    const jwkPriv = privateKey.export({ format: 'jwk' });
    const pub = Buffer.from(jwkPub.x ?? '', 'base64url');
    const seed = Buffer.from(jwkPriv.d ?? '', 'base64url');
    if (pub.length !== 32 || seed.length !== 32)
        throw new Error('node:crypto returned an Ed25519 key of unexpected size');
    const value = openSshPrivateKey(pub, seed, comment);
    maskSecret(value);
    const publicKeyText = `ssh-ed25519 ${sshPublicBlob(pub).toString('base64')} ${comment}`;
    return { value, publicKey: publicKeyText };
}
function sshString(data) {
    const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    return Buffer.concat([len, body]);
}
function sshPublicBlob(pub) {
    return Buffer.concat([sshString('ssh-ed25519'), sshString(pub)]);
}
/**
 * The `openssh-key-v1` container (PROTOCOL.key in OpenSSH): unencrypted, one Ed25519 key.
 * node:crypto has no OpenSSH export, and this framing is a few length-prefixed fields.
 */
function openSshPrivateKey(pub, seed, comment) {
    const check = Buffer.alloc(4);
    check.writeUInt32BE(randomInt(0, 2 ** 32 - 1));
    let priv = Buffer.concat([
        check,
        check,
        sshString('ssh-ed25519'),
        sshString(pub),
        sshString(Buffer.concat([seed, pub])),
        sshString(comment),
    ]);
    const pad = [];
    for (let i = 1; (priv.length + pad.length) % 8 !== 0; i++)
        pad.push(i);
    priv = Buffer.concat([priv, Buffer.from(pad)]);
    const count = Buffer.alloc(4);
    count.writeUInt32BE(1);
    const body = Buffer.concat([
        Buffer.from('openssh-key-v1\0', 'latin1'),
        sshString('none'),
        sshString('none'),
        sshString(Buffer.alloc(0)),
        count,
        sshString(sshPublicBlob(pub)),
        sshString(priv),
    ]);
    const b64 = body.toString('base64').replace(/.{1,70}/g, '$&\n');
    return `-----BEGIN OPENSSH PRIVATE KEY-----\n${b64}-----END OPENSSH PRIVATE KEY-----\n`;
}
/**
 * Runs the user's command with `sh -c`; its standard output (one trailing newline removed) is the
 * value. The command gets a JSON document on standard input (`{"name":..., "instance":...}`), never
 * the value on a command line. Its standard error is not shown: it might echo the value.
 */
async function commandValue(command, request, env = process.env) {
    const { code, stdout } = await runCommand(command, JSON.stringify(request), env);
    const value = stdout.replace(/\r?\n$/, '');
    if (value !== '')
        maskSecret(value);
    if (code !== 0)
        throw new ConfigurationError(`The generator command exited with status ${code}.`);
    if (value === '')
        throw new ConfigurationError('The generator command printed nothing: its standard output must be the value.');
    return value;
}
/**
 * The environment a user command gets: the runner's, without the action's inputs (`INPUT_*`: the
 * token, admin URLs, the fingerprint key, pending values) and the runner's own credentials
 * (`ACTIONS_*`: runtime token, cache and results URLs). PATH, HOME and the rest stay.
 */
function childEnv(env = process.env) {
    const out = {};
    for (const [key, value] of Object.entries(env)) {
        if (/^(INPUT|ACTIONS)_/i.test(key))
            continue;
        out[key] = value;
    }
    return out;
}
/**
 * Runs `sh -c <command>` with `stdin` written to it; resolves with its exit status and stdout.
 * The command never sees the action's inputs or the runner's credentials (see `childEnv`).
 */
function runCommand(command, stdin, env = process.env, timeoutMs = 120_000) {
    return new Promise((resolve, reject) => {
        const child = spawn('sh', ['-c', command], { env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
        child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
        child.on('error', (error) => {
            clearTimeout(timer);
            reject(error);
        });
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
        });
        child.stdin.on('error', () => undefined);
        child.stdin.end(stdin);
    });
}
/** Generates one value per the spec, masked before it is returned. */
async function generate(spec, context) {
    switch (spec.kind) {
        case 'random': {
            const value = randomValue(spec.length, spec.alphabet, spec.policy);
            maskSecret(value);
            return { value };
        }
        case 'ssh-ed25519':
            return sshEd25519(`${context.name.toLowerCase()}@${context.instance}`);
        case 'command':
            return { value: await commandValue(spec.command, { name: context.name, instance: context.instance }) };
    }
}
/** The `ssh-ed25519 AAAA...` public key inside an unencrypted `openssh-key-v1` private key. */
function publicKeyOfOpenSsh(privateKey, comment) {
    const b64 = privateKey.replace(/-----(BEGIN|END) OPENSSH PRIVATE KEY-----/g, '').replace(/\s+/g, '');
    const body = Buffer.from(b64, 'base64');
    const magic = 'openssh-key-v1\0';
    if (body.subarray(0, magic.length).toString('latin1') !== magic)
        throw new Error('not an OpenSSH private key');
    let offset = magic.length;
    const next = () => {
        const len = body.readUInt32BE(offset);
        const out = body.subarray(offset + 4, offset + 4 + len);
        offset += 4 + len;
        return out;
    };
    next(); // cipher
    next(); // kdf
    next(); // kdf options
    offset += 4; // key count
    const blob = next();
    return `ssh-ed25519 ${blob.toString('base64')} ${comment}`;
}

;// CONCATENATED MODULE: ./src/secrets/config.ts
/**
 * The rotation's configuration, checked once from the action's inputs (or the CLI's options).
 * Pure functions that throw ConfigurationError: tested without mocks.
 */





const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const REPO = /^[A-Za-z0-9._-]+$/;
function parseRepo(input, text, line) {
    const [owner = '', repo = '', ...rest] = text.split('/');
    if (!OWNER.test(owner) || !REPO.test(repo) || rest.length > 0) {
        throw new errors/* ConfigurationError */.j1(`Input '${input}': '${text}' in '${line}' is not a repository; write 'owner/name'.`);
    }
    return { owner, repo };
}
/** The destinations of an instance that has no `destinations` lines, from its name. */
function defaultDestination(instance, repository) {
    if (instance === 'repository')
        return { kind: 'repository', ...repository };
    if (instance === 'organization')
        return { kind: 'organization', owner: repository.owner };
    return { kind: 'environment', ...repository, environment: instance };
}
/**
 * One `destinations` line: `<instance> <kind> [<where>]`, where `<where>` is `owner/repo` for
 * repository and dependabot, `[owner/repo:]environment` for environment, `org` for organization;
 * without it, the current repository, an environment named like the instance, or its owner.
 */
function parseDestinationLine(line, repository) {
    const [instance = '', kind = '', where, ...rest] = line.trim().split(/\s+/);
    if (!instance || !kind || rest.length > 0) {
        throw new errors/* ConfigurationError */.j1(`Input 'destinations': '${line}' is not a destination. Write '<instance> <kind> [<where>]', e.g. 'production environment' or 'production repository acme/worker'.`);
    }
    switch (kind) {
        case 'repository':
        case 'dependabot':
            return { instance, destination: { kind, ...(where ? parseRepo('destinations', where, line) : repository) } };
        case 'environment': {
            if (!where)
                return { instance, destination: { kind, ...repository, environment: instance } };
            const colon = where.lastIndexOf(':');
            const repo = colon >= 0 ? parseRepo('destinations', where.slice(0, colon), line) : repository;
            const environment = colon >= 0 ? where.slice(colon + 1) : where;
            if (!environment)
                throw new errors/* ConfigurationError */.j1(`Input 'destinations': '${line}' names no environment.`);
            return { instance, destination: { kind, ...repo, environment } };
        }
        case 'organization': {
            const org = where ?? repository.owner;
            if (!OWNER.test(org))
                throw new errors/* ConfigurationError */.j1(`Input 'destinations': '${org}' in '${line}' is not an organization.`);
            return { instance, destination: { kind, owner: org } };
        }
        default:
            throw new errors/* ConfigurationError */.j1(`Input 'destinations': unknown kind '${kind}' in '${line}'. Known kinds: repository, environment, organization, dependabot.`);
    }
}
/** `environment acme/app:production`, for messages, summaries and audit details. */
function describeDestination(d) {
    switch (d.kind) {
        case 'organization':
            return `organization ${d.owner}`;
        case 'environment':
            return `environment ${d.owner}/${d.repo ?? ''}:${d.environment ?? ''}`;
        default:
            return `${d.kind} ${d.owner}/${d.repo ?? ''}`;
    }
}
function sameDestination(a, b) {
    return describeDestination(a).toLowerCase() === describeDestination(b).toLowerCase();
}
/** Parses `postgres-url`: one URL for every instance, or lines of `<instance>=<url>`. */
function parseAdminUrls(text, instances) {
    const map = new Map();
    const lines = text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'));
    for (const line of lines) {
        const m = /^([A-Za-z0-9_.-]+)\s*=\s*(postgres(?:ql)?:\/\/.*)$/.exec(line);
        const [instance, url] = m ? [m[1] ?? '', m[2] ?? ''] : ['*', line];
        if (!/^postgres(?:ql)?:\/\//.test(url)) {
            throw new ConfigurationError("Input 'postgres-url' must be a 'postgresql://user:password@host:port/database' URL, or lines of '<instance>=<url>'.");
        }
        if (!URL.canParse(url)) {
            // Never the URL itself: it holds the admin password.
            throw new ConfigurationError(`Input 'postgres-url': the URL ${instance === '*' ? 'given' : `for instance '${instance}'`} is not a valid URL; percent-encode special characters in the user name and password (e.g. '@' as %40, '/' as %2F).`);
        }
        if (instance !== '*' && !instances.includes(instance)) {
            throw new ConfigurationError(`Input 'postgres-url' names instance '${instance}', which 'instances' does not list.`);
        }
        if (map.has(instance))
            throw new ConfigurationError(`Input 'postgres-url' gives two URLs for '${instance}'.`);
        map.set(instance, url);
    }
    for (const instance of instances) {
        if (!map.has(instance) && !map.has('*')) {
            throw new ConfigurationError(`Input 'postgres-url' gives no admin URL for instance '${instance}'.`);
        }
    }
    return map;
}
/** Parses `pending-values`: a JSON array of strings, a JSON string, or the raw value. */
function parsePendingValues(text) {
    if (text === '')
        return [];
    let values = [text];
    try {
        const parsed = JSON.parse(text);
        if (Array.isArray(parsed) && parsed.every((v) => typeof v === 'string'))
            values = parsed;
        else if (typeof parsed === 'string')
            values = [parsed];
    }
    catch {
        // Not JSON: the raw value.
    }
    values = values.filter((v) => v !== '');
    for (const v of values)
        maskSecret(v);
    return values;
}
function parseConfig(inputs, repository) {
    const problems = [];
    const check = (fn) => {
        try {
            fn();
        }
        catch (error) {
            if (!(error instanceof ConfigurationError))
                throw error;
            problems.push(error.message);
        }
    };
    if (!inputs.name)
        problems.push("Input 'name' is required: the name of the secret to rotate, e.g. 'DB_CREDENTIALS'.");
    else if (!SECRET_NAME.test(inputs.name) || /^GITHUB_/i.test(inputs.name)) {
        problems.push(`Input 'name': '${inputs.name}' is not a valid secret name (letters, digits and '_', not starting with a digit or 'GITHUB_').`);
    }
    if (!repository.owner || !repository.repo)
        problems.push('GITHUB_REPOSITORY is not set: run this inside a workflow.');
    const names = [...inputs.instances];
    if (names.length === 0) {
        problems.push("Input 'instances' is required: list environment names, 'repository' or 'organization', one a line.");
    }
    const seen = new Map();
    for (const n of names) {
        if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(n)) {
            problems.push(`Input 'instances': '${n}' is not an instance name (letters, digits, '.', '_', '-').`);
            continue;
        }
        const key = instanceKey(n);
        const other = seen.get(key);
        if (other !== undefined) {
            problems.push(`Input 'instances': '${other}' and '${n}' both become '${key}' in variable names; rename one.`);
        }
        seen.set(key, n);
    }
    const explicit = new Map();
    for (const line of inputs.destinations) {
        check(() => {
            const { instance, destination } = parseDestinationLine(line, repository);
            if (!names.includes(instance)) {
                throw new ConfigurationError(`Input 'destinations': '${line}' names instance '${instance}', which 'instances' does not list.`);
            }
            const list = explicit.get(instance) ?? [];
            if (list.some((d) => sameDestination(d, destination))) {
                throw new ConfigurationError(`Input 'destinations': '${line}' repeats a destination of '${instance}'.`);
            }
            list.push(destination);
            explicit.set(instance, list);
        });
    }
    const instances = names.map((n) => ({
        name: n,
        key: instanceKey(n),
        destinations: explicit.get(n) ?? [defaultDestination(n, repository)],
    }));
    // Two instances writing one location would overwrite each other's value.
    const owners = new Map();
    for (const instance of instances) {
        for (const d of instance.destinations) {
            const k = describeDestination(d).toLowerCase();
            const other = owners.get(k);
            if (other !== undefined && other !== instance.name) {
                problems.push(`Instances '${other}' and '${instance.name}' both write ${describeDestination(d)}; each instance needs its own value.`);
            }
            owners.set(k, instance.name);
        }
    }
    let generator = { kind: 'random', length: inputs.length, alphabet: inputs.alphabet };
    if (inputs.generator === 'ssh-ed25519')
        generator = { kind: 'ssh-ed25519' };
    else if (inputs.generator === 'command') {
        if (!inputs.generatorCommand)
            problems.push("Input 'generator-command' is required when 'generator' is 'command'.");
        generator = { kind: 'command', command: inputs.generatorCommand };
    }
    else if (inputs.alphabet === 'password') {
        check(() => {
            generator = {
                kind: 'random',
                length: inputs.length,
                alphabet: 'password',
                policy: parsePasswordPolicy(inputs.passwordPolicy, inputs.length),
            };
        });
    }
    let target = { kind: 'none' };
    switch (inputs.target) {
        case 'postgres': {
            check(() => {
                if (!inputs.postgresUrl) {
                    throw new ConfigurationError("Input 'postgres-url' is required when 'target' is 'postgres': an admin connection URL.");
                }
                const roles = inputs.postgresRoles.split(/[\s,]+/).filter(Boolean);
                const want = inputs.postgresStrategy === 'alternating-users' ? 2 : 1;
                if (roles.length !== want) {
                    throw new ConfigurationError(`Input 'postgres-roles' must name ${want === 2 ? "two roles (e.g. 'app_blue app_green') for alternating-users" : 'one role for single-user'}, not ${roles.length}.`);
                }
                if (want === 2 && roles[0] === roles[1])
                    throw new ConfigurationError("Input 'postgres-roles' must name two different roles.");
                if (inputs.postgresStrategy === 'alternating-users' && inputs.postgresSecretFormat === 'password') {
                    throw new ConfigurationError("Input 'postgres-secret-format' cannot be 'password' with alternating-users: the application must learn which role to use. Use 'json' or 'url'.");
                }
                if (generator.kind === 'ssh-ed25519')
                    throw new ConfigurationError("Generator 'ssh-ed25519' makes keys, not passwords: use 'random' with target 'postgres'.");
                target = {
                    kind: 'postgres',
                    strategy: inputs.postgresStrategy,
                    adminUrls: parseAdminUrls(inputs.postgresUrl, names),
                    roles,
                    format: inputs.postgresSecretFormat,
                };
            });
            break;
        }
        case 'deploy-key': {
            if (inputs.generator !== 'ssh-ed25519')
                problems.push("Target 'deploy-key' needs 'generator: ssh-ed25519'.");
            const where = inputs.deployKeyRepository || `${repository.owner}/${repository.repo}`;
            check(() => parseRepo('deploy-key-repository', where.replace(/\{instance\}/g, 'x'), where));
            target = { kind: 'deploy-key', repository: where, readOnly: inputs.deployKeyReadOnly };
            break;
        }
        case 'command':
            if (!inputs.targetCommand)
                problems.push("Input 'target-command' is required when 'target' is 'command'.");
            target = { kind: 'command', command: inputs.targetCommand };
            break;
        case 'none':
            break;
    }
    let maxAgeMs = 0;
    let graceMs = 0;
    check(() => (maxAgeMs = parseDuration('max-age', inputs.maxAge, MAX_AGE_LIMIT_MS)));
    check(() => (graceMs = parseDuration('grace', inputs.grace, GRACE_LIMIT_MS)));
    if (!inputs.fingerprintKey) {
        problems.push("Input 'fingerprint-key' is required: a secret key (e.g. `${{ secrets.SECRET_FINGERPRINT_KEY }}`) for the HMAC fingerprints that let the audit compare values without seeing them.");
    }
    else if (inputs.fingerprintKey.length < 16) {
        problems.push("Input 'fingerprint-key' must be at least 16 characters long.");
    }
    if (problems.length === 1)
        throw new ConfigurationError(problems[0]);
    if (problems.length > 1)
        throw new ConfigurationError(`${problems.length} inputs are invalid:\n- ${problems.join('\n- ')}`);
    return {
        name: inputs.name,
        repository,
        instances,
        generator,
        target,
        maxAgeMs,
        force: inputs.force,
        dryRun: inputs.dryRun,
        graceMs,
        fingerprintKey: inputs.fingerprintKey,
        pendingValues: parsePendingValues(inputs.pendingValues),
        concurrency: inputs.concurrency,
    };
}
/** The variable that keeps an instance's rotation state (phase, fingerprints, times; never values). */
function stateVariableName(config, instance) {
    return rotationVariableName(config.name, instance.key);
}
/** The secret that holds the pending value while a rotation is in flight (the recovery input's source). */
function pendingSecretName(config) {
    return `${config.name}_PENDING`;
}

;// CONCATENATED MODULE: ./src/assess/coverage.ts
/**
 * Practices run once for many repositories: a scheduled audit-secrets over an organization (or a
 * list of repositories) reviews every repository it covers, and a scheduled rotate-secret rotates
 * the secrets of every repository its destinations name. Which repositories a step covers depends
 * on its inputs and on the repository whose workflow runs it (the host).
 */


/** Sink kinds that leave the runner: what a central log is made of. */
const CENTRAL = new Set(['http', 'syslog', 'github']);
/**
 * Why an audit-secrets step does not review secret reads, or undefined when it does: reads come
 * from the organization audit log (API or a streamed export), and reach the central sinks once
 * only with a watermark (the audit state, kept beside the ledger unless 'audit-state' says where).
 */
function readsGap(step, host) {
    const gaps = [];
    if (!organizationOf(step, host))
        gaps.push("it audits no 'organization' (reads are in the organization audit log)");
    const api = (step.with['read-audit-log'] ?? 'true').trim() !== 'false';
    if (!api && list(step.with['audit-log-export']).length === 0)
        gaps.push("'read-audit-log' is false and no 'audit-log-export' is given");
    if (!(step.with.ledger ?? '').trim() && !(step.with['audit-state'] ?? '').trim())
        gaps.push("no 'ledger' or 'audit-state' keeps its watermark, so reads are not sent to the sinks");
    const kinds = list(step.with['audit-log']).map((l) => l.split(/\s+/)[0] ?? '');
    if (!kinds.some((k) => CENTRAL.has(k)))
        gaps.push("its 'audit-log' has no central sink (http, syslog or github)");
    return gaps.length > 0 ? gaps.join('; ') : undefined;
}
/** A multi-line input as the action reads it: one item a line, blank lines and `#` comments dropped. */
function list(value) {
    return (value ?? '')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'));
}
function split(full) {
    const [owner = '', repo = ''] = full.split('/');
    return { owner, repo };
}
/** `organization:` as written, with the one expression that names the host's owner resolved. */
function organizationOf(step, host) {
    const org = (step.with.organization ?? '').trim();
    return /^\$\{\{\s*github\.repository_owner\s*\}\}$/.test(org) ? split(host).owner : org;
}
/** Whether an audit-secrets step, run from `host`, audits `target` (both `owner/name`). */
function auditCovers(step, host, target) {
    const t = target.toLowerCase();
    const repositories = list(step.with.repositories);
    if (repositories.length > 0)
        return repositories.some((r) => r.toLowerCase() === t);
    const org = organizationOf(step, host);
    if (org) {
        const { owner, repo } = split(target);
        return owner.toLowerCase() === org.toLowerCase() && (0,inventory/* matchesFilter */.yy)(repo, list(step.with['repository-filter']));
    }
    return host.toLowerCase() === t;
}
/** The repositories (`owner/name`, lower case) whose secrets a rotate-secret step, run from `host`, writes. */
function rotationTargets(step, host) {
    const repository = split(host);
    const instances = list(step.with.instances);
    const named = new Set();
    const targets = new Set();
    const add = (d) => {
        if (d.repo)
            targets.add(`${d.owner}/${d.repo}`.toLowerCase());
    };
    for (const line of list(step.with.destinations)) {
        try {
            const { instance, destination } = parseDestinationLine(line, repository);
            named.add(instance);
            add(destination);
        }
        catch {
            // An expression or a line rotate-secret would refuse: it names no repository we can credit.
        }
    }
    for (const instance of instances)
        if (!named.has(instance))
            add(defaultDestination(instance, repository));
    return targets;
}
function at(host, target, wf, job, step) {
    return `${host.toLowerCase() === target.toLowerCase() ? '' : `${host}: `}${wf.path} job '${job}' step ${step.uses}`;
}
/**
 * For each target repository, the scheduled audit-secrets and rotate-secret steps of any host
 * that cover it (its own workflows included).
 */
function practiceCoverage(hosts, targets) {
    const out = new Map(targets.map((t) => [t, { reviewed: [], rotated: [], readsReviewed: [], readsMissing: [] }]));
    for (const host of hosts) {
        for (const wf of host.workflows) {
            if (!wf.scheduled)
                continue;
            for (const job of wf.jobs) {
                for (const step of job.steps) {
                    if (step.action === 'audit-secrets') {
                        for (const [target, cov] of out) {
                            if (!auditCovers(step, host.repository, target))
                                continue;
                            const org = organizationOf(step, host.repository);
                            const what = list(step.with.repositories).length > 0
                                ? 'reviews this repository by name'
                                : org
                                    ? `reviews organization ${org}${list(step.with['repository-filter']).length > 0 ? ' (its repository-filter matches)' : ''}`
                                    : 'reviews this repository';
                            cov.reviewed.push(`${at(host.repository, target, wf, job.id, step)} ${what} on a schedule`);
                            const gap = readsGap(step, host.repository);
                            if (gap)
                                cov.readsMissing.push(`${at(host.repository, target, wf, job.id, step)} does not review secret reads: ${gap}`);
                            else
                                cov.readsReviewed.push(`${at(host.repository, target, wf, job.id, step)} reviews the secret reads GitHub recorded (workflows.prepared_workflow_job) and sends them to its central sinks`);
                        }
                    }
                    else if (step.action === 'rotate-secret') {
                        const rotated = rotationTargets(step, host.repository);
                        for (const [target, cov] of out) {
                            if (!rotated.has(target.toLowerCase()))
                                continue;
                            cov.rotated.push(`${at(host.repository, target, wf, job.id, step)} rotates ${step.with.name ?? 'a secret'} here on a schedule`);
                        }
                    }
                }
            }
        }
    }
    return out;
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/core/nesting.ts
var nesting = __webpack_require__(9209);
;// CONCATENATED MODULE: ./src/assess/workflows.ts
/**
 * Reads GitHub workflow files for the facts the assessment needs: what triggers them, which jobs
 * run which secure-deploy actions with which inputs, and which environments gate those jobs.
 */


const SUITE_ACTIONS = [
    'verify-signatures',
    'require-approval',
    'rotate-secret',
    'audit-secrets',
];
/**
 * Which of our actions a `uses:` names: `owner/secure-deploy@ref` is the deploy gate,
 * `owner/secure-deploy/actions/<name>@ref` (or a local `./actions/<name>`) the sub-actions.
 */
function suiteActionOf(uses, repoName = 'secure-deploy') {
    const at = uses.lastIndexOf('@');
    const path = (at >= 0 ? uses.slice(0, at) : uses).replace(/\/+$/, '');
    const parts = path.split('/');
    const sub = parts.at(-2) === 'actions' ? parts.at(-1) : undefined;
    const isOurs = parts[1] === repoName || path.startsWith('./');
    if (!isOurs)
        return undefined;
    if (sub !== undefined)
        return SUITE_ACTIONS.find((a) => a === sub);
    return parts.length === 2 ? 'deploy-gate' : undefined;
}
function record(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}
function triggersOf(on) {
    if (typeof on === 'string')
        return { names: [on], tags: on === 'release' };
    if (Array.isArray(on)) {
        const names = on.filter((t) => typeof t === 'string');
        return { names, tags: names.includes('release') };
    }
    const map = record(on);
    const push = record(map.push);
    const tags = 'tags' in push || 'release' in map;
    return { names: Object.keys(map), tags };
}
function truthy(value) {
    return value === true || value === 'true';
}
function stringMap(value) {
    const out = {};
    for (const [k, v] of Object.entries(record(value)))
        out[k] = typeof v === 'string' ? v : JSON.stringify(v);
    return out;
}
function parseWorkflow(path, text, repoName = 'secure-deploy') {
    let doc;
    try {
        (0,nesting/* checkYamlNesting */.s0)(text, path);
        doc = (0,dist/* parse */.qg)(text);
    }
    catch (error) {
        return {
            path,
            triggers: [],
            releaseTagTriggered: false,
            scheduled: false,
            jobs: [],
            error: `not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
        };
    }
    const root = record(doc);
    // YAML 1.1 readers turn a bare `on:` key into `true`; the yaml package (1.2) keeps "on".
    const { names, tags } = triggersOf(root.on ?? root.true);
    const jobs = Object.entries(record(root.jobs)).map(([id, jobValue]) => {
        const job = record(jobValue);
        const env = job.environment;
        const environment = typeof env === 'string' ? env : typeof record(env).name === 'string' ? record(env).name : undefined;
        const rawSteps = Array.isArray(job.steps) ? job.steps.map(record) : [];
        const steps = [];
        for (const step of rawSteps) {
            if (typeof step.uses !== 'string')
                continue;
            const action = suiteActionOf(step.uses, repoName);
            if (action) {
                steps.push({
                    action,
                    uses: step.uses,
                    with: stringMap(step.with),
                    continueOnError: truthy(step['continue-on-error']),
                });
            }
        }
        return {
            id,
            environment,
            continueOnError: truthy(job['continue-on-error']),
            steps,
            uses: rawSteps.map((s) => s.uses).filter((u) => typeof u === 'string'),
            runs: rawSteps.map((s) => s.run).filter((r) => typeof r === 'string'),
        };
    });
    return { path, triggers: names, releaseTagTriggered: tags, scheduled: names.includes('schedule'), jobs };
}

;// CONCATENATED MODULE: ./src/assess/collect.ts
/**
 * Collects the evidence for one repository (an application) or every repository of an
 * organisation through the GitHub REST API, reading each thing once. The requests are the same
 * (path and query) as the audit's inventory, so that with the client's request cache an audit
 * and an assessment of the same scope share one collection (src/core/conditional.ts).
 */








/**
 * rotate-secret records one repository variable per secret and instance:
 * `<SECRET>_FINGERPRINT_<INSTANCE>` holding `hmac-sha256:<hex>`.
 */
function parseFingerprintVariable(name, value) {
    const m = rotation_records/* FINGERPRINT_VARIABLE */.wP.exec(name);
    if (!m || !/^hmac-sha256:[0-9a-f]{64}$/.test(value))
        return undefined;
    return { secret: m[1] ?? '', instance: (m[2] ?? '').toLowerCase(), fingerprint: value };
}
async function workflows(client, owner, repo, actionRepo) {
    const readFile = async (path) => {
        const { data } = await client.rest.repos.getContent({ owner, repo, path });
        const content = !Array.isArray(data) && 'content' in data && typeof data.content === 'string' ? data.content : '';
        return parseWorkflow(path, Buffer.from(content, 'base64').toString('utf8'), actionRepo);
    };
    // From GraphQL in bulk when it answered for this repository (the audit of the same run may have
    // read it already: one store per client); else through REST (src/core/bulk-reads.ts).
    const bulk = await bulk_reads/* BulkReads */.sc.of(client).read(`${owner}/${repo}`);
    if (bulk?.workflows) {
        const out = [];
        for (const f of bulk.workflows)
            out.push(f.text !== undefined ? parseWorkflow(f.path, f.text, actionRepo) : await readFile(f.path));
        return out;
    }
    let listing;
    try {
        listing = (await client.rest.repos.getContent({ owner, repo, path: '.github/workflows' })).data;
    }
    catch (error) {
        if ((0,github/* errorStatus */.PO)(error) === 404)
            return [];
        throw error;
    }
    const files = (Array.isArray(listing) ? listing : []);
    const yamls = files.filter((f) => f.type === 'file' && /\.ya?ml$/.test(f.name));
    const out = [];
    for (const f of yamls)
        out.push(await readFile(f.path));
    return out;
}
async function collectRepository(client, owner, repo, options = {}) {
    const problems = [];
    const attempt = async (what, fn, fallback) => {
        try {
            return await fn();
        }
        catch (error) {
            const status = (0,github/* errorStatus */.PO)(error);
            problems.push(`could not read ${what}${status ? ` (HTTP ${status})` : ''}: ${(0,errors/* errorMessage */.gJ)(error)}`);
            return fallback;
        }
    };
    const wfs = await attempt('workflows', () => workflows(client, owner, repo, options.actionRepo ?? 'secure-deploy'), []);
    // Known to have none (GraphQL's totalCount, read with the workflows): no environments list.
    const noEnvironments = (await bulk_reads/* BulkReads */.sc.of(client)
        .read(`${owner}/${repo}`)
        .catch(() => undefined))?.environments === 0;
    const envList = noEnvironments
        ? []
        : await attempt('environments', async () => (await client.rest.repos.getAllEnvironments({ owner, repo, per_page: 100 })).data.environments ?? [], []);
    const environments = envList.map((env) => ({
        name: env.name,
        requiredReviewers: (env.protection_rules ?? []).reduce((n, rule) => n + ('reviewers' in rule && Array.isArray(rule.reviewers) ? rule.reviewers.length : 0), 0),
    }));
    const secrets = [];
    const repoSecrets = await attempt('repository secrets', async () => client.paginate(client.rest.actions.listRepoSecrets, { owner, repo, per_page: 100 }), []);
    for (const s of repoSecrets)
        secrets.push({ scope: 'repository', name: s.name, updatedAt: s.updated_at });
    for (const env of environments) {
        const envSecrets = await attempt(`secrets of environment ${env.name}`, async () => client.paginate(client.rest.actions.listEnvironmentSecrets, {
            owner,
            repo,
            environment_name: env.name,
            per_page: 100,
        }), []);
        for (const s of envSecrets) {
            secrets.push({ scope: 'environment', name: s.name, environment: env.name, updatedAt: s.updated_at });
        }
    }
    const variables = await attempt('repository variables', async () => client.paginate(client.rest.actions.listRepoVariables, { owner, repo, per_page: 100 }), []);
    const fingerprints = variables.flatMap((v) => parseFingerprintVariable(v.name, v.value) ?? []);
    return { repository: `${owner}/${repo}`, workflows: wfs, environments, secrets, fingerprints, problems };
}
/**
 * Every application of an organization: its repositories, not archived, not forks or templates
 * (unless asked for), matching the repository filter. Practices run once for the organization (a
 * scheduled audit-secrets over it, rotate-secret writing other repositories' secrets) are credited
 * to every repository they cover, wherever they run: the workflows of repositories left out of the
 * assessment (templates, filtered out) are read for that too; forks' schedules do not run by default.
 */
async function collectOrganization(client, org, options = {}) {
    const all = (await client.paginate(client.rest.repos.listForOrg, { org, type: 'all', per_page: 100 })).filter((r) => !r.archived);
    const inScope = (r) => (options.includeForks === true || !r.fork) &&
        (options.includeTemplates === true || r.is_template !== true) &&
        (0,inventory/* matchesFilter */.yy)(r.name, options.repositoryFilter ?? []);
    const repos = all.filter(inScope);
    const others = all.filter((r) => !inScope(r) && !r.fork);
    bulk_reads/* BulkReads */.sc.of(client).plan([...repos, ...others].map((r) => r.full_name));
    const actionRepo = options.actionRepo ?? 'secure-deploy';
    let done = 0;
    const settled = await (0,concurrency/* mapSettled */.A)(repos, options.concurrency ?? 8, async (r) => {
        const ev = await collectRepository(client, org, r.name, options);
        options.onProgress?.(++done, repos.length, r.full_name);
        return ev;
    });
    const evidence = settled.map((s, i) => s.status === 'fulfilled'
        ? s.value
        : {
            repository: repos[i]?.full_name ?? '',
            workflows: [],
            environments: [],
            secrets: [],
            fingerprints: [],
            problems: [(0,errors/* errorMessage */.gJ)(s.reason)],
        });
    // Out-of-scope repositories are read for their workflows only; one that cannot be read credits nothing.
    const outside = await (0,concurrency/* mapSettled */.A)(others, options.concurrency ?? 8, async (r) => ({
        repository: r.full_name,
        workflows: await workflows(client, org, r.name, actionRepo),
    }));
    const hosts = [...evidence, ...outside.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))];
    const coverage = practiceCoverage(hosts, evidence.map((ev) => ev.repository));
    return evidence.map((ev) => ({ ...ev, practices: coverage.get(ev.repository) }));
}

;// CONCATENATED MODULE: ./src/assess/criteria.ts
const QUESTIONS = {
    A: 'Do you consistently validate the integrity of deployed artifacts?',
    B: 'Do you practice proper lifecycle management for application secrets?',
};
const CRITERIA = [
    {
        id: 'verify-on-release',
        stream: 'A',
        title: 'Deployments of release tags verify artifact integrity first',
        evidence: 'a workflow triggered by a release tag (or a published release) runs verify-signatures or the deploy gate before deploying',
    },
    {
        id: 'breach-stops-deployment',
        stream: 'A',
        title: 'An integrity breach prevents or rolls back the deployment',
        evidence: 'no verification step or its job has continue-on-error, or a post-deploy verification (mode: post-deploy) rolls back',
    },
    {
        id: 'build-time-signatures',
        stream: 'A',
        title: 'Deployed artifacts carry signatures made at build time',
        evidence: 'a workflow signs or attests what it builds (actions/attest*, cosign sign, sigstore) ',
    },
    {
        id: 'compensating-measures',
        stream: 'A',
        title: 'Unsigned third-party artifacts have declared compensating measures',
        evidence: 'every verification that accepts pinned checksums also states the reason',
    },
    {
        id: 'approval-gate',
        stream: 'A',
        title: 'Deploy jobs are gated by an environment that requires review',
        evidence: 'every job that verifies and deploys names an environment whose protection requires a reviewer',
    },
    {
        id: 'rotated-by-tool',
        stream: 'B',
        title: 'Secrets are generated and synchronised by a vetted solution',
        evidence: 'a scheduled workflow runs rotate-secret',
    },
    {
        id: 'distinct-per-instance',
        stream: 'B',
        title: 'Secret values differ between application instances',
        evidence: "rotate-secret's per-instance fingerprints are all different",
    },
    {
        id: 'rotated-within-max-age',
        stream: 'B',
        title: "Secrets were rotated within the policy's maximum age",
        evidence: 'every repository and environment secret was updated within the maximum age',
    },
    {
        id: 'access-logged-and-reviewed',
        stream: 'B',
        title: 'Secret access is logged centrally and reviewed',
        evidence: 'every secure-deploy step sends audit-log events somewhere, and a scheduled workflow runs audit-secrets',
    },
];
/** Thresholds: "most or all" from 80 % of applications, "at least half" from 50 %, "some" above 0. */
function answerFor(share) {
    if (share >= 0.8)
        return 'Yes, for most or all of the applications';
    if (share >= 0.5)
        return 'Yes, for at least half of the applications';
    if (share > 0)
        return 'Yes, for some applications';
    return 'No';
}

;// CONCATENATED MODULE: ./src/assess/report.ts
/** The assessment as Markdown (job summary), a self-contained HTML page with a coverage chart, and JSON. */

function pct(n, total) {
    return total === 0 ? 'n/a' : `${Math.round((100 * n) / total)} %`;
}
function md(text) {
    return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
/** Evidence lists can be long (one line per step): the report shows the first few. */
const EVIDENCE_SHOWN = 3;
function report_short(items) {
    return items.length <= EVIDENCE_SHOWN
        ? [...items]
        : [...items.slice(0, EVIDENCE_SHOWN), `(+${items.length - EVIDENCE_SHOWN} more)`];
}
function mark(c) {
    return !c.applicable ? 'n/a' : c.met ? '✔' : '✘';
}
/** What a criterion's line says: the evidence when met or n/a, what is missing when not. */
function detail(c) {
    return c.met || !c.applicable ? report_short(c.evidence) : [...c.missing];
}
function headline(r) {
    const missing = r.criteria.filter((c) => c.applicable && !c.met).length;
    const na = r.criteria.filter((c) => !c.applicable).length;
    return [
        `stream A ${r.meetsStream.A ? 'met' : 'not met'}, stream B ${r.meetsStream.B ? 'met' : 'not met'}`,
        missing === 0 ? 'every applicable criterion met' : `${missing} criteria not met`,
        ...(na > 0 ? [`${na} not applicable`] : []),
    ].join(' · ');
}
function partialNote(a) {
    return `${a.unreadable.length} of ${a.repositories.length} repositories could not be fully read (${a.unreadable.join(', ')}): they count as not meeting what could not be checked, so the answers are a lower bound.`;
}
function toMarkdown(a) {
    const lines = [
        `## SAMM Secure Deployment — level 3 assessment`,
        '',
        `Scope: ${md(a.scope)} · ${a.repositories.length} applications · max secret age ${a.maxAgeDays} days · ${a.generatedAt}`,
        '',
    ];
    if (a.partial)
        lines.push(`> **Partial assessment:** ${md(partialNote(a))}`, '');
    lines.push('| Question | Answer | Applications meeting every criterion |', '| --- | --- | --- |');
    for (const q of a.answers)
        lines.push(`| ${md(q.question)} | **${q.answer}** | ${q.meeting} of ${q.total} (${pct(q.meeting, q.total)}) |`);
    lines.push('', '### Coverage per criterion', '', 'Applications a criterion does not apply to (n/a) are left out of its share.', '', '| Stream | Criterion | Applications | Share | n/a |', '| --- | --- | --- | --- | --- |');
    for (const c of a.coverage)
        lines.push(`| ${c.stream} | ${md(c.title)} | ${c.meeting} of ${c.total} | ${c.total === 0 ? 'n/a' : pct(c.meeting, c.total)} | ${c.notApplicable} |`);
    lines.push('', '### Evidence and what is missing, per application', '');
    for (const r of a.repositories) {
        lines.push(`- **${md(r.repository)}**: ${headline(r)}`);
        for (const c of r.criteria)
            lines.push(`  - ${mark(c)} ${c.id}: ${md(detail(c).join('; '))}`);
    }
    return lines.join('\n') + '\n';
}
function html(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
/** A horizontal bar chart as inline SVG: one bar per criterion, share of applications meeting it. */
function chart(a) {
    const rowH = 30;
    const labelW = 470;
    const barW = 360;
    const h = a.coverage.length * rowH + 20;
    const rows = a.coverage
        .map((c, i) => {
        const y = 10 + i * rowH;
        const share = c.total === 0 ? 0 : c.meeting / c.total;
        const colour = c.stream === 'A' ? '#2f6fdf' : '#1f9d55';
        return [
            `<text x="${labelW - 8}" y="${y + 19}" text-anchor="end" class="label">${html(c.title)}</text>`,
            `<rect x="${labelW}" y="${y + 4}" width="${barW}" height="20" fill="#eef0f3"/>`,
            `<rect x="${labelW}" y="${y + 4}" width="${Math.round(share * barW)}" height="20" fill="${colour}" data-criterion="${c.id}"/>`,
            `<text x="${labelW + barW + 8}" y="${y + 19}" class="value">${c.meeting}/${c.total} (${pct(c.meeting, c.total)})${c.notApplicable > 0 ? ` · ${c.notApplicable} n/a` : ''}</text>`,
        ].join('');
    })
        .join('\n');
    return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Coverage per criterion" width="${labelW + barW + 170}" height="${h}" viewBox="0 0 ${labelW + barW + 170} ${h}">\n${rows}\n</svg>`;
}
function toHtml(a) {
    const answers = a.answers
        .map((q) => `<tr><td>${html(q.question)}</td><td class="answer" data-stream="${q.stream}">${html(q.answer)}</td><td>${q.meeting} of ${q.total} (${pct(q.meeting, q.total)})</td></tr>`)
        .join('\n');
    const repos = a.repositories
        .map((r) => {
        const cells = CRITERIA.map((c) => {
            const res = r.criteria.find((x) => x.id === c.id);
            const title = res ? detail(res).join('\n') : '';
            const cls = !res ? 'missing' : !res.applicable ? 'na' : res.met ? 'met' : 'missing';
            return `<td class="${cls}" title="${html(title)}">${res ? mark(res) : '✘'}</td>`;
        }).join('');
        return `<tr><th scope="row">${html(r.repository)}</th>${cells}</tr>`;
    })
        .join('\n');
    const details = a.repositories
        .map((r) => {
        const items = r.criteria
            .map((c) => {
            const title = CRITERIA.find((x) => x.id === c.id)?.title ?? c.id;
            const cls = !c.applicable ? 'na' : c.met ? 'met' : 'missing';
            const what = detail(c)
                .map((d) => `<li>${html(d)}</li>`)
                .join('');
            return `<li class="${cls}" data-check="${html(c.id)}"><span class="mark">${mark(c)}</span> <b>${html(title)}</b><ul>${what}</ul></li>`;
        })
            .join('\n');
        return `<details class="repository" data-repository="${html(r.repository)}"><summary><b>${html(r.repository)}</b> — ${html(headline(r))}</summary>\n<ul>\n${items}\n</ul>\n</details>`;
    })
        .join('\n');
    const missing = a.repositories
        .flatMap((r) => r.criteria
        .filter((c) => c.applicable && !c.met)
        .map((c) => `<li><b>${html(r.repository)}</b> — ${html(c.id)}: ${html(c.missing.join('; '))}</li>`))
        .join('\n');
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>SAMM Secure Deployment assessment — ${html(a.scope)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1b1f24; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #d0d7de; padding: .35rem .6rem; text-align: left; }
td.met { color: #1a7f37; text-align: center; } td.missing { color: #cf222e; text-align: center; }
td.na { color: #6e7781; text-align: center; }
li.met > .mark { color: #1a7f37; } li.missing > .mark { color: #cf222e; } li.na > .mark { color: #6e7781; }
details.repository { margin: .3rem 0; } details.repository > ul { list-style: none; padding-left: 1rem; }
p.partial { background: #fff8c5; border: 1px solid #d4a72c; padding: .5rem .8rem; }
td.answer { font-weight: 600; }
.label, .value { font-size: 13px; fill: #1b1f24; }
</style>
</head>
<body>
<h1>SAMM Secure Deployment — level 3</h1>
<p>Scope: ${html(a.scope)} · ${a.repositories.length} applications · maximum secret age ${a.maxAgeDays} days · generated ${html(a.generatedAt)}</p>
${a.partial ? `<p class="partial" id="partial"><b>Partial assessment:</b> ${html(partialNote(a))}</p>\n` : ''}<h2>Answers</h2>
<table id="answers"><thead><tr><th>Question</th><th>Answer</th><th>Applications meeting every criterion</th></tr></thead>
<tbody>
${answers}
</tbody></table>
<h2>Coverage per criterion</h2>
${chart(a)}
<h2>Per application</h2>
<table id="repositories"><thead><tr><th>Repository</th>${CRITERIA.map((c) => `<th title="${html(c.title)}">${c.stream}: ${html(c.id)}</th>`).join('')}</tr></thead>
<tbody>
${repos}
</tbody></table>
<h2>Evidence per application</h2>
<div id="evidence">
${details}
</div>
<h2>What is missing</h2>
<ul id="missing">
${missing || '<li>Nothing: every application meets every criterion.</li>'}
</ul>
</body>
</html>
`;
}
function toJson(a) {
    return JSON.stringify(a, null, 2) + '\n';
}

;// CONCATENATED MODULE: ./src/assess/score.ts
/**
 * Pure scoring: the evidence collected for each repository (one application) becomes a verdict
 * per criterion, then SAMM's answer per question from the share of applications meeting all of
 * that stream's criteria.
 */


const VERIFYING = new Set(['verify-signatures', 'deploy-gate']);
/** Audit sinks that leave the runner: a `file` sink is central only if the workflow ships the file somewhere, which we cannot see. */
const CENTRAL_SINKS = new Set(['http', 'syslog', 'github']);
/** The sink kinds of an `audit-log` input, one sink a line (`<kind> <target> [key=value ...]`). */
function sinkKinds(auditLog) {
    return auditLog
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'))
        .map((line) => line.split(/\s+/)[0] ?? '');
}
function score_at(wf, job, step) {
    return `${wf.path} job '${job.id}'${step ? ` step ${step.uses}` : ''}`;
}
function verifySteps(workflows) {
    return workflows.flatMap((wf) => wf.jobs.flatMap((job) => job.steps.filter((s) => VERIFYING.has(s.action)).map((step) => ({ wf, job, step }))));
}
function result(id, met, evidence, missing) {
    return { id, applicable: true, met, evidence, missing: met ? [] : missing };
}
/** A criterion with nothing to judge in this repository; `why` says what is absent. */
function notApplicable(id, why) {
    return { id, applicable: false, met: false, evidence: [`not applicable: ${why}`], missing: [] };
}
function scoreRepository(ev, now, maxAgeDays) {
    const out = [];
    const verifies = verifySteps(ev.workflows);
    const preDeploy = verifies.filter(({ step }) => (step.with.mode ?? 'pre-deploy') !== 'post-deploy');
    const onRelease = preDeploy.filter(({ wf }) => wf.releaseTagTriggered);
    out.push(result('verify-on-release', onRelease.length > 0, onRelease.map(({ wf, job, step }) => `${score_at(wf, job, step)} runs on release tags`), [
        preDeploy.length > 0
            ? 'verification runs, but in no workflow triggered by a release tag (on: push: tags, or on: release)'
            : 'no workflow runs verify-signatures or the deploy gate before deploying',
    ]));
    const failOpen = verifies.filter(({ job, step }) => step.continueOnError || job.continueOnError);
    const rollback = verifies.filter(({ step }) => step.with.mode === 'post-deploy');
    out.push(result('breach-stops-deployment', verifies.length > 0 && failOpen.length === 0, [
        ...verifies
            .filter((v) => !failOpen.includes(v))
            .map(({ wf, job, step }) => `${score_at(wf, job, step)} fails the job on a breach`),
        ...rollback.map(({ wf, job }) => `${score_at(wf, job)} rolls back after deployment (mode: post-deploy)`),
    ], verifies.length === 0
        ? ['no verification step that could stop a deployment']
        : failOpen.map(({ wf, job, step }) => `${score_at(wf, job, step)} has continue-on-error, so a breach does not stop the deployment`)));
    const signing = ev.workflows.flatMap((wf) => wf.jobs
        .filter((job) => job.uses.some((u) => /^(actions\/attest(-build-provenance|-sbom)?|sigstore\/cosign-installer)@/.test(u)) ||
        job.runs.some((r) => /\bcosign\s+(sign|attest)|\bgh\s+attestation\b|\bsigstore\s+sign\b/.test(r)))
        .map((job) => `${wf.path} job '${job.id}' signs or attests its build`));
    out.push(result('build-time-signatures', signing.length > 0, signing, ['no workflow signs or attests what it builds']));
    const withChecksums = verifies.filter(({ step }) => (step.with.checksums ?? '') !== '');
    const unexplained = withChecksums.filter(({ step }) => (step.with.reason ?? '').trim() === '');
    out.push(verifies.length === 0
        ? notApplicable('compensating-measures', 'no verification step, so no artifact is accepted unsigned')
        : result('compensating-measures', unexplained.length === 0, withChecksums.length === 0
            ? [`${verifies.length} verification step(s), none accepting an artifact on a checksum alone`]
            : withChecksums
                .filter((v) => !unexplained.includes(v))
                .map(({ wf, job, step }) => `${score_at(wf, job, step)} pins checksums with a reason`), unexplained.map(({ wf, job, step }) => `${score_at(wf, job, step)} accepts checksums without a 'reason'`)));
    const envByName = new Map(ev.environments.map((e) => [e.name, e]));
    const gateJobs = [...new Map(preDeploy.map(({ wf, job }) => [`${wf.path}#${job.id}`, { wf, job }])).values()];
    const ungated = gateJobs.filter(({ job }) => (envByName.get(job.environment ?? '')?.requiredReviewers ?? 0) < 1);
    out.push(result('approval-gate', gateJobs.length > 0 && ungated.length === 0, gateJobs
        .filter((g) => !ungated.includes(g))
        .map(({ wf, job }) => `${score_at(wf, job)} runs in environment '${job.environment ?? ''}' which requires review`), gateJobs.length === 0
        ? ['no deploy job to gate']
        : ungated.map(({ wf, job }) => job.environment
            ? `${score_at(wf, job)}: environment '${job.environment}' ${envByName.has(job.environment) ? 'has no required reviewers' : 'does not exist'}`
            : `${score_at(wf, job)} names no environment`)));
    // Practices run once for the organization count for every repository they cover.
    const practices = ev.practices ?? practiceCoverage([ev], [ev.repository]).get(ev.repository);
    const rotation = [...(practices?.rotated ?? [])];
    out.push(result('rotated-by-tool', rotation.length > 0, rotation, [
        'no scheduled workflow (here, or elsewhere in the organization with this repository as a destination) runs rotate-secret for this repository',
    ]));
    const byFingerprint = new Map();
    for (const f of ev.fingerprints)
        byFingerprint.set(f.fingerprint, [...(byFingerprint.get(f.fingerprint) ?? []), f]);
    const shared = [...byFingerprint.values()].filter((group) => group.length > 1);
    out.push(result('distinct-per-instance', ev.fingerprints.length > 0 && shared.length === 0, ev.fingerprints.length > 0 ? [`${ev.fingerprints.length} instance fingerprints, all different`] : [], ev.fingerprints.length === 0
        ? ['no rotate-secret fingerprints recorded, so distinct values cannot be shown']
        : shared.map((g) => `one value shared by ${g
            .map((f) => `${f.secret}@${f.instance}`)
            .sort()
            .join(', ')}`)));
    const limit = now.getTime() - maxAgeDays * 86_400_000;
    const stale = ev.secrets.filter((s) => Date.parse(s.updatedAt) < limit);
    out.push(ev.secrets.length === 0
        ? notApplicable('rotated-within-max-age', 'no repository or environment secrets')
        : result('rotated-within-max-age', stale.length === 0, [`${ev.secrets.length - stale.length} of ${ev.secrets.length} secrets updated within ${maxAgeDays} days`], stale.map((s) => `${s.name}${s.environment ? ` (environment ${s.environment})` : ''} last updated ${s.updatedAt.slice(0, 10)}`)));
    const suiteSteps = ev.workflows.flatMap((wf) => wf.jobs.flatMap((job) => job.steps.map((step) => ({ wf, job, step }))));
    const sinks = suiteSteps.map((s) => ({ ...s, kinds: sinkKinds(s.step.with['audit-log'] ?? '') }));
    const central = sinks.filter((s) => s.kinds.some((k) => CENTRAL_SINKS.has(k)));
    const unlogged = sinks.filter((s) => s.kinds.length === 0);
    const local = sinks.filter((s) => s.kinds.length > 0 && !central.includes(s));
    const reviewed = [...(practices?.reviewed ?? [])];
    // "All access to secrets (both reading and writing)": the suite's own steps log their accesses,
    // and the reads GitHub hands to workflow jobs are covered only by an audit that reviews them.
    const readsReviewed = [...(practices?.readsReviewed ?? [])];
    out.push(result('access-logged-and-reviewed', suiteSteps.length > 0 && central.length === suiteSteps.length && reviewed.length > 0 && readsReviewed.length > 0, [
        `${central.length} of ${suiteSteps.length} secure-deploy steps log to a central sink`,
        ...reviewed,
        ...readsReviewed,
        ...central.map(({ wf, job, step, kinds }) => `${score_at(wf, job, step)} logs to a central sink (${kinds.filter((k) => CENTRAL_SINKS.has(k)).join(', ')})`),
    ], [
        ...(suiteSteps.length === 0 ? ['no secure-deploy step records audit events'] : []),
        ...unlogged.map(({ wf, job, step }) => `${score_at(wf, job, step)} sets no 'audit-log' sink`),
        ...local.map(({ wf, job, step }) => `${score_at(wf, job, step)} logs only to a file sink, which alone is not central: add an http, syslog or github sink`),
        ...(reviewed.length === 0
            ? [
                'no scheduled workflow runs audit-secrets over this repository (here, or organization-wide from another repository of the organization)',
            ]
            : readsReviewed.length === 0
                ? [
                    ...(practices?.readsMissing ?? []),
                    'secret reads (the jobs GitHub handed each secret to) are reviewed by no scheduled audit: run audit-secrets over the organization with its audit log (or a streamed export), a ledger or audit-state, and a central sink',
                ]
                : []),
    ]));
    const problems = [...ev.problems, ...ev.workflows.filter((w) => w.error).map((w) => `${w.path}: ${w.error ?? ''}`)];
    // A repository that could not be fully read meets nothing it could not be checked for, and
    // what it seems to lack (no secrets, no verification) may only be what could not be read.
    const criteria = ev.problems.length > 0
        ? out.map((c) => ({
            ...c,
            applicable: true,
            met: false,
            evidence: c.applicable ? c.evidence : [],
            missing: [...c.missing, ...ev.problems],
        }))
        : out;
    // A stream is met when every applicable criterion is, and at least one is: n/a is no evidence.
    const meets = (stream) => {
        const results = CRITERIA.filter((c) => c.stream === stream).map((c) => criteria.find((r) => r.id === c.id));
        return results.every((r) => r !== undefined && (r.met || !r.applicable)) && results.some((r) => r?.met === true);
    };
    return { repository: ev.repository, criteria, meetsStream: { A: meets('A'), B: meets('B') }, problems };
}
function assess(evidence, scope, now, maxAgeDays) {
    const repositories = evidence.map((ev) => scoreRepository(ev, now, maxAgeDays));
    const total = repositories.length;
    const answers = ['A', 'B'].map((stream) => {
        const meeting = repositories.filter((r) => r.meetsStream[stream]).length;
        const share = total === 0 ? 0 : meeting / total;
        return { stream, question: QUESTIONS[stream], answer: answerFor(share), meeting, total, share };
    });
    // Coverage counts only the repositories a criterion applies to.
    const coverage = CRITERIA.map((c) => {
        const results = repositories.flatMap((r) => r.criteria.filter((x) => x.id === c.id));
        return {
            id: c.id,
            stream: c.stream,
            title: c.title,
            meeting: results.filter((x) => x.met).length,
            total: results.filter((x) => x.applicable).length,
            notApplicable: results.filter((x) => !x.applicable).length,
        };
    });
    const unreadable = evidence.filter((ev) => ev.problems.length > 0).map((ev) => ev.repository);
    return {
        generatedAt: now.toISOString(),
        scope,
        maxAgeDays,
        partial: unreadable.length > 0,
        unreadable,
        answers,
        coverage,
        repositories,
    };
}

;// CONCATENATED MODULE: ./src/assess/index.ts
/**
 * The SAMM assessment as one call for the CLI and the audit-secrets action: collect evidence for
 * one repository, a list of them, or an organization; score; write the three reports.
 */







async function runAssessment(client, scope, options) {
    const collect = { actionRepo: options.actionRepo ?? 'secure-deploy', onProgress: options.onProgress };
    let evidence;
    if (scope.kind === 'organization') {
        evidence = await collectOrganization(client, scope.org, {
            ...collect,
            repositoryFilter: scope.repositoryFilter,
            includeForks: scope.includeForks,
            includeTemplates: scope.includeTemplates,
        });
    }
    else {
        bulk_reads/* BulkReads */.sc.of(client).plan(scope.repositories);
        const listed = await Promise.all(scope.repositories.map((full) => {
            const [owner = '', repo = ''] = full.split('/');
            return collectRepository(client, owner, repo, collect);
        }));
        // Listed repositories credit each other's organization-wide practices; others are not read.
        const coverage = practiceCoverage(listed, listed.map((ev) => ev.repository));
        evidence = listed.map((ev) => ({ ...ev, practices: coverage.get(ev.repository) }));
    }
    const label = scope.kind === 'organization' ? `organization ${scope.org}` : scope.repositories.join(', ');
    const assessment = assess(evidence, label, options.now ?? new Date(), options.maxAgeDays);
    const out = (0,external_node_path_.resolve)(options.outDir);
    await (0,promises_.mkdir)(out, { recursive: true });
    const markdown = toMarkdown(assessment);
    const files = {
        markdown: (0,external_node_path_.join)(out, 'assessment.md'),
        html: (0,external_node_path_.join)(out, 'assessment.html'),
        json: (0,external_node_path_.join)(out, 'assessment.json'),
    };
    await Promise.all([
        (0,promises_.writeFile)(files.markdown, markdown),
        (0,promises_.writeFile)(files.html, toHtml(assessment)),
        (0,promises_.writeFile)(files.json, toJson(assessment)),
    ]);
    return { assessment, markdown, files };
}

// EXTERNAL MODULE: ./src/core/read-session.ts
var read_session = __webpack_require__(9146);
// EXTERNAL MODULE: ./src/cli/audit.ts + 16 modules
var audit = __webpack_require__(3581);
// EXTERNAL MODULE: ./src/cli/token.ts
var token = __webpack_require__(1335);
;// CONCATENATED MODULE: ./src/cli/assess.ts







/** What collect.ts reads: repositories, workflow files, environments, secrets and variables. */
const ASSESS_PERMISSIONS = 'metadata: read, contents: read, actions: read, environments: read, secrets: read, variables: read';
const collect = (value, previous = []) => [...previous, value];
function registerAssessCommands(program) {
    program
        .command('assess')
        .description("Answer SAMM Secure Deployment level 3's two questions from evidence in a repository or organization")
        .option('--repo <owner/name>', 'assess one repository (one application)')
        .option('--org <org>', 'assess every repository of an organization')
        .option('--max-age-days <n>', 'maximum age of a secret before it counts as not rotated', '90')
        .option('--out <dir>', 'where to write assessment.md, assessment.html and assessment.json', 'reports')
        .option('--action-repo <name>', "name of the repository hosting secure-deploy's actions in uses: lines", 'secure-deploy')
        .option('--repository-filter <glob>', "with --org, repository name pattern (repeatable, '!' excludes), as audit-secrets' repository-filter", collect)
        .option('--include-forks', 'with --org, count forks as applications too')
        .option('--include-templates', 'with --org, count template repositories as applications too')
        .option('--json', 'print the JSON report instead of Markdown')
        .option('--cache-dir <dir>', "the request cache `secure-deploy audit` keeps: what an audit of the same scope read is not paid for again (with the same token: GitHub's ETags are specific to the token)", (0,read_session/* defaultCacheDir */.$g)())
        .option('--no-cache', 'read everything afresh and keep nothing')
        .option('--budget <units>', 'rate-limit units the reads may spend (0: none of its own)', '0')
        .action(async (opts) => {
        if (!opts.repo === !opts.org)
            throw new errors/* ConfigurationError */.j1('Give exactly one of --repo owner/name or --org ORG.');
        const maxAgeDays = Number(opts.maxAgeDays);
        if (!/^\d+$/.test(String(opts.maxAgeDays)) || maxAgeDays < 1 || maxAgeDays > 3650) {
            throw new errors/* ConfigurationError */.j1(`--max-age-days must be a whole number of days from 1 to 3650 (ten years), not '${opts.maxAgeDays}'.`);
        }
        const warn = (message) => process.stderr.write(`warning: ${message}\n`);
        // The same cache file as `secure-deploy audit` of the same organization or repository.
        const session = await read_session/* ReadSession */.vi.open({
            cacheDir: opts.cache === false ? undefined : opts.cacheDir,
            // The same key as `secure-deploy audit`, from the environment only (never argv).
            cacheKey: process.env.SECURE_DEPLOY_CACHE_KEY ?? '',
            maxRequests: (0,audit.cliBudget)(opts.budget),
            organization: opts.org,
            repositories: opts.repo ? [opts.repo] : [],
        }, warn);
        const client = (0,github/* createGitHubClient */.LX)((0,token/* tokenFromEnv */.B)('Set GITHUB_TOKEN (or GH_TOKEN) to a token that can read the repositories to assess.'), session.clientOptions);
        const progress = (done, total, repository) => {
            if (done === total || done % 25 === 0)
                process.stderr.write(`assessed ${done}/${total} repositories (${repository})\n`);
        };
        if (opts.repo && !/^[^/\s]+\/[^/\s]+$/.test(opts.repo)) {
            throw new errors/* ConfigurationError */.j1(`--repo must be owner/name, not '${opts.repo}'.`);
        }
        if (opts.repo && (opts.repositoryFilter || opts.includeForks || opts.includeTemplates)) {
            throw new errors/* ConfigurationError */.j1('--repository-filter, --include-forks and --include-templates choose repositories of an --org.');
        }
        let run;
        try {
            run = await runAssessment(client, opts.repo
                ? { kind: 'repositories', repositories: [opts.repo] }
                : {
                    kind: 'organization',
                    org: opts.org ?? '',
                    repositoryFilter: opts.repositoryFilter ?? [],
                    includeForks: opts.includeForks === true,
                    includeTemplates: opts.includeTemplates === true,
                }, { maxAgeDays, outDir: opts.out, actionRepo: opts.actionRepo, onProgress: progress });
        }
        catch (error) {
            throw (0,github/* explainGitHubError */.Pm)(error, `reading ${opts.repo ?? opts.org ?? ''}`, ASSESS_PERMISSIONS);
        }
        finally {
            await session.save(warn);
        }
        process.stderr.write(`${session.describe()}\n`);
        process.stdout.write(opts.json ? toJson(run.assessment) : run.markdown);
        const { unreadable, repositories } = run.assessment;
        if (unreadable.length > 0) {
            process.stderr.write(`${unreadable.length} of ${repositories.length} repositories could not be fully read (${unreadable.join(', ')}): they count as not meeting what could not be checked, so the answers are a lower bound. The token needs ${ASSESS_PERMISSIONS} on every repository assessed; the reports say what was refused.\n`);
        }
        process.stderr.write(`Reports: ${run.files.markdown}, ${run.files.html}, ${run.files.json}\n`);
    });
}


/***/ }),

/***/ 8904:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ mapSettled),
/* harmony export */   s: () => (/* binding */ mapLimit)
/* harmony export */ });
/**
 * Runs `fn` over `items` with at most `limit` calls in flight, keeping the results in order.
 * Every item is attempted; rejections are returned as settled results rather than thrown, so
 * one failure never hides the others.
 */
async function mapSettled(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    async function worker() {
        while (next < items.length) {
            const index = next++;
            try {
                results[index] = { status: 'fulfilled', value: await fn(items[index], index) };
            }
            catch (reason) {
                results[index] = { status: 'rejected', reason };
            }
        }
    }
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    return results;
}
/**
 * Runs `work` over `items` with at most `limit` calls in flight, results in input order; the first
 * rejection rejects the whole (use `mapSettled` to keep going past failures).
 */
async function mapLimit(items, limit, work) {
    const results = new Array(items.length);
    let next = 0;
    async function worker() {
        while (next < items.length) {
            const i = next++;
            results[i] = await work(items[i], i);
        }
    }
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, () => worker()));
    return results;
}


/***/ })

};
