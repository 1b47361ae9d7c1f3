export const id = 974;
export const ids = [974];
export const modules = {

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

/***/ 3974:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  registerVerifyCommands: () => (/* binding */ registerVerifyCommands),
  wantsTrustDomain: () => (/* binding */ wantsTrustDomain)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/github.ts
var github = __webpack_require__(5108);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/verify/rollback.ts
/**
 * Rollback on an integrity breach: what runs (the deployed digests) is compared with what was
 * verified for the deployment. When they match, the deployment gets a `success` status saying its
 * integrity was confirmed. On a mismatch the deployment is marked `failure`, the environment's last
 * good deployment — one whose latest status is `success` (or `inactive` after one), whose integrity
 * an earlier check confirmed, and whose payload records verified digests — is found, and a new
 * deployment of its commit is created with those digests in the payload.
 *
 * Works with any Octokit-compatible client (`octokit.rest.repos.*`); nothing here reads inputs.
 */

/**
 * How the `success` status of a confirmed deployment starts: only deployments whose running digests
 * a post-deploy check matched with the verified ones are rollback targets — a `success` set by a
 * deploy script says the deployment finished, not that what ran was what was verified.
 */
const CONFIRMED_DESCRIPTION = 'Integrity confirmed by secure-deploy';
/** The key under which secure-deploy records verified digests in a deployment's payload. */
const PAYLOAD_KEY = 'secure-deploy';
/** The payload a deploy step should give its deployment so that a later rollback can find it. */
function deploymentPayload(digests, extra = {}) {
    return {
        ...extra,
        [PAYLOAD_KEY]: { verified: true, digests: normaliseDigests(digests, 'digests') },
    };
}
/**
 * Digests from text or a list: `sha256:<hex>` alone, or `sha256:<hex>  path` lines (the
 * verify-signatures `digests` output), separated by newlines, commas or spaces. Duplicates removed.
 */
function parseDigests(input, what = 'digests') {
    const items = typeof input === 'string' ? input.split(/\r?\n/) : [...input];
    const out = [];
    for (const raw of items) {
        const line = raw.trim();
        if (!line || line.startsWith('#'))
            continue;
        const tokens = line.split(/[\s,]+/).filter(Boolean);
        const digests = tokens.filter((t) => /^sha(256|384|512):/i.test(t));
        if (digests.length === 0) {
            throw new ConfigurationError(`${what}: '${line.slice(0, 80)}' holds no digest; write sha256:<64 hex> (optionally followed by a path)`);
        }
        out.push(...digests);
    }
    return normaliseDigests(out, what);
}
function normaliseDigests(list, what) {
    const out = new Set();
    for (const digest of list) {
        const d = digest.trim().toLowerCase();
        if (!/^(sha256:[0-9a-f]{64}|sha384:[0-9a-f]{96}|sha512:[0-9a-f]{128})$/.test(d)) {
            throw new errors/* ConfigurationError */.j1(`${what}: '${digest.slice(0, 80)}' is not a digest (sha256:<64 hex>, sha384:<96 hex> or sha512:<128 hex>)`);
        }
        out.add(d);
    }
    return [...out];
}
/** Deployed digests that were not verified (`unexpected`) and verified ones not deployed (`missing`). */
function compareDigests(deployed, verified) {
    const d = new Set(deployed);
    const v = new Set(verified);
    return { unexpected: [...d].filter((x) => !v.has(x)), missing: [...v].filter((x) => !d.has(x)) };
}
/**
 * Compares and, on a mismatch (any deployed digest that was not verified), marks the deployment
 * failed and rolls back to the last good deployment. Throws ConfigurationError on bad input and
 * on GitHub API failures (with the API's message), never passes silently.
 */
async function rollbackOnMismatch(client, request) {
    const deployed = normaliseDigests(request.deployedDigests, 'deployed digests');
    const verified = normaliseDigests(request.verifiedDigests, 'verified digests');
    if (deployed.length === 0) {
        throw new errors/* ConfigurationError */.j1('no deployed digests were reported: cannot tell what is running, so the deployment cannot be confirmed');
    }
    if (verified.length === 0)
        throw new errors/* ConfigurationError */.j1('no verified digests were given for this deployment');
    const { unexpected, missing } = compareDigests(deployed, verified);
    const { owner, repo, environment } = request;
    const mark = (what, state, description, extra) => call(what, () => client.rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: request.deploymentId,
        state,
        environment,
        description: truncate(description, 140),
        ...(request.logUrl ? { log_url: request.logUrl } : {}),
        ...extra,
    }));
    if (unexpected.length === 0) {
        await mark('mark the deployment successful', 'success', `${CONFIRMED_DESCRIPTION}: every running digest was verified`, {});
        return {
            outcome: 'intact',
            unexpected,
            missing,
            skipped: [],
            message: `every deployed digest was verified${missing.length ? ` (${missing.length} verified digests are not running)` : ''}`,
        };
    }
    const short = unexpected.map((d) => d.slice(0, 19)).join(', ');
    await mark('mark the deployment failed', 'failure', `Integrity breach: running unverified ${short}`, {
        auto_inactive: false,
    });
    const skipped = [];
    const candidate = await lastGoodDeployment(client, request, unexpected, skipped);
    if (!candidate) {
        return {
            outcome: 'no-rollback-target',
            unexpected,
            missing,
            skipped,
            message: `deployment ${request.deploymentId} runs unverified digests ${unexpected.join(', ')}; it is marked failed, and no earlier successful deployment with verified digests was found in ${environment} to roll back to`,
        };
    }
    const created = await call('create the rollback deployment', () => client.rest.repos.createDeployment({
        owner,
        repo,
        ref: candidate.sha,
        environment,
        task: 'deploy',
        auto_merge: false,
        required_contexts: [],
        description: truncate(`Rollback of deployment ${request.deploymentId} to ${candidate.ref} (deployment ${candidate.deploymentId})`, 140),
        payload: {
            ref: candidate.ref,
            [PAYLOAD_KEY]: {
                verified: true,
                digests: candidate.digests,
                'rollback-of': request.deploymentId,
                'restored-from': candidate.deploymentId,
            },
        },
    }));
    const newId = created.id;
    if (typeof newId !== 'number') {
        throw new errors/* ConfigurationError */.j1(`GitHub did not create the rollback deployment: ${messageOf(created)}`);
    }
    return {
        outcome: 'rolled-back',
        unexpected,
        missing,
        skipped,
        rolledBackTo: { ...candidate, newDeploymentId: newId },
        message: `deployment ${request.deploymentId} runs unverified digests ${unexpected.join(', ')}; marked failed and rolled back to ${candidate.ref} (${candidate.sha.slice(0, 12)}, deployment ${candidate.deploymentId}) as new deployment ${newId}`,
    };
}
async function lastGoodDeployment(client, request, unexpected, skipped) {
    const { owner, repo, environment } = request;
    const limit = request.lookBack ?? 100;
    let seen = 0;
    for (let page = 1; seen < limit; page++) {
        const data = await call('list deployments', () => client.rest.repos.listDeployments({ owner, repo, environment, per_page: Math.min(100, limit), page }));
        if (!Array.isArray(data))
            throw new errors/* ConfigurationError */.j1('GitHub answered the deployments list with something that is not a list');
        if (data.length === 0)
            return undefined;
        const deployments = data.map(asDeployment).sort((a, b) => b.id - a.id);
        for (const d of deployments) {
            if (seen++ >= limit)
                return undefined;
            if (d.id === request.deploymentId || d.id > request.deploymentId)
                continue;
            if (d.environment !== undefined && d.environment !== environment)
                continue;
            const statuses = await call('list deployment statuses', () => client.rest.repos.listDeploymentStatuses({ owner, repo, deployment_id: d.id, per_page: 100 }));
            if (!Array.isArray(statuses))
                throw new errors/* ConfigurationError */.j1('GitHub answered a deployment status list with something that is not a list');
            const states = statuses
                .map((s) => s)
                .filter((s) => {
                return typeof s.id === 'number' && typeof s.state === 'string';
            })
                .sort((a, b) => b.id - a.id);
            const effective = states.find((s) => s.state !== 'inactive');
            if (effective?.state !== 'success') {
                skipped.push({
                    deploymentId: d.id,
                    reason: effective ? `its last status is ${effective.state}` : 'it never succeeded',
                });
                continue;
            }
            const confirmed = states.some((s) => s.state === 'success' && typeof s.description === 'string' && s.description.startsWith(CONFIRMED_DESCRIPTION));
            if (!confirmed) {
                skipped.push({
                    deploymentId: d.id,
                    reason: 'no post-deploy check confirmed that what it ran was what was verified',
                });
                continue;
            }
            const record = recordOf(d.payload);
            if (!record) {
                skipped.push({ deploymentId: d.id, reason: 'its payload records no verified digests' });
                continue;
            }
            const bad = record.digests.filter((x) => unexpected.includes(x));
            if (bad.length > 0) {
                skipped.push({ deploymentId: d.id, reason: `it ran the same unverified digests ${bad.join(', ')}` });
                continue;
            }
            const candidate = { deploymentId: d.id, ref: d.ref, sha: d.sha, digests: record.digests };
            if (request.isTrusted && !(await request.isTrusted(candidate))) {
                skipped.push({ deploymentId: d.id, reason: 'its digests did not verify again' });
                continue;
            }
            return candidate;
        }
        if (data.length < Math.min(100, limit))
            return undefined;
    }
    return undefined;
}
function asDeployment(value) {
    const d = value;
    if (typeof d.id !== 'number' || typeof d.ref !== 'string' || typeof d.sha !== 'string') {
        throw new errors/* ConfigurationError */.j1('GitHub answered with a deployment that has no id, ref or sha');
    }
    return {
        id: d.id,
        ref: d.ref,
        sha: d.sha,
        ...(typeof d.environment === 'string' ? { environment: d.environment } : {}),
        payload: d.payload,
    };
}
/** The `tool` require-approval writes into the deployments it creates. */
const APPROVAL_TOOL = 'secure-deploy/require-approval';
/**
 * The verified-digests record of a deployment payload, or undefined. Two writers: require-approval
 * (alone, or as the deploy gate after verify-signatures) records `tool: secure-deploy/require-approval`
 * and `digests: [{digest, path}]`, the digests it was given to approve — those verify-signatures
 * output; rollback deployments record `secure-deploy: {verified: true, digests}`.
 */
function recordOf(payload) {
    let value = payload;
    if (typeof value === 'string') {
        try {
            value = JSON.parse(value);
        }
        catch {
            return undefined;
        }
    }
    if (typeof value !== 'object' || value === null)
        return undefined;
    const object = value;
    let listed;
    const record = object[PAYLOAD_KEY];
    if (record && record.verified === true && Array.isArray(record.digests))
        listed = record.digests;
    else if (object.tool === APPROVAL_TOOL && Array.isArray(object.digests)) {
        listed = object.digests.map((d) => typeof d === 'object' && d !== null ? d.digest : d);
    }
    if (!listed || listed.length === 0 || !listed.every((d) => typeof d === 'string'))
        return undefined;
    try {
        return { verified: true, digests: normaliseDigests(listed, 'payload digests') };
    }
    catch {
        return undefined;
    }
}
async function call(what, fn) {
    try {
        return (await fn()).data;
    }
    catch (error) {
        const status = error.status;
        throw new errors/* ConfigurationError */.j1(`could not ${what}${typeof status === 'number' ? ` (HTTP ${status})` : ''}: ${(0,errors/* errorMessage */.gJ)(error)}${status === 403 || status === 404 ? "; the token needs 'deployments: write'" : ''}`);
    }
}
function messageOf(data) {
    const message = data?.message;
    return typeof message === 'string' ? message : 'no deployment id in the answer';
}
function truncate(text, max) {
    return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

;// CONCATENATED MODULE: ./src/verify/deployed.ts
/**
 * What actually runs, for `mode: post-deploy`: `sha256:<hex>  <name>` lines given as an input or
 * printed by a command. The command runs with execFile and no shell: the input is split into
 * words here, never interpolated into a shell string.
 */




const DIGEST = /^(sha256:[0-9a-f]{64}|sha384:[0-9a-f]{96}|sha512:[0-9a-f]{128})$/;
/** Parses `sha256:<hex>  <name>` lines (blank lines and `#` comments skipped); duplicates removed. */
function parseDeployedDigests(text, what) {
    const out = new Map();
    text.split(/\r?\n/).forEach((raw, index) => {
        const line = raw.trim();
        if (!line || line.startsWith('#'))
            return;
        const [first = '', ...rest] = line.split(/\s+/);
        const digest = first.toLowerCase();
        if (!DIGEST.test(digest)) {
            throw new errors/* ConfigurationError */.j1(`${what}, line ${index + 1}: '${line.slice(0, 80)}' does not start with a digest; write sha256:<64 hex>  <name>`);
        }
        if (!out.has(digest))
            out.set(digest, { digest, name: rest.join(' ') });
    });
    if (out.size === 0) {
        throw new errors/* ConfigurationError */.j1(`${what} lists no digest: cannot tell what runs, so the deployment cannot be confirmed`);
    }
    return [...out.values()];
}
/**
 * Splits a command into program and arguments without a shell: several lines are one word each;
 * one line is split at spaces, with '...' and "..." grouping words (no expansion of any kind).
 */
function splitCommand(command) {
    const lines = command
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean);
    if (lines.length > 1)
        return lines;
    const words = [];
    let word = '';
    let inWord = false;
    let quote;
    for (const ch of lines[0] ?? '') {
        if (quote) {
            if (ch === quote)
                quote = undefined;
            else
                word += ch;
        }
        else if (ch === '"' || ch === "'") {
            quote = ch;
            inWord = true;
        }
        else if (/\s/.test(ch)) {
            if (inWord)
                words.push(word);
            word = '';
            inWord = false;
        }
        else {
            word += ch;
            inWord = true;
        }
    }
    if (quote)
        throw new errors/* ConfigurationError */.j1(`deployed-digests-command: a ${quote} quote is not closed`);
    if (inWord)
        words.push(word);
    if (words.length === 0)
        throw new errors/* ConfigurationError */.j1('deployed-digests-command is empty');
    return words;
}
/** Runs the command (no shell, 2 minutes, 10 MB of output at most) and returns its standard output. */
function runDigestsCommand(command, cwd, timeoutMs = 120_000) {
    const [file = '', ...args] = splitCommand(command);
    return new Promise((resolvePromise, reject) => {
        (0,external_node_child_process_.execFile)(file, args, { cwd, timeout: timeoutMs, maxBuffer: 10 * 1024 * 1024, shell: false, encoding: 'utf8' }, (error, stdout, stderr) => {
            if (error) {
                const tail = stderr.trim().split('\n').slice(-3).join(' | ');
                reject(new errors/* ConfigurationError */.j1(`deployed-digests-command ${file} failed (${(0,errors/* errorMessage */.gJ)(error).split('\n')[0] ?? ''})${tail ? `: ${tail}` : ''}`));
            }
            else
                resolvePromise(stdout);
        });
    });
}
/**
 * Post-deploy: what runs against the digests recorded as verified in the deployment's payload; on
 * a mismatch `rollbackOnMismatch` marks it failed and deploys the last good verified ref.
 */
async function checkDeployment(client, check) {
    const { owner, repo, deploymentId } = check;
    let deployment;
    try {
        deployment = (await client.rest.repos.getDeployment({ owner, repo, deployment_id: deploymentId })).data;
    }
    catch (error) {
        throw (0,github/* explainGitHubError */.Pm)(error, `reading deployment ${deploymentId}`, 'deployments: read');
    }
    const record = recordOf(deployment.payload);
    if (!record) {
        throw new errors/* ConfigurationError */.j1(`Deployment ${deploymentId} records no verified digests in its payload (it was not created by require-approval or the deploy gate with verified digests): cannot tell what was verified, so what runs cannot be confirmed.`);
    }
    const environment = check.environment || (typeof deployment.environment === 'string' ? deployment.environment : '');
    if (!environment)
        throw new errors/* ConfigurationError */.j1(`Deployment ${deploymentId} names no environment: set 'environment'.`);
    const rollback = await rollbackOnMismatch(client, {
        owner,
        repo,
        environment,
        deploymentId,
        deployedDigests: check.deployed.map((d) => d.digest),
        verifiedDigests: record.digests,
        ...(check.logUrl ? { logUrl: check.logUrl } : {}),
    });
    const bad = new Set(rollback.unexpected);
    const rows = check.deployed.map((d) => ({
        artifact: d.name || d.digest,
        digest: d.digest,
        method: 'deployment',
        status: bad.has(d.digest) ? 'failed' : 'verified',
        reason: bad.has(d.digest)
            ? `runs in ${environment}, but deployment ${deploymentId} verified only ${record.digests.join(', ')}`
            : `verified for deployment ${deploymentId}`,
    }));
    const unexpected = check.deployed
        .filter((d) => bad.has(d.digest))
        .map((d) => (d.name ? `${d.digest} (${d.name})` : d.digest));
    return { environment, verifiedDigests: record.digests, rollback, rows, unexpected };
}
/** The one-sentence failure for a breach: names the unexpected digests and what was done. */
function breachMessage(deploymentId, result) {
    const to = result.rollback.rolledBackTo;
    return `Integrity breach in ${result.environment}: deployment ${deploymentId} runs unverified ${result.unexpected.join(', ')}. ${to
        ? `It is marked failed and rolled back to ${to.ref} (deployment ${to.deploymentId}) as deployment ${to.newDeploymentId}.`
        : 'It is marked failed; no earlier successful verified deployment was found to roll back to.'}`;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/@sigstore/bundle/dist/index.js
var dist = __webpack_require__(1040);
;// CONCATENATED MODULE: ./src/verify/types.ts
/** Shared shapes of the verify-signatures capability. */
/** A failure for one artifact whose message a person can act on. */
class ArtifactError extends Error {
    name = 'ArtifactError';
}
/**
 * A refusal caused by an error this code did not foresee (a TypeError or RangeError from a library
 * reading the bundle): the artifact still fails closed, but the failure is reported as a probable bug
 * (`verify-bundle` exits 2, as for any unexpected error), not as a verdict on the bundle.
 */
class UnexpectedArtifactError extends ArtifactError {
    unexpected = true;
}

// EXTERNAL MODULE: ./src/core/nesting.ts
var nesting = __webpack_require__(9209);
;// CONCATENATED MODULE: ./src/verify/bundle.ts
/** Reading Sigstore bundles from files: size cap, JSON or JSON lines, known media types only. */





/** Bundles larger than this are refused before they are parsed. */
const MAX_BUNDLE_BYTES = 10 * 1024 * 1024;
const KNOWN_MEDIA_TYPES = [
    dist/* BUNDLE_V01_MEDIA_TYPE */.Td,
    dist/* BUNDLE_V02_MEDIA_TYPE */.qx,
    dist/* BUNDLE_V03_LEGACY_MEDIA_TYPE */.ZZ,
    dist/* BUNDLE_V03_MEDIA_TYPE */.HM,
];
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** Is this cosign's legacy `sign-blob --bundle` format rather than a Sigstore bundle? */
function isLegacyCosign(json) {
    return json.mediaType === undefined && typeof json.base64Signature === 'string';
}
/** PEM (or base64 of PEM, as cosign writes `cert`) to DER. */
function certificateDer(value, source) {
    const text = value.includes('-----BEGIN') ? value : Buffer.from(value, 'base64').toString('utf8');
    const match = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/.exec(text);
    if (!match?.[1])
        throw new ArtifactError(`legacy cosign bundle ${source}: 'cert' is not a PEM certificate`);
    return Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
}
/**
 * Converts cosign's legacy blob bundle into the equivalent Sigstore bundle v0.1: the signature
 * over the artifact's digest (the one the Rekor entry records), the certificate (or a key, when
 * signed with one), and the Rekor entry with its signed entry timestamp as the inclusion promise.
 * That is what cosign itself checks for this format (cosign pkg/cosign/verify.go, VerifyBundle:
 * the SET over {body, integratedTime, logIndex, logID}) and how sigstore-go's and cosign's
 * new-bundle code map a Rekor entry to a bundle's TransparencyLogEntry. The converted bundle is
 * then verified like any other, with the same policy and thresholds.
 */
function legacyCosignToBundle(json, source) {
    const fail = (why) => {
        throw new ArtifactError(`legacy cosign bundle ${source}: ${why}`);
    };
    const signature = json.base64Signature;
    if (typeof signature !== 'string' || signature === '')
        fail("'base64Signature' is empty");
    const rekor = json.rekorBundle;
    if (!isRecord(rekor)) {
        return fail("it has no 'rekorBundle' (no transparency-log entry): it cannot be verified");
    }
    const set = rekor.SignedEntryTimestamp;
    const payload = rekor.Payload;
    if (typeof set !== 'string' || set === '')
        fail("'rekorBundle' has no SignedEntryTimestamp");
    if (!isRecord(payload))
        return fail("'rekorBundle' has no Payload");
    const { body, integratedTime, logIndex, logID } = payload;
    if (typeof body !== 'string')
        fail("'rekorBundle.Payload' has no body");
    if (typeof integratedTime !== 'number' || !Number.isSafeInteger(integratedTime)) {
        fail("'rekorBundle.Payload' has no integratedTime");
    }
    if (typeof logIndex !== 'number' || !Number.isSafeInteger(logIndex) || logIndex < 0) {
        fail("'rekorBundle.Payload' has no logIndex");
    }
    if (typeof logID !== 'string' || !/^[0-9a-f]{64}$/i.test(logID))
        fail("'rekorBundle.Payload' has no logID");
    let entry;
    try {
        entry = JSON.parse(Buffer.from(body, 'base64').toString('utf8'));
    }
    catch {
        fail("the Rekor entry in 'rekorBundle' is not valid JSON");
    }
    if (!isRecord(entry) || entry.kind !== 'hashedrekord' || typeof entry.apiVersion !== 'string') {
        fail(`the Rekor entry is of kind '${String(isRecord(entry) ? entry.kind : undefined)}': only hashedrekord (cosign sign-blob) is read`);
    }
    const spec = isRecord(entry.spec)
        ? entry.spec
        : {};
    const data = isRecord(spec.data) ? spec.data : {};
    const hash = isRecord(data.hash) ? data.hash : {};
    const algorithms = { sha256: 'SHA2_256', sha384: 'SHA2_384', sha512: 'SHA2_512' };
    const algorithm = typeof hash.algorithm === 'string' ? algorithms[hash.algorithm] : undefined;
    if (!algorithm || typeof hash.value !== 'string' || !/^[0-9a-f]+$/i.test(hash.value)) {
        fail('the Rekor entry records no artifact digest');
    }
    const cert = json.cert;
    const material = typeof cert === 'string' && cert !== ''
        ? { x509CertificateChain: { certificates: [{ rawBytes: certificateDer(cert, source).toString('base64') }] } }
        : { publicKey: { hint: '' } };
    return {
        mediaType: dist/* BUNDLE_V01_MEDIA_TYPE */.Td,
        verificationMaterial: {
            ...material,
            tlogEntries: [
                {
                    logIndex: String(logIndex),
                    logId: { keyId: Buffer.from(logID, 'hex').toString('base64') },
                    kindVersion: { kind: 'hashedrekord', version: entry.apiVersion },
                    integratedTime: String(integratedTime),
                    inclusionPromise: { signedEntryTimestamp: set },
                    canonicalizedBody: body,
                },
            ],
        },
        messageSignature: {
            messageDigest: { algorithm, digest: Buffer.from(hash.value, 'hex').toString('base64') },
            signature,
        },
    };
}
/** @sigstore/bundle's validation error, with the fields it found missing or wrong (`invalid v0.2 bundle` alone says little). */
function validationReason(error) {
    const fields = error.fields;
    const names = Array.isArray(fields) ? fields.filter((f) => typeof f === 'string') : [];
    return names.length > 0 ? `${(0,errors/* errorMessage */.gJ)(error)}: missing or invalid ${names.join(', ')}` : (0,errors/* errorMessage */.gJ)(error);
}
/**
 * The first field of a bundle's JSON whose type @sigstore/bundle would trip over (it reads
 * `tlogEntries: [null]` as "Cannot read properties of null"): objects and lists where the bundle
 * format has them, named by their path. `null` stands for an absent field (protobuf JSON).
 */
function shapeProblem(json) {
    const objectAt = (value, path) => value === undefined || value === null || isRecord(value) ? undefined : `${path} is not an object`;
    const listOfObjects = (value, path) => {
        if (value === undefined || value === null)
            return undefined;
        if (!Array.isArray(value))
            return `${path} is not a list`;
        const i = value.findIndex((v) => !isRecord(v));
        return i >= 0 ? `${path}[${i}] is not an object` : undefined;
    };
    // Bytes are base64 text in the JSON form; @sigstore/bundle hands anything else to Buffer.from.
    const text = (value, path) => value === undefined || value === null || typeof value === 'string' ? undefined : `${path} is not a string`;
    const field = (record, key) => (isRecord(record) ? record[key] : undefined);
    const first = (...checks) => {
        for (const check of checks) {
            const problem = check();
            if (problem)
                return problem;
        }
        return undefined;
    };
    const material = json.verificationMaterial;
    const envelope = json.dsseEnvelope;
    const message = json.messageSignature;
    const chain = field(material, 'x509CertificateChain');
    const timestamps = field(material, 'timestampVerificationData');
    const entries = field(material, 'tlogEntries');
    const problem = first(() => objectAt(material, 'verificationMaterial'), () => objectAt(envelope, 'dsseEnvelope'), () => objectAt(message, 'messageSignature'), () => text(field(envelope, 'payload'), 'dsseEnvelope.payload'), () => listOfObjects(field(envelope, 'signatures'), 'dsseEnvelope.signatures'), () => objectAt(field(message, 'messageDigest'), 'messageSignature.messageDigest'), () => text(field(field(message, 'messageDigest'), 'digest'), 'messageSignature.messageDigest.digest'), () => text(field(message, 'signature'), 'messageSignature.signature'), () => objectAt(field(material, 'certificate'), 'verificationMaterial.certificate'), () => text(field(field(material, 'certificate'), 'rawBytes'), 'verificationMaterial.certificate.rawBytes'), () => objectAt(field(material, 'publicKey'), 'verificationMaterial.publicKey'), () => objectAt(chain, 'verificationMaterial.x509CertificateChain'), () => listOfObjects(field(chain, 'certificates'), 'verificationMaterial.x509CertificateChain.certificates'), () => objectAt(timestamps, 'verificationMaterial.timestampVerificationData'), () => listOfObjects(field(timestamps, 'rfc3161Timestamps'), 'verificationMaterial.timestampVerificationData.rfc3161Timestamps'), () => listOfObjects(entries, 'verificationMaterial.tlogEntries'));
    if (problem)
        return problem;
    const signatures = field(envelope, 'signatures');
    const certificates = field(chain, 'certificates');
    const stamps = field(timestamps, 'rfc3161Timestamps');
    const each = (list, check) => Array.isArray(list) ? first(...list.map((item, i) => () => check(item, i))) : undefined;
    return first(() => each(signatures, (s, i) => text(field(s, 'sig'), `dsseEnvelope.signatures[${i}].sig`)), () => each(certificates, (c, i) => text(field(c, 'rawBytes'), `verificationMaterial.x509CertificateChain.certificates[${i}].rawBytes`)), () => each(stamps, (t, i) => text(field(t, 'signedTimestamp'), `verificationMaterial.timestampVerificationData.rfc3161Timestamps[${i}].signedTimestamp`)), () => each(entries, (entry, i) => {
        const at = `verificationMaterial.tlogEntries[${i}]`;
        const proof = field(entry, 'inclusionProof');
        const hashes = field(proof, 'hashes');
        return first(() => objectAt(field(entry, 'logId'), `${at}.logId`), () => text(field(field(entry, 'logId'), 'keyId'), `${at}.logId.keyId`), () => objectAt(field(entry, 'kindVersion'), `${at}.kindVersion`), () => text(field(entry, 'canonicalizedBody'), `${at}.canonicalizedBody`), () => objectAt(field(entry, 'inclusionPromise'), `${at}.inclusionPromise`), () => text(field(field(entry, 'inclusionPromise'), 'signedEntryTimestamp'), `${at}.inclusionPromise.signedEntryTimestamp`), () => objectAt(proof, `${at}.inclusionProof`), () => text(field(proof, 'rootHash'), `${at}.inclusionProof.rootHash`), () => objectAt(field(proof, 'checkpoint'), `${at}.inclusionProof.checkpoint`), () => hashes === undefined || hashes === null || Array.isArray(hashes)
            ? undefined
            : `${at}.inclusionProof.hashes is not a list`, () => each(hashes, (h, j) => text(h, `${at}.inclusionProof.hashes[${j}]`)));
    }));
}
/** Parses one bundle from JSON already read; throws ArtifactError with the reason. */
function bundleFromValue(json, source) {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw new ArtifactError(`bundle ${source} is not a JSON object`);
    }
    if (isLegacyCosign(json)) {
        const converted = legacyCosignToBundle(json, source);
        try {
            return { bundle: (0,dist/* bundleFromJSON */.vw)(converted), source: `${source} (legacy cosign bundle)`, legacy: true };
        }
        catch (error) {
            throw new ArtifactError(`legacy cosign bundle ${source} cannot be read: ${validationReason(error)}`);
        }
    }
    const mediaType = json.mediaType;
    if (typeof mediaType !== 'string' || !KNOWN_MEDIA_TYPES.includes(mediaType)) {
        throw new ArtifactError(`bundle ${source} has unknown media type '${String(mediaType)}' (known: Sigstore bundle v0.1, v0.2, v0.3, and cosign's legacy blob bundle)`);
    }
    const material = json.verificationMaterial;
    if ((mediaType === dist/* BUNDLE_V03_MEDIA_TYPE */.HM || mediaType === dist/* BUNDLE_V03_LEGACY_MEDIA_TYPE */.ZZ) &&
        isRecord(material) &&
        material.x509CertificateChain !== undefined) {
        throw new ArtifactError(`bundle ${source} is v0.3 but carries a certificate chain: a v0.3 bundle carries the signing certificate alone ('certificate'), its chain comes from the trusted root`);
    }
    const shape = shapeProblem(json);
    if (shape)
        throw new ArtifactError(`bundle ${source} is not a valid Sigstore bundle: ${shape}`);
    try {
        return { bundle: (0,dist/* bundleFromJSON */.vw)(json), source };
    }
    catch (error) {
        if (error instanceof TypeError || error instanceof RangeError) {
            // Not foreseen by the shape check above: fail closed, name the error's class, not its JavaScript text.
            throw new UnexpectedArtifactError(`bundle ${source} is not a valid Sigstore bundle: unexpected error while reading the bundle (${error.constructor.name})`);
        }
        throw new ArtifactError(`bundle ${source} is not a valid Sigstore bundle: ${validationReason(error)}`);
    }
}
/** Parses bundle text: one JSON object, or JSON lines with one bundle per line. */
function parseBundles(text, source) {
    try {
        (0,nesting/* checkJsonNesting */.xG)(text, `bundle ${source}`);
    }
    catch (error) {
        throw new ArtifactError((0,errors/* errorMessage */.gJ)(error));
    }
    try {
        return [bundleFromValue(JSON.parse(text), source)];
    }
    catch (error) {
        if (error instanceof ArtifactError)
            throw error;
    }
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    if (lines.length < 2) {
        let reason = 'empty file';
        try {
            JSON.parse(text);
        }
        catch (error) {
            reason = (0,errors/* errorMessage */.gJ)(error);
        }
        throw new ArtifactError(`bundle ${source} is not valid JSON (${reason})`);
    }
    return lines.map((line, i) => {
        let json;
        try {
            json = JSON.parse(line);
        }
        catch (error) {
            throw new ArtifactError(`bundle ${source}, line ${i + 1}, is not valid JSON (${(0,errors/* errorMessage */.gJ)(error)})`);
        }
        return bundleFromValue(json, `${source}:${i + 1}`);
    });
}
/** Reads a bundle file, refusing files over 10 MB before reading them whole. */
async function readBundleFile(path, label = path) {
    let text;
    try {
        const handle = await (0,promises_.open)(path, 'r');
        try {
            const info = await handle.stat();
            if (!info.isFile())
                throw new ArtifactError(`bundle ${label} is not a file`);
            if (info.size > MAX_BUNDLE_BYTES) {
                throw new ArtifactError(`bundle ${label} is ${info.size} bytes, over the ${MAX_BUNDLE_BYTES}-byte limit`);
            }
            text = await handle.readFile('utf8');
        }
        finally {
            await handle.close();
        }
    }
    catch (error) {
        if (error instanceof ArtifactError)
            throw error;
        throw new ArtifactError(`cannot read bundle ${label}: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    return parseBundles(text, label);
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./node_modules/@sigstore/core/dist/index.js
var core_dist = __webpack_require__(3917);
// EXTERNAL MODULE: ./node_modules/@sigstore/protobuf-specs/dist/index.js
var protobuf_specs_dist = __webpack_require__(9654);
// EXTERNAL MODULE: ./node_modules/@sigstore/verify/dist/index.js
var verify_dist = __webpack_require__(4187);
;// CONCATENATED MODULE: ./src/verify/claims.ts
/**
 * Fulcio's certificate extensions for CI identities (OIDs 1.3.6.1.4.1.57264.1.8 to .22). Their values
 * are DER UTF8Strings inside the extension's OCTET STRING; @sigstore/core parses the DER.
 * https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md
 */
const FULCIO_CLAIM_OIDS = {
    issuer: '1.3.6.1.4.1.57264.1.8',
    buildSignerUri: '1.3.6.1.4.1.57264.1.9',
    buildSignerDigest: '1.3.6.1.4.1.57264.1.10',
    runnerEnvironment: '1.3.6.1.4.1.57264.1.11',
    sourceRepositoryUri: '1.3.6.1.4.1.57264.1.12',
    sourceRepositoryDigest: '1.3.6.1.4.1.57264.1.13',
    sourceRepositoryRef: '1.3.6.1.4.1.57264.1.14',
    sourceRepositoryIdentifier: '1.3.6.1.4.1.57264.1.15',
    sourceRepositoryOwnerUri: '1.3.6.1.4.1.57264.1.16',
    sourceRepositoryOwnerIdentifier: '1.3.6.1.4.1.57264.1.17',
    buildConfigUri: '1.3.6.1.4.1.57264.1.18',
    buildConfigDigest: '1.3.6.1.4.1.57264.1.19',
    buildTrigger: '1.3.6.1.4.1.57264.1.20',
    runInvocationUri: '1.3.6.1.4.1.57264.1.21',
    sourceRepositoryVisibilityAtSigning: '1.3.6.1.4.1.57264.1.22',
};
/** The legacy issuer extension (raw string value), used by old certificates without .8. */
const LEGACY_ISSUER_OID = '1.3.6.1.4.1.57264.1.1';
const UTF8_STRING_TAG = 12;
/** Reads one DER UTF8String extension value; undefined when absent or not a UTF8String. */
function utf8Extension(cert, oid) {
    const ext = cert.extension(oid);
    if (!ext)
        return undefined;
    const inner = ext.valueObj.subs[0];
    if (!inner || !inner.tag.isUniversal() || inner.tag.number !== UTF8_STRING_TAG)
        return undefined;
    return inner.value.toString('utf8');
}
/** The GitHub workflow claims (and issuer) a Fulcio certificate carries. */
function certificateClaims(cert) {
    const claims = {};
    for (const [name, oid] of Object.entries(FULCIO_CLAIM_OIDS)) {
        const value = utf8Extension(cert, oid);
        if (value !== undefined)
            claims[name] = value;
    }
    if (claims.issuer === undefined) {
        const legacy = cert.extension(LEGACY_ISSUER_OID);
        if (legacy)
            claims.issuer = legacy.value.toString('ascii');
    }
    return claims;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(5919);
;// CONCATENATED MODULE: ./src/verify/hash.ts
/**
 * Streamed hashing. Files are read in 1 MiB chunks (a 1 GiB artifact never sits in memory), and
 * several files hash at once in a pool of worker threads, so both cores of a runner are used.
 */




const CHUNK = 1024 * 1024;
/**
 * Hashes a file on the current thread, streaming through two reused 1 MiB buffers: the next read
 * is in flight while the current chunk is hashed, so reading costs no time of its own, and memory
 * stays flat however large the file.
 */
async function hashFileHere(path, algorithms) {
    const hashes = algorithms.map((a) => [a, (0,external_node_crypto_.createHash)(a)]);
    // Two buffers: the next read fills one while the other is hashed.
    let current = Buffer.allocUnsafe(CHUNK);
    let next = Buffer.allocUnsafe(CHUNK);
    const handle = await (0,promises_.open)(path, 'r');
    try {
        let pending = handle.read(current, 0, CHUNK, null);
        for (;;) {
            const { bytesRead } = await pending;
            if (bytesRead === 0)
                break;
            pending = handle.read(next, 0, CHUNK, null);
            const chunk = current.subarray(0, bytesRead);
            for (const [, h] of hashes)
                h.update(chunk);
            [current, next] = [next, current];
        }
    }
    finally {
        await handle.close();
    }
    const out = {};
    for (const [a, h] of hashes)
        out[a] = h.digest('hex');
    return out;
}
// The worker's code is inline (eval) so that the single-file action bundle needs no extra file.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { open } = require('node:fs/promises');
const buffers = [Buffer.allocUnsafe(${CHUNK}), Buffer.allocUnsafe(${CHUNK})];
parentPort.on('message', async ({ id, path, algorithms }) => {
  try {
    const hashes = algorithms.map((a) => [a, createHash(a)]);
    const handle = await open(path, 'r');
    try {
      let turn = 0;
      let pending = handle.read(buffers[0], 0, ${CHUNK}, null);
      for (;;) {
        const { bytesRead, buffer } = await pending;
        if (bytesRead === 0) break;
        turn ^= 1;
        pending = handle.read(buffers[turn], 0, ${CHUNK}, null);
        const chunk = buffer.subarray(0, bytesRead);
        for (const [, h] of hashes) h.update(chunk);
      }
    } finally {
      await handle.close();
    }
    parentPort.postMessage({ id, digests: Object.fromEntries(hashes.map(([a, h]) => [a, h.digest('hex')])) });
  } catch (error) {
    parentPort.postMessage({ id, error: error && error.message ? error.message : String(error) });
  }
});
`;
/** A small pool of hashing threads; `close()` ends them. */
class HashPool {
    size;
    idle = [];
    all = [];
    queue = [];
    running = new Map();
    nextId = 0;
    constructor(size = Math.max(1, Math.min((0,external_node_os_.availableParallelism)(), 8))) {
        this.size = size;
    }
    hash(path, algorithms = ['sha256']) {
        return new Promise((resolve, reject) => {
            this.queue.push({ id: this.nextId++, path, algorithms, resolve, reject });
            this.pump();
        });
    }
    spawn() {
        const worker = new external_node_worker_threads_.Worker(WORKER_SOURCE, { eval: true });
        worker.on('message', (reply) => {
            const job = this.running.get(worker);
            this.running.delete(worker);
            if (job) {
                if (reply.error !== undefined || !reply.digests)
                    job.reject(new Error(reply.error ?? 'no digest'));
                else
                    job.resolve(reply.digests);
            }
            this.idle.push(worker);
            this.pump();
        });
        worker.on('error', (error) => {
            const job = this.running.get(worker);
            this.running.delete(worker);
            job?.reject(error);
            const i = this.all.indexOf(worker);
            if (i >= 0)
                this.all.splice(i, 1);
            this.pump();
        });
        this.all.push(worker);
        return worker;
    }
    pump() {
        while (this.queue.length > 0) {
            let worker = this.idle.pop();
            if (!worker) {
                if (this.all.length >= this.size)
                    return;
                worker = this.spawn();
            }
            const job = this.queue.shift();
            if (!job) {
                this.idle.push(worker);
                return;
            }
            this.running.set(worker, job);
            worker.postMessage({ id: job.id, path: job.path, algorithms: job.algorithms });
        }
    }
    async close() {
        const workers = this.all.splice(0);
        this.idle.length = 0;
        await Promise.all(workers.map((w) => w.terminate()));
    }
}
/**
 * Hashes many files: one file hashes on this thread (no worker start-up cost), several go to the pool.
 * Returns one settled result per path, in order, so that one unreadable file does not hide the others.
 */
/** Below this size a file hashes faster here than the round trip to a worker thread costs. */
const SMALL_FILE = 4 * 1024 * 1024;
/**
 * Hashes many files: small ones on this thread (microseconds each), large ones on a pool of worker
 * threads so that several large artifacts hash on all cores at once.
 */
async function hashFiles(paths, algorithms = ['sha256']) {
    const sizes = await Promise.all(paths.map((p) => (0,promises_.stat)(p).then((s) => s.size, () => 0)));
    const large = paths.filter((_, i) => (sizes[i] ?? 0) >= SMALL_FILE);
    const pool = large.length > 1
        ? new HashPool(Math.min(large.length, Math.max(1, Math.min((0,external_node_os_.availableParallelism)(), 8))))
        : undefined;
    try {
        return await Promise.allSettled(paths.map((p, i) => pool && (sizes[i] ?? 0) >= SMALL_FILE ? pool.hash(p, algorithms) : hashFileHere(p, algorithms)));
    }
    finally {
        await pool?.close();
    }
}

;// CONCATENATED MODULE: ./src/core/thresholds.ts
/** How many independent proofs a Sigstore bundle must carry: shared by verify/ and trust/. */

/** One of each: what `cosign verify-blob` and `gh attestation verify` demand by default. */
const DEFAULT_THRESHOLDS = { tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 };
/**
 * Checks user-chosen thresholds: a timestamp is always required (without one the certificate's
 * validity would be checked at no time at all); dropping the transparency or CT log requirement is
 * allowed for private Sigstore deployments that run without them, with a warning. Thresholds the
 * user does not set stay unset: each Sigstore instance's own policy fills them (instances.ts).
 */
function validateThresholds(t, warn) {
    const given = Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined));
    for (const [name, value] of Object.entries(given)) {
        if (!Number.isInteger(value) || value < 0 || value > 16) {
            throw new errors/* ConfigurationError */.j1(`Threshold ${thresholdInput(name)} must be a whole number from 0 to 16, got ${value}.`);
        }
    }
    if (given.timestampThreshold !== undefined && given.timestampThreshold < 1) {
        throw new errors/* ConfigurationError */.j1("'timestamp-threshold' must be at least 1: without a trusted time a certificate's validity cannot be checked.");
    }
    if (given.tlogThreshold === 0) {
        warn("'tlog-threshold' is 0: bundles are accepted without a transparency-log entry; signatures are not publicly auditable.");
    }
    if (given.ctlogThreshold === 0) {
        warn("'ctlog-threshold' is 0: signing certificates are accepted without a certificate-transparency proof.");
    }
    return given;
}
/** validateThresholds, with the unset ones at the public-good defaults. */
function checkThresholds(t, warn) {
    return { ...DEFAULT_THRESHOLDS, ...validateThresholds(t, warn) };
}
function thresholdInput(name) {
    return `'${name.replace('Threshold', '')}-threshold'`;
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/@sigstore/tuf/dist/index.js
var tuf_dist = __webpack_require__(4423);
// EXTERNAL MODULE: ./node_modules/@sigstore/tuf/seeds.json
var seeds = __webpack_require__(8032);
;// CONCATENATED MODULE: ./src/verify/github-sigstore/trusted_root.json
const trusted_root_namespaceObject = /*#__PURE__*/JSON.parse('{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1","certificateAuthorities":[{"subject":{"organization":"GitHub, Inc.","commonName":"Internal Services Root"},"uri":"fulcio.githubapp.com","certChain":{"certificates":[{"rawBytes":"MIICKjCCAbCgAwIBAgIUW3TJVeOvr+NSvJXdOw8nEEn7HhQwCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZGdWxjaW8gSW50ZXJtZWRpYXRlIGwxMB4XDTIzMDkxMjE0MDY1NFoXDTI0MDkxMTE0MDY1NFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZGdWxjaW8gSW50ZXJtZWRpYXRlIGwyMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEsosodObhuHG6Pr5vp5y+pmnKawS1h2hwv3r3hBwqh3ZHJAw64mhDnDs9fw4jKkZEBYRSVyOHyZppz4day8hgpTIDwdj44Oan4RDb+wmj04jfhVLjLsQ4Q/X4K/ynRgNXo3sweTAOBgNVHQ8BAf8EBAMCAQYwEwYDVR0lBAwwCgYIKwYBBQUHAwMwEgYDVR0TAQH/BAgwBgEB/wIBADAdBgNVHQ4EFgQUm0vkDkQZ29hutYdayJobIRmf/iMwHwYDVR0jBBgwFoAUwOG4UqRLTz7eejgRBs9JjqFFmzMwCgYIKoZIzj0EAwMDaAAwZQIwIBl93E7vkWTvdeIm1WSIM4qNsj0ApE8LCj3k1vrY5x6/7yhAZs7QlO3/FBCoEeaZAjEAlJcNr37uZq9BYHODHBeO/gP+6EfbzsNaLV22ASBlhF/a9y83ESLuqCNN7IxGxmWT"},{"rawBytes":"MIICFTCCAZugAwIBAgIUD3Jlqt4qhrcZI4UnGfPGrEq/pjQwCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDkxMTEyMDAwMFoXDTI4MDkwOTEyMDAwMFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZGdWxjaW8gSW50ZXJtZWRpYXRlIGwxMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE7X7nK0wC7uEmDjW+on0sXIX3FacL3hhcrhneA+M/kl1OtvQiPmFrH9lbUQqOj/AfspJ8uGY3jaq8WuSg6ghatzYfuuzLAJIK4nGpCBafncF8EynOssPq64/Dz+JUWXqlo2YwZDAOBgNVHQ8BAf8EBAMCAQYwEgYDVR0TAQH/BAgwBgEB/wIBATAdBgNVHQ4EFgQUwOG4UqRLTz7eejgRBs9JjqFFmzMwHwYDVR0jBBgwFoAUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaAAwZQIxAI8HWLrke7uzhOpwlD1cNixPmoX9XFKe7bEPozo0D+vKi0Gt6VlC7xPedFIw4/AypAIwQP+FGRWvfx0IAH5/n0aRiN7/LVpyFA5RkJASZOVOib2Y8pNuhXa9V3ZbWO6v6kW/"},{"rawBytes":"MIIB9TCCAXqgAwIBAgIUNFryA06EHDIcd5EIbe8swbl9OY4wCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDgwNzEyMDAwMFoXDTMzMDgwNDEyMDAwMFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEXYaXx4H0oNuVP/2cfydA3oaafvvkkkgb5hbL8/j/BO25S7uTmDOCA5e4QLLWCKFuc+xp2j14tCH4WmHzMUDvf2tXtInVliY5wZgQMM9L6klo/IwA9x4omdcjnT+kKJAjo0UwQzAOBgNVHQ8BAf8EBAMCAQYwEgYDVR0TAQH/BAgwBgEB/wIBAjAdBgNVHQ4EFgQUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaQAwZgIxAPzXsV+eokrqOHSQZH/XhhHE1slOscKy3DQpYpYJ1AWmJ2lJu/XOmubBX5s7apllUwIxALw2Ts8CDACiK42UymC8fk6sbNfoXUAWqdyKTVt2Lst+wNdkRniGvx7jT65BKTkcsQ=="}]},"validFor":{"start":"2023-10-27T16:30:00Z","end":"2024-05-25T00:00:00Z"}},{"subject":{"organization":"GitHub, Inc.","commonName":"Internal Services Root"},"uri":"fulcio.githubapp.com","certChain":{"certificates":[{"rawBytes":"MIICKzCCAbCgAwIBAgIUOpyw2HaZefsj/4SPXutGof8E2CkwCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZGdWxjaW8gSW50ZXJtZWRpYXRlIGwxMB4XDTI0MDUxMzAwMDAwMFoXDTI1MDUxMzAwMDAwMFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZGdWxjaW8gSW50ZXJtZWRpYXRlIGwyMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEJNJWvW8fckfk/oQmh+qCeIlFXl9YLEkKSjZCgcVB92Fi1HQnvmpCiyqpvP91SmT1/G6QbrmTGV7MmIQlDnBWHNUT+jwZ3elGu/yfr/v8U0uhZTIli/BMj5Y4ICHK/j4do3sweTAOBgNVHQ8BAf8EBAMCAQYwEwYDVR0lBAwwCgYIKwYBBQUHAwMwEgYDVR0TAQH/BAgwBgEB/wIBADAdBgNVHQ4EFgQUD0fF3cs+ldPyiWohHJ3JmO91V7gwHwYDVR0jBBgwFoAUwOG4UqRLTz7eejgRBs9JjqFFmzMwCgYIKoZIzj0EAwMDaQAwZgIxAO7BRC9i7oGUHjjlcHU/bfqk2NLy7t6wm3K5W+jBLFbAj6sVjYcY+rrYhop/OjclbQIxALafBKLPIPjoCI29BUHwLBFP6e92ZlyaoFtoqccceXAevRaDjXFvb5+M7wnD6AuAJw=="},{"rawBytes":"MIICFTCCAZugAwIBAgIUD3Jlqt4qhrcZI4UnGfPGrEq/pjQwCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDkxMTEyMDAwMFoXDTI4MDkwOTEyMDAwMFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZGdWxjaW8gSW50ZXJtZWRpYXRlIGwxMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE7X7nK0wC7uEmDjW+on0sXIX3FacL3hhcrhneA+M/kl1OtvQiPmFrH9lbUQqOj/AfspJ8uGY3jaq8WuSg6ghatzYfuuzLAJIK4nGpCBafncF8EynOssPq64/Dz+JUWXqlo2YwZDAOBgNVHQ8BAf8EBAMCAQYwEgYDVR0TAQH/BAgwBgEB/wIBATAdBgNVHQ4EFgQUwOG4UqRLTz7eejgRBs9JjqFFmzMwHwYDVR0jBBgwFoAUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaAAwZQIxAI8HWLrke7uzhOpwlD1cNixPmoX9XFKe7bEPozo0D+vKi0Gt6VlC7xPedFIw4/AypAIwQP+FGRWvfx0IAH5/n0aRiN7/LVpyFA5RkJASZOVOib2Y8pNuhXa9V3ZbWO6v6kW/"},{"rawBytes":"MIIB9TCCAXqgAwIBAgIUNFryA06EHDIcd5EIbe8swbl9OY4wCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDgwNzEyMDAwMFoXDTMzMDgwNDEyMDAwMFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEXYaXx4H0oNuVP/2cfydA3oaafvvkkkgb5hbL8/j/BO25S7uTmDOCA5e4QLLWCKFuc+xp2j14tCH4WmHzMUDvf2tXtInVliY5wZgQMM9L6klo/IwA9x4omdcjnT+kKJAjo0UwQzAOBgNVHQ8BAf8EBAMCAQYwEgYDVR0TAQH/BAgwBgEB/wIBAjAdBgNVHQ4EFgQUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaQAwZgIxAPzXsV+eokrqOHSQZH/XhhHE1slOscKy3DQpYpYJ1AWmJ2lJu/XOmubBX5s7apllUwIxALw2Ts8CDACiK42UymC8fk6sbNfoXUAWqdyKTVt2Lst+wNdkRniGvx7jT65BKTkcsQ=="}]},"validFor":{"start":"2024-05-13T00:00:00Z","end":"2024-10-25T00:00:00Z"}},{"subject":{"organization":"GitHub, Inc.","commonName":"Internal Services Root"},"uri":"fulcio.githubapp.com","certChain":{"certificates":[{"rawBytes":"MIICKzCCAbCgAwIBAgIUQeyd9UH06yZ63pDuqjgUZ58CnpMwCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZGdWxjaW8gSW50ZXJtZWRpYXRlIGwxMB4XDTI0MTAwMzEyMDAwMFoXDTI1MTAwMzEyMDAwMFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZGdWxjaW8gSW50ZXJtZWRpYXRlIGwyMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEwvbET2w+j9j9j50iTInH1gb9GSXkpsCvWz5orX1zgme+/Qh/5gMkpfmgfOSLV2ZRgT1hzujYmnKQvP2mCxYnbwQELAkAf+VhEY/7Uw3zZvguGQSdF1cxzRHiMTOha5eFo3sweTAOBgNVHQ8BAf8EBAMCAQYwEwYDVR0lBAwwCgYIKwYBBQUHAwMwEgYDVR0TAQH/BAgwBgEB/wIBADAdBgNVHQ4EFgQUMib9z4ZYBcQANTVvVCa3KoTGbBUwHwYDVR0jBBgwFoAUwOG4UqRLTz7eejgRBs9JjqFFmzMwCgYIKoZIzj0EAwMDaQAwZgIxAPIU/zlJiJrxn6oTWNdEAD/YBSnhyxcvpq1D2DzFy8E8hbkEfMZPErYL7HyoL/BkdwIxAN9KDEKyktEUBrfHehfcLAzI2kERJx+8DSslXswOIbLaeqYfWsmrQAt5C0X/nOWxXA=="},{"rawBytes":"MIICFTCCAZugAwIBAgIUD3Jlqt4qhrcZI4UnGfPGrEq/pjQwCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDkxMTEyMDAwMFoXDTI4MDkwOTEyMDAwMFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZGdWxjaW8gSW50ZXJtZWRpYXRlIGwxMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE7X7nK0wC7uEmDjW+on0sXIX3FacL3hhcrhneA+M/kl1OtvQiPmFrH9lbUQqOj/AfspJ8uGY3jaq8WuSg6ghatzYfuuzLAJIK4nGpCBafncF8EynOssPq64/Dz+JUWXqlo2YwZDAOBgNVHQ8BAf8EBAMCAQYwEgYDVR0TAQH/BAgwBgEB/wIBATAdBgNVHQ4EFgQUwOG4UqRLTz7eejgRBs9JjqFFmzMwHwYDVR0jBBgwFoAUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaAAwZQIxAI8HWLrke7uzhOpwlD1cNixPmoX9XFKe7bEPozo0D+vKi0Gt6VlC7xPedFIw4/AypAIwQP+FGRWvfx0IAH5/n0aRiN7/LVpyFA5RkJASZOVOib2Y8pNuhXa9V3ZbWO6v6kW/"},{"rawBytes":"MIIB9TCCAXqgAwIBAgIUNFryA06EHDIcd5EIbe8swbl9OY4wCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDgwNzEyMDAwMFoXDTMzMDgwNDEyMDAwMFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEXYaXx4H0oNuVP/2cfydA3oaafvvkkkgb5hbL8/j/BO25S7uTmDOCA5e4QLLWCKFuc+xp2j14tCH4WmHzMUDvf2tXtInVliY5wZgQMM9L6klo/IwA9x4omdcjnT+kKJAjo0UwQzAOBgNVHQ8BAf8EBAMCAQYwEgYDVR0TAQH/BAgwBgEB/wIBAjAdBgNVHQ4EFgQUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaQAwZgIxAPzXsV+eokrqOHSQZH/XhhHE1slOscKy3DQpYpYJ1AWmJ2lJu/XOmubBX5s7apllUwIxALw2Ts8CDACiK42UymC8fk6sbNfoXUAWqdyKTVt2Lst+wNdkRniGvx7jT65BKTkcsQ=="}]},"validFor":{"start":"2024-10-07T00:00:00Z","end":"2025-06-19T00:00:00Z"}},{"subject":{"organization":"GitHub, Inc.","commonName":"Internal Services Root"},"uri":"fulcio.githubapp.com","certChain":{"certificates":[{"rawBytes":"MIICKTCCAbCgAwIBAgIUU7Y2PESb8FK88XCRQvI2rKDB5skwCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZGdWxjaW8gSW50ZXJtZWRpYXRlIGwxMB4XDTI1MDUyNzAwMDAwMFoXDTI2MDUyNzAwMDAwMFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZGdWxjaW8gSW50ZXJtZWRpYXRlIGwyMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEevMuOTGccTTXLu65xinRJP4gxkOemyAPCmUXEvhXKtLd+aDgN87PI0QxutOmPuQD2dLZVfxQmt5lvwJpUDIVYkKpH3mDxYbF6MJPMbq+A/EhkMaOS2+mcJRJdY2uam0Vo3sweTAOBgNVHQ8BAf8EBAMCAQYwEwYDVR0lBAwwCgYIKwYBBQUHAwMwEgYDVR0TAQH/BAgwBgEB/wIBADAdBgNVHQ4EFgQU8tE1L3b7FV3qJKzSqy1w97vPt6AwHwYDVR0jBBgwFoAUwOG4UqRLTz7eejgRBs9JjqFFmzMwCgYIKoZIzj0EAwMDZwAwZAIwSIsnfcDIvp+9SGBe9Es4xLDgZ6/B3wtODu+jtNUznQFPw1/WHa3iBMp3vYPkIqZDAjBBD4AKu166Hg7tDd5E8ckSCNNDkXD0Q7Xdl4yujgqv0goVMeOgRA1pKDGszhunjAQ="},{"rawBytes":"MIICFTCCAZugAwIBAgIUD3Jlqt4qhrcZI4UnGfPGrEq/pjQwCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDkxMTEyMDAwMFoXDTI4MDkwOTEyMDAwMFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZGdWxjaW8gSW50ZXJtZWRpYXRlIGwxMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE7X7nK0wC7uEmDjW+on0sXIX3FacL3hhcrhneA+M/kl1OtvQiPmFrH9lbUQqOj/AfspJ8uGY3jaq8WuSg6ghatzYfuuzLAJIK4nGpCBafncF8EynOssPq64/Dz+JUWXqlo2YwZDAOBgNVHQ8BAf8EBAMCAQYwEgYDVR0TAQH/BAgwBgEB/wIBATAdBgNVHQ4EFgQUwOG4UqRLTz7eejgRBs9JjqFFmzMwHwYDVR0jBBgwFoAUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaAAwZQIxAI8HWLrke7uzhOpwlD1cNixPmoX9XFKe7bEPozo0D+vKi0Gt6VlC7xPedFIw4/AypAIwQP+FGRWvfx0IAH5/n0aRiN7/LVpyFA5RkJASZOVOib2Y8pNuhXa9V3ZbWO6v6kW/"},{"rawBytes":"MIIB9TCCAXqgAwIBAgIUNFryA06EHDIcd5EIbe8swbl9OY4wCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDgwNzEyMDAwMFoXDTMzMDgwNDEyMDAwMFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEXYaXx4H0oNuVP/2cfydA3oaafvvkkkgb5hbL8/j/BO25S7uTmDOCA5e4QLLWCKFuc+xp2j14tCH4WmHzMUDvf2tXtInVliY5wZgQMM9L6klo/IwA9x4omdcjnT+kKJAjo0UwQzAOBgNVHQ8BAf8EBAMCAQYwEgYDVR0TAQH/BAgwBgEB/wIBAjAdBgNVHQ4EFgQUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaQAwZgIxAPzXsV+eokrqOHSQZH/XhhHE1slOscKy3DQpYpYJ1AWmJ2lJu/XOmubBX5s7apllUwIxALw2Ts8CDACiK42UymC8fk6sbNfoXUAWqdyKTVt2Lst+wNdkRniGvx7jT65BKTkcsQ=="}]},"validFor":{"start":"2025-05-27T00:00:00Z","end":"2025-12-09T00:00:00Z"}},{"subject":{"organization":"GitHub, Inc.","commonName":"Internal Services Root"},"uri":"fulcio.githubapp.com","certChain":{"certificates":[{"rawBytes":"MIICKjCCAbCgAwIBAgIUNansGfOzaol+jXgh/wsz0X36zTMwCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZGdWxjaW8gSW50ZXJtZWRpYXRlIGwxMB4XDTI1MTExMzAwMDAwMFoXDTI2MTExMzAwMDAwMFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZGdWxjaW8gSW50ZXJtZWRpYXRlIGwyMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE24Un0srydTqXkWtrVrNdgPRNa1cCZqBRpFImYqItuVs/mszkn+RSlwcMzg/LwphU84qwA8Xv2z8ZaIETHspoQgMO4dP5zhJ5W8M+9crL1kR4Co2vS3TJZF9Qpsg+HiTro3sweTAOBgNVHQ8BAf8EBAMCAQYwEwYDVR0lBAwwCgYIKwYBBQUHAwMwEgYDVR0TAQH/BAgwBgEB/wIBADAdBgNVHQ4EFgQUGO6KtZB8c9gbXS2uNF3tXCtFNhEwHwYDVR0jBBgwFoAUwOG4UqRLTz7eejgRBs9JjqFFmzMwCgYIKoZIzj0EAwMDaAAwZQIxALmOdTRy/SiOc+QSf+eAPz24xWGhMryvNpyNvBZDeyqthC9KaMKmX+kHwJ0A6/bTXQIwE1mPbkH6tBXuWxlR/2Bj7UZ3MADlHSYGQUjpHMdQqJk17UVBywad5U6uA/f0pFdU"},{"rawBytes":"MIICFTCCAZugAwIBAgIUD3Jlqt4qhrcZI4UnGfPGrEq/pjQwCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDkxMTEyMDAwMFoXDTI4MDkwOTEyMDAwMFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZGdWxjaW8gSW50ZXJtZWRpYXRlIGwxMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE7X7nK0wC7uEmDjW+on0sXIX3FacL3hhcrhneA+M/kl1OtvQiPmFrH9lbUQqOj/AfspJ8uGY3jaq8WuSg6ghatzYfuuzLAJIK4nGpCBafncF8EynOssPq64/Dz+JUWXqlo2YwZDAOBgNVHQ8BAf8EBAMCAQYwEgYDVR0TAQH/BAgwBgEB/wIBATAdBgNVHQ4EFgQUwOG4UqRLTz7eejgRBs9JjqFFmzMwHwYDVR0jBBgwFoAUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaAAwZQIxAI8HWLrke7uzhOpwlD1cNixPmoX9XFKe7bEPozo0D+vKi0Gt6VlC7xPedFIw4/AypAIwQP+FGRWvfx0IAH5/n0aRiN7/LVpyFA5RkJASZOVOib2Y8pNuhXa9V3ZbWO6v6kW/"},{"rawBytes":"MIIB9TCCAXqgAwIBAgIUNFryA06EHDIcd5EIbe8swbl9OY4wCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDgwNzEyMDAwMFoXDTMzMDgwNDEyMDAwMFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEXYaXx4H0oNuVP/2cfydA3oaafvvkkkgb5hbL8/j/BO25S7uTmDOCA5e4QLLWCKFuc+xp2j14tCH4WmHzMUDvf2tXtInVliY5wZgQMM9L6klo/IwA9x4omdcjnT+kKJAjo0UwQzAOBgNVHQ8BAf8EBAMCAQYwEgYDVR0TAQH/BAgwBgEB/wIBAjAdBgNVHQ4EFgQUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaQAwZgIxAPzXsV+eokrqOHSQZH/XhhHE1slOscKy3DQpYpYJ1AWmJ2lJu/XOmubBX5s7apllUwIxALw2Ts8CDACiK42UymC8fk6sbNfoXUAWqdyKTVt2Lst+wNdkRniGvx7jT65BKTkcsQ=="}]},"validFor":{"start":"2025-11-13T00:00:00Z","end":"2026-07-13T00:00:00Z"}},{"subject":{"organization":"GitHub, Inc.","commonName":"Internal Services Root"},"uri":"fulcio.githubapp.com","certChain":{"certificates":[{"rawBytes":"MIICKjCCAbCgAwIBAgIUCZdc6761A2K2ny11d+8tvDIlBuAwCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZGdWxjaW8gSW50ZXJtZWRpYXRlIGwxMB4XDTI2MDYxMjAwMDAwMFoXDTI3MDYxMjAwMDAwMFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZGdWxjaW8gSW50ZXJtZWRpYXRlIGwyMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE8K+awztD1Q48OQsI2PzffEwHJxdHoKneYSSRgnG6VCk0RlZWeVHM7EwpsDMgMMz98IrRqVBAjxSt7fs39rz6NUKG3T26Khv0gmzuJ1xG0j0BmK0j0kkfRvzYpQKv108to3sweTAOBgNVHQ8BAf8EBAMCAQYwEwYDVR0lBAwwCgYIKwYBBQUHAwMwEgYDVR0TAQH/BAgwBgEB/wIBADAdBgNVHQ4EFgQUgeNOwb9e7ggupu+PZL6nr0Wgm88wHwYDVR0jBBgwFoAUwOG4UqRLTz7eejgRBs9JjqFFmzMwCgYIKoZIzj0EAwMDaAAwZQIweEGv0C3qXaA2+oPahLsBzRA2C5+oWNE5Jq1Qpqrn0QeDCSY5eCKzwFjVa5eICks5AjEAsifahLxtAiHc0I2SWHYX3s3sfOLPArgK6oBM0hKbIMCOokEUhss67N06KOuV2rqQ"},{"rawBytes":"MIICFTCCAZugAwIBAgIUD3Jlqt4qhrcZI4UnGfPGrEq/pjQwCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDkxMTEyMDAwMFoXDTI4MDkwOTEyMDAwMFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZGdWxjaW8gSW50ZXJtZWRpYXRlIGwxMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE7X7nK0wC7uEmDjW+on0sXIX3FacL3hhcrhneA+M/kl1OtvQiPmFrH9lbUQqOj/AfspJ8uGY3jaq8WuSg6ghatzYfuuzLAJIK4nGpCBafncF8EynOssPq64/Dz+JUWXqlo2YwZDAOBgNVHQ8BAf8EBAMCAQYwEgYDVR0TAQH/BAgwBgEB/wIBATAdBgNVHQ4EFgQUwOG4UqRLTz7eejgRBs9JjqFFmzMwHwYDVR0jBBgwFoAUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaAAwZQIxAI8HWLrke7uzhOpwlD1cNixPmoX9XFKe7bEPozo0D+vKi0Gt6VlC7xPedFIw4/AypAIwQP+FGRWvfx0IAH5/n0aRiN7/LVpyFA5RkJASZOVOib2Y8pNuhXa9V3ZbWO6v6kW/"},{"rawBytes":"MIIB9TCCAXqgAwIBAgIUNFryA06EHDIcd5EIbe8swbl9OY4wCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDgwNzEyMDAwMFoXDTMzMDgwNDEyMDAwMFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEXYaXx4H0oNuVP/2cfydA3oaafvvkkkgb5hbL8/j/BO25S7uTmDOCA5e4QLLWCKFuc+xp2j14tCH4WmHzMUDvf2tXtInVliY5wZgQMM9L6klo/IwA9x4omdcjnT+kKJAjo0UwQzAOBgNVHQ8BAf8EBAMCAQYwEgYDVR0TAQH/BAgwBgEB/wIBAjAdBgNVHQ4EFgQUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaQAwZgIxAPzXsV+eokrqOHSQZH/XhhHE1slOscKy3DQpYpYJ1AWmJ2lJu/XOmubBX5s7apllUwIxALw2Ts8CDACiK42UymC8fk6sbNfoXUAWqdyKTVt2Lst+wNdkRniGvx7jT65BKTkcsQ=="}]},"validFor":{"start":"2026-06-12T00:00:00Z"}}],"timestampAuthorities":[{"subject":{"organization":"GitHub, Inc.","commonName":"Internal Services Root"},"uri":"timestamp.githubapp.com","certChain":{"certificates":[{"rawBytes":"MIICHDCCAaGgAwIBAgIUNDVlmtZuvoujn4KwiC/oxIr8hxAwCgYIKoZIzj0EAwMwMjEVMBMGA1UEChMMR2l0SHViLCBJbmMuMRkwFwYDVQQDExBUU0EgaW50ZXJtZWRpYXRlMB4XDTIzMDgzMTEyMDAwMFoXDTI0MDgzMDEyMDAwMFowMjEVMBMGA1UEChMMR2l0SHViLCBJbmMuMRkwFwYDVQQDExBUU0EgVGltZXN0YW1waW5nMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEV/zJhNTdu0Fa9hGCUih/JvqEoE81tEWrAVwUXXhdRgIY9hIFErLhNo6sSOpV9d7Zuy0KWMHhcimCUr41a1732ByVRy3f+Z4QhqpsgFMh5b5J90HJLK7HOyUZjehAnvSno3gwdjAOBgNVHQ8BAf8EBAMCB4AwDAYDVR0TAQH/BAIwADAdBgNVHQ4EFgQUGwE6T5ZIh6lY9wP6vt42UHyVMewwHwYDVR0jBBgwFoAUdh+GTP65aetHLVLs9hdhGgDIKIwwFgYDVR0lAQH/BAwwCgYIKwYBBQUHAwgwCgYIKoZIzj0EAwMDaQAwZgIxAJo48LtrSsn0UmLtqGiUKg2EUvso+aDN5EyjpvMmobZ/Oq9zjnR7Of369hoABW4/1gIxANg5ZW4FqijhsXnA3md6jM9yLrLCI9QL+KnuZnXq6WgAcNQaAN7PNNjVDKV3iJEklw=="},{"rawBytes":"MIICJDCCAaqgAwIBAgIUckXVHpiw7iJY1V/jY8LYLj5TgqAwCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDgwNzEyMDAwMFoXDTI4MDgwNTEyMDAwMFowMjEVMBMGA1UEChMMR2l0SHViLCBJbmMuMRkwFwYDVQQDExBUU0EgaW50ZXJtZWRpYXRlMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEISv96hTQ58QroEzzu4K+o9p8YkwDCBia2U7Y+VBNbOG/w1mLRibve9hSeUE1FSyLBMkiFSSm6MexcsbjyqOoNtRxuMinyYt6DSEox+/It2s/bTPyNAN0QP0DCQQOpnTZo3sweTAOBgNVHQ8BAf8EBAMCAQYwEwYDVR0lBAwwCgYIKwYBBQUHAwgwEgYDVR0TAQH/BAgwBgEB/wIBADAdBgNVHQ4EFgQUdh+GTP65aetHLVLs9hdhGgDIKIwwHwYDVR0jBBgwFoAUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaAAwZQIxAIhf+2E5W2yOb/fCDAjhL/G/jerf74M0tG/zyo32U2keawxkzZosDdwnPaHaGLynAQIwa8nr3en4fZz1AdOZm6nK5hr1qK2F94nifgnAJ/WeT0fZnK/oHan0R28x363qYuYH"},{"rawBytes":"MIIB9TCCAXqgAwIBAgIUNFryA06EHDIcd5EIbe8swbl9OY4wCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDgwNzEyMDAwMFoXDTMzMDgwNDEyMDAwMFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEXYaXx4H0oNuVP/2cfydA3oaafvvkkkgb5hbL8/j/BO25S7uTmDOCA5e4QLLWCKFuc+xp2j14tCH4WmHzMUDvf2tXtInVliY5wZgQMM9L6klo/IwA9x4omdcjnT+kKJAjo0UwQzAOBgNVHQ8BAf8EBAMCAQYwEgYDVR0TAQH/BAgwBgEB/wIBAjAdBgNVHQ4EFgQUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaQAwZgIxAPzXsV+eokrqOHSQZH/XhhHE1slOscKy3DQpYpYJ1AWmJ2lJu/XOmubBX5s7apllUwIxALw2Ts8CDACiK42UymC8fk6sbNfoXUAWqdyKTVt2Lst+wNdkRniGvx7jT65BKTkcsQ=="}]},"validFor":{"start":"2023-10-27T16:30:00Z","end":"2024-05-25T00:00:00Z"}},{"subject":{"organization":"GitHub, Inc.","commonName":"Internal Services Root"},"uri":"timestamp.githubapp.com","certChain":{"certificates":[{"rawBytes":"MIICGzCCAaGgAwIBAgIUPPgn6ner1PU/75CQ+62fdBuazaAwCgYIKoZIzj0EAwMwMjEVMBMGA1UEChMMR2l0SHViLCBJbmMuMRkwFwYDVQQDExBUU0EgaW50ZXJtZWRpYXRlMB4XDTI0MDUxMzAwMDAwMFoXDTI1MDUxMzAwMDAwMFowMjEVMBMGA1UEChMMR2l0SHViLCBJbmMuMRkwFwYDVQQDExBUU0EgVGltZXN0YW1waW5nMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEA0pG1mAC4qafk1JJuOoIvhnMME9XmBDxjGFreDLnyzaexIzRw+UHUFy8C2gE6Me+0tIGQt4Ftbu66NGmfvBkR6boPMYQSU2O5X5ykZBm/9LR/Aqz0lgmBy/OlXvTJjglo3gwdjAOBgNVHQ8BAf8EBAMCB4AwDAYDVR0TAQH/BAIwADAdBgNVHQ4EFgQUDa4GVhd97Z2V8kiVl9DB0kC53CMwHwYDVR0jBBgwFoAUdh+GTP65aetHLVLs9hdhGgDIKIwwFgYDVR0lAQH/BAwwCgYIKwYBBQUHAwgwCgYIKoZIzj0EAwMDaAAwZQIwEQHd++b7IBAAuqT2/1i/wXf1WM2XrkFF6qd1c3kFcBVvdLQyJ5KoyNUHnfCCVJROAjEA+FoASOEcARlU6RqVcif9JthHwzh6nNwz0AfAHvO8xantN/7HjiLmFrFEGR/g0kN/"},{"rawBytes":"MIICJDCCAaqgAwIBAgIUckXVHpiw7iJY1V/jY8LYLj5TgqAwCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDgwNzEyMDAwMFoXDTI4MDgwNTEyMDAwMFowMjEVMBMGA1UEChMMR2l0SHViLCBJbmMuMRkwFwYDVQQDExBUU0EgaW50ZXJtZWRpYXRlMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEISv96hTQ58QroEzzu4K+o9p8YkwDCBia2U7Y+VBNbOG/w1mLRibve9hSeUE1FSyLBMkiFSSm6MexcsbjyqOoNtRxuMinyYt6DSEox+/It2s/bTPyNAN0QP0DCQQOpnTZo3sweTAOBgNVHQ8BAf8EBAMCAQYwEwYDVR0lBAwwCgYIKwYBBQUHAwgwEgYDVR0TAQH/BAgwBgEB/wIBADAdBgNVHQ4EFgQUdh+GTP65aetHLVLs9hdhGgDIKIwwHwYDVR0jBBgwFoAUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaAAwZQIxAIhf+2E5W2yOb/fCDAjhL/G/jerf74M0tG/zyo32U2keawxkzZosDdwnPaHaGLynAQIwa8nr3en4fZz1AdOZm6nK5hr1qK2F94nifgnAJ/WeT0fZnK/oHan0R28x363qYuYH"},{"rawBytes":"MIIB9TCCAXqgAwIBAgIUNFryA06EHDIcd5EIbe8swbl9OY4wCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDgwNzEyMDAwMFoXDTMzMDgwNDEyMDAwMFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEXYaXx4H0oNuVP/2cfydA3oaafvvkkkgb5hbL8/j/BO25S7uTmDOCA5e4QLLWCKFuc+xp2j14tCH4WmHzMUDvf2tXtInVliY5wZgQMM9L6klo/IwA9x4omdcjnT+kKJAjo0UwQzAOBgNVHQ8BAf8EBAMCAQYwEgYDVR0TAQH/BAgwBgEB/wIBAjAdBgNVHQ4EFgQUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaQAwZgIxAPzXsV+eokrqOHSQZH/XhhHE1slOscKy3DQpYpYJ1AWmJ2lJu/XOmubBX5s7apllUwIxALw2Ts8CDACiK42UymC8fk6sbNfoXUAWqdyKTVt2Lst+wNdkRniGvx7jT65BKTkcsQ=="}]},"validFor":{"start":"2024-05-13T00:00:00Z","end":"2024-10-25T00:00:00Z"}},{"subject":{"organization":"GitHub, Inc.","commonName":"Internal Services Root"},"uri":"timestamp.githubapp.com","certChain":{"certificates":[{"rawBytes":"MIICGzCCAaGgAwIBAgIUH7swiMTn+svhcDh80OeZccDTj7AwCgYIKoZIzj0EAwMwMjEVMBMGA1UEChMMR2l0SHViLCBJbmMuMRkwFwYDVQQDExBUU0EgaW50ZXJtZWRpYXRlMB4XDTI0MTAwNDEyMDAwMFoXDTI1MTAwNDEyMDAwMFowMjEVMBMGA1UEChMMR2l0SHViLCBJbmMuMRkwFwYDVQQDExBUU0EgVGltZXN0YW1waW5nMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEM7jdYNBTeD6hjym2/y73b50u2AFQsf8305Sr1NleOqamH9aWt6obhJQH3NoNUw9iFzHcDvafYWQFMu7SmOxS5n3aqwwfR8oJxKnEl36uCmGB+8TXS3B76SVTHEhG5rzOo3gwdjAOBgNVHQ8BAf8EBAMCB4AwDAYDVR0TAQH/BAIwADAdBgNVHQ4EFgQUQvz9YbWX3S6a+jruBkhRBiE2RCkwHwYDVR0jBBgwFoAUdh+GTP65aetHLVLs9hdhGgDIKIwwFgYDVR0lAQH/BAwwCgYIKwYBBQUHAwgwCgYIKoZIzj0EAwMDaAAwZQIxAI4dhu5iyx/g+z1vKAAWvHtebl1ZwsC+Vwgjm6Ttlq5yLNHHvYEnJ/h15Qv2IuXvdgIwZ8H/iy4lXsFJdFYSsB1/zavl24EgxSzxK/pCpihXMetYYDA/lX3xMyquisMx45rN"},{"rawBytes":"MIICJDCCAaqgAwIBAgIUckXVHpiw7iJY1V/jY8LYLj5TgqAwCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDgwNzEyMDAwMFoXDTI4MDgwNTEyMDAwMFowMjEVMBMGA1UEChMMR2l0SHViLCBJbmMuMRkwFwYDVQQDExBUU0EgaW50ZXJtZWRpYXRlMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEISv96hTQ58QroEzzu4K+o9p8YkwDCBia2U7Y+VBNbOG/w1mLRibve9hSeUE1FSyLBMkiFSSm6MexcsbjyqOoNtRxuMinyYt6DSEox+/It2s/bTPyNAN0QP0DCQQOpnTZo3sweTAOBgNVHQ8BAf8EBAMCAQYwEwYDVR0lBAwwCgYIKwYBBQUHAwgwEgYDVR0TAQH/BAgwBgEB/wIBADAdBgNVHQ4EFgQUdh+GTP65aetHLVLs9hdhGgDIKIwwHwYDVR0jBBgwFoAUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaAAwZQIxAIhf+2E5W2yOb/fCDAjhL/G/jerf74M0tG/zyo32U2keawxkzZosDdwnPaHaGLynAQIwa8nr3en4fZz1AdOZm6nK5hr1qK2F94nifgnAJ/WeT0fZnK/oHan0R28x363qYuYH"},{"rawBytes":"MIIB9TCCAXqgAwIBAgIUNFryA06EHDIcd5EIbe8swbl9OY4wCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDgwNzEyMDAwMFoXDTMzMDgwNDEyMDAwMFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEXYaXx4H0oNuVP/2cfydA3oaafvvkkkgb5hbL8/j/BO25S7uTmDOCA5e4QLLWCKFuc+xp2j14tCH4WmHzMUDvf2tXtInVliY5wZgQMM9L6klo/IwA9x4omdcjnT+kKJAjo0UwQzAOBgNVHQ8BAf8EBAMCAQYwEgYDVR0TAQH/BAgwBgEB/wIBAjAdBgNVHQ4EFgQUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaQAwZgIxAPzXsV+eokrqOHSQZH/XhhHE1slOscKy3DQpYpYJ1AWmJ2lJu/XOmubBX5s7apllUwIxALw2Ts8CDACiK42UymC8fk6sbNfoXUAWqdyKTVt2Lst+wNdkRniGvx7jT65BKTkcsQ=="}]},"validFor":{"start":"2024-10-07T00:00:00Z","end":"2025-06-19T00:00:00Z"}},{"subject":{"organization":"GitHub, Inc.","commonName":"Internal Services Root"},"uri":"timestamp.githubapp.com","certChain":{"certificates":[{"rawBytes":"MIICGzCCAaGgAwIBAgIUaaAaeAO3NzYXR/muq5YMnGY34IUwCgYIKoZIzj0EAwMwMjEVMBMGA1UEChMMR2l0SHViLCBJbmMuMRkwFwYDVQQDExBUU0EgaW50ZXJtZWRpYXRlMB4XDTI1MDUyNzAwMDAwMFoXDTI2MDUyNzAwMDAwMFowMjEVMBMGA1UEChMMR2l0SHViLCBJbmMuMRkwFwYDVQQDExBUU0EgVGltZXN0YW1waW5nMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEAjyAb+jWITMjkgbjWC02N05Zf5/kPs73ICf5/8lHSyHnoqqItP2z3fkMpWiRpelX8eIjzCjZ0Zht+DpGxtJUNh5jMa+fFv2qoDLGbnQ17DXKXCr9nWHF4vCMflHZK5JHo3gwdjAOBgNVHQ8BAf8EBAMCB4AwDAYDVR0TAQH/BAIwADAdBgNVHQ4EFgQUyvAcv8s1s37A/IWZAwdEptzjfWIwHwYDVR0jBBgwFoAUdh+GTP65aetHLVLs9hdhGgDIKIwwFgYDVR0lAQH/BAwwCgYIKwYBBQUHAwgwCgYIKoZIzj0EAwMDaAAwZQIwMnoHA4qDtR3eRohUIhvHGG70xT9XMfEnuj0kRvi9wu9VumL4pXqz1ktJgTBm6DrYAjEA5SYnRfUm2yAYmGEkJr9RvSCV9O7X+fL8KqfM4TOPrXJLMERQjhRXbWZ4DjxvifnF"},{"rawBytes":"MIICJDCCAaqgAwIBAgIUckXVHpiw7iJY1V/jY8LYLj5TgqAwCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDgwNzEyMDAwMFoXDTI4MDgwNTEyMDAwMFowMjEVMBMGA1UEChMMR2l0SHViLCBJbmMuMRkwFwYDVQQDExBUU0EgaW50ZXJtZWRpYXRlMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEISv96hTQ58QroEzzu4K+o9p8YkwDCBia2U7Y+VBNbOG/w1mLRibve9hSeUE1FSyLBMkiFSSm6MexcsbjyqOoNtRxuMinyYt6DSEox+/It2s/bTPyNAN0QP0DCQQOpnTZo3sweTAOBgNVHQ8BAf8EBAMCAQYwEwYDVR0lBAwwCgYIKwYBBQUHAwgwEgYDVR0TAQH/BAgwBgEB/wIBADAdBgNVHQ4EFgQUdh+GTP65aetHLVLs9hdhGgDIKIwwHwYDVR0jBBgwFoAUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaAAwZQIxAIhf+2E5W2yOb/fCDAjhL/G/jerf74M0tG/zyo32U2keawxkzZosDdwnPaHaGLynAQIwa8nr3en4fZz1AdOZm6nK5hr1qK2F94nifgnAJ/WeT0fZnK/oHan0R28x363qYuYH"},{"rawBytes":"MIIB9TCCAXqgAwIBAgIUNFryA06EHDIcd5EIbe8swbl9OY4wCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDgwNzEyMDAwMFoXDTMzMDgwNDEyMDAwMFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEXYaXx4H0oNuVP/2cfydA3oaafvvkkkgb5hbL8/j/BO25S7uTmDOCA5e4QLLWCKFuc+xp2j14tCH4WmHzMUDvf2tXtInVliY5wZgQMM9L6klo/IwA9x4omdcjnT+kKJAjo0UwQzAOBgNVHQ8BAf8EBAMCAQYwEgYDVR0TAQH/BAgwBgEB/wIBAjAdBgNVHQ4EFgQUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaQAwZgIxAPzXsV+eokrqOHSQZH/XhhHE1slOscKy3DQpYpYJ1AWmJ2lJu/XOmubBX5s7apllUwIxALw2Ts8CDACiK42UymC8fk6sbNfoXUAWqdyKTVt2Lst+wNdkRniGvx7jT65BKTkcsQ=="}]},"validFor":{"start":"2025-05-27T00:00:00Z","end":"2025-12-09T00:00:00Z"}},{"subject":{"organization":"GitHub, Inc.","commonName":"Internal Services Root"},"uri":"timestamp.githubapp.com","certChain":{"certificates":[{"rawBytes":"MIICGzCCAaGgAwIBAgIUHiljSG9Nx/Qf/gPpl7V1kyRh/jYwCgYIKoZIzj0EAwMwMjEVMBMGA1UEChMMR2l0SHViLCBJbmMuMRkwFwYDVQQDExBUU0EgaW50ZXJtZWRpYXRlMB4XDTI1MTExMzAwMDAwMFoXDTI2MTExMzAwMDAwMFowMjEVMBMGA1UEChMMR2l0SHViLCBJbmMuMRkwFwYDVQQDExBUU0EgVGltZXN0YW1waW5nMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEG1ZUJgbtNpInC7jR9hi4OMWK5yF5VeRpmCs6ADS5lx23MEHo3ek32O123e3YwH+J3F9Vbpd7ePQHnpdc6tsBcQ/y/NPw2Vf+VwMI/E35C5/3Y9A5kRXq9CFXC1bU6Fj6o3gwdjAOBgNVHQ8BAf8EBAMCB4AwDAYDVR0TAQH/BAIwADAdBgNVHQ4EFgQUXa9JaNrcN+1Je5aHEemVnH2XXtMwHwYDVR0jBBgwFoAUdh+GTP65aetHLVLs9hdhGgDIKIwwFgYDVR0lAQH/BAwwCgYIKwYBBQUHAwgwCgYIKoZIzj0EAwMDaAAwZQIwJyVOay8lriDg4Up0VFWc/o19mzuQeoEItzM2dG50eXF4KbPo9zfdviS3D6StPFRGAjEA5IHCXJ8qP8CsAsQmT3IPimUTAvDNJZI4GFIxs+od/R/EUHGu4NxuwPX3A1ZnJP7z"},{"rawBytes":"MIICJDCCAaqgAwIBAgIUckXVHpiw7iJY1V/jY8LYLj5TgqAwCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDgwNzEyMDAwMFoXDTI4MDgwNTEyMDAwMFowMjEVMBMGA1UEChMMR2l0SHViLCBJbmMuMRkwFwYDVQQDExBUU0EgaW50ZXJtZWRpYXRlMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEISv96hTQ58QroEzzu4K+o9p8YkwDCBia2U7Y+VBNbOG/w1mLRibve9hSeUE1FSyLBMkiFSSm6MexcsbjyqOoNtRxuMinyYt6DSEox+/It2s/bTPyNAN0QP0DCQQOpnTZo3sweTAOBgNVHQ8BAf8EBAMCAQYwEwYDVR0lBAwwCgYIKwYBBQUHAwgwEgYDVR0TAQH/BAgwBgEB/wIBADAdBgNVHQ4EFgQUdh+GTP65aetHLVLs9hdhGgDIKIwwHwYDVR0jBBgwFoAUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaAAwZQIxAIhf+2E5W2yOb/fCDAjhL/G/jerf74M0tG/zyo32U2keawxkzZosDdwnPaHaGLynAQIwa8nr3en4fZz1AdOZm6nK5hr1qK2F94nifgnAJ/WeT0fZnK/oHan0R28x363qYuYH"},{"rawBytes":"MIIB9TCCAXqgAwIBAgIUNFryA06EHDIcd5EIbe8swbl9OY4wCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDgwNzEyMDAwMFoXDTMzMDgwNDEyMDAwMFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEXYaXx4H0oNuVP/2cfydA3oaafvvkkkgb5hbL8/j/BO25S7uTmDOCA5e4QLLWCKFuc+xp2j14tCH4WmHzMUDvf2tXtInVliY5wZgQMM9L6klo/IwA9x4omdcjnT+kKJAjo0UwQzAOBgNVHQ8BAf8EBAMCAQYwEgYDVR0TAQH/BAgwBgEB/wIBAjAdBgNVHQ4EFgQUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaQAwZgIxAPzXsV+eokrqOHSQZH/XhhHE1slOscKy3DQpYpYJ1AWmJ2lJu/XOmubBX5s7apllUwIxALw2Ts8CDACiK42UymC8fk6sbNfoXUAWqdyKTVt2Lst+wNdkRniGvx7jT65BKTkcsQ=="}]},"validFor":{"start":"2025-11-13T00:00:00Z","end":"2026-07-13T00:00:00Z"}},{"subject":{"organization":"GitHub, Inc.","commonName":"Internal Services Root"},"uri":"timestamp.githubapp.com","certChain":{"certificates":[{"rawBytes":"MIICGzCCAaGgAwIBAgIUFzPb1un+DvofqFPzAXiB5slHM1IwCgYIKoZIzj0EAwMwMjEVMBMGA1UEChMMR2l0SHViLCBJbmMuMRkwFwYDVQQDExBUU0EgaW50ZXJtZWRpYXRlMB4XDTI2MDYxMjAwMDAwMFoXDTI3MDYxMjAwMDAwMFowMjEVMBMGA1UEChMMR2l0SHViLCBJbmMuMRkwFwYDVQQDExBUU0EgVGltZXN0YW1waW5nMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAETpok7Tndv57l0YnFjKL+VpcusM8A2xgbTdV353wW8IynvsLTGAjF1BNS4x80TDKHbXxN3jSoSId1u1c3sCWpuEqHB1bbBqCfrlslNn6hyWzhwtiqRLE4LM0T+RPclKQCo3gwdjAOBgNVHQ8BAf8EBAMCB4AwDAYDVR0TAQH/BAIwADAdBgNVHQ4EFgQUu/GnSzNLJ4IjG9elW5L5a/W61JMwHwYDVR0jBBgwFoAUdh+GTP65aetHLVLs9hdhGgDIKIwwFgYDVR0lAQH/BAwwCgYIKwYBBQUHAwgwCgYIKoZIzj0EAwMDaAAwZQIxANGz5WZBgyZqGnuhr0gDhUW2s4ZXkJ1CMUaFzynjsQ0/8WZghN7Jh04vmT4Vl8y9zgIwJeBHIZNDZtjzDQB0UC+7im4snua3zsBrRbsEtWnqQhDzyT580H/uF4EVQN2kUUtZ"},{"rawBytes":"MIICJDCCAaqgAwIBAgIUckXVHpiw7iJY1V/jY8LYLj5TgqAwCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDgwNzEyMDAwMFoXDTI4MDgwNTEyMDAwMFowMjEVMBMGA1UEChMMR2l0SHViLCBJbmMuMRkwFwYDVQQDExBUU0EgaW50ZXJtZWRpYXRlMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEISv96hTQ58QroEzzu4K+o9p8YkwDCBia2U7Y+VBNbOG/w1mLRibve9hSeUE1FSyLBMkiFSSm6MexcsbjyqOoNtRxuMinyYt6DSEox+/It2s/bTPyNAN0QP0DCQQOpnTZo3sweTAOBgNVHQ8BAf8EBAMCAQYwEwYDVR0lBAwwCgYIKwYBBQUHAwgwEgYDVR0TAQH/BAgwBgEB/wIBADAdBgNVHQ4EFgQUdh+GTP65aetHLVLs9hdhGgDIKIwwHwYDVR0jBBgwFoAUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaAAwZQIxAIhf+2E5W2yOb/fCDAjhL/G/jerf74M0tG/zyo32U2keawxkzZosDdwnPaHaGLynAQIwa8nr3en4fZz1AdOZm6nK5hr1qK2F94nifgnAJ/WeT0fZnK/oHan0R28x363qYuYH"},{"rawBytes":"MIIB9TCCAXqgAwIBAgIUNFryA06EHDIcd5EIbe8swbl9OY4wCgYIKoZIzj0EAwMwODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MB4XDTIzMDgwNzEyMDAwMFoXDTMzMDgwNDEyMDAwMFowODEVMBMGA1UEChMMR2l0SHViLCBJbmMuMR8wHQYDVQQDExZJbnRlcm5hbCBTZXJ2aWNlcyBSb290MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEXYaXx4H0oNuVP/2cfydA3oaafvvkkkgb5hbL8/j/BO25S7uTmDOCA5e4QLLWCKFuc+xp2j14tCH4WmHzMUDvf2tXtInVliY5wZgQMM9L6klo/IwA9x4omdcjnT+kKJAjo0UwQzAOBgNVHQ8BAf8EBAMCAQYwEgYDVR0TAQH/BAgwBgEB/wIBAjAdBgNVHQ4EFgQUfFJ5/6rhfHEZPnXAhrQLhGkJJMwwCgYIKoZIzj0EAwMDaQAwZgIxAPzXsV+eokrqOHSQZH/XhhHE1slOscKy3DQpYpYJ1AWmJ2lJu/XOmubBX5s7apllUwIxALw2Ts8CDACiK42UymC8fk6sbNfoXUAWqdyKTVt2Lst+wNdkRniGvx7jT65BKTkcsQ=="}]},"validFor":{"start":"2026-06-12T00:00:00Z"}}]}');
;// CONCATENATED MODULE: ./src/verify/github-sigstore/tuf-root.json
const tuf_root_namespaceObject = /*#__PURE__*/JSON.parse('{"signatures":[{"keyid":"4f4d1dd75f2d7f3860e3a068d7bed90dec5f0faafcbe1ace7fb7d95d29e07228","sig":""},{"keyid":"eb8eff37f93af2faaba519f341decec3cecd3eeafcace32966db9723842c8a62","sig":""},{"keyid":"539dde44014c850fe6eeb8b299eb7dae2e1f4bf83454b949e98aa73542cdc65a","sig":""},{"keyid":"a10513a5ab61acd0c6b6fbe0504856ead18f3b17c4fabbe3fa848c79a5a187cf","sig":"3046022100ca341d3ba2ef7657d69c2825729959681f55aec497b612e81a547e2abb616b49022100cd605b412a3d991f92e0818e07e60383bbd23904723eec221d6e39fdfeae3104"},{"keyid":"5e01c9a0b2641a8965a4a74e7df0bc7b2d8278a2c3ca0cf7a3f2f783d3c69800","sig":"3046022100d0f70effe60d6a18319e2890088cd01d45c654ee6d2ce1d5c3cdcf2dc7f637570221008f947a2d7334d948f1c4794b0a465f1dfb99a578dd8d1f4563cee0581f457db2"},{"keyid":"54809115b40137aac01af4b7ac2408c77ea0d58fa4dad48fc3196497d2a26f44","sig":"304502201ae931db1c48020fb37af54d446ac856306f619dfc3f93ddcff70d2880e443dc022100992b70451aa74805adef24e85ec352e598812267f623979bd4ce719b66b62d22"},{"keyid":"88737ccdac7b49cc237e9aaead81be2a40278b886a693d8149a19cf543f093d3","sig":"3045022023bba8e14c177609f43873aa0087ef983ddd2bad9a0a832c0cf279e1be8798f2022100facfaecc1d7ee793042eaaa6970fb9ca700c3bdbf4ee43ed0f8d0fc3aef96563"},{"keyid":"d6a89e23fb22801a0d1186bf1bdd007e228f65a8aa9964d24d06cb5fbb0ce91c","sig":"3046022100d2f6cceb05d135ce6a6ce7fe1dc76c24508154ad71c433028e64ca95ba716ffb022100f0592d60eb67508dd5f9cc593a4cca33bbaf94882c3d74a560fda845a456c6cc"},{"keyid":"8b498a80a1b7af188c10c9abdf6aade81d14faaffcde2abcd6063baa673ebd12","sig":"30450221009af2f0c534ed92de909a3b727f7101319c18e10623de8f48a0eba980d3d54d830220095842b16c58567c71f9dfa0b54e79daca1b2fecf3cb2ea4ee6d8393bdf93294"}],"signed":{"_type":"root","consistent_snapshot":true,"expires":"2025-04-11T14:36:57Z","keys":{"4f4d1dd75f2d7f3860e3a068d7bed90dec5f0faafcbe1ace7fb7d95d29e07228":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAENki7aZVips5SgRzCd/Om0CGzQKY/\\nnv84giqVDmdwb2ys82Z6soFLasvYYEEQcwqaC170n9gr93wHUgPc796uJA==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@ashtom"},"539dde44014c850fe6eeb8b299eb7dae2e1f4bf83454b949e98aa73542cdc65a":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAElD0o2sOZN9n3RKQ7PtMLAoXj+2Ai\\nn4PKT/pfnzDlNLrD3VTQwCc4sR4t+OLu4KQ+qk+kXkR9YuBsu3bdJZ1OWw==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@nerdneha"},"54809115b40137aac01af4b7ac2408c77ea0d58fa4dad48fc3196497d2a26f44":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEimKcdST+ORD+g0aGEFDOVZDAaIYg\\nIgesNKiIe2L7MUsYx5UHhzQ08quvew13eYSCNJnfwooFZu7cdTu8AwqFjQ==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@alexiswales"},"88737ccdac7b49cc237e9aaead81be2a40278b886a693d8149a19cf543f093d3":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEBagkskNOpOTbetTX5CdnvMy+LiWn\\nonRrNrqAHL4WgiebH7Uig7GLhC3bkeA/qgb926/vr9qhOPG9Buj2HatrPw==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@gregose"},"8b498a80a1b7af188c10c9abdf6aade81d14faaffcde2abcd6063baa673ebd12":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE7IEoVNwrprchXGhT5sAhSax7SOd3\\n8duuISghCzfmHdKJWSbV2wJRamRiUVRtmA83K/qm5cT20WXMCT5QeM/D3A==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@trevrosen"},"a10513a5ab61acd0c6b6fbe0504856ead18f3b17c4fabbe3fa848c79a5a187cf":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEC2wJ3xscyXxBLybJ9FVjwkyQMe53\\nRHUz77AjMO8MzVaT8xw6ZvJqdNZiytYtigWULlINxw6frNsWJKb/f7lC8A==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@kommendorkapten"},"d6a89e23fb22801a0d1186bf1bdd007e228f65a8aa9964d24d06cb5fbb0ce91c":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEDdORwcruW3gqAgaLjH/nNdGMB4kQ\\nAvA+wD6DyO4P/wR8ee2ce83NZHq1ZADKhve0rlYKaKy3CqyQ5SmlZ36Zhw==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@krukow"},"eb8eff37f93af2faaba519f341decec3cecd3eeafcace32966db9723842c8a62":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAENynVdQnM9h7xU71G7PiJpQaDemub\\nkbjsjYwLlPJTQVuxQO8WeIpJf8MEh5rf01t2dDIuCsZ5gRx+QvDv0UzfsA==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@mph4"},"eb9799b483affac9da87ef4c9ea467928415c961349e607e5e6e485679b07f8f":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAENKNcNcX+d73lS1TRFb9Vnp8JvOoh\\nzYQ+in43iGenbG8RGo9L/6FJ2hoRbVU6xskvyuErcdPbCdI4GxrQ5i8hkw==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-online-uri":"azurekms://production-tuf-root.vault.azure.net/keys/Online-Key/aaf375fd8ed24acb949a5cc173700b05"}},"roles":{"root":{"keyids":["a10513a5ab61acd0c6b6fbe0504856ead18f3b17c4fabbe3fa848c79a5a187cf","4f4d1dd75f2d7f3860e3a068d7bed90dec5f0faafcbe1ace7fb7d95d29e07228","88737ccdac7b49cc237e9aaead81be2a40278b886a693d8149a19cf543f093d3","d6a89e23fb22801a0d1186bf1bdd007e228f65a8aa9964d24d06cb5fbb0ce91c","eb8eff37f93af2faaba519f341decec3cecd3eeafcace32966db9723842c8a62","8b498a80a1b7af188c10c9abdf6aade81d14faaffcde2abcd6063baa673ebd12","539dde44014c850fe6eeb8b299eb7dae2e1f4bf83454b949e98aa73542cdc65a","54809115b40137aac01af4b7ac2408c77ea0d58fa4dad48fc3196497d2a26f44"],"threshold":3},"snapshot":{"keyids":["eb9799b483affac9da87ef4c9ea467928415c961349e607e5e6e485679b07f8f"],"threshold":1,"x-tuf-on-ci-expiry-period":21,"x-tuf-on-ci-signing-period":7},"targets":{"keyids":["a10513a5ab61acd0c6b6fbe0504856ead18f3b17c4fabbe3fa848c79a5a187cf","4f4d1dd75f2d7f3860e3a068d7bed90dec5f0faafcbe1ace7fb7d95d29e07228","88737ccdac7b49cc237e9aaead81be2a40278b886a693d8149a19cf543f093d3","d6a89e23fb22801a0d1186bf1bdd007e228f65a8aa9964d24d06cb5fbb0ce91c","eb8eff37f93af2faaba519f341decec3cecd3eeafcace32966db9723842c8a62","8b498a80a1b7af188c10c9abdf6aade81d14faaffcde2abcd6063baa673ebd12","539dde44014c850fe6eeb8b299eb7dae2e1f4bf83454b949e98aa73542cdc65a","54809115b40137aac01af4b7ac2408c77ea0d58fa4dad48fc3196497d2a26f44"],"threshold":3},"timestamp":{"keyids":["eb9799b483affac9da87ef4c9ea467928415c961349e607e5e6e485679b07f8f"],"threshold":1,"x-tuf-on-ci-expiry-period":7,"x-tuf-on-ci-signing-period":6}},"spec_version":"1.0.31","version":3,"x-tuf-on-ci-expiry-period":240,"x-tuf-on-ci-signing-period":60}}');
;// CONCATENATED MODULE: ./src/verify/trusted-roots.ts











const MAX_ROOT_BYTES = 10 * 1024 * 1024;
const PUBLIC_GOOD_MIRROR = 'https://tuf-repo-cdn.sigstore.dev';
/** GitHub's TUF repository for its own Sigstore instance (cli/cli pkg/cmd/attestation/verification/tuf.go). */
const GITHUB_TUF_MIRROR = 'https://tuf-repo.github.com';
/**
 * Rejects a trusted root the library would accept but should not: an authority or log whose
 * validity has no start (the library reads that as "since the beginning of time"), or no CA at all.
 */
function checkTrustedRoot(root, source) {
    const problems = [];
    const check = (kind, list, name) => {
        list.forEach((item, i) => {
            if (!item.validFor?.start)
                problems.push(`${kind} ${name(i)} has a validity period without a start`);
        });
    };
    check('transparency log', root.tlogs.map((t) => t.publicKey ?? {}), (i) => root.tlogs[i]?.baseUrl || `#${i}`);
    check('certificate transparency log', root.ctlogs.map((t) => t.publicKey ?? {}), (i) => root.ctlogs[i]?.baseUrl || `#${i}`);
    check('certificate authority', root.certificateAuthorities, (i) => root.certificateAuthorities[i]?.uri || `#${i}`);
    check('timestamp authority', root.timestampAuthorities, (i) => root.timestampAuthorities[i]?.uri || `#${i}`);
    root.tlogs.forEach((t, i) => {
        if (!t.publicKey?.rawBytes || t.publicKey.rawBytes.length === 0)
            problems.push(`transparency log #${i} has no key`);
    });
    if (problems.length > 0) {
        throw new errors/* ConfigurationError */.j1(`Trusted root ${source} is malformed: ${problems.join('; ')}.`);
    }
}
/** Parses trusted-root JSON text into a checked TrustedRoot. */
function parseTrustedRoot(text, source) {
    let json;
    (0,nesting/* checkJsonNesting */.xG)(text, `Trusted root ${source}`);
    try {
        json = JSON.parse(text);
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`Trusted root ${source} is not valid JSON: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    return trustedRootFromValue(json, source);
}
/**
 * Parses a trusted-root file: one JSON object, or JSON lines with one root per line — what
 * `gh attestation trusted-root` prints (public-good first, then GitHub's instance). A line that
 * is not a trusted root is an error naming that line.
 */
function parseTrustedRoots(text, source) {
    (0,nesting/* checkJsonNesting */.xG)(text, `Trusted root ${source}`);
    let whole;
    try {
        whole = JSON.parse(text);
    }
    catch {
        whole = undefined;
    }
    if (whole !== undefined)
        return [trustedRootFromValue(whole, source)];
    const lines = text.split(/\r?\n/);
    const roots = [];
    lines.forEach((line, i) => {
        if (line.trim() === '')
            return;
        const where = `${source} line ${i + 1}`;
        let json;
        try {
            json = JSON.parse(line);
        }
        catch (error) {
            throw new errors/* ConfigurationError */.j1(`Trusted root ${where} is not valid JSON (${(0,errors/* errorMessage */.gJ)(error)}): give one trusted root, or JSON lines with one root per line (as \`gh attestation trusted-root\` prints them).`);
        }
        roots.push(trustedRootFromValue(json, where));
    });
    if (roots.length === 0)
        throw new errors/* ConfigurationError */.j1(`Trusted root ${source} is empty.`);
    return roots;
}
function trustedRootFromValue(json, source) {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw new errors/* ConfigurationError */.j1(`Trusted root ${source} is not a JSON object.`);
    }
    const mediaType = json.mediaType;
    if (typeof mediaType !== 'string' || !mediaType.startsWith('application/vnd.dev.sigstore.trustedroot')) {
        throw new errors/* ConfigurationError */.j1(`Trusted root ${source} has media type '${String(mediaType)}', not application/vnd.dev.sigstore.trustedroot+json.`);
    }
    let root;
    try {
        root = protobuf_specs_dist.TrustedRoot.fromJSON(json);
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`Trusted root ${source} cannot be read: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    checkTrustedRoot(root, source);
    return root;
}
/** Reads a trusted-root file: one root, or JSON lines (`gh attestation trusted-root` output). */
async function loadTrustedRootFile(path) {
    let text;
    try {
        const info = await (0,promises_.stat)(path);
        if (info.size > MAX_ROOT_BYTES)
            throw new Error(`it is larger than ${MAX_ROOT_BYTES} bytes`);
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`Cannot read trusted root ${path}: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    return parseTrustedRoots(text, path);
}
/** How each instance is named in messages. */
const INSTANCE_TITLES = {
    'public-good': 'the Sigstore public-good instance',
    github: "GitHub's Sigstore instance",
};
const ROOT_NAMES = {
    'public-good': 'the Sigstore trusted root',
    github: "GitHub's Sigstore trusted root",
};
/** A sentence saying how old a shipped root is: its newest key, and the TUF root it came with. */
function ageOf(root, tufRoot, now) {
    const starts = [
        ...root.tlogs.map((t) => t.publicKey?.validFor?.start),
        ...root.ctlogs.map((t) => t.publicKey?.validFor?.start),
        ...root.certificateAuthorities.map((c) => c.validFor?.start),
        ...root.timestampAuthorities.map((c) => c.validFor?.start),
    ].filter((d) => d instanceof Date);
    const newest = new Date(Math.max(...starts.map((d) => d.getTime())));
    const days = Math.floor((now.getTime() - newest.getTime()) / 86_400_000);
    const expires = tufRoot
        ? ` (TUF root version ${tufRoot.signed?.version ?? '?'}, expires ${tufRoot.signed?.expires ?? '?'})`
        : '';
    return `its newest key dates from ${newest.toISOString().slice(0, 10)}, ${days} days ago${expires}`;
}
/**
 * An instance's trusted root shipped with this action, and a sentence saying how old it is:
 * public-good's from @sigstore/tuf's seeds, GitHub's from src/verify/github-sigstore (line 2 of
 * `gh attestation trusted-root`, see the README there).
 */
function shippedTrustedRoot(now = new Date(), instance = 'public-good') {
    if (instance === 'github') {
        const root = trustedRootFromValue(trusted_root_namespaceObject, "shipped for GitHub's Sigstore instance");
        return { root, age: ageOf(root, tuf_root_namespaceObject, now) };
    }
    const seed = seeds[PUBLIC_GOOD_MIRROR];
    const target = seed?.targets['trusted_root.json'];
    if (!seed || !target)
        throw new Error('@sigstore/tuf ships no trusted root for the public-good instance');
    const root = parseTrustedRoot(Buffer.from(target, 'base64').toString('utf8'), 'shipped with @sigstore/tuf');
    let tufRoot;
    try {
        tufRoot = JSON.parse(Buffer.from(seed['root.json'], 'base64').toString('utf8'));
    }
    catch {
        // the age is still accurate without the TUF root's version
    }
    return { root, age: ageOf(root, tufRoot, now) };
}
/** The public-good root: a TUF refresh capped at 5 s, else the shipped copy with a warning saying how old it is. */
async function publicGoodTrustedRoot(options) {
    return instanceTrustedRoot('public-good', options);
}
/**
 * Where TUF metadata is cached. A predictable path in a shared temporary directory could be made
 * in advance by another user, who could then replace the cached metadata: on a runner the job's own
 * RUNNER_TEMP is used, elsewhere a per-user directory created private (0700). A directory that is
 * a symbolic link or not a directory, belongs to another user, or that other users can write is not
 * used: the refresh goes to a new private directory instead (with a warning), so nobody can make
 * the action fall back to an old shipped root by squatting the path.
 */
async function tufCachePath(warn, options = {}) {
    const env = options.env ?? process.env;
    const tmp = options.tmp ?? (0,external_node_os_.tmpdir)();
    const uid = options.uid ?? process.getuid?.();
    const base = env.RUNNER_TEMP
        ? (0,external_node_path_.join)(env.RUNNER_TEMP, 'secure-deploy-tuf')
        : (0,external_node_path_.join)(tmp, `secure-deploy-tuf-${uid ?? (0,external_node_os_.userInfo)().username}`);
    let problem;
    try {
        await (0,promises_.mkdir)(base, { recursive: true, mode: 0o700 });
        const info = await (0,promises_.lstat)(base);
        if (info.isSymbolicLink())
            problem = 'is a symbolic link';
        else if (!info.isDirectory())
            problem = 'is not a directory';
        else if (uid !== undefined && info.uid !== uid)
            problem = `belongs to user ${info.uid}, not to this user (${uid})`;
        else if (uid !== undefined && (info.mode & 0o022) !== 0)
            problem = 'can be written by other users';
    }
    catch (error) {
        problem = `cannot be used (${(0,errors/* errorMessage */.gJ)(error)})`;
    }
    if (!problem)
        return base;
    const fresh = await (0,promises_.mkdtemp)((0,external_node_path_.join)(tmp, 'secure-deploy-tuf-'));
    warn(`The TUF cache directory ${base} ${problem}: not used; refreshing into ${fresh} instead.`);
    return fresh;
}
/** Refreshes an instance's trusted root through TUF (5 s at most); throws when that fails. */
async function refreshTrustedRoot(instance, options) {
    const timeoutMs = options.timeoutMs ?? 5000;
    const cacheBase = options.mirror?.cachePath ?? (await tufCachePath(options.warn));
    let timer;
    const deadline = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
        timer.unref();
    });
    const fetchRoot = async () => {
        if (instance === 'public-good') {
            return (0,tuf_dist.getTrustedRoot)({
                cachePath: cacheBase,
                ...(options.mirror ? { mirrorURL: options.mirror.url, rootPath: options.mirror.rootPath } : {}),
                timeout: timeoutMs,
                retry: false,
            });
        }
        let rootPath = options.mirror?.rootPath;
        if (!rootPath) {
            // @sigstore/tuf seeds a repository's cache from a root.json file: write the shipped one (gh embeds the same).
            await (0,promises_.mkdir)(cacheBase, { recursive: true });
            rootPath = (0,external_node_path_.join)(cacheBase, 'tuf-repo.github.com.seed-root.json');
            await (0,promises_.writeFile)(rootPath, JSON.stringify(tuf_root_namespaceObject));
        }
        const tuf = await (0,tuf_dist.initTUF)({
            cachePath: cacheBase,
            mirrorURL: options.mirror?.url ?? GITHUB_TUF_MIRROR,
            rootPath,
            timeout: timeoutMs,
            retry: false,
        });
        const target = options.trustDomain ? `${options.trustDomain}.trusted_root.json` : 'trusted_root.json';
        return parseTrustedRoot(await tuf.getTarget(target), `${target} from ${options.mirror?.url ?? GITHUB_TUF_MIRROR}`);
    };
    try {
        const refreshed = await Promise.race([fetchRoot(), deadline]);
        checkTrustedRoot(refreshed, `from the TUF repository of ${INSTANCE_TITLES[instance]}`);
        return refreshed;
    }
    finally {
        if (timer)
            clearTimeout(timer);
    }
}
/**
 * Why a TUF refresh failed: @sigstore/tuf wraps what tuf-js found (a target whose hash does not
 * match the signed metadata, say) in a general message ("error downloading target undefined"), so
 * the causes are named too.
 */
function tufReason(error) {
    const parts = [];
    let current = error;
    for (let depth = 0; current !== undefined && depth < 4; depth++) {
        const message = (0,errors/* errorMessage */.gJ)(current).replace(/ (undefined|null)$/, '');
        if (message && !parts.includes(message))
            parts.push(message);
        current = current instanceof Error ? current.cause : undefined;
    }
    return parts.join(': ');
}
/**
 * An instance's trusted root: a TUF refresh capped at 5 s, else the copy shipped with this action
 * with a warning saying how old it is (GHE.com trust domains have no shipped copy: refused).
 */
async function instanceTrustedRoot(instance, options) {
    if (options.trustDomain && instance === 'github') {
        if (options.offline) {
            throw new errors/* ConfigurationError */.j1(`offline: the trusted root of trust domain '${options.trustDomain}' (GHE.com) is not shipped with this action; pass it with 'trusted-root' (\`gh attestation trusted-root\` prints it).`);
        }
        try {
            return await refreshTrustedRoot(instance, options);
        }
        catch (error) {
            throw new errors/* ConfigurationError */.j1(`Could not fetch the trusted root of trust domain '${options.trustDomain}' from ${options.mirror?.url ?? GITHUB_TUF_MIRROR} (${tufReason(error)}); pass it with 'trusted-root' (\`gh attestation trusted-root\` prints it).`);
        }
    }
    if (!options.offline) {
        try {
            return await refreshTrustedRoot(instance, options);
        }
        catch (error) {
            const { root, age } = shippedTrustedRoot(new Date(), instance);
            options.warn(`Could not refresh ${ROOT_NAMES[instance]} through TUF (${tufReason(error)}); using the copy shipped with this action: ${age}.`);
            return root;
        }
    }
    const { root, age } = shippedTrustedRoot(new Date(), instance);
    options.warn(`offline: using ${ROOT_NAMES[instance]} shipped with this action, not refreshed: ${age}.`);
    return root;
}
/** Trust material for the verifier; key-signed bundles are checked against `key` whatever hint they carry. */
function trustMaterial(root, key) {
    return (0,verify_dist/* toTrustMaterial */.jO)(root, (hint) => {
        if (!key) {
            throw new KeyRequiredError(`the bundle is signed with a key${hint ? ` (hint ${hint})` : ''}, not a certificate: pass the public key with 'key'`);
        }
        return { publicKey: key, validFor: () => true };
    });
}
class KeyRequiredError extends Error {
    name = 'KeyRequiredError';
}

;// CONCATENATED MODULE: ./src/verify/instances.ts
/**
 * Which trusted root and which policy verify a bundle, chosen per bundle from its signing
 * certificate, as `gh attestation verify` does (cli/cli pkg/cmd/attestation/verification/sigstore.go,
 * chooseVerifier): a certificate issued by the Sigstore public-good Fulcio is checked against the
 * public-good root with its policy (transparency log, SCT, time: one each); one issued by GitHub's
 * Fulcio (private repositories' attestations) against GitHub's root with GitHub's policy (an RFC 3161
 * signed timestamp; GitHub's instance has no transparency log and no CT log). With a trusted root
 * given by the user, only the roots in that file are used, and the one whose certificate authority
 * issued the certificate is chosen.
 */





/** The organization in each instance's Fulcio certificates' issuer (cli/cli: PublicGoodIssuerOrg, GitHubIssuerOrg). */
const INSTANCE_ORGANIZATIONS = {
    'public-good': 'sigstore.dev',
    github: 'GitHub, Inc.',
};
/**
 * Each instance's own policy. Public-good: one transparency-log entry, one SCT, one trusted time
 * (cli/cli newPublicGoodVerifierWithTrustedRoot). GitHub: a signed timestamp only
 * (newGitHubVerifierWithTrustedRoot: `WithSignedTimestamps(1)`). A root of another instance: the
 * public-good defaults, unless the user sets thresholds.
 */
const INSTANCE_THRESHOLDS = {
    'public-good': DEFAULT_THRESHOLDS,
    github: { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 1 },
    custom: DEFAULT_THRESHOLDS,
};
function oneLine(dn) {
    return dn.split('\n').join(', ');
}
/** The organization (O=) of a DN as Node prints it (`O=GitHub\, Inc.`). */
function organizationOf(dn) {
    const line = dn.split('\n').find((l) => l.startsWith('O='));
    return line?.slice(2).replace(/\\(.)/g, '$1');
}
function knownInstance(organization) {
    for (const [name, org] of Object.entries(INSTANCE_ORGANIZATIONS)) {
        if (organization === org)
            return name;
    }
    return undefined;
}
function parseCertificate(raw, what) {
    try {
        return new external_node_crypto_.X509Certificate(Buffer.from(raw));
    }
    catch (error) {
        throw new ArtifactError(`the bundle's ${what} cannot be parsed: ${error.message}`);
    }
}
/** The DER certificates a bundle carries, leaf first; empty for a key-signed bundle. */
function bundleCertificates(bundle) {
    const material = bundle.verificationMaterial.content;
    switch (material.$case) {
        case 'certificate':
            return [material.certificate.rawBytes];
        case 'x509CertificateChain':
            return material.x509CertificateChain.certificates.map((c) => c.rawBytes);
        default:
            return [];
    }
}
/** Every certificate of a root's certificate authorities, DER. */
function authorityCertificates(root) {
    return root.certificateAuthorities.flatMap((ca) => (ca.certChain?.certificates ?? []).map((c) => Buffer.from(c.rawBytes)));
}
const subjectsCache = new WeakMap();
/** The subject DNs (as Node prints them) of a root's CA certificates, parsed once per root. */
function authoritySubjects(root) {
    let subjects = subjectsCache.get(root);
    if (!subjects) {
        subjects = new Set();
        for (const der of authorityCertificates(root)) {
            try {
                subjects.add(new external_node_crypto_.X509Certificate(der).subject ?? '');
            }
            catch {
                // a certificate Node cannot parse names no issuer
            }
        }
        subjectsCache.set(root, subjects);
    }
    return subjects;
}
/**
 * The instance whose policy a root gets when no certificate chooses it (key-signed bundles, container
 * images): by the organization of its CAs (as gh does), else custom. A root holding several
 * instances' authorities (public-good's and GitHub's merged into one) is custom too: it gets the
 * default, strictest thresholds, never the laxer policy of whichever instance happens to come first.
 */
function instanceOfRoot(root) {
    const found = new Set();
    for (const der of authorityCertificates(root)) {
        let cert;
        try {
            cert = new external_node_crypto_.X509Certificate(der);
        }
        catch {
            continue;
        }
        const instance = knownInstance(organizationOf(cert.subject ?? ''));
        if (instance)
            found.add(instance);
    }
    const [only, ...others] = [...found];
    return only !== undefined && others.length === 0 ? only : 'custom';
}
function advice(issuer, given) {
    const from = knownInstance(issuer.organization);
    const where = `issued by "${oneLine(issuer.dn)}"`;
    if (from && given) {
        return `the signing certificate was ${where}: it comes from ${INSTANCE_TITLES[from]}, whose certificate authority is not in the trusted root ${given}. Add that instance's root (\`gh attestation trusted-root\` prints public-good's and GitHub's, one per line), or leave trusted-root unset to use the roots shipped with this action`;
    }
    const org = issuer.organization ? ` (organization "${issuer.organization}")` : ' (no organization)';
    if (given) {
        return `the signing certificate was ${where}${org}, which is not a certificate authority of the trusted root ${given}: pass the trusted root of the Sigstore instance that issued it with 'trusted-root'`;
    }
    return `the signing certificate was ${where}${org}: it comes neither from the Sigstore public-good instance (organization "sigstore.dev") nor from GitHub's (organization "GitHub, Inc."). Pass the trusted root of the Sigstore instance that issued it with 'trusted-root'`;
}
/** Chooses, per bundle, the trusted root and policy that verify it. */
class TrustRoots {
    #options;
    #loading = new Map();
    /**
     * One verifier per (root, instance): a root may hold several instances' authorities (public-good's
     * and GitHub's merged into one file), and the thresholds follow the instance that issued each
     * bundle's certificate, never the order in which bundles were verified.
     */
    #verifiers = new Map();
    constructor(options, loading) {
        if (!options.given && !options.load)
            throw new Error('TrustRoots needs given roots or a loader');
        this.#options = options;
        if (loading)
            this.#loading = loading;
    }
    /** The same roots, for bundles that must be signed with this key (a trust policy's key anchor). */
    withKey(key) {
        return new TrustRoots({ ...this.#options, key }, this.#loading);
    }
    /** The roots in use for what is not chosen per bundle (container images): the user's first, else public-good's. */
    async primary() {
        const first = this.#options.given?.roots[0];
        return first ?? this.#load('public-good');
    }
    /** The thresholds for that primary root. */
    primaryThresholds(root) {
        const instance = this.#options.given ? instanceOfRoot(root) : 'public-good';
        return { ...INSTANCE_THRESHOLDS[instance], ...this.#options.thresholds };
    }
    /** The public key given by the user, if any. */
    get key() {
        return this.#options.key;
    }
    #load(instance) {
        let pending = this.#loading.get(instance);
        if (!pending) {
            const load = this.#options.load;
            if (!load)
                throw new Error('no loader');
            pending = load(instance);
            this.#loading.set(instance, pending);
        }
        return pending;
    }
    #chosen(root, instance) {
        const given = this.#options.given;
        // A given root of a known instance is named with that instance: "the trusted root roots.jsonl (GitHub's Sigstore instance)".
        const title = !given
            ? instance === 'custom'
                ? 'the trusted root'
                : `the trusted root of ${INSTANCE_TITLES[instance]}`
            : `the trusted root ${given.source}${instance === 'custom' ? '' : ` (${INSTANCE_TITLES[instance]})`}`;
        let byInstance = this.#verifiers.get(root);
        if (!byInstance) {
            byInstance = new Map();
            this.#verifiers.set(root, byInstance);
        }
        let verifier = byInstance.get(instance);
        if (!verifier) {
            const thresholds = { ...INSTANCE_THRESHOLDS[instance], ...this.#options.thresholds };
            verifier = new verify_dist/* Verifier */.BL(trustMaterial(root, this.#options.key), thresholds);
            byInstance.set(instance, verifier);
        }
        // A user who asks for transparency-log entries gets them counted as trusted times too.
        const requireSignedTimestamp = instance === 'github' && !this.#options.thresholds?.tlogThreshold;
        return { root, verifier, instance, requireSignedTimestamp, title };
    }
    /** The root for a bundle; throws ArtifactError naming the instance it comes from when none fits. */
    async choose(bundle) {
        const given = this.#options.given;
        const certificates = bundleCertificates(bundle);
        const leafDer = certificates[0];
        if (!leafDer) {
            // Key-signed: the root that holds the transparency log the entry names, else the first.
            if (!given)
                return this.#chosen(await this.#load('public-good'), 'public-good');
            const logId = bundle.verificationMaterial.tlogEntries[0]?.logId?.keyId;
            const withLog = logId
                ? given.roots.find((r) => r.tlogs.some((t) => t.logId && Buffer.from(t.logId.keyId).equals(Buffer.from(logId))))
                : undefined;
            const root = withLog ?? given.roots[0];
            if (!root)
                throw new ArtifactError(`the trusted root ${given.source} holds no root`);
            return this.#chosen(root, instanceOfRoot(root));
        }
        const leaf = parseCertificate(leafDer, 'signing certificate');
        const issuer = { dn: leaf.issuer ?? '', organization: organizationOf(leaf.issuer ?? '') };
        if (given) {
            for (const root of given.roots) {
                if (authoritySubjects(root).has(issuer.dn)) {
                    return this.#chosen(root, knownInstance(issuer.organization) ?? 'custom');
                }
            }
            throw new ArtifactError(advice(issuer, given.source));
        }
        const instance = knownInstance(issuer.organization);
        if (!instance)
            throw new ArtifactError(advice(issuer, undefined));
        return this.#chosen(await this.#load(instance), instance);
    }
}
/** The trust roots for a run: the user's file read now, or the known instances' roots loaded when first needed. */
async function loadTrustRoots(options) {
    const common = {
        ...(options.thresholds ? { thresholds: options.thresholds } : {}),
        ...(options.key ? { key: options.key } : {}),
    };
    if (options.trustedRoot) {
        const roots = await loadTrustedRootFile(options.trustedRoot);
        return new TrustRoots({ given: { roots, source: options.trustedRoot }, ...common });
    }
    return new TrustRoots({
        load: (instance) => instanceTrustedRoot(instance, {
            offline: options.offline,
            warn: options.warn,
            ...(instance === 'github' && options.trustDomain ? { trustDomain: options.trustDomain } : {}),
        }),
        ...common,
    });
}
/**
 * The certificates a bundle carries beyond its leaf (v0.1 bundles from 2023 carry the whole chain,
 * root included) must each be a certificate of the chosen root's certificate authorities: a root or
 * intermediate comes from the trusted root, never from the bundle, so one that is not there is
 * refused, named. sigstore-js ignores these certificates and builds the chain from the trusted root
 * alone; refusing strangers also refuses the conformance case `bundle-with-root-cert_fail`, whose
 * chain carries a root that is not the trusted one.
 */
function checkCarriedChain(bundle, chosen) {
    const carried = bundleCertificates(bundle).slice(1);
    if (carried.length === 0)
        return;
    const trusted = authorityCertificates(chosen.root);
    for (const der of carried) {
        if (trusted.some((t) => t.equals(Buffer.from(der))))
            continue;
        const cert = parseCertificate(der, 'certificate chain');
        const selfSigned = cert.subject === cert.issuer;
        throw new ArtifactError(`the bundle's certificate chain carries ${selfSigned ? 'the root' : 'the certificate'} "${oneLine(cert.subject ?? '')}" (SHA-256 ${cert.fingerprint256}), which is not a certificate of ${chosen.title}: ${selfSigned ? 'roots' : 'chain certificates'} come only from the trusted root`);
    }
}

// EXTERNAL MODULE: ./src/core/pattern.ts
var core_pattern = __webpack_require__(2269);
;// CONCATENATED MODULE: ./src/core/signer-match.ts
/**
 * Matching a Sigstore certificate's GitHub claims (Build Signer URI, Source Repository URI and Ref)
 * against what a user named: shared by verify-signatures' identity policy (verify/policy.ts) and the
 * trust policy's Sigstore anchors (trust/sigstore.ts). Anchored and exact: no prefix or suffix games.
 */
function splitRef(uri) {
    const at = uri.indexOf('@');
    return at < 0 ? { path: uri, ref: undefined } : { path: uri.slice(0, at), ref: uri.slice(at + 1) };
}
function origin(uri) {
    try {
        return new URL(uri).origin;
    }
    catch {
        return '';
    }
}
/** Is `actual` (the Build Signer URI) the workflow the user named? Anchored: no prefix or suffix games. */
function workflowMatches(expected, actual) {
    if (!actual)
        return false;
    const want = splitRef(expected.trim());
    const got = splitRef(actual);
    if (want.ref !== undefined && want.ref !== got.ref)
        return false;
    if (/^https?:\/\//.test(want.path))
        return got.path === want.path;
    if (!want.path.includes('/')) {
        // A bare file name: the workflow file in .github/workflows of whatever repository (repository is checked apart).
        const marker = '/.github/workflows/';
        const i = got.path.indexOf(marker);
        return i >= 0 && got.path.slice(i + marker.length) === want.path;
    }
    return got.path === `${origin(got.path)}/${want.path.replace(/^\/+/, '')}`;
}
/** Is `actual` (the Source Repository URI) the repository the user named? GitHub names are case-insensitive. */
function repositoryMatches(expected, actual) {
    if (!actual)
        return false;
    const want = expected.trim().replace(/\/+$/, '');
    const full = /^https?:\/\//.test(want) ? want : `${origin(actual)}/${want}`;
    return full.toLowerCase() === actual.toLowerCase();
}
/** Is `actual` (the Source Repository Ref) the ref the user named? A bare name means a tag or branch of that name. */
function refMatches(expected, actual) {
    if (!actual)
        return false;
    const want = expected.trim();
    if (want.startsWith('refs/'))
        return actual === want;
    return actual === `refs/tags/${want}` || actual === `refs/heads/${want}`;
}

;// CONCATENATED MODULE: ./src/verify/policy.ts



const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';
const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
/**
 * Anchors a user's pattern at both ends, so `release` never matches `release-evil`, on RE2 so a
 * crafted identity cannot make matching slow (see core/pattern.ts, which also refuses `a)|(b`).
 */
function anchoredPattern(pattern) {
    return (0,core_pattern/* compileAnchoredPattern */.mu)(pattern, 'certificate-identity-regexp');
}
/** Checks the policy itself: every pattern compiles, and it names a signer when it is used for keyless bundles. */
function validatePolicy(policy, where = 'inputs') {
    if (policy.certificateIdentity && policy.certificateIdentityRegexp) {
        throw new errors/* ConfigurationError */.j1(`${where}: set either certificate-identity or certificate-identity-regexp, not both.`);
    }
    if (policy.certificateIdentityRegexp)
        anchoredPattern(policy.certificateIdentityRegexp);
    if (policy.signerWorkflow && !namesSigner(policy)) {
        throw new errors/* ConfigurationError */.j1(`${where}: signer-workflow '${policy.signerWorkflow}' alone names no repository — any repository can have a workflow of that name or call a reusable one. Add source-repository, certificate-identity or certificate-identity-regexp.`);
    }
    for (const [name, value] of [
        ['signer-digest', policy.signerDigest],
        ['source-digest', policy.sourceDigest],
    ]) {
        if (value !== undefined && value !== '' && !/^[0-9a-fA-F]{40}$|^[0-9a-fA-F]{64}$/.test(value)) {
            throw new errors/* ConfigurationError */.j1(`${where}: ${name} '${value}' is not a git commit digest (40 or 64 hex characters).`);
        }
    }
}
/**
 * True when the policy names who may sign (needed for any certificate-signed bundle): an identity,
 * a pattern, or the source repository. A signer workflow alone does not: its claim says which
 * workflow file signed, not for which repository it ran.
 */
function namesSigner(policy) {
    return Boolean(policy.certificateIdentity || policy.certificateIdentityRegexp || policy.sourceRepository);
}
const show = (v) => (v === undefined || v === '' ? '(none)' : v);
/**
 * Checks a verified signer against the policy. Returns the reasons it does not satisfy it, each one a
 * sentence a person can act on ("identity X is not Y"); an empty list means it satisfies the policy.
 */
function policyViolations(policy, signer) {
    const out = [];
    const { identity, claims } = signer;
    if (policy.certificateIdentity !== undefined && policy.certificateIdentity !== '') {
        if (identity !== policy.certificateIdentity) {
            out.push(`identity ${show(identity)} is not ${policy.certificateIdentity}`);
        }
    }
    if (policy.certificateIdentityRegexp) {
        if (identity === undefined || !anchoredPattern(policy.certificateIdentityRegexp).test(identity)) {
            out.push(`identity ${show(identity)} does not match ^(?:${policy.certificateIdentityRegexp})$`);
        }
    }
    if (policy.certificateOidcIssuer && claims.issuer !== policy.certificateOidcIssuer) {
        out.push(`issuer ${show(claims.issuer)} is not ${policy.certificateOidcIssuer}`);
    }
    if (policy.signerWorkflow && !workflowMatches(policy.signerWorkflow, claims.buildSignerUri)) {
        out.push(`signer workflow ${show(claims.buildSignerUri)} is not ${policy.signerWorkflow}`);
    }
    if (policy.sourceRepository && !repositoryMatches(policy.sourceRepository, claims.sourceRepositoryUri)) {
        out.push(`source repository ${show(claims.sourceRepositoryUri)} is not ${policy.sourceRepository}`);
    }
    if (policy.sourceRef && !refMatches(policy.sourceRef, claims.sourceRepositoryRef)) {
        out.push(`source ref ${show(claims.sourceRepositoryRef)} is not ${policy.sourceRef}`);
    }
    if (policy.signerDigest && claims.buildSignerDigest?.toLowerCase() !== policy.signerDigest.toLowerCase()) {
        out.push(`signer digest ${show(claims.buildSignerDigest)} is not ${policy.signerDigest}`);
    }
    if (policy.sourceDigest && claims.sourceRepositoryDigest?.toLowerCase() !== policy.sourceDigest.toLowerCase()) {
        out.push(`source digest ${show(claims.sourceRepositoryDigest)} is not ${policy.sourceDigest}`);
    }
    if (policy.denySelfHostedRunners && claims.runnerEnvironment !== 'github-hosted') {
        out.push(`runner environment ${show(claims.runnerEnvironment)} is not github-hosted (self-hosted runners are denied)`);
    }
    return out;
}

;// CONCATENATED MODULE: ./src/core/predicates.ts
/**
 * Predicate types, and the shorthands GitHub's attestations API accepts for its `predicate_type`
 * filter ("`provenance`, `sbom`, `release`, or freeform text", the endpoint's description). The
 * same words mean the same types in the request and in the local check of the in-toto statement.
 */
const RELEASE_PREDICATE_TYPE = 'https://in-toto.io/attestation/release/v0.1';
/** What each shorthand stands for: exact types, or prefixes ending in '/' or a version-less stem. */
const SHORTHANDS = {
    provenance: { exact: ['https://slsa.dev/provenance/v1', 'https://slsa.dev/provenance/v0.2'], prefixes: [] },
    sbom: {
        exact: ['https://spdx.dev/Document', 'https://cyclonedx.org/bom'],
        prefixes: ['https://spdx.dev/Document/', 'https://cyclonedx.org/bom/'],
    },
    release: { exact: [RELEASE_PREDICATE_TYPE], prefixes: [] },
};
function isShorthand(predicateType) {
    return Object.hasOwn(SHORTHANDS, predicateType);
}
/** True when a statement's predicate type is the wanted one, or one the wanted shorthand stands for. */
function predicateMatches(wanted, actual) {
    const shorthand = Object.hasOwn(SHORTHANDS, wanted) ? SHORTHANDS[wanted] : undefined;
    if (!shorthand)
        return actual === wanted;
    return shorthand.exact.includes(actual) || shorthand.prefixes.some((p) => actual.startsWith(p));
}
/** How a wanted predicate type reads in a refusal: `sbom (https://spdx.dev/Document, ...)`. */
function describePredicate(wanted) {
    const shorthand = Object.hasOwn(SHORTHANDS, wanted) ? SHORTHANDS[wanted] : undefined;
    return shorthand ? `${wanted} (${[...shorthand.exact].join(', ')})` : wanted;
}

;// CONCATENATED MODULE: ./src/verify/prehashed.ts
/**
 * Verifies a signature over a digest the caller already has (no artifact bytes): what a
 * `sha256:<hex>` subject needs for message-signature bundles. Node's crypto API always hashes the
 * message itself, so this asks OpenSSL's `pkeyutl`, which verifies a prehashed digest as is.
 * (A pure-JS alternative is @noble/curves; it is not a dependency yet.)
 */





async function verifyPrehashed(key, digest, algorithm, signature) {
    if (key.asymmetricKeyType === 'ed25519' || key.asymmetricKeyType === 'ed448') {
        throw new ArtifactError('an Ed25519 signature covers the artifact itself, not its digest: give the artifact file instead of a digest');
    }
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'sd-prehash-'));
    try {
        const keyPath = (0,external_node_path_.join)(dir, 'key.pem');
        const digestPath = (0,external_node_path_.join)(dir, 'digest');
        const sigPath = (0,external_node_path_.join)(dir, 'sig');
        await Promise.all([
            (0,promises_.writeFile)(keyPath, key.export({ type: 'spki', format: 'pem' })),
            (0,promises_.writeFile)(digestPath, digest),
            (0,promises_.writeFile)(sigPath, signature),
        ]);
        return await new Promise((resolve, reject) => {
            (0,external_node_child_process_.execFile)('openssl', [
                'pkeyutl',
                '-verify',
                '-pubin',
                '-inkey',
                keyPath,
                '-in',
                digestPath,
                '-sigfile',
                sigPath,
                '-pkeyopt',
                `digest:${algorithm}`,
            ], { timeout: 10_000 }, (error, stdout) => {
                if (!error)
                    return resolve(/Verified Successfully/.test(stdout));
                if (error.code === 'ENOENT') {
                    return reject(new ArtifactError('verifying a signature against a bare digest needs the openssl command, which is missing'));
                }
                resolve(false);
            });
        });
    }
    finally {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/verify/engine.ts
/**
 * Verifies one bundle for one subject: @sigstore/verify for the cryptography (certificate chain,
 * SCTs, transparency-log inclusion, SET, checkpoints, RFC 3161 timestamps, signature), plus what it
 * leaves to the caller: that the bundle covers *this* artifact (message digest, in-toto subject),
 * the predicate type, and the signer's identity and workflow claims, matched exactly or anchored.
 */















/** Artifacts up to this size are handed to the library in memory; larger ones are verified streaming. */
const IN_MEMORY_LIMIT = 64 * 1024 * 1024;
const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const IN_TOTO_STATEMENT_TYPES = ['https://in-toto.io/Statement/v0.1', 'https://in-toto.io/Statement/v1'];
/** The hash algorithm a bundle names for its message digest (unspecified means sha256). */
const NODE_HASH = {
    [protobuf_specs_dist.HashAlgorithm.HASH_ALGORITHM_UNSPECIFIED]: 'sha256',
    [protobuf_specs_dist.HashAlgorithm.SHA2_256]: 'sha256',
    [protobuf_specs_dist.HashAlgorithm.SHA2_384]: 'sha384',
    [protobuf_specs_dist.HashAlgorithm.SHA2_512]: 'sha512',
};
/** A digest of the subject by algorithm: given, or computed (streamed) from its file. */
async function digestOf(subject, algorithm) {
    const known = subject.digests[algorithm];
    if (known)
        return known;
    if (!subject.path)
        return undefined;
    const computed = await hashFileHere(subject.path, [algorithm]);
    return computed[algorithm];
}
function engine_isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** Checks that an in-toto statement names this subject and has the wanted predicate type. */
async function checkStatement(payload, subject, predicateType) {
    let statement;
    try {
        statement = JSON.parse(payload.toString('utf8'));
    }
    catch (error) {
        throw new ArtifactError(`the attestation's in-toto statement is not valid JSON (${(0,errors/* errorMessage */.gJ)(error)})`);
    }
    if (!engine_isRecord(statement) ||
        typeof statement._type !== 'string' ||
        !IN_TOTO_STATEMENT_TYPES.includes(statement._type)) {
        throw new ArtifactError('the attestation is not an in-toto statement (v0.1 or v1)');
    }
    const subjects = Array.isArray(statement.subject) ? statement.subject.filter(engine_isRecord) : [];
    if (subjects.length === 0)
        throw new ArtifactError('the attestation names no subject');
    const wanted = [];
    for (const s of subjects) {
        const digest = engine_isRecord(s.digest) ? s.digest : {};
        for (const alg of ['sha256', 'sha384', 'sha512']) {
            const hex = digest[alg];
            if (typeof hex === 'string')
                wanted.push({ alg, hex: hex.toLowerCase() });
        }
    }
    let matched = false;
    for (const alg of ['sha256', 'sha512', 'sha384']) {
        const candidates = wanted.filter((w) => w.alg === alg);
        if (candidates.length === 0)
            continue;
        const ours = await digestOf(subject, alg);
        if (ours !== undefined && candidates.some((c) => c.hex === ours)) {
            matched = true;
            break;
        }
    }
    if (!matched) {
        const names = subjects
            .map((s) => {
            const d = engine_isRecord(s.digest) ? s.digest : {};
            const first = Object.entries(d).find(([, v]) => typeof v === 'string');
            return `${typeof s.name === 'string' ? s.name : '(unnamed)'}${first ? ` ${first[0]}:${String(first[1])}` : ''}`;
        })
            .join(', ');
        throw new ArtifactError(`the attestation is for ${names}, not this artifact (sha256:${subject.digests.sha256 ?? '?'})`);
    }
    const actualType = typeof statement.predicateType === 'string' ? statement.predicateType : '';
    if (predicateType && !predicateMatches(predicateType, actualType)) {
        throw new ArtifactError(`the attestation's predicate type ${actualType || '(none)'} is not ${describePredicate(predicateType)}`);
    }
    return actualType;
}
/** The public key a bundle's signature should verify with: the leaf certificate's, or the user's key. */
function candidateKey(bundle, ctx) {
    const material = bundle.verificationMaterial.content;
    switch (material.$case) {
        case 'publicKey':
            return ctx.key;
        case 'certificate':
            return (0,external_node_crypto_.createPublicKey)({
                key: core_dist.X509Certificate.parse(Buffer.from(material.certificate.rawBytes)).publicKey,
                format: 'der',
                type: 'spki',
            });
        case 'x509CertificateChain': {
            const leaf = material.x509CertificateChain.certificates[0];
            if (!leaf)
                return undefined;
            return (0,external_node_crypto_.createPublicKey)({
                key: core_dist.X509Certificate.parse(Buffer.from(leaf.rawBytes)).publicKey,
                format: 'der',
                type: 'spki',
            });
        }
    }
}
function sameKey(a, b) {
    return a.export({ type: 'spki', format: 'der' }).equals(b.export({ type: 'spki', format: 'der' }));
}
/** Streams a file through a signature verifier (the signature covers the file's bytes). */
async function verifyFileSignature(path, key, algorithm, signature) {
    if (key.asymmetricKeyType === 'ed25519') {
        // Ed25519 cannot be streamed; such artifacts are read whole (only reached above the in-memory limit).
        const { verify } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 7598, 23));
        return verify(null, await (0,promises_.readFile)(path), key, signature);
    }
    const verifier = (0,external_node_crypto_.createVerify)(algorithm);
    await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(path, { highWaterMark: 1024 * 1024 }), verifier);
    return verifier.verify(key, signature);
}
/**
 * The signed entity for a message-signature bundle. Small files go to the library as bytes; for
 * large files and bare digests the signature check is done first (streamed, or over the digest) and
 * the library's call is answered from that result, only for the very key it was computed with.
 */
async function messageEntity(bundle, subject, ctx) {
    if (bundle.content.$case !== 'messageSignature')
        throw new Error('not a message signature');
    const message = bundle.content.messageSignature;
    if (!message.messageDigest)
        throw new ArtifactError('the bundle has no message digest');
    const algorithm = NODE_HASH[message.messageDigest.algorithm];
    if (!algorithm)
        throw new ArtifactError('the bundle uses a hash algorithm this verifier does not accept');
    const ours = await digestOf(subject, algorithm);
    if (ours === undefined) {
        throw new ArtifactError(`the bundle signs a ${algorithm} digest; give the artifact file, not its sha256 digest`);
    }
    const signed = Buffer.from(message.messageDigest.digest).toString('hex');
    if (signed !== ours) {
        throw new ArtifactError(`the bundle signs ${algorithm}:${signed}, not this artifact (${algorithm}:${ours})`);
    }
    if (subject.path && (subject.size ?? Infinity) <= IN_MEMORY_LIMIT) {
        return (0,verify_dist/* toSignedEntity */.DC)(bundle, await (0,promises_.readFile)(subject.path));
    }
    const entity = (0,verify_dist/* toSignedEntity */.DC)(bundle, Buffer.alloc(0));
    const key = candidateKey(bundle, ctx);
    let ok = false;
    if (key) {
        const signature = Buffer.from(message.signature);
        ok = subject.path
            ? await verifyFileSignature(subject.path, key, algorithm, signature)
            : await verifyPrehashed(key, Buffer.from(ours, 'hex'), algorithm, signature);
    }
    const original = entity.signature;
    return {
        ...entity,
        signature: {
            signature: original.signature,
            compareSignature: (s) => original.compareSignature(s),
            compareDigest: (d) => original.compareDigest(d),
            compareSignedDigest: (d) => original.compareSignedDigest(d),
            verifySignature: (k) => ok && key !== undefined && sameKey(k, key),
        },
    };
}
function earliestTime(entity) {
    const times = [];
    for (const t of entity.timestamps) {
        if (t.$case === 'transparency-log') {
            const seconds = Number(t.tlogEntry.integratedTime);
            if (Number.isFinite(seconds) && seconds > 0)
                times.push(seconds * 1000);
        }
        else {
            times.push(t.timestamp.signingTime.getTime());
        }
    }
    return times.length === 0 ? undefined : new Date(Math.min(...times)).toISOString();
}
/**
 * The refusal for an error nobody foresaw while reading or verifying the bundle: fail closed, name
 * the error's class (never its JavaScript text, which names no field and may mislead), and mark it
 * as unexpected. The named checks below run first, so a malformed field is refused by name.
 */
function unexpectedError(error) {
    const kind = error instanceof Error ? error.constructor.name || 'Error' : typeof error;
    return new UnexpectedArtifactError(`unexpected error while reading the bundle (${kind}): refused; if the bundle looks well-formed, this is a bug to report`, 
    // Kept for a debugger, never put in the message: the JavaScript text names no field.
    { cause: error });
}
function libraryReason(error) {
    const e = error;
    const message = typeof e.message === 'string' ? e.message : String(error);
    const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
    const code = typeof e.code === 'string' ? ` [${e.code}]` : '';
    return `${message}${cause}${code}`;
}
const DIGITS = /^\d+$/;
function isBytes(value) {
    return value instanceof Uint8Array;
}
/**
 * Refuses, by field name, a bundle whose structure the verifier would trip over: content, the DSSE
 * envelope or message signature, the verification material and its certificate(s), and the RFC 3161
 * timestamps (each must parse). Bundles read from JSON were already checked by @sigstore/bundle;
 * these checks hold for any bundle handed to the engine, and cover what that library does not check.
 */
function checkBundleStructure(bundle) {
    const fail = (why) => {
        throw new ArtifactError(`the bundle is malformed: ${why}`);
    };
    const content = bundle.content;
    if (!content)
        fail('it has neither a DSSE envelope (dsseEnvelope) nor a message signature (messageSignature)');
    if (content.$case === 'dsseEnvelope') {
        const envelope = content.dsseEnvelope;
        if (!isBytes(envelope.payload) || envelope.payload.length === 0)
            fail('dsseEnvelope.payload is empty');
        if (!Array.isArray(envelope.signatures) || envelope.signatures.length !== 1) {
            fail(`dsseEnvelope.signatures must hold exactly one signature`);
        }
        const sig = envelope.signatures[0]?.sig;
        if (!isBytes(sig) || sig.length === 0)
            fail('dsseEnvelope.signatures[0].sig is empty');
    }
    else if (content.$case === 'messageSignature') {
        const message = content.messageSignature;
        if (!isBytes(message.signature) || message.signature.length === 0)
            fail('messageSignature.signature is empty');
        if (!message.messageDigest)
            fail('messageSignature.messageDigest is missing');
        if (!isBytes(message.messageDigest.digest) || message.messageDigest.digest.length === 0) {
            fail('messageSignature.messageDigest.digest is empty');
        }
    }
    else {
        fail('it has neither a DSSE envelope (dsseEnvelope) nor a message signature (messageSignature)');
    }
    const material = bundle.verificationMaterial;
    if (!material)
        fail('verificationMaterial is missing');
    const signer = material.content;
    if (!signer)
        fail('verificationMaterial has no certificate, certificate chain or public key');
    if (signer.$case === 'certificate') {
        const raw = signer.certificate?.rawBytes;
        if (!isBytes(raw) || raw.length === 0)
            fail('verificationMaterial.certificate.rawBytes is empty');
    }
    else if (signer.$case === 'x509CertificateChain') {
        const certificates = signer.x509CertificateChain?.certificates;
        if (!Array.isArray(certificates) || certificates.length === 0) {
            fail('verificationMaterial.x509CertificateChain.certificates is empty (an empty certificate chain)');
        }
        certificates.forEach((c, i) => {
            if (!isBytes(c?.rawBytes) || c.rawBytes.length === 0) {
                fail(`verificationMaterial.x509CertificateChain.certificates[${i}].rawBytes is empty`);
            }
        });
    }
    else if (signer.$case !== 'publicKey') {
        fail('verificationMaterial has no certificate, certificate chain or public key');
    }
    if (!Array.isArray(material.tlogEntries))
        fail('verificationMaterial.tlogEntries is not a list');
    const timestamps = material.timestampVerificationData?.rfc3161Timestamps ?? [];
    if (!Array.isArray(timestamps))
        fail('verificationMaterial.timestampVerificationData.rfc3161Timestamps is not a list');
    timestamps.forEach((t, i) => {
        const field = `verificationMaterial.timestampVerificationData.rfc3161Timestamps[${i}].signedTimestamp`;
        const der = t?.signedTimestamp;
        if (!isBytes(der) || der.length === 0)
            fail(`${field} is empty`);
        try {
            core_dist.RFC3161Timestamp.parse(Buffer.from(der));
        }
        catch (error) {
            fail(`${field} is not an RFC 3161 timestamp (${error instanceof Error ? error.message : String(error)})`);
        }
    });
}
/**
 * Refuses transparency-log entries the verifier would trip over: each needs a numeric log index, a
 * log id, its body, and an inclusion proof with its checkpoint or an inclusion promise.
 */
function checkTlogEntries(bundle) {
    bundle.verificationMaterial.tlogEntries.forEach((entry, i) => {
        const which = bundle.verificationMaterial.tlogEntries.length > 1 ? ` #${i + 1}` : '';
        if (typeof entry !== 'object' || entry === null) {
            throw new ArtifactError(`the bundle's transparency-log entry${which} is not an object`);
        }
        if (!DIGITS.test(entry.logIndex)) {
            throw new ArtifactError(`the bundle's transparency-log entry${which} has an invalid log index '${entry.logIndex}'`);
        }
        if (!entry.logId?.keyId || entry.logId.keyId.length === 0) {
            throw new ArtifactError(`the bundle's transparency-log entry${which} has no log id`);
        }
        if (!entry.kindVersion)
            throw new ArtifactError(`the bundle's transparency-log entry${which} has no kind and version`);
        if (!entry.canonicalizedBody || entry.canonicalizedBody.length === 0) {
            throw new ArtifactError(`the bundle's transparency-log entry${which} has no body`);
        }
        const proof = entry.inclusionProof;
        if (!proof && !entry.inclusionPromise) {
            throw new ArtifactError(`the bundle's transparency-log entry${which} has neither an inclusion proof nor an inclusion promise`);
        }
        if (!DIGITS.test(entry.integratedTime)) {
            throw new ArtifactError(`the bundle's transparency-log entry${which} has an invalid integrated time '${entry.integratedTime}'`);
        }
        if (proof && !proof.checkpoint?.envelope) {
            throw new ArtifactError(`the bundle's transparency-log entry${which} has an inclusion proof without a checkpoint`);
        }
        if (proof) {
            const bad = (what) => {
                throw new ArtifactError(`the bundle's transparency-log entry${which} has an inclusion proof ${what}`);
            };
            if (!DIGITS.test(proof.logIndex))
                bad(`with an invalid log index '${proof.logIndex}'`);
            if (!DIGITS.test(proof.treeSize) || proof.treeSize === '0')
                bad('without a tree size');
            if (!isBytes(proof.rootHash) || proof.rootHash.length === 0)
                bad('without a root hash');
            if (!Array.isArray(proof.hashes))
                bad('whose hashes are not a list');
        }
        if (!proof && entry.inclusionPromise) {
            const set = entry.inclusionPromise.signedEntryTimestamp;
            if (!isBytes(set) || set.length === 0) {
                throw new ArtifactError(`the bundle's transparency-log entry${which} has an inclusion promise without a signed entry timestamp`);
            }
        }
    });
}
/**
 * Verifies one bundle against one subject and policy; throws ArtifactError with the reason. Malformed
 * fields are refused by name first; a TypeError or RangeError nobody foresaw is still that bundle's
 * refusal (fail closed), as an UnexpectedArtifactError naming the error's class, never its
 * JavaScript text, and never a crash of the run.
 */
async function verifyBundle(loaded, subject, ctx, policy, options = {}) {
    try {
        return await verifyLoadedBundle(loaded, subject, ctx, policy, options);
    }
    catch (error) {
        if (error instanceof TypeError || error instanceof RangeError)
            throw unexpectedError(error);
        throw error;
    }
}
async function verifyLoadedBundle(loaded, subject, ctx, policy, options) {
    const { bundle } = loaded;
    checkBundleStructure(bundle);
    const material = bundle.verificationMaterial.content;
    const keySigned = material.$case === 'publicKey';
    if (ctx.key && !keySigned) {
        throw new ArtifactError('a key was given but the bundle is signed with a certificate, not with that key');
    }
    if (material.$case === 'x509CertificateChain' && material.x509CertificateChain.certificates.length === 0) {
        throw new ArtifactError('the bundle has an empty certificate chain');
    }
    const chosen = await ctx.roots.choose(bundle);
    if (options.refusePublicGood && chosen.instance === 'public-good') {
        throw new ArtifactError(`the signing certificate comes from the Sigstore public-good instance, not from GitHub's: ${options.refusePublicGood}`);
    }
    checkCarriedChain(bundle, chosen);
    checkTlogEntries(bundle);
    let entity;
    let predicateType;
    try {
        if (bundle.content.$case === 'dsseEnvelope') {
            const envelope = bundle.content.dsseEnvelope;
            if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
                throw new ArtifactError(`the DSSE envelope's payload type is ${envelope.payloadType}, not ${IN_TOTO_PAYLOAD_TYPE}: it cannot name this artifact`);
            }
            predicateType = await checkStatement(Buffer.from(envelope.payload), subject, policy.predicateType);
            entity = (0,verify_dist/* toSignedEntity */.DC)(bundle);
        }
        else {
            entity = await messageEntity(bundle, subject, ctx);
        }
    }
    catch (error) {
        if (error instanceof ArtifactError)
            throw error;
        if (error instanceof TypeError || error instanceof RangeError)
            throw error;
        throw new ArtifactError(`the bundle cannot be read: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    if (chosen.requireSignedTimestamp && !entity.timestamps.some((t) => t.$case === 'timestamp-authority')) {
        throw new ArtifactError(`the bundle has no RFC 3161 signed timestamp, which ${chosen.title} requires (its instance keeps no transparency log)`);
    }
    let signer;
    try {
        signer = chosen.verifier.verify(entity);
    }
    catch (error) {
        if (error instanceof TypeError || error instanceof RangeError)
            throw unexpectedError(error);
        throw new ArtifactError(`signature verification failed: ${libraryReason(error)}`);
    }
    const logIndex = bundle.verificationMaterial.tlogEntries[0]?.logIndex;
    const signingTime = earliestTime(entity);
    const instance = chosen.instance;
    if (keySigned)
        return { keySigned, claims: {}, logIndex, signingTime, predicateType, instance };
    const leaf = entity.key.$case === 'certificate' ? entity.key.certificate : undefined;
    const claims = leaf ? certificateClaims(leaf) : {};
    const identity = signer.identity?.subjectAlternativeName;
    const issuer = claims.issuer ?? signer.identity?.extensions?.issuer;
    const facts = {
        keySigned,
        signerIdentity: identity,
        issuer,
        claims: { ...claims, issuer },
        logIndex,
        signingTime,
        predicateType,
        instance,
    };
    if (!namesSigner(policy)) {
        throw new ArtifactError(`no signer policy: the bundle is signed by ${identity ?? '(no identity)'}; set certificate-identity, certificate-identity-regexp or source-repository`);
    }
    const violations = policyViolations(policy, { identity, claims: facts.claims });
    if (violations.length > 0)
        throw new ArtifactError(violations.join('; '));
    return facts;
}

;// CONCATENATED MODULE: ./src/verify/subject.ts
/** Turning what the user named (a path or a `sha256:` digest) into a Subject. */




const subject_DIGEST = /^sha256:([0-9a-fA-F]*)$/;
/** True when the text looks like a digest argument (`sha256:...`), valid or not. */
function looksLikeDigest(text) {
    return /^sha256:/i.test(text);
}
/** A digest subject from `sha256:<64 hex>`; anything else starting with `sha256:` is refused. */
function digestSubject(text) {
    const m = subject_DIGEST.exec(text);
    if (!m || m[1]?.length !== 64) {
        throw new ArtifactError(`'${text}' is not a digest: write sha256: followed by exactly 64 hex characters`);
    }
    return { label: text, digests: { sha256: m[1].toLowerCase() } };
}
/** A file subject, hashed (streamed) unless digests are given. */
async function fileSubject(path, label = path, digests) {
    let size;
    try {
        const info = await (0,promises_.stat)(path);
        if (!info.isFile())
            throw new Error('not a regular file');
        size = info.size;
    }
    catch (error) {
        throw new ArtifactError(`cannot read ${label}: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    if (digests?.sha256)
        return { label, path, size, digests };
    try {
        return { label, path, size, digests: await hashFileHere(path, ['sha256']) };
    }
    catch (error) {
        throw new ArtifactError(`cannot read ${label}: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}
/** The conformance rule: a digest when it has the digest form and is not an existing path. */
async function subjectFromArgument(text) {
    let exists = false;
    try {
        await (0,promises_.stat)(text);
        exists = true;
    }
    catch {
        exists = false;
    }
    if (!exists && looksLikeDigest(text))
        return digestSubject(text);
    return fileSubject(text);
}

;// CONCATENATED MODULE: ./src/verify/keys.ts
/** The user's public key for key-signed bundles (`key` / `--key`). */



const ALLOWED_CURVES = new Set(['prime256v1', 'secp384r1']);
/** Reads a PEM public key: ECDSA P-256/P-384, Ed25519 or RSA (at least 2048 bits). */
function parsePublicKey(pem, source) {
    let key;
    try {
        key = (0,external_node_crypto_.createPublicKey)({ key: pem, format: 'pem' });
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`Key ${source} is not a PEM public key: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    const type = key.asymmetricKeyType;
    const details = key.asymmetricKeyDetails ?? {};
    if (type === 'ec' && details.namedCurve && ALLOWED_CURVES.has(details.namedCurve))
        return key;
    if (type === 'ed25519')
        return key;
    if (type === 'rsa' && (details.modulusLength ?? 0) >= 2048)
        return key;
    throw new errors/* ConfigurationError */.j1(`Key ${source} is ${type ?? 'unknown'}${details.namedCurve ? ` (${details.namedCurve})` : ''}${details.modulusLength ? ` (${details.modulusLength} bits)` : ''}: use ECDSA P-256/P-384, Ed25519 or RSA of at least 2048 bits.`);
}
async function loadPublicKey(path) {
    let pem;
    try {
        pem = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`Cannot read key ${path}: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    return parsePublicKey(pem, path);
}

;// CONCATENATED MODULE: ./src/verify/conformance.ts
/** One bundle, one subject, one identity or key: what `secure-deploy verify-bundle` runs. */








async function verifySingleBundle(request) {
    try {
        const thresholds = validateThresholds(request.thresholds ?? {}, request.warn);
        const key = request.key ? await loadPublicKey(request.key) : undefined;
        const roots = await loadTrustRoots({
            ...(request.trustedRoot ? { trustedRoot: request.trustedRoot } : {}),
            offline: request.offline,
            thresholds,
            ...(key ? { key } : {}),
            warn: request.warn,
        });
        const ctx = { roots, key };
        const subject = await subjectFromArgument(request.subject);
        const bundles = await readBundleFile(request.bundle);
        if (bundles.length !== 1 || !bundles[0]) {
            return { ok: false, message: `${request.bundle} holds ${bundles.length} bundles; verify-bundle takes one` };
        }
        const facts = await verifyBundle(bundles[0], subject, ctx, {
            certificateIdentity: request.certificateIdentity,
            certificateOidcIssuer: request.certificateOidcIssuer,
        });
        const who = facts.keySigned ? 'the given key' : `${facts.signerIdentity ?? '?'} (${facts.issuer ?? '?'})`;
        const legacy = bundles[0].legacy ? ', legacy cosign bundle' : '';
        const instance = facts.instance === 'github' ? ", GitHub's Sigstore instance" : '';
        return { ok: true, message: `${subject.label} signed by ${who}${instance}${legacy}` };
    }
    catch (error) {
        if (error instanceof UnexpectedArtifactError) {
            // Refused (fail closed), but a probable bug rather than a verdict: verify-bundle exits 2 for it.
            return { ok: false, unexpected: true, message: `${request.subject}: ${error.message}` };
        }
        if (error instanceof ArtifactError || (0,errors/* isConfigurationError */.p0)(error)) {
            return { ok: false, message: `${request.subject}: ${error.message}` };
        }
        return { ok: false, unexpected: true, message: `${request.subject}: unexpected error: ${(0,errors/* errorMessage */.gJ)(error)}` };
    }
}

// EXTERNAL MODULE: ./src/core/concurrency.ts
var concurrency = __webpack_require__(8904);
// EXTERNAL MODULE: ./node_modules/snappyjs/index.js
var snappyjs = __webpack_require__(4528);
;// CONCATENATED MODULE: ./src/verify/snappy.ts
/**
 * Snappy decompression for attestation bundles served by reference: the block format (what
 * GitHub's blob storage serves as `application/x-snappy`), and the framing format
 * (https://github.com/google/snappy/blob/main/framing_format.txt) whose chunks carry masked
 * CRC-32C checksums. The block decoding itself is snappyjs; this module checks the declared length
 * against a cap before anything is allocated, and reads the framing around it.
 */


/** A body that cannot be decoded, or would decode to more than the cap. */
class SnappyError extends Error {
    name = 'SnappyError';
}
/** The framing format's stream identifier chunk: type 0xff, length 6, "sNaPpY". */
const FRAMED_MAGIC = Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59]);
/** Chunks of the framing format hold at most this much uncompressed data (framing_format.txt 4.2). */
const MAX_FRAME_DATA = 65536;
/**
 * The uncompressed length a snappy block declares in its preamble (a little-endian base-128
 * varint of at most 32 bits), and the preamble's size.
 */
function declaredLength(block) {
    let length = 0;
    for (let i = 0; i < 5 && i < block.length; i++) {
        const byte = block[i] ?? 0;
        length += (byte & 0x7f) * 2 ** (7 * i);
        if (byte < 0x80) {
            if (length > 0xffffffff)
                break;
            return { length, headerBytes: i + 1 };
        }
    }
    throw new SnappyError('the snappy block has no valid length preamble');
}
/** Decodes one snappy block, refusing one that declares more than `maxBytes` before allocating. */
function decodeBlock(block, maxBytes) {
    const { length } = declaredLength(block);
    if (length > maxBytes) {
        throw new SnappyError(`the snappy data declares ${length} bytes uncompressed, over the ${maxBytes}-byte limit`);
    }
    let out;
    try {
        out = (0,snappyjs/* uncompress */.k)(Buffer.from(block.buffer, block.byteOffset, block.byteLength), maxBytes);
    }
    catch (error) {
        throw new SnappyError(`the snappy data is malformed (${(0,errors/* errorMessage */.gJ)(error)})`);
    }
    // snappyjs does not report a stream that decodes to fewer bytes than declared (the rest stays
    // zero); the JSON parse that follows refuses such a body.
    return out;
}
const CRC32C_TABLE = (() => {
    const table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
        let c = n;
        // Castagnoli polynomial, reflected.
        for (let k = 0; k < 8; k++)
            c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
        table[n] = c >>> 0;
    }
    return table;
})();
/** CRC-32C (Castagnoli), as the framing format uses it; `crc32c("123456789") === 0xe3069283`. */
function crc32c(data) {
    let crc = 0xffffffff;
    for (const byte of data)
        crc = (CRC32C_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
}
/** The framing format's masked checksum: rotate right by 15, add 0xa282ead8 (framing_format.txt 3). */
function maskedCrc32c(data) {
    const crc = crc32c(data);
    return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}
/** Decodes a snappy framed stream; every data chunk's checksum is verified, the total is capped. */
function decodeFramed(stream, maxBytes) {
    const data = Buffer.from(stream.buffer, stream.byteOffset, stream.byteLength);
    if (!data.subarray(0, FRAMED_MAGIC.length).equals(FRAMED_MAGIC)) {
        throw new SnappyError('the snappy stream does not start with the stream identifier');
    }
    const parts = [];
    let total = 0;
    let pos = 0;
    while (pos < data.length) {
        if (pos + 4 > data.length)
            throw new SnappyError('the snappy stream ends inside a chunk header');
        const type = data[pos] ?? 0;
        const length = data.readUIntLE(pos + 1, 3);
        const start = pos + 4;
        const end = start + length;
        if (end > data.length)
            throw new SnappyError(`the snappy stream's chunk at byte ${pos} is cut short`);
        const body = data.subarray(start, end);
        pos = end;
        if (type === 0xff) {
            if (!body.equals(FRAMED_MAGIC.subarray(4)))
                throw new SnappyError('the snappy stream identifier is corrupt');
            continue;
        }
        if (type === 0x00 || type === 0x01) {
            if (body.length < 4)
                throw new SnappyError(`the snappy stream's chunk at byte ${start - 4} has no checksum`);
            const expected = body.readUInt32LE(0);
            const payload = body.subarray(4);
            let chunk;
            if (type === 0x00) {
                chunk = decodeBlock(payload, Math.min(MAX_FRAME_DATA, maxBytes - total));
            }
            else {
                if (payload.length > MAX_FRAME_DATA)
                    throw new SnappyError('an uncompressed chunk is over 65536 bytes');
                chunk = payload;
            }
            if (total + chunk.length > maxBytes) {
                throw new SnappyError(`the snappy stream decodes to more than the ${maxBytes}-byte limit`);
            }
            if (maskedCrc32c(chunk) !== expected) {
                throw new SnappyError(`the snappy stream's chunk at byte ${start - 4} fails its CRC-32C check`);
            }
            parts.push(chunk);
            total += chunk.length;
            continue;
        }
        // 0x02-0x7f are reserved unskippable chunks; 0x80-0xfe (padding included) are skippable.
        if (type < 0x80)
            throw new SnappyError(`the snappy stream has a reserved unskippable chunk (type ${type})`);
    }
    return Buffer.concat(parts, total);
}

;// CONCATENATED MODULE: ./src/verify/bundle-url.ts
/**
 * Downloads an attestation's bundle from its `bundle_url`: GitHub's attestations API answers
 * `"bundle": null` with a pre-signed blob-storage URL serving the bundle snappy-compressed
 * (`application/x-snappy`). gh does the same (cli/cli pkg/cmd/attestation/api/client.go,
 * `fetchBundleFromAttestations` / `getBundle`: a separate HTTP client for non-API hosts, snappy
 * block decoding, 5xx answers retried with a constant back-off up to three times).
 *
 * What this adds to gh's fetch:
 * - no credential of any kind: a plain `fetch` (never the Octokit client), no Authorization header,
 *   no cookies; the URL is pre-signed, so the GitHub token would only leak to the blob host;
 * - redirects are refused (`redirect: 'manual'`, then a 3xx is a failure): the pre-signed URL is
 *   served directly, and a redirect would send us to a host GitHub did not name;
 * - `https:` only (plain `http:` only on a loopback host, for local emulators), no user:password;
 * - a time limit per attempt, bounded retries of transient failures (network errors, time-outs,
 *   429 and 5xx), and a time budget for all of a run's downloads (DownloadBudget): 100 URLs that
 *   never answer would otherwise hold a run for 100 × 4 attempts × 30 s / 4 at a time ≈ 50 minutes;
 *   once the budget is spent, the downloads still running are aborted and the rest are not
 *   started, each failing closed with that reason;
 * - the compressed size capped while reading (Content-Length first), the uncompressed size capped
 *   from the snappy preamble before anything is allocated (decodeBlock);
 * - the snappy framing format and plain JSON are read too (by content type and magic bytes).
 * Error messages name the URL without its query string: that holds the pre-signed signature.
 */




/** Default time budget for all of one run's bundle downloads: 5 minutes (SECURE_DEPLOY_DOWNLOAD_BUDGET_MS). */
const DEFAULT_DOWNLOAD_BUDGET_MS = 5 * 60_000;
/**
 * A time budget shared by the downloads of one run, started by the first download. Once spent, a
 * download under way is aborted and no further one starts: each fails closed, naming the budget.
 */
class DownloadBudget {
    ms;
    #signal;
    /** `signal` (for tests): ends the budget when aborted, instead of a timer of `ms`. */
    constructor(ms, signal) {
        this.ms = ms;
        this.#signal = signal;
    }
    /** The budget from SECURE_DEPLOY_DOWNLOAD_BUDGET_MS, else the default. */
    static fromEnvironment() {
        const value = process.env.SECURE_DEPLOY_DOWNLOAD_BUDGET_MS;
        const ms = value && /^\d{1,8}$/.test(value) && Number(value) > 0 ? Number(value) : DEFAULT_DOWNLOAD_BUDGET_MS;
        return new DownloadBudget(ms);
    }
    /** Aborts when the budget is spent; the clock starts at the first call. */
    get signal() {
        this.#signal ??= AbortSignal.timeout(this.ms);
        return this.#signal;
    }
    get spent() {
        return this.#signal?.aborted ?? false;
    }
    get reason() {
        return `the run's time budget for downloading attestation bundles (${this.ms / 1000} s, SECURE_DEPLOY_DOWNLOAD_BUDGET_MS) is spent; refused`;
    }
}
/** A download that failed; `transient` ones are retried. */
class DownloadError extends Error {
    name = 'DownloadError';
    transient;
    constructor(message, transient = false) {
        super(message);
        this.transient = transient;
    }
}
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** The URL without query or fragment: what a message may show (the query is the pre-signed signature). */
function displayUrl(raw) {
    try {
        const u = new URL(raw);
        return `${u.origin}${u.pathname}`;
    }
    catch {
        return '(not a URL)';
    }
}
/** Checks a bundle_url before anything is sent to it. */
function checkBundleUrl(raw) {
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        throw new DownloadError('bundle_url is not a URL');
    }
    if (url.username || url.password)
        throw new DownloadError('bundle_url carries a user name or password; refused');
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
        throw new DownloadError(`bundle_url ${displayUrl(raw)} is not https; refused`);
    }
    return url;
}
function envTimeout() {
    const value = process.env.SECURE_DEPLOY_BUNDLE_TIMEOUT_MS;
    return value && /^\d{1,7}$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Reads a response body, stopping as soon as it passes `maxBytes`. */
async function readCapped(response, maxBytes) {
    const declared = response.headers.get('content-length');
    if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        throw new DownloadError(`the bundle is ${declared} bytes, over the ${maxBytes}-byte limit`);
    }
    if (!response.body)
        return Buffer.alloc(0);
    const reader = response.body.getReader();
    const chunks = [];
    let total = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            break;
        total += value.byteLength;
        if (total > maxBytes) {
            await reader.cancel().catch(() => undefined);
            throw new DownloadError(`the bundle is over the ${maxBytes}-byte limit`);
        }
        chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    }
    return Buffer.concat(chunks, total);
}
function looksLikeJson(body) {
    for (const byte of body) {
        if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d)
            continue;
        return byte === 0x7b;
    }
    return false;
}
/**
 * The bundle JSON in a downloaded body: snappy framed (by its stream identifier), plain JSON (by
 * a JSON content type, or no snappy content type and a body that starts with `{`), else a snappy
 * block. A snappy block can itself start with `{` (a 123-byte payload), so the content type wins.
 */
function decodeBundleBody(body, contentType, maxBytes) {
    const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    let text;
    try {
        if (body.subarray(0, FRAMED_MAGIC.length).equals(FRAMED_MAGIC))
            text = decodeFramed(body, maxBytes);
        else if (type === 'application/json' || (!type.includes('snappy') && looksLikeJson(body)))
            text = body;
        else
            text = decodeBlock(body, maxBytes);
    }
    catch (error) {
        if (error instanceof SnappyError)
            throw new DownloadError(error.message);
        throw error;
    }
    try {
        return JSON.parse(text.toString('utf8'));
    }
    catch (error) {
        throw new DownloadError(`the downloaded bundle is not valid JSON (${(0,errors/* errorMessage */.gJ)(error)})`);
    }
}
async function attempt(url, options, f) {
    const budget = options.budget;
    const perAttempt = AbortSignal.timeout(options.timeoutMs);
    const signal = budget ? AbortSignal.any([perAttempt, budget.signal]) : perAttempt;
    let response;
    try {
        response = await f(url, {
            method: 'GET',
            // Nothing but what a blob host needs: no Authorization, no cookies, no redirects.
            headers: { accept: 'application/x-snappy, application/json;q=0.9', 'user-agent': github/* USER_AGENT */._O },
            credentials: 'omit',
            redirect: 'manual',
            signal,
        });
    }
    catch (error) {
        if (budget?.spent)
            throw new DownloadError(budget.reason);
        const timedOut = error.name === 'TimeoutError';
        throw new DownloadError(timedOut
            ? `no answer within ${options.timeoutMs} ms`
            : `request failed (${(0,errors/* errorMessage */.gJ)(error.cause ?? error)})`, true);
    }
    if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get('location');
        let target;
        try {
            target = location ? displayUrl(new URL(location, url).toString()) : '(no location)';
        }
        catch {
            throw new DownloadError(`it answered ${response.status}; redirects are refused (unparseable location)`);
        }
        throw new DownloadError(`it answered ${response.status} redirecting to ${target}; redirects are refused`);
    }
    if (response.status !== 200) {
        await response.body?.cancel().catch(() => undefined);
        const transient = response.status >= 500 || response.status === 429;
        throw new DownloadError(`it answered ${response.status}`, transient);
    }
    let body;
    try {
        body = await readCapped(response, options.maxBytes);
    }
    catch (error) {
        if (error instanceof DownloadError)
            throw error;
        if (budget?.spent)
            throw new DownloadError(budget.reason);
        const timedOut = error.name === 'TimeoutError';
        throw new DownloadError(timedOut
            ? `the body did not arrive within ${options.timeoutMs} ms`
            : `reading it failed (${(0,errors/* errorMessage */.gJ)(error)})`, true);
    }
    return decodeBundleBody(body, response.headers.get('content-type') ?? '', options.maxBytes);
}
/** Downloads and decodes one bundle; throws DownloadError with the reason (never the URL's query). */
async function downloadBundle(raw, options = {}) {
    const url = checkBundleUrl(raw);
    const settings = {
        timeoutMs: options.timeoutMs ?? envTimeout() ?? 30_000,
        retries: options.retries ?? 3,
        retryDelayMs: options.retryDelayMs ?? 200,
        maxBytes: options.maxBytes ?? MAX_BUNDLE_BYTES,
        ...(options.budget ? { budget: options.budget } : {}),
    };
    const f = options.fetch ?? fetch;
    for (let n = 0;; n++) {
        try {
            if (options.budget?.spent)
                throw new DownloadError(options.budget.reason);
            return await attempt(url, settings, f);
        }
        catch (error) {
            const transient = error instanceof DownloadError && error.transient;
            if (!transient || n >= settings.retries) {
                const tries = n > 0 ? ` (after ${n + 1} attempts)` : '';
                throw new DownloadError(`downloading ${displayUrl(raw)} failed: ${(0,errors/* errorMessage */.gJ)(error)}${tries}`);
            }
            await sleep(settings.retryDelayMs * (n + 1));
        }
    }
}

;// CONCATENATED MODULE: ./src/verify/attestations.ts
/**
 * GitHub artifact attestations, fetched by digest from a repository's or an organization's endpoint.
 *
 * As gh does (cli/cli pkg/cmd/attestation/api/client.go, `getAttestations`): pages following the
 * `Link` header's `next` cursor (`after`) until `limit` attestations are collected (at most 1000,
 * gh's maxLimitForFlag). The default limit is 100 rather than gh's 30, in pages of 30: one page of
 * CI builds attesting the same bytes must not hide the release's attestation behind it (each
 * bundle is one download whatever the page size, so pages of 30 cost one API request more per 30
 * attestations, and the common case of one or two is a single request). Only the cursor is taken from
 * the link: the next request goes to the same endpoint through the same client, never to a URL
 * the answer names (the client would send the token there). An attestation whose `bundle` is
 * null is downloaded from its `bundle_url` without any credential (bundle-url.ts).
 */






const DEFAULT_ATTESTATIONS_LIMIT = 100;
const MAX_ATTESTATIONS_LIMIT = 1000;
const PAGE_SIZE = 30;
function attestations_isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** Checks an `attestations-limit` value: a whole number from 1 to 1000. */
function checkLimit(limit) {
    const value = limit ?? DEFAULT_ATTESTATIONS_LIMIT;
    if (!Number.isSafeInteger(value) || value < 1 || value > MAX_ATTESTATIONS_LIMIT) {
        throw new ArtifactError(`the attestations limit must be a whole number from 1 to ${MAX_ATTESTATIONS_LIMIT}`);
    }
    return value;
}
/** The `after` cursor of a `Link` header's `rel="next"` entry, if any. */
function nextCursor(link) {
    if (!link)
        return undefined;
    for (const part of link.split(',')) {
        const m = /<([^>]*)>\s*;\s*rel="?next"?/.exec(part.trim());
        if (!m?.[1])
            continue;
        try {
            return new URL(m[1]).searchParams.get('after') ?? undefined;
        }
        catch {
            return undefined;
        }
    }
    return undefined;
}
function listed(data, where) {
    if (!attestations_isRecord(data) || !Array.isArray(data.attestations)) {
        throw new ArtifactError(`${where} answered without an 'attestations' list`);
    }
    return data.attestations.map((item) => {
        const record = attestations_isRecord(item) ? item : {};
        return {
            bundle: record.bundle,
            ...(typeof record.bundle_url === 'string' && record.bundle_url !== '' ? { bundleUrl: record.bundle_url } : {}),
            ...(typeof record.initiator === 'string' ? { initiator: record.initiator } : {}),
        };
    });
}
/** The bundle of one attestation: inline when GitHub sent it, else downloaded from its bundle_url. */
async function loadOne(item, source, download) {
    if (attestations_isRecord(item.bundle))
        return bundleFromValue(item.bundle, source);
    if (!item.bundleUrl)
        throw new ArtifactError(`${source} has neither a bundle nor a bundle_url`);
    let json;
    try {
        json = await downloadBundle(item.bundleUrl, download);
    }
    catch (error) {
        throw new ArtifactError(`${source}: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    return bundleFromValue(json, source);
}
/** Turns listed attestations into bundles and per-attestation failures (downloads four at a time). */
async function loadAttestations(items, where, download) {
    const settled = await (0,concurrency/* mapLimit */.s)(items, 4, async (item, i) => {
        const source = `attestation ${i + 1} from ${where}`;
        try {
            return { bundle: await loadOne(item, source, download) };
        }
        catch (error) {
            if (!(error instanceof ArtifactError))
                throw error;
            return { failure: error.message };
        }
    });
    return {
        bundles: settled.flatMap((s) => (s.bundle ? [s.bundle] : [])),
        failures: settled.flatMap((s) => (s.failure ? [s.failure] : [])),
    };
}
function attestationSource(client, scope) {
    const limit = checkLimit(scope.limit);
    // One time budget for every download this source makes in the run (bundle-url.ts, DownloadBudget).
    const download = {
        ...scope.download,
        budget: scope.download?.budget ?? DownloadBudget.fromEnvironment(),
    };
    return async (digest) => {
        const params = {
            subject_digest: digest,
            per_page: Math.min(limit, PAGE_SIZE),
            predicate_type: scope.predicateType || undefined,
        };
        let where;
        let page;
        if (scope.owner) {
            const org = scope.owner;
            where = `organization ${org}`;
            page = (after) => client.request('GET /orgs/{org}/attestations/{subject_digest}', { org, ...params, after });
        }
        else {
            const [owner = '', repo = ''] = (scope.repository ?? '').split('/');
            if (!owner || !repo) {
                throw new ArtifactError(`cannot fetch attestations: 'attestations-repository' must be owner/repo, not '${scope.repository ?? ''}'`);
            }
            where = `repository ${owner}/${repo}`;
            page = (after) => client.request('GET /repos/{owner}/{repo}/attestations/{subject_digest}', { owner, repo, ...params, after });
        }
        const items = [];
        let after;
        // A cursor seen before (one that does not move, or cursors that alternate over empty pages)
        // would loop forever: the walk stops at the first repeat.
        const seen = new Set();
        try {
            do {
                const { data, headers } = await page(after);
                const next = nextCursor(typeof headers.link === 'string' ? headers.link : undefined);
                items.push(...listed(data, where));
                if (next !== undefined && seen.has(next))
                    break;
                if (next !== undefined)
                    seen.add(next);
                after = next;
            } while (after !== undefined && items.length < limit);
        }
        catch (error) {
            if (error instanceof ArtifactError)
                throw error;
            // GitHub answers 404 when nothing is attested for the digest.
            if (error.status === 404 && items.length === 0)
                return { bundles: [], failures: [] };
            const explained = (0,github/* explainGitHubError */.Pm)(error, `reading attestations for ${digest} in ${where}`, 'attestations: read');
            throw new ArtifactError((0,errors/* errorMessage */.gJ)(explained));
        }
        const wanted = items
            .slice(0, limit)
            .filter((item) => scope.initiator === undefined || item.initiator === scope.initiator);
        return loadAttestations(wanted, where, download);
    };
}

;// CONCATENATED MODULE: ./src/verify/github-instance.ts
/**
 * Which GitHub serves the API, for artifact attestations: github.com; GitHub Enterprise Cloud with
 * data residency (GHE.com, `<tenant>.ghe.com`), whose attestations are signed under the tenant's
 * own trust domain; or GitHub Enterprise Server, where gh refuses attestations altogether
 * (cli/cli pkg/cmd/attestation/auth/host.go: "gh attestation does not currently support GHES").
 */


/** The kind of GitHub an API URL belongs to (as go-gh's IsTenancy / IsEnterprise decide by host name). */
function githubKind(apiUrl) {
    let host;
    try {
        host = new URL(apiUrl).hostname.toLowerCase();
    }
    catch {
        return 'server';
    }
    if (host === 'api.github.com' || host === 'github.com')
        return 'dotcom';
    if (host === 'ghe.com' || host.endsWith('.ghe.com'))
        return 'tenancy';
    return 'server';
}
async function meta(client) {
    const { data } = await client.request('GET /meta');
    const answer = data;
    return answer;
}
/**
 * GHE.com: the trust domain `GET /meta` reports in `domains.artifact_attestations.trust_domain`, as
 * gh reads it (cli/cli pkg/cmd/attestation/api/client.go, GetTrustDomain; used by `gh attestation
 * verify` and `trusted-root` when the host is a tenancy). Undefined on github.com and GHES.
 */
async function attestationTrustDomain(client, apiUrl) {
    if (githubKind(apiUrl) !== 'tenancy')
        return undefined;
    let answer;
    try {
        answer = await meta(client);
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`Cannot read the artifact-attestation trust domain of ${apiUrl} (GET /meta): ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    const domain = answer.domains?.artifact_attestations?.trust_domain;
    if (typeof domain !== 'string' || !/^[a-z0-9][a-z0-9-]*$/i.test(domain)) {
        throw new errors/* ConfigurationError */.j1(`${apiUrl} (GHE.com) reports no artifact-attestation trust domain in GET /meta (domains.artifact_attestations.trust_domain): pass the tenant's trusted root with 'trusted-root' (\`gh attestation trusted-root\` prints it).`);
    }
    return domain;
}
/**
 * On GitHub Enterprise Server, an empty answer usually means the server has no attestations API:
 * say so (with the version `GET /meta` reports as `installed_version`, which only GHES sends)
 * instead of "no signature found".
 */
function withServerCheck(source, client, apiUrl) {
    if (githubKind(apiUrl) !== 'server')
        return source;
    let version;
    return async (sha256) => {
        const found = await source(sha256);
        if (found.bundles.length > 0 || found.failures.length > 0)
            return found;
        version ??= meta(client).then((m) => (typeof m.installed_version === 'string' ? m.installed_version : undefined), () => undefined);
        const installed = await version;
        if (installed === undefined)
            return found;
        throw new ArtifactError(`GitHub Enterprise Server ${installed} (${new URL(apiUrl).host}) returned no artifact attestations: attestations are not available on GitHub Enterprise Server versions without the attestations API (gh attestation does not support GHES either). Give the signature bundles as files with 'bundles' instead.`);
    };
}

;// CONCATENATED MODULE: ./src/verify/release.ts
/**
 * GitHub release attestations (immutable releases): an artifact is an asset of release `tag` when
 * GitHub's own release attestation says so. Checked as `gh release verify-asset` does (cli/cli
 * pkg/cmd/release/verify-asset/verify_asset.go and pkg/cmd/release/shared/attestation.go):
 * - the tag is resolved to its commit (GET /repos/{o}/{r}/git/ref/tags/{tag}; gh's FetchRefSHA),
 *   an annotated tag peeled to the commit it points at;
 * - the attestations of `sha1:<commit>` (sha256 for SHA-256 repositories: gh's DigestAlgForRef)
 *   with predicate type `release` and initiator `github` are fetched (gh: PredicateType "release",
 *   Initiator "github");
 * - the one whose predicate names this tag, and whose subjects name the artifact's sha256
 *   (FilterAttestationsByTag, FilterAttestationsByFileDigest), must verify with the signer identity
 *   `https://<trust domain>.releases.github.com` exactly: `dotcom` on github.com, a GHE.com tenant's
 *   trust domain from `GET /meta` (gh's buildVerificationPolicy: SAN matcher
 *   `^https://%s\.releases\.github\.com$` with the trust domain of GetTrustDomain, "dotcom" when
 *   empty; any issuer: the certificate carries none), its predicate type
 *   `https://in-toto.io/attestation/release/v0.1`, and a subject with the tag's commit digest (gh's
 *   artifact digest policy is the release ref digest);
 * - only from GitHub's Sigstore instance (or another root the user gives): gh verifies release
 *   attestations with `NoPublicGood: true`, which refuses a public-good certificate;
 * - on GitHub Enterprise Server, an empty answer says that attestations are not available there
 *   (withServerCheck, as for `attestations`).
 */







/** The certificate identity of GitHub's release attestations on github.com (trust domain `dotcom`). */
const RELEASE_SIGNER = 'https://dotcom.releases.github.com';
/** The release signer for a trust domain (GHE.com: the tenant's, from GET /meta; else `dotcom`), as gh builds it. */
function releaseSigner(trustDomain) {
    return `https://${trustDomain || 'dotcom'}.releases.github.com`;
}
const RELEASE_INITIATOR = 'github';
function release_isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** The commit a tag points at: the ref's object, peeled when it is an annotated tag. */
async function tagCommit(client, owner, repo, tag) {
    const doing = `resolving tag ${tag} in ${owner}/${repo}`;
    try {
        const { data } = await client.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
            owner,
            repo,
            ref: `tags/${tag}`,
        });
        let object = data.object;
        // An annotated tag's ref names the tag object; a tag may point at another tag (bounded).
        for (let depth = 0; depth < 5 && release_isRecord(object) && object.type === 'tag'; depth++) {
            const { data: tagObject } = await client.request('GET /repos/{owner}/{repo}/git/tags/{tag_sha}', {
                owner,
                repo,
                tag_sha: String(object.sha),
            });
            object = tagObject.object;
        }
        if (!release_isRecord(object) || object.type !== 'commit' || typeof object.sha !== 'string') {
            throw new ArtifactError(`tag ${tag} in ${owner}/${repo} does not point at a commit`);
        }
        return object.sha.toLowerCase();
    }
    catch (error) {
        if (error instanceof ArtifactError)
            throw error;
        if (error.status === 404) {
            throw new ArtifactError(`release tag ${tag} does not exist in ${owner}/${repo} (or the token cannot see it)`);
        }
        throw new ArtifactError((0,errors/* errorMessage */.gJ)((0,github/* explainGitHubError */.Pm)(error, doing, 'contents: read')));
    }
}
function releaseSource(client, scope) {
    let memo;
    return () => {
        memo ??= (async () => {
            const [owner = '', repo = '', extra] = scope.repository.split('/');
            if (!owner || !repo || extra !== undefined) {
                throw new ArtifactError(`'release' needs the repository as owner/repo, not '${scope.repository}'`);
            }
            const apiUrl = scope.apiUrl ?? 'https://api.github.com';
            // GHE.com signs release attestations under the tenant's trust domain (undefined elsewhere: dotcom).
            const signer = releaseSigner(await attestationTrustDomain(client, apiUrl));
            const commit = await tagCommit(client, owner, repo, scope.tag);
            const commitDigest = `${commit.length === 64 ? 'sha256' : 'sha1'}:${commit}`;
            const source = withServerCheck(attestationSource(client, {
                repository: `${owner}/${repo}`,
                predicateType: 'release',
                initiator: RELEASE_INITIATOR,
                ...(scope.limit !== undefined ? { limit: scope.limit } : {}),
                ...(scope.download ? { download: scope.download } : {}),
            }), client, apiUrl);
            const fetched = await source(commitDigest);
            return { tag: scope.tag, repository: `${owner}/${repo}`, commitDigest, fetched, signer };
        })();
        return memo;
    };
}
/** The statement of a DSSE bundle, parsed; undefined when it is not one. */
function statementOf(loaded) {
    const content = loaded.bundle.content;
    if (content.$case !== 'dsseEnvelope')
        return undefined;
    try {
        const statement = JSON.parse(Buffer.from(content.dsseEnvelope.payload).toString('utf8'));
        return release_isRecord(statement) ? statement : undefined;
    }
    catch {
        return undefined;
    }
}
function namesDigest(statement, alg, hex) {
    const subjects = Array.isArray(statement.subject) ? statement.subject : [];
    return subjects.some((s) => {
        const digest = release_isRecord(s) && release_isRecord(s.digest) ? s.digest : {};
        return typeof digest[alg] === 'string' && digest[alg].toLowerCase() === hex;
    });
}
/**
 * Verifies that `subject` is an asset of the release: some release attestation for the tag names
 * its sha256 and verifies under the release signer's policy. Throws ArtifactError with every reason.
 */
async function verifyReleaseAsset(release, subject, ctx) {
    const sha256 = subject.digests.sha256;
    const where = `release ${release.tag} of ${release.repository}`;
    if (!sha256)
        throw new ArtifactError(`${where}: the artifact has no sha256 digest`);
    const [commitAlg = 'sha1', commitHex = ''] = release.commitDigest.split(':');
    const { bundles, failures } = release.fetched;
    const forTag = bundles.filter((b) => {
        const predicate = statementOf(b)?.predicate;
        return release_isRecord(predicate) && predicate.tag === release.tag;
    });
    const candidates = forTag.filter((b) => {
        const statement = statementOf(b);
        return statement !== undefined && namesDigest(statement, 'sha256', sha256);
    });
    if (candidates.length === 0) {
        const why = bundles.length === 0
            ? `GitHub has no release attestation for ${release.commitDigest} (is the release immutable, and published?)`
            : forTag.length === 0
                ? `no release attestation for ${release.commitDigest} names tag ${release.tag}`
                : `the release attestation does not name this artifact (sha256:${sha256}): it is not an asset of the release`;
        throw new ArtifactError([`${where}: ${why}`, ...failures].join('; '));
    }
    const reasons = [];
    for (const loaded of candidates) {
        try {
            const facts = await verifyBundle(loaded, subject, ctx, { certificateIdentity: release.signer ?? RELEASE_SIGNER, predicateType: RELEASE_PREDICATE_TYPE }, {
                refusePublicGood: 'GitHub signs release attestations with its own Sigstore instance, so one from public-good is refused (as `gh release verify-asset` does)',
            });
            // The same signed payload that was just verified must name the tag's commit (gh's digest policy).
            const statement = statementOf(loaded);
            if (!statement || !namesDigest(statement, commitAlg, commitHex)) {
                throw new ArtifactError(`the release attestation does not name the tag's commit ${release.commitDigest}`);
            }
            return facts;
        }
        catch (error) {
            if (!(error instanceof ArtifactError))
                throw error;
            reasons.push(`${loaded.source}: ${error.message}`);
        }
    }
    throw new ArtifactError([`${where}: ${reasons.join('; ')}`, ...failures].join('; '));
}

;// CONCATENATED MODULE: ./src/verify/artifacts.ts
/** Resolving the `artifacts` input: paths and globs, never outside the workspace. */



function inside(root, path) {
    const rel = (0,external_node_path_.relative)(root, path);
    return rel === '' || (!rel.startsWith(`..${external_node_path_.sep}`) && rel !== '..' && !(0,external_node_path_.isAbsolute)(rel));
}
/** Refuses a pattern that climbs out of the workspace (`..`, an absolute path elsewhere). */
function escapesWorkspace(workspace, pattern) {
    const absolute = (0,external_node_path_.isAbsolute)(pattern) ? (0,external_node_path_.normalize)(pattern) : (0,external_node_path_.resolve)(workspace, pattern);
    if (!inside((0,external_node_path_.resolve)(workspace), absolute))
        return true;
    return (0,external_node_path_.normalize)(pattern).split(/[\\/]/).includes('..');
}
/** Checks that a path, symlinks resolved, is inside the workspace; returns the real path. */
async function realPathInside(workspace, path) {
    const [root, real] = await Promise.all([(0,promises_.realpath)(workspace), (0,promises_.realpath)(path)]);
    if (!inside(root, real))
        throw new Error(`it resolves to ${real}, outside the workspace (a symlink?)`);
    return real;
}
async function resolvePattern(workspace, pattern) {
    if (escapesWorkspace(workspace, pattern)) {
        return { pattern, files: [], error: `'${pattern}' escapes the workspace ${workspace}` };
    }
    const root = await (0,promises_.realpath)(workspace);
    const files = [];
    const refused = [];
    const rel = (0,external_node_path_.isAbsolute)(pattern) ? (0,external_node_path_.relative)(workspace, pattern) : pattern;
    try {
        for await (const match of (0,promises_.glob)(rel.split(external_node_path_.sep).join('/'), { cwd: workspace })) {
            const abs = (0,external_node_path_.resolve)(workspace, match);
            let real;
            try {
                real = await (0,promises_.realpath)(abs);
            }
            catch (error) {
                refused.push(`${match}: ${(0,errors/* errorMessage */.gJ)(error)}`);
                continue;
            }
            if (!inside(root, real)) {
                refused.push(`${match} resolves to ${real}, outside the workspace (a symlink)`);
                continue;
            }
            const info = await (0,promises_.stat)(real);
            if (!info.isFile())
                continue;
            files.push({ path: real, name: (0,external_node_path_.relative)(workspace, abs).split(external_node_path_.sep).join('/'), size: info.size });
        }
    }
    catch (error) {
        return { pattern, files: [], error: `cannot expand '${pattern}': ${(0,errors/* errorMessage */.gJ)(error)}` };
    }
    if (refused.length > 0)
        return { pattern, files, error: refused.join('; ') };
    if (files.length === 0)
        return { pattern, files, error: `no file matches '${pattern}'` };
    files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { pattern, files };
}

;// CONCATENATED MODULE: ./src/verify/checksums.ts
/** Pinned checksums (`sha256sum` / `sha512sum` output): the compensating measure for unsigned artifacts. */



const BY_LENGTH = { 64: 'sha256', 96: 'sha384', 128: 'sha512' };
/** Parses `<hex>  <path>` / `<hex> *<path>` lines; the algorithm follows from the digest's length. */
function parseChecksums(text, source) {
    const out = [];
    text.split(/\r?\n/).forEach((raw, i) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            return;
        const m = /^([0-9a-fA-F]+) [ *](.+)$/.exec(line);
        const algorithm = m?.[1] ? BY_LENGTH[m[1].length] : undefined;
        if (!m?.[1] || !m[2] || !algorithm) {
            throw new errors/* ConfigurationError */.j1(`Checksums ${source}, line ${i + 1}: '${line}' is not '<sha256 or sha512 hex>  <path>' as sha256sum prints it.`);
        }
        out.push({ algorithm, hex: m[1].toLowerCase(), path: m[2].replace(/^\.\//, ''), line: i + 1 });
    });
    if (out.length === 0)
        throw new errors/* ConfigurationError */.j1(`Checksums ${source} has no entries.`);
    return out;
}
async function loadChecksums(path) {
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`Cannot read checksums file ${path}: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    return parseChecksums(text, path);
}
/** The entries for an artifact: by the path as given (or workspace-relative), else by base name. */
function checksumsFor(entries, names) {
    const wanted = names.map((n) => n.replace(/^\.\//, ''));
    const exact = entries.filter((e) => wanted.includes(e.path));
    if (exact.length > 0)
        return exact;
    const base = new Set(wanted.map((n) => (0,external_node_path_.basename)(n)));
    return entries.filter((e) => base.has((0,external_node_path_.basename)(e.path)));
}

;// CONCATENATED MODULE: ./src/trust/errors.ts

/**
 * A signature, key or certificate that the trust policy does not accept. It is a policy violation,
 * so it is reported like a configuration error: one clear message, no stack trace.
 * `reason` is the message without the artifact prefix, for result tables.
 */
class errors_TrustVerificationError extends errors/* ConfigurationError */.j1 {
    reason;
    constructor(reason, subject) {
        super(subject ? `${subject}: ${reason}` : reason);
        this.reason = reason;
    }
}
/** A registry or network failure while fetching what is to be verified: never a pass. */
class RegistryError extends errors/* ConfigurationError */.j1 {
}

// EXTERNAL MODULE: ./node_modules/openpgp/dist/node/openpgp.mjs
var openpgp = __webpack_require__(3074);
// EXTERNAL MODULE: ./src/trust/policy.ts + 1 modules
var trust_policy = __webpack_require__(8542);
;// CONCATENATED MODULE: ./src/trust/pgp.ts
/**
 * OpenPGP detached signatures for third-party releases, through `openpgp` v6. Keys come from the
 * policy's `openpgp` anchors and are pinned by full fingerprint; an expired or revoked key, or a
 * key (or subkey) without signing capability, is refused.
 */




/**
 * Verifies a detached OpenPGP signature (armored or binary) over `artifact` against the pinned
 * keys of `anchors`. Throws TrustVerificationError with the reason.
 */
async function verifyPgpSignature(artifact, signatureBytes, anchors, options = {}) {
    if (anchors.length === 0)
        throw new errors_TrustVerificationError('no OpenPGP key is trusted for this artifact; add an openpgp anchor to the policy rule');
    const now = options.now ?? new Date();
    let signature;
    try {
        const text = Buffer.from(signatureBytes.subarray(0, 64)).toString('latin1');
        signature = text.includes('-----BEGIN PGP SIGNATURE-----')
            ? await openpgp/* readSignature */.Bc({ armoredSignature: Buffer.from(signatureBytes).toString('utf8') })
            : await openpgp/* readSignature */.Bc({ binarySignature: signatureBytes });
    }
    catch (error) {
        throw new errors_TrustVerificationError(`the file is not an OpenPGP signature: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    if (!signature.packets.some((packet) => packet instanceof openpgp/* SignaturePacket */.Ju))
        throw new errors_TrustVerificationError('the file is not an OpenPGP signature: it holds no signature packet');
    const issuers = signature.getSigningKeyIDs();
    if (issuers.length === 0)
        throw new errors_TrustVerificationError('the OpenPGP signature names no issuer key');
    // Fingerprint pins are checked for every candidate anchor: a replaced key file is a failure.
    const keys = await Promise.all(anchors.map(async (anchor) => ({ anchor, key: await (0,trust_policy/* readPinnedKey */.qZ)(anchor) })));
    if (!keys.some(({ key }) => issuers.some((id) => key.getKeys(id).length > 0))) {
        throw new errors_TrustVerificationError(`the signature was made by key ${issuers.map((id) => id.toHex()).join(', ')}, which belongs to none of the pinned keys (${keys
            .map(({ anchor }) => `${anchor.id} ${anchor.fingerprint}`)
            .join(', ')})`);
    }
    // A detached signature file may carry several signatures by different keys (Debian's Release.gpg
    // carries one per archive key): it passes when any one of them is a valid signature by a pinned key.
    // One candidate per key ID: verifyOne tries every signature that key ID made.
    const distinct = issuers.filter((id, i) => issuers.findIndex((other) => other.equals(id)) === i);
    const candidates = keys.flatMap(({ anchor, key }) => distinct.filter((id) => key.getKeys(id).length > 0).map((issuer) => ({ anchor, key, issuer })));
    const reasons = [];
    for (const candidate of candidates) {
        try {
            return await verifyOne(artifact, signature, candidate, now);
        }
        catch (error) {
            if (!(error instanceof errors_TrustVerificationError))
                throw error;
            reasons.push(error.message);
        }
    }
    throw new errors_TrustVerificationError(reasons.join('; '));
}
/**
 * Checks the signatures `issuer` made, with the pinned key that holds it: it passes when one of them
 * verifies (a file may carry two by the same key, say a stale one and the current one).
 */
async function verifyOne(artifact, signature, candidate, now) {
    const { anchor, key, issuer } = candidate;
    const label = `OpenPGP key ${anchor.fingerprint} (${anchor.id})`;
    if (await key.isRevoked(undefined, undefined, now)) {
        throw new errors_TrustVerificationError(`${label} has been revoked by its owner; ask the publisher for their new key and review the anchor`);
    }
    const expiry = await key.getExpirationTime();
    if (expiry instanceof Date && expiry <= now) {
        throw new errors_TrustVerificationError(`${label} expired on ${expiry.toISOString()}; ask the publisher for a renewed key and review the anchor`);
    }
    try {
        await key.getSigningKey(issuer, now);
    }
    catch (error) {
        const purpose = await keyPurpose(key, issuer, now);
        if (purpose && !(purpose.flags & openpgp/* enums */.vP.keyFlags.signData)) {
            throw new errors_TrustVerificationError(`${label}: the ${purpose.role} ${issuer.toHex()} that made the signature is not a signing key: its key flags allow only ${flagNames(purpose.flags)}; a signature by it is refused`);
        }
        throw new errors_TrustVerificationError(`${label}: the key ${issuer.toHex()} that made the signature cannot be used for signing now (${(0,errors/* errorMessage */.gJ)(error)}): it is expired, revoked, or not a signing key`);
    }
    let created;
    try {
        const result = await openpgp/* verify */.MX({
            message: await openpgp/* createMessage */.oH({ binary: artifact }),
            signature,
            verificationKeys: key,
            expectSigned: true,
            format: 'binary',
            date: now,
        });
        // The result lists every signature in the file; only this key's are checked here.
        const mine = result.signatures.filter((s) => s.keyID.equals(issuer));
        if (mine.length === 0)
            throw new Error('no signature by this key');
        const failures = [];
        let verified = false;
        for (const one of mine) {
            try {
                await one.verified;
                const packet = await one.signature;
                created = packet.packets[0]?.created ?? undefined;
                verified = true;
                break;
            }
            catch (error) {
                const reason = (0,errors/* errorMessage */.gJ)(error);
                if (!failures.includes(reason))
                    failures.push(reason);
            }
        }
        if (!verified)
            throw new Error(failures.join('; '));
    }
    catch (error) {
        throw new errors_TrustVerificationError(`the OpenPGP signature does not verify over the artifact with ${label} (the artifact was modified, or the signature is for something else): ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    return {
        anchorId: anchor.id,
        fingerprint: anchor.fingerprint,
        signingKeyId: issuer.toHex(),
        ...(created ? { created } : {}),
        userIds: key.getUserIDs(),
    };
}
/**
 * The key flags its owner gave the (sub)key `issuer` in its valid self-signature at `now`, for the
 * reason of a refusal; undefined when the signature has no key flags or cannot be validated.
 */
async function keyPurpose(key, issuer, now) {
    try {
        if (key.getKeyID().equals(issuer)) {
            const flags = (await key.getPrimaryUser(now)).selfCertification.keyFlags;
            return flags ? { role: 'primary key', flags: flags[0] ?? 0 } : undefined;
        }
        const subkey = key.subkeys.find((s) => s.getKeyID().equals(issuer));
        const flags = subkey ? (await subkey.verify(now)).keyFlags : null;
        return flags ? { role: 'subkey', flags: flags[0] ?? 0 } : undefined;
    }
    catch {
        return undefined;
    }
}
function flagNames(flags) {
    const names = Object.entries(openpgp/* enums */.vP.keyFlags)
        .filter((entry) => typeof entry[1] === 'number' && (flags & entry[1]) !== 0)
        .map(([name]) => name);
    return names.length > 0 ? names.join(', ') : 'nothing';
}

// EXTERNAL MODULE: ./node_modules/asn1js/build/index.js + 3 modules
var build = __webpack_require__(4723);
;// CONCATENATED MODULE: ./src/trust/sigstore.ts
/**
 * Sigstore bundles checked against the trust policy's `sigstore` and `public-key` anchors:
 * `@sigstore/verify` does the cryptography (signature, certificate chain, transparency log,
 * timestamps); this module adds what it leaves to the caller — the identity matched exactly or by
 * an anchored pattern, the GitHub workflow claims, and, for DSSE, the in-toto subject.
 */









/** Fulcio certificate extensions (https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md). */
const FULCIO_OIDS = {
    issuerV1: '1.3.6.1.4.1.57264.1.1',
    issuer: '1.3.6.1.4.1.57264.1.8',
    buildSignerURI: '1.3.6.1.4.1.57264.1.9',
    buildSignerDigest: '1.3.6.1.4.1.57264.1.10',
    runnerEnvironment: '1.3.6.1.4.1.57264.1.11',
    sourceRepositoryURI: '1.3.6.1.4.1.57264.1.12',
    sourceRepositoryDigest: '1.3.6.1.4.1.57264.1.13',
    sourceRepositoryRef: '1.3.6.1.4.1.57264.1.14',
};
/** Parses serialized bundle JSON; throws TrustVerificationError. */
function parseBundle(json, source) {
    try {
        return (0,dist/* bundleFromJSON */.vw)(json);
    }
    catch (error) {
        throw new errors_TrustVerificationError(`${source} is not a valid Sigstore bundle: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}
/**
 * Verifies `bundle` over `subject` against each anchor in turn and returns the first anchor it
 * satisfies; throws TrustVerificationError listing why every anchor refused it.
 */
function verifyBundleWithAnchors(bundle, subject, anchors, trust) {
    if (anchors.length === 0)
        throw new TrustVerificationError('no Sigstore identity or public key is trusted for this subject');
    const reasons = [];
    for (const anchor of anchors) {
        try {
            return verifyBundleWithAnchor(bundle, subject, anchor, trust);
        }
        catch (error) {
            reasons.push(`${anchor.id}: ${error instanceof TrustVerificationError ? error.reason : errorMessage(error)}`);
        }
    }
    throw new TrustVerificationError(reasons.length === 1 ? reasons[0] : `no trusted signer matched (${reasons.join('; ')})`);
}
/** Verifies one bundle against one anchor. */
function verifyBundleWithAnchor(bundle, subject, anchor, trust) {
    const content = bundle.content;
    const material = bundle.verificationMaterial.content;
    if (anchor.type === 'public-key' && material.$case !== 'publicKey') {
        throw new errors_TrustVerificationError(`the signature is made with a certificate, but anchor ${anchor.id} is a public key`);
    }
    if (anchor.type === 'sigstore' && material.$case === 'publicKey') {
        throw new errors_TrustVerificationError(`the signature is made with a bare key, but anchor ${anchor.id} is a Sigstore identity`);
    }
    if (content.$case === 'messageSignature') {
        if (subject.kind !== 'bytes')
            throw new errors_TrustVerificationError('a message signature can only be checked against the signed bytes');
        const digest = content.messageSignature.messageDigest;
        if (digest && Buffer.from(digest.digest).toString('hex') !== subject.sha256) {
            throw new errors_TrustVerificationError(`the signature is for sha256:${Buffer.from(digest.digest).toString('hex')}, not for sha256:${subject.sha256}`);
        }
    }
    else {
        checkStatementSubject(content.dsseEnvelope.payloadType, Buffer.from(content.dsseEnvelope.payload), subject.sha256);
    }
    let material2 = trust.trustMaterial;
    if (anchor.type === 'public-key') {
        const key = publicKey(anchor);
        material2 = { ...trust.trustMaterial, publicKey: () => ({ publicKey: key, validFor: () => true }) };
    }
    const verifier = new verify_dist/* Verifier */.BL(material2, trust.verifierOptions ?? DEFAULT_THRESHOLDS);
    let signer;
    try {
        const entity = (0,verify_dist/* toSignedEntity */.DC)(bundle, content.$case === 'messageSignature' && subject.kind === 'bytes' ? Buffer.from(subject.bytes) : undefined);
        signer = verifier.verify(entity);
    }
    catch (error) {
        throw new errors_TrustVerificationError(`the Sigstore signature does not verify: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    if (anchor.type === 'public-key')
        return { anchorId: anchor.id, method: 'key' };
    if (material.$case !== 'certificate' && material.$case !== 'x509CertificateChain') {
        throw new errors_TrustVerificationError('the bundle carries no signing certificate');
    }
    const leafBytes = material.$case === 'certificate'
        ? material.certificate.rawBytes
        : material.x509CertificateChain.certificates[0]?.rawBytes;
    if (!leafBytes)
        throw new errors_TrustVerificationError('the bundle carries no signing certificate');
    const cert = core_dist.X509Certificate.parse(Buffer.from(leafBytes));
    const identity = signer.identity?.subjectAlternativeName;
    const issuer = signer.identity?.extensions?.issuer ?? claim(cert, FULCIO_OIDS.issuer) ?? claim(cert, FULCIO_OIDS.issuerV1, true);
    const claims = {
        signerURI: claim(cert, FULCIO_OIDS.buildSignerURI),
        signerDigest: claim(cert, FULCIO_OIDS.buildSignerDigest),
        runner: claim(cert, FULCIO_OIDS.runnerEnvironment),
        repository: claim(cert, FULCIO_OIDS.sourceRepositoryURI),
        repositoryDigest: claim(cert, FULCIO_OIDS.sourceRepositoryDigest),
        ref: claim(cert, FULCIO_OIDS.sourceRepositoryRef),
    };
    const problems = identityProblems(anchor, { identity, issuer, ...claims });
    if (problems.length > 0)
        throw new errors_TrustVerificationError(problems.join('; '));
    return {
        anchorId: anchor.id,
        method: 'certificate',
        ...(identity ? { identity } : {}),
        ...(issuer ? { issuer } : {}),
        ...(claims.repository ? { sourceRepository: claims.repository } : {}),
        ...(claims.ref ? { sourceRef: claims.ref } : {}),
    };
}
/** Every way the signer's claims differ from the anchor, as sentences; empty when they match. */
function identityProblems(anchor, claims) {
    const out = [];
    const show = (v) => v ?? '(absent)';
    if (claims.issuer !== anchor.issuer)
        out.push(`issuer ${show(claims.issuer)} is not ${anchor.issuer}`);
    if (anchor.identity !== undefined && claims.identity !== anchor.identity) {
        out.push(`identity ${show(claims.identity)} is not ${anchor.identity}`);
    }
    if (anchor.identityRegExp && !(claims.identity !== undefined && anchor.identityRegExp.test(claims.identity))) {
        out.push(`identity ${show(claims.identity)} does not match ^(${anchor.identityPattern ?? ''})$`);
    }
    if (anchor.signerWorkflow !== undefined && !workflowMatches(anchor.signerWorkflow, claims.signerURI)) {
        out.push(`signer workflow ${show(claims.signerURI)} is not ${anchor.signerWorkflow}`);
    }
    if (anchor.sourceRepository !== undefined && !repositoryMatches(anchor.sourceRepository, claims.repository)) {
        out.push(`source repository ${show(claims.repository)} is not ${anchor.sourceRepository}`);
    }
    if (anchor.sourceRef !== undefined && !refMatches(anchor.sourceRef, claims.ref)) {
        out.push(`source ref ${show(claims.ref)} is not ${anchor.sourceRef}`);
    }
    if (anchor.signerDigest !== undefined && claims.signerDigest !== anchor.signerDigest) {
        out.push(`signer digest ${show(claims.signerDigest)} is not ${anchor.signerDigest}`);
    }
    if (anchor.sourceDigest !== undefined && claims.repositoryDigest !== anchor.sourceDigest) {
        out.push(`source digest ${show(claims.repositoryDigest)} is not ${anchor.sourceDigest}`);
    }
    if (anchor.denySelfHostedRunners && claims.runner !== 'github-hosted') {
        out.push(`the signing workflow ran on a ${show(claims.runner)} runner; the anchor requires github-hosted`);
    }
    return out;
}
function claim(cert, oid, legacy = false) {
    const ext = cert.extension(oid);
    if (!ext)
        return undefined;
    const raw = ext.value;
    if (legacy)
        return raw.toString('utf8');
    const parsed = build/* fromBER */.mH(new Uint8Array(raw));
    if (parsed.offset === -1 || !(parsed.result instanceof build/* Utf8String */.Jn))
        return undefined;
    return parsed.result.valueBlock.value;
}
function publicKey(anchor) {
    try {
        return (0,external_node_crypto_.createPublicKey)({ key: anchor.keyPem, format: 'pem' });
    }
    catch (error) {
        throw new errors_TrustVerificationError(`anchor ${anchor.id}'s key cannot be read: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}
/** For DSSE: the payload must be an in-toto statement naming the subject's sha256. */
function checkStatementSubject(payloadType, payload, sha256) {
    if (payloadType !== 'application/vnd.in-toto+json') {
        throw new errors_TrustVerificationError(`the DSSE payload type is ${payloadType}, not application/vnd.in-toto+json`);
    }
    let statement;
    try {
        statement = JSON.parse(payload.toString('utf8'));
    }
    catch {
        throw new errors_TrustVerificationError('the DSSE payload is not JSON');
    }
    const subjects = statement.subject;
    if (!Array.isArray(subjects))
        throw new errors_TrustVerificationError('the in-toto statement has no subject list');
    const digests = subjects
        .map((s) => s.digest?.sha256)
        .filter((d) => typeof d === 'string');
    if (!digests.includes(sha256)) {
        throw new errors_TrustVerificationError(`the attestation is about ${digests.map((d) => `sha256:${d}`).join(', ') || 'no sha256 subject'}, not sha256:${sha256}`);
    }
}
/** The predicate type of a DSSE in-toto bundle, if any. */
function predicateTypeOf(bundle) {
    if (bundle.content.$case !== 'dsseEnvelope')
        return undefined;
    try {
        const statement = JSON.parse(Buffer.from(bundle.content.dsseEnvelope.payload).toString('utf8'));
        return typeof statement.predicateType === 'string' ? statement.predicateType : undefined;
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: ./node_modules/pkijs/build/index.js + 9 modules
var pkijs_build = __webpack_require__(9701);
// EXTERNAL MODULE: ./src/trust/certs.ts
var trust_certs = __webpack_require__(5577);
// EXTERNAL MODULE: ./src/trust/pem.ts
var pem = __webpack_require__(5480);
;// CONCATENATED MODULE: ./src/trust/x509.ts
/**
 * X.509 signatures from an organisation's own PKI: detached CMS/PKCS#7 (as
 * `openssl cms -sign -binary -detached` makes) and raw signatures with a signer certificate.
 * Parsing and cryptography through pkijs and node:crypto; the policy decisions (path to a
 * trusted CA, key usage, codeSigning, validity at the trusted signing time, CRLs) are ours.
 */






const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_TST_INFO = '1.2.840.113549.1.9.16.1.4';
const OID_TIMESTAMP_TOKEN_ATTR = '1.2.840.113549.1.9.16.2.14';
const HASH_BY_OID = {
    '2.16.840.1.101.3.4.2.1': 'sha256',
    '2.16.840.1.101.3.4.2.2': 'sha384',
    '2.16.840.1.101.3.4.2.3': 'sha512',
    '1.3.14.3.2.26': 'sha1',
};
/**
 * Verifies a detached CMS/PKCS#7 signature (DER or PEM) over `artifact`.
 * Throws TrustVerificationError with a reason a person can act on.
 */
async function verifyCmsSignature(artifact, signature, options) {
    requireAnchors(options);
    const signedData = parseSignedData(signature);
    if (signedData.encapContentInfo.eContent) {
        throw new errors_TrustVerificationError('the CMS signature is not detached (it embeds its content); sign with `openssl cms -sign -binary -detached`');
    }
    if (signedData.signerInfos.length !== 1) {
        throw new errors_TrustVerificationError(`the CMS signature has ${signedData.signerInfos.length} signers; exactly one is supported`);
    }
    const embedded = (signedData.certificates ?? []).filter((c) => c instanceof pkijs_build/* Certificate */.usT);
    if (embedded.length === 0) {
        throw new errors_TrustVerificationError('the CMS signature carries no certificates; sign without -nocerts so the signer certificate is embedded');
    }
    let signerCertificate;
    try {
        const result = await signedData.verify({
            signer: 0,
            data: (0,pem/* toArrayBuffer */.XA)(artifact),
            extendedMode: true,
            checkChain: false,
        });
        if (!result.signatureVerified || !result.signerCertificate)
            throw new Error(result.message || 'signature does not verify');
        signerCertificate = result.signerCertificate;
    }
    catch (error) {
        if (/signer certificate/i.test((0,errors/* errorMessage */.gJ)(error))) {
            throw new errors_TrustVerificationError("the CMS signature does not carry its signer's certificate; sign without -nocerts so the signing certificate is embedded");
        }
        throw new errors_TrustVerificationError(`the CMS signature does not verify over the artifact (the artifact was modified, or this is another artifact's signature): ${describeVerifyError(error)}`);
    }
    const signerInfo = signedData.signerInfos[0];
    const time = await signingTime(signerInfo, options);
    const pool = [...embedded, ...extraCertificates(options)];
    const chain = await validateCertificatePath(signerCertificate, pool, options, time.at, 'codeSigning', time.source === 'rfc3161-timestamp' ? 'timestamped signing time' : 'verification time (no trusted timestamp)');
    return {
        signer: (0,trust_certs/* subjectName */.wn)(signerCertificate),
        serial: (0,trust_certs/* serialHex */.mn)(signerCertificate),
        chain: chain.path.map(trust_certs/* subjectName */.wn),
        anchorId: chain.anchorId,
        signingTime: time.at,
        timeSource: time.source,
        ...(time.tsa ? { timestampAuthority: time.tsa } : {}),
    };
}
/**
 * Verifies a raw signature (as `openssl dgst -sha256 -sign` makes: PKCS#1 v1.5 for RSA, DER
 * ECDSA, or Ed25519) over `artifact` with the signer certificate (PEM or DER; further
 * certificates in the same PEM file serve as intermediates). No trusted time: checked at now.
 */
async function verifyRawSignature(artifact, signature, signerCertificate, options) {
    requireAnchors(options);
    let certs;
    try {
        certs = (0,trust_certs/* parseCertificates */.WW)(signerCertificate, 'signer certificate');
    }
    catch (error) {
        throw new errors_TrustVerificationError((0,errors/* errorMessage */.gJ)(error));
    }
    const leaf = certs[0];
    const spki = new Uint8Array(leaf.subjectPublicKeyInfo.toSchema().toBER(false));
    const key = (0,external_node_crypto_.createPublicKey)({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    const algorithm = key.asymmetricKeyType === 'ed25519' || key.asymmetricKeyType === 'ed448' ? null : (options.hash ?? 'sha256');
    let ok = false;
    try {
        ok = (0,external_node_crypto_.verify)(algorithm, artifact, key, signature);
    }
    catch (error) {
        throw new errors_TrustVerificationError(`the signature cannot be checked with the signer certificate's key: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    if (!ok) {
        throw new errors_TrustVerificationError(`the signature does not verify over the artifact with the key of ${(0,trust_certs/* subjectName */.wn)(leaf)} (the artifact was modified, or the signature or certificate belongs to something else)`);
    }
    const at = options.now ?? new Date();
    const chain = await validateCertificatePath(leaf, [...certs.slice(1), ...extraCertificates(options)], options, at, 'codeSigning', 'verification time (no trusted timestamp)');
    return {
        signer: (0,trust_certs/* subjectName */.wn)(leaf),
        serial: (0,trust_certs/* serialHex */.mn)(leaf),
        chain: chain.path.map(trust_certs/* subjectName */.wn),
        anchorId: chain.anchorId,
        signingTime: at,
        timeSource: 'verification-time',
    };
}
/**
 * Builds a path from `leaf` through `pool` to a trusted certificate of `options.anchors` (or of
 * the timestamp authorities for `timeStamping`), then checks every certificate at `at`: validity,
 * CA constraints, key usage, extended key usage, unknown critical extensions and CRLs.
 */
async function validateCertificatePath(leaf, pool, options, at, purpose, atLabel = 'signing time') {
    const trusted = purpose === 'codeSigning'
        ? options.anchors.flatMap((a) => a.certificates.map((cert) => ({ cert, der: Buffer.from((0,trust_certs/* certificateDer */.PK)(cert)), anchorId: a.id })))
        : (options.timestampAuthorities ?? []).flatMap((a) => a.certificates.map((cert) => ({ cert, der: Buffer.from((0,trust_certs/* certificateDer */.PK)(cert)), anchorId: a.id })));
    const role = purpose === 'codeSigning' ? 'signing certificate' : 'timestamp authority certificate';
    const trustedOf = (cert) => {
        const der = Buffer.from((0,trust_certs/* certificateDer */.PK)(cert));
        return trusted.find((t) => t.der.equals(der));
    };
    const path = [leaf];
    let anchor = trustedOf(leaf);
    // A trusted TSA signing certificate may be pinned directly; a code-signing leaf never is a CA.
    while (!anchor) {
        if (path.length > 8)
            throw new errors_TrustVerificationError(`the certificate chain of ${(0,trust_certs/* subjectName */.wn)(leaf)} is longer than 8 certificates`);
        const current = path[path.length - 1];
        const candidates = [...trusted.map((t) => t.cert), ...pool].filter((c) => c !== current && c.subject.isEqual(current.issuer) && !path.includes(c));
        let issuer;
        for (const candidate of candidates) {
            if (await verifiesWith(current, candidate)) {
                issuer = candidate;
                break;
            }
        }
        if (!issuer) {
            const selfSigned = current.subject.isEqual(current.issuer) && (await verifiesWith(current, current));
            const trustedNames = trusted.map((t) => `${(0,trust_certs/* subjectName */.wn)(t.cert)} (${t.anchorId})`).join(', ') || 'none';
            throw new errors_TrustVerificationError(selfSigned
                ? `the ${role} ${(0,trust_certs/* subjectName */.wn)(leaf)} chains to ${(0,trust_certs/* subjectName */.wn)(current)}, a root that is not trusted by the policy (trusted: ${trustedNames})`
                : `the ${role} ${(0,trust_certs/* subjectName */.wn)(leaf)} does not chain to a CA trusted by the policy: no certificate for its issuer ${(0,trust_certs/* issuerName */.bD)(current)} among the trusted CAs (${trustedNames}) and the intermediates supplied`);
        }
        path.push(issuer);
        anchor = trustedOf(issuer);
    }
    for (const [index, cert] of path.entries()) {
        const label = index === 0 ? role : index === path.length - 1 ? 'trusted CA certificate' : 'intermediate CA certificate';
        const name = `${label} ${(0,trust_certs/* subjectName */.wn)(cert)}`;
        const unknown = (0,trust_certs/* unknownCriticalExtensions */.Qe)(cert);
        if (unknown.length > 0)
            throw new errors_TrustVerificationError(`${name} has critical extensions this verifier does not understand: ${unknown.join(', ')}`);
        if ((0,trust_certs/* notAfter */.Cw)(cert) < at) {
            throw new errors_TrustVerificationError(`${name} expired on ${iso((0,trust_certs/* notAfter */.Cw)(cert))}, before the ${atLabel} ${iso(at)}`);
        }
        if ((0,trust_certs/* notBefore */.$F)(cert) > at) {
            throw new errors_TrustVerificationError(`${name} is not valid until ${iso((0,trust_certs/* notBefore */.$F)(cert))}, after the ${atLabel} ${iso(at)}`);
        }
        if (index > 0) {
            const constraints = (0,trust_certs/* basicConstraints */.vw)(cert);
            const usage = (0,trust_certs/* keyUsage */.F$)(cert);
            if (!constraints.ca)
                throw new errors_TrustVerificationError(`${name} issued ${(0,trust_certs/* subjectName */.wn)(path[index - 1])} but is not a CA (basic constraints CA:FALSE or absent)`);
            if (usage && !usage.has('keyCertSign'))
                throw new errors_TrustVerificationError(`${name} issued a certificate but its key usage lacks keyCertSign`);
            const below = index - 1; // intermediate CAs between this one and the leaf
            if (constraints.pathLength !== undefined && below > constraints.pathLength) {
                throw new errors_TrustVerificationError(`${name} allows a path length of ${constraints.pathLength} but ${below} intermediate CAs follow it`);
            }
        }
    }
    if (path.length > 1 || purpose === 'codeSigning')
        checkLeafPurpose(leaf, purpose, role);
    await checkRevocation(path, options, at);
    return { path, anchorId: anchor.anchorId };
}
function checkLeafPurpose(leaf, purpose, role) {
    const name = `the ${role} ${(0,trust_certs/* subjectName */.wn)(leaf)}`;
    const usage = (0,trust_certs/* keyUsage */.F$)(leaf);
    if (!usage)
        throw new errors_TrustVerificationError(`${name} has no key usage extension; digitalSignature is required`);
    if (!usage.has('digitalSignature') && !(purpose === 'timeStamping' && usage.has('nonRepudiation'))) {
        throw new errors_TrustVerificationError(`${name} lacks the digitalSignature key usage (it has: ${[...usage].join(', ') || 'none'})`);
    }
    if ((0,trust_certs/* basicConstraints */.vw)(leaf).ca)
        throw new errors_TrustVerificationError(`${name} is a CA certificate; signatures must come from an end-entity certificate`);
    const eku = (0,trust_certs/* extendedKeyUsage */.u5)(leaf);
    const wanted = purpose === 'codeSigning' ? trust_certs/* OID_EKU_CODE_SIGNING */.$h : trust_certs/* OID_EKU_TIME_STAMPING */.xb;
    if (!eku || !eku.includes(wanted)) {
        throw new errors_TrustVerificationError(`${name} lacks the ${purpose} extended key usage (${wanted}); it has: ${eku && eku.length > 0 ? eku.map(ekuName).join(', ') : 'no extended key usage'}`);
    }
}
async function checkRevocation(path, options, at) {
    const ders = [...options.anchors.flatMap((a) => a.crls), ...(options.crls ?? [])];
    if (ders.length === 0)
        return;
    const crls = [];
    for (const der of ders) {
        try {
            crls.push(pkijs_build/* CertificateRevocationList */.kNr.fromBER((0,pem/* toArrayBuffer */.XA)(der)));
        }
        catch (error) {
            throw new errors_TrustVerificationError(`a CRL in the policy cannot be parsed: ${(0,errors/* errorMessage */.gJ)(error)}`);
        }
    }
    const now = options.now ?? new Date();
    for (let i = 0; i < path.length - 1; i++) {
        const cert = path[i];
        const issuer = path[i + 1];
        for (const crl of crls.filter((c) => c.issuer.isEqual(cert.issuer))) {
            let valid = false;
            try {
                valid = await crl.verify({ issuerCertificate: issuer });
            }
            catch {
                valid = false;
            }
            if (!valid)
                throw new errors_TrustVerificationError(`the CRL of ${(0,trust_certs/* issuerName */.bD)(cert)} is not signed by ${(0,trust_certs/* subjectName */.wn)(issuer)}; refusing to rely on it`);
            if (crl.nextUpdate && crl.nextUpdate.value < now) {
                throw new errors_TrustVerificationError(`the CRL of ${(0,trust_certs/* issuerName */.bD)(cert)} is out of date (next update was due ${iso(crl.nextUpdate.value)}); fetch a fresh CRL`);
            }
            const entry = (crl.revokedCertificates ?? []).find((r) => r.userCertificate.isEqual(cert.serialNumber));
            if (entry) {
                const when = entry.revocationDate.value;
                throw new errors_TrustVerificationError(`certificate ${(0,trust_certs/* subjectName */.wn)(cert)} (serial ${(0,trust_certs/* serialHex */.mn)(cert)}) was revoked on ${iso(when)} by ${(0,trust_certs/* issuerName */.bD)(cert)}, according to its CRL${when <= at ? '' : ' (after the signing time, still refused)'}`);
            }
        }
    }
}
async function signingTime(signerInfo, options) {
    const attribute = signerInfo.unsignedAttrs?.attributes.find((a) => a.type === OID_TIMESTAMP_TOKEN_ATTR);
    if (!attribute)
        return { at: options.now ?? new Date(), source: 'verification-time' };
    const tsas = options.timestampAuthorities ?? [];
    if (tsas.length === 0) {
        throw new errors_TrustVerificationError('the signature carries an RFC 3161 timestamp but the policy has no usable timestamp-authority anchor to verify it (none, or each is past its review date or refused); add or review the TSA anchor');
    }
    const value = attribute.values[0];
    let token;
    let tst;
    try {
        const contentInfo = new pkijs_build/* ContentInfo */._Fs({ schema: value });
        if (contentInfo.contentType !== OID_SIGNED_DATA)
            throw new Error('the token is not SignedData');
        token = new pkijs_build/* SignedData */.dA6({ schema: contentInfo.content });
        if (token.encapContentInfo.eContentType !== OID_TST_INFO || !token.encapContentInfo.eContent)
            throw new Error('the token holds no TSTInfo');
        tst = pkijs_build/* TSTInfo */.YLc.fromBER(token.encapContentInfo.eContent.getValue());
    }
    catch (error) {
        throw new errors_TrustVerificationError(`the RFC 3161 timestamp in the signature cannot be parsed: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    // The token must cover this signature's value (RFC 3161 appendix A).
    const hash = HASH_BY_OID[tst.messageImprint.hashAlgorithm.algorithmId];
    if (!hash)
        throw new errors_TrustVerificationError(`the RFC 3161 timestamp uses an unsupported hash algorithm ${tst.messageImprint.hashAlgorithm.algorithmId}`);
    const expected = (0,external_node_crypto_.createHash)(hash).update(signerInfo.signature.valueBlock.valueHexView).digest();
    if (!expected.equals(Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView))) {
        throw new errors_TrustVerificationError('the RFC 3161 timestamp in the signature covers another signature value');
    }
    // Offer the trusted TSA certificates in case the token does not embed its signer.
    const tsaCerts = tsas.flatMap((a) => a.certificates);
    token.certificates = [...(token.certificates ?? []), ...tsaCerts];
    let tsaSigner;
    try {
        // pkijs checks the TSTInfo imprint against `data`: the timestamped signature value.
        const result = await token.verify({
            signer: 0,
            data: (0,pem/* toArrayBuffer */.XA)(signerInfo.signature.valueBlock.valueHexView),
            extendedMode: true,
            checkChain: false,
        });
        if (!result.signatureVerified || !result.signerCertificate)
            throw new Error(result.message || 'signature does not verify');
        tsaSigner = result.signerCertificate;
    }
    catch (error) {
        throw new errors_TrustVerificationError(`the RFC 3161 timestamp's signature does not verify: ${describeVerifyError(error)}`);
    }
    const genTime = tst.genTime;
    const pool = (token.certificates ?? []).filter((c) => c instanceof pkijs_build/* Certificate */.usT);
    const chain = await validateCertificatePath(tsaSigner, pool, { ...options, crls: [], anchors: [] }, genTime, 'timeStamping', 'timestamp time');
    return { at: genTime, source: 'rfc3161-timestamp', tsa: chain.anchorId };
}
function parseSignedData(signature) {
    let der = signature;
    if ((0,pem/* looksLikePem */.o4)(signature)) {
        const block = (0,pem/* pemBlocks */.PQ)(Buffer.from(signature).toString('utf8')).find((b) => ['CMS', 'PKCS7', 'PKCS #7 SIGNED DATA'].includes(b.label));
        if (!block)
            throw new errors_TrustVerificationError('the signature file is PEM but holds no CMS or PKCS7 block');
        der = block.der;
    }
    try {
        const contentInfo = pkijs_build/* ContentInfo */._Fs.fromBER((0,pem/* toArrayBuffer */.XA)(der));
        if (contentInfo.contentType !== OID_SIGNED_DATA) {
            throw new Error(`content type ${contentInfo.contentType} is not signedData`);
        }
        return new pkijs_build/* SignedData */.dA6({ schema: contentInfo.content });
    }
    catch (error) {
        throw new errors_TrustVerificationError(`the signature is not a CMS/PKCS#7 SignedData structure: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}
function extraCertificates(options) {
    const fromAnchors = options.anchors.flatMap((a) => a.intermediates);
    if (!options.intermediates)
        return fromAnchors;
    try {
        return [...fromAnchors, ...(0,trust_certs/* parseCertificates */.WW)(options.intermediates, 'intermediates')];
    }
    catch (error) {
        throw new errors_TrustVerificationError((0,errors/* errorMessage */.gJ)(error));
    }
}
function requireAnchors(options) {
    if (options.anchors.length === 0 || options.anchors.every((a) => a.certificates.length === 0)) {
        throw new errors_TrustVerificationError('no trusted X.509 CA is configured for this artifact; add an x509-ca anchor to the policy rule');
    }
}
async function verifiesWith(cert, issuer) {
    try {
        return await cert.verify(issuer);
    }
    catch {
        return false;
    }
}
function describeVerifyError(error) {
    const message = (0,errors/* errorMessage */.gJ)(error);
    return message || 'signature does not verify';
}
function iso(date) {
    return date.toISOString().replace('.000Z', 'Z');
}
const EKU_NAMES = {
    '1.3.6.1.5.5.7.3.1': 'serverAuth',
    '1.3.6.1.5.5.7.3.2': 'clientAuth',
    '1.3.6.1.5.5.7.3.3': 'codeSigning',
    '1.3.6.1.5.5.7.3.4': 'emailProtection',
    '1.3.6.1.5.5.7.3.8': 'timeStamping',
    '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
    '2.5.29.37.0': 'anyExtendedKeyUsage',
};
function ekuName(oid) {
    return EKU_NAMES[oid] ?? oid;
}

;// CONCATENATED MODULE: ./src/trust/evaluate.ts
/**
 * One artifact against the trust policy: every rule that matches it must pass. A signature rule
 * passes when any (or, with `require: all`, every) of its anchors accepts a signature; a checksum
 * pin makes the artifact *compensated*, never verified. Anchors whose review date has passed are
 * refused. Signatures are found beside the artifact (`.p7s`, `.p7s.pem`, `.p7m`, `.asc`, `.sig`
 * with `.crt`/`.pem` certificate, `.sigstore.json`) or passed in.
 */









/** Looks for signatures beside `path` (Sigstore bundles too, unless `bundles` is false). */
async function findEvidence(path, options = {}) {
    const read = async (p) => {
        try {
            return new Uint8Array(await (0,promises_.readFile)(p));
        }
        catch {
            return undefined;
        }
    };
    const evidence = { cms: [], raw: [], pgp: [], bundles: [] };
    for (const suffix of ['.p7s', '.p7s.pem', '.p7m']) {
        const bytes = await read(`${path}${suffix}`);
        if (bytes)
            evidence.cms.push({ source: `${path}${suffix}`, bytes });
    }
    for (const suffix of ['.asc', '.gpg']) {
        const bytes = await read(`${path}${suffix}`);
        if (bytes)
            evidence.pgp.push({ source: `${path}${suffix}`, bytes });
    }
    const sig = await read(`${path}.sig`);
    if (sig) {
        const certificate = (await read(`${path}.crt`)) ?? (await read(`${path}.pem`)) ?? (await read(`${path}.sig.crt`));
        const text = Buffer.from(sig.subarray(0, 64)).toString('latin1');
        if (text.includes('-----BEGIN PGP SIGNATURE-----') ||
            (!certificate && sig[0] !== undefined && (sig[0] & 0x80) !== 0)) {
            evidence.pgp.push({ source: `${path}.sig`, bytes: sig });
        }
        else if (certificate) {
            evidence.raw.push({ source: `${path}.sig`, signature: sig, certificate });
        }
    }
    const bundleBytes = options.bundles === false ? undefined : await read(`${path}.sigstore.json`);
    if (bundleBytes) {
        try {
            evidence.bundles.push({
                source: `${path}.sigstore.json`,
                bundle: parseBundle((0,nesting/* parseJsonText */.lk)(Buffer.from(bundleBytes).toString('utf8'), `${path}.sigstore.json`), `${path}.sigstore.json`),
            });
        }
        catch (error) {
            throw new errors_TrustVerificationError(`${path}.sigstore.json: ${(0,errors/* errorMessage */.gJ)(error)}`);
        }
    }
    return evidence;
}
/**
 * Evaluates the artifact at `path` (workspace-relative, as the policy's globs expect; read from
 * `readPath` when given) against every matching rule.
 */
async function evaluateArtifact(policy, path, options = {}) {
    const file = options.readPath ?? path;
    let bytes;
    try {
        bytes = new Uint8Array(await readFile(file));
    }
    catch (error) {
        throw new TrustVerificationError(`cannot be read: ${errorMessage(error)}`, path);
    }
    const evidence = options.evidence ?? (await findEvidence(file));
    return evaluateBytes(policy, path, bytes, evidence, options);
}
/** Like evaluateArtifact, with the bytes and evidence in hand. */
async function evaluateBytes(policy, path, bytes, evidence, options = {}) {
    const sha256 = (0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex');
    const rules = (0,trust_policy/* rulesFor */.NP)(policy, path);
    if (rules.length === 0) {
        return {
            artifact: path,
            sha256,
            status: 'failed',
            rules: [],
            message: `${path}: no rule of the trust policy covers this artifact`,
        };
    }
    const now = options.now ?? new Date();
    const outcomes = [];
    for (const rule of rules)
        outcomes.push(await evaluateRule(policy, rule, bytes, sha256, evidence, { ...options, now }));
    const failed = outcomes.filter((o) => !o.passed);
    const status = failed.length > 0 ? 'failed' : outcomes.some((o) => o.kind === 'checksum') ? 'compensated' : 'verified';
    const message = status === 'failed'
        ? `${path}: ${failed
            .map((o) => o.kind === 'checksum'
            ? `rule on line ${o.line}: sha256:${sha256} is not the pinned checksum`
            : `rule on line ${o.line}: ${o.refusals.map((r) => `${r.anchorId}: ${r.reason}`).join('; ') || 'no signature found'}`)
            .join(' | ')}`
        : status === 'compensated'
            ? `${path}: compensated by a pinned checksum (${outcomes.find((o) => o.kind === 'checksum')?.reason ?? ''})`
            : `${path}: verified by ${outcomes.flatMap((o) => o.accepted.map((a) => `${a.anchorId} (${a.signer})`)).join(', ')}`;
    return { artifact: path, sha256, status, rules: outcomes, message };
}
async function evaluateRule(policy, rule, bytes, sha256, evidence, options) {
    if (rule.kind === 'checksum') {
        const sha512 = rule.checksums.some((c) => c.algorithm === 'sha512')
            ? (0,external_node_crypto_.createHash)('sha512').update(bytes).digest('hex')
            : '';
        const passed = rule.checksums.some((c) => (c.algorithm === 'sha256' ? c.hex === sha256 : c.hex === sha512));
        return { line: rule.line, kind: 'checksum', passed, accepted: [], refusals: [], reason: rule.reason };
    }
    const accepted = [];
    const refusals = [];
    const today = options.now.toISOString().slice(0, 10);
    for (const anchor of rule.resolvedAnchors) {
        const refusal = options.refused?.get(anchor.id);
        if (refusal !== undefined) {
            refusals.push({ anchorId: anchor.id, reason: refusal });
            continue;
        }
        if (anchor.reviewBy < today) {
            refusals.push({
                anchorId: anchor.id,
                reason: `the anchor's review was due on ${anchor.reviewBy}; it is refused until someone reviews it`,
            });
            continue;
        }
        try {
            const acceptance = await acceptBy(policy, anchor, bytes, sha256, evidence, options);
            if (acceptance)
                accepted.push(acceptance);
            else
                refusals.push({ anchorId: anchor.id, reason: `no ${describeEvidence(anchor.type)} found` });
        }
        catch (error) {
            refusals.push({
                anchorId: anchor.id,
                reason: error instanceof errors_TrustVerificationError ? error.reason : (0,errors/* errorMessage */.gJ)(error),
            });
        }
    }
    const passed = rule.require === 'all' ? accepted.length === rule.resolvedAnchors.length : accepted.length > 0;
    return {
        line: rule.line,
        kind: 'signature',
        passed,
        accepted,
        refusals: passed && rule.require === 'any' ? [] : refusals,
    };
}
function describeEvidence(type) {
    switch (type) {
        case 'x509-ca':
            return 'CMS signature (.p7s) or raw signature with certificate (.sig + .crt)';
        case 'openpgp':
            return 'OpenPGP signature (.asc / .sig)';
        case 'timestamp-authority':
            return 'signature (a timestamp authority cannot sign artifacts)';
        default:
            return 'Sigstore bundle (.sigstore.json)';
    }
}
/** The first signature this anchor accepts, undefined when there is none to try; throws the last refusal. */
async function acceptBy(policy, anchor, bytes, sha256, evidence, options) {
    let lastError;
    const attempt = async (source, fn) => {
        try {
            return { anchorId: anchor.id, type: anchor.type, source, signer: await fn() };
        }
        catch (error) {
            lastError = error;
            return undefined;
        }
    };
    // A timestamp authority vouches for the signing time, which decides whether an expired signing
    // certificate passes: it is held to the same review as the signers.
    const today = options.now.toISOString().slice(0, 10);
    const x509Options = {
        anchors: [anchor].filter((a) => a.type === 'x509-ca'),
        timestampAuthorities: (0,trust_policy/* anchorsOfType */.GO)(policy, 'timestamp-authority').filter((tsa) => !options.refused?.has(tsa.id) && tsa.reviewBy >= today),
        now: options.now,
    };
    let tried = false;
    switch (anchor.type) {
        case 'x509-ca':
            for (const item of evidence.cms) {
                tried = true;
                const ok = await attempt(item.source, async () => (await verifyCmsSignature(bytes, item.bytes, x509Options)).signer);
                if (ok)
                    return ok;
            }
            for (const item of evidence.raw) {
                tried = true;
                const ok = await attempt(item.source, async () => (await verifyRawSignature(bytes, item.signature, item.certificate, x509Options)).signer);
                if (ok)
                    return ok;
            }
            break;
        case 'openpgp':
            for (const item of evidence.pgp) {
                tried = true;
                const ok = await attempt(item.source, async () => (await verifyPgpSignature(bytes, item.bytes, [anchor], { now: options.now })).fingerprint);
                if (ok)
                    return ok;
            }
            break;
        case 'sigstore':
        case 'public-key': {
            if (options.verifySigstore)
                return options.verifySigstore(anchor);
            const trust = options.sigstore;
            for (const item of evidence.bundles) {
                tried = true;
                if (!trust) {
                    lastError = new errors_TrustVerificationError('Sigstore trust material (a trusted root) is needed to verify bundles');
                    continue;
                }
                const ok = await attempt(item.source, () => {
                    const signer = verifyBundleWithAnchor(item.bundle, { kind: 'bytes', bytes, sha256 }, anchor, trust);
                    return Promise.resolve(signer.identity ?? anchor.id);
                });
                if (ok)
                    return ok;
            }
            break;
        }
        case 'timestamp-authority':
            break;
    }
    if (tried && lastError)
        throw lastError instanceof Error ? lastError : new Error((0,errors/* errorMessage */.gJ)(lastError));
    return undefined;
}

// EXTERNAL MODULE: ./src/core/mask.ts
var mask = __webpack_require__(9239);
;// CONCATENATED MODULE: ./src/trust/oci.ts
/**
 * Container images by reference: a small OCI distribution client (manifests and blobs, bearer and
 * basic auth, every digest re-computed) and the discovery and verification of Sigstore signatures
 * and attestations stored beside an image — cosign's tag scheme (`sha256-<hex>.sig` / `.att`) and
 * OCI 1.1 referrers (the API, or the `sha256-<hex>` fallback tag registries without it use).
 */








const MEDIA = {
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    simpleSigning: 'application/vnd.dev.cosign.simplesigning.v1+json',
    dsse: 'application/vnd.dsse.envelope.v1+json',
    bundleV03: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    ociEmpty: 'application/vnd.oci.empty.v1+json',
};
const COSIGN_ANNOTATIONS = {
    signature: 'dev.cosignproject.cosign/signature',
    certificate: 'dev.sigstore.cosign/certificate',
    chain: 'dev.sigstore.cosign/chain',
    rekorBundle: 'dev.sigstore.cosign/bundle',
    timestamp: 'dev.sigstore.cosign/rfc3161timestamp',
};
const MANIFEST_ACCEPT = [MEDIA.ociIndex, MEDIA.ociManifest, MEDIA.dockerManifest, MEDIA.dockerList].join(', ');
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_BLOB_BYTES = 16 * 1024 * 1024;
/**
 * `registry/name:tag`, `registry/name@sha256:<hex>` or both. The registry part is required (no
 * implicit Docker Hub): the first path segment must contain a `.` or `:` or be `localhost`.
 */
function parseImageReference(reference) {
    const text = reference.trim();
    const bad = (why) => {
        throw new errors/* ConfigurationError */.j1(`image reference '${reference}' ${why}; write registry/name:tag or registry/name@sha256:<64 hex>`);
    };
    let rest = text;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        if (!/^sha256:[0-9a-f]{64}$/.test(digest))
            bad('has a digest that is not sha256:<64 lower-case hex>');
    }
    const slash = rest.indexOf('/');
    if (slash < 0)
        bad('names no registry');
    const registry = rest.slice(0, slash);
    if (!(registry.includes('.') || registry.includes(':') || registry === 'localhost'))
        bad(`starts with '${registry}', which is not a registry host`);
    let repository = rest.slice(slash + 1);
    let tag;
    const colon = repository.lastIndexOf(':');
    if (colon >= 0) {
        tag = repository.slice(colon + 1);
        repository = repository.slice(0, colon);
        if (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/.test(tag))
            bad(`has an invalid tag '${tag}'`);
    }
    if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository)) {
        bad(`has an invalid repository name '${repository}'`);
    }
    if (!tag && !digest)
        bad('has neither a tag nor a digest');
    return { registry, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}
function formatReference(ref) {
    return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}
/** A read-only OCI distribution client for one registry. Credentials never reach messages or logs. */
class RegistryClient {
    registry;
    base;
    credentials;
    timeoutMs;
    fetchImpl;
    tokens = new Map();
    constructor(registry, options = {}) {
        this.registry = registry;
        const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(registry);
        this.base = `${(options.plainHttp ?? local) ? 'http' : 'https'}://${registry}`;
        this.credentials = { ...options.credentials };
        if (this.credentials.password)
            (0,mask/* maskSecret */.$l)(this.credentials.password);
        if (this.credentials.token)
            (0,mask/* maskSecret */.$l)(this.credentials.token);
        if (this.credentials.username && this.credentials.password) {
            (0,mask/* maskSecret */.$l)(Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64'));
        }
        this.timeoutMs = options.timeoutMs ?? 30_000;
        this.fetchImpl = options.fetch ?? fetch;
    }
    /** GET a manifest by tag or digest; the digest is re-computed from the bytes and checked. */
    async getManifest(repository, reference) {
        const fetched = await this.getManifestOrUndefined(repository, reference);
        if (!fetched)
            throw new RegistryError(`${this.registry}/${repository}: manifest ${reference} not found`);
        return fetched;
    }
    /** Like getManifest, but undefined when the registry answers 404. */
    async getManifestOrUndefined(repository, reference) {
        const where = `${this.registry}/${repository}:${reference}`;
        const response = await this.request(repository, `/v2/${repository}/manifests/${reference}`, {
            accept: MANIFEST_ACCEPT,
        });
        if (response.status === 404) {
            await response.body?.cancel();
            return undefined;
        }
        await this.expectOk(response, `manifest ${where}`);
        const bytes = await readLimited(response, MAX_MANIFEST_BYTES, `manifest ${where}`);
        const digest = `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
        const header = response.headers.get('docker-content-digest');
        if (header && header !== digest) {
            throw new RegistryError(`${where}: the registry says the manifest digest is ${header}, but its bytes hash to ${digest}`);
        }
        if (reference.startsWith('sha256:') && reference !== digest) {
            throw new RegistryError(`${where}: the registry returned a manifest whose bytes hash to ${digest}, not the requested ${reference}`);
        }
        const json = parseJson(bytes, `manifest ${where}`);
        if (typeof json !== 'object' || json === null || Array.isArray(json))
            throw new RegistryError(`manifest ${where} is not a JSON object`);
        const manifest = json;
        const mediaType = manifest.mediaType ?? response.headers.get('content-type')?.split(';')[0] ?? '';
        if (![MEDIA.ociIndex, MEDIA.ociManifest, MEDIA.dockerManifest, MEDIA.dockerList].includes(mediaType)) {
            throw new RegistryError(`manifest ${where} has media type '${mediaType}', which is not an image manifest or index`);
        }
        return { digest, mediaType, bytes, json: manifest };
    }
    /** GET a blob; its digest is re-computed and checked. */
    async getBlob(repository, digest, maxBytes = MAX_BLOB_BYTES) {
        const where = `${this.registry}/${repository}@${digest}`;
        const response = await this.request(repository, `/v2/${repository}/blobs/${digest}`, {});
        await this.expectOk(response, `blob ${where}`);
        const bytes = await readLimited(response, maxBytes, `blob ${where}`);
        const actual = `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
        if (actual !== digest)
            throw new RegistryError(`blob ${where}: its bytes hash to ${actual}`);
        return bytes;
    }
    /** The referrers API; undefined when the registry does not implement it (404). */
    async referrers(repository, digest) {
        const where = `${this.registry}/${repository} referrers of ${digest}`;
        const response = await this.request(repository, `/v2/${repository}/referrers/${digest}`, {
            accept: MEDIA.ociIndex,
        });
        if (response.status === 404 || response.status === 405 || response.status === 400) {
            await response.body?.cancel();
            return undefined;
        }
        await this.expectOk(response, where);
        const json = parseJson(await readLimited(response, MAX_MANIFEST_BYTES, where), where);
        if (typeof json !== 'object' || json === null || !Array.isArray(json.manifests)) {
            throw new RegistryError(`${where}: the answer is not an OCI index`);
        }
        return json;
    }
    async request(repository, path, headers) {
        const url = `${this.base}${path}`;
        let response = await this.send(url, { ...headers, ...this.authHeader(repository) });
        if (response.status !== 401)
            return response;
        const challenge = response.headers.get('www-authenticate') ?? '';
        await response.body?.cancel();
        const auth = await this.authenticate(repository, challenge);
        if (!auth) {
            throw new RegistryError(`${this.registry} asks for authentication (${challenge.split(' ')[0] || 'no challenge'}) and ${this.credentials.username || this.credentials.token ? 'refused the credentials given' : 'no credentials were given'}`);
        }
        response = await this.send(url, { ...headers, authorization: auth });
        if (response.status === 401 || response.status === 403) {
            await response.body?.cancel();
            throw new RegistryError(`${this.registry} refused the credentials for ${repository} (HTTP ${response.status})`);
        }
        return response;
    }
    authHeader(repository) {
        const token = this.tokens.get(repository);
        if (token)
            return { authorization: `Bearer ${token}` };
        if (this.credentials.token)
            return { authorization: `Bearer ${this.credentials.token}` };
        return {};
    }
    async authenticate(repository, challenge) {
        const scheme = challenge.split(' ')[0]?.toLowerCase();
        const { username, password } = this.credentials;
        const basic = username && password ? `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` : undefined;
        if (scheme === 'basic')
            return basic;
        if (scheme !== 'bearer')
            return undefined;
        const params = {};
        for (const match of challenge.matchAll(/(\w+)="([^"]*)"/g)) {
            if (match[1] !== undefined && match[2] !== undefined)
                params[match[1]] = match[2];
        }
        if (!params.realm)
            throw new RegistryError(`${this.registry} sent a bearer challenge without a realm`);
        const tokenUrl = new URL(params.realm);
        if (params.service)
            tokenUrl.searchParams.set('service', params.service);
        tokenUrl.searchParams.set('scope', params.scope ?? `repository:${repository}:pull`);
        const response = await this.send(tokenUrl.toString(), basic ? { authorization: basic } : {});
        if (!response.ok) {
            await response.body?.cancel();
            throw new RegistryError(`${this.registry}: the token service ${tokenUrl.origin} answered HTTP ${response.status}`);
        }
        const json = parseJson(await readLimited(response, 1024 * 1024, 'token response'), 'token response');
        const token = typeof json.token === 'string'
            ? json.token
            : typeof json.access_token === 'string'
                ? json.access_token
                : undefined;
        if (!token)
            throw new RegistryError(`${this.registry}: the token service returned no token`);
        (0,mask/* maskSecret */.$l)(token);
        this.tokens.set(repository, token);
        return `Bearer ${token}`;
    }
    async send(url, headers) {
        try {
            return await this.fetchImpl(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(this.timeoutMs) });
        }
        catch (error) {
            throw new RegistryError(`${this.registry} cannot be reached: ${(0,mask/* redact */.E$)((0,errors/* errorMessage */.gJ)(error))}`);
        }
    }
    async expectOk(response, what) {
        if (response.ok)
            return;
        let detail = '';
        try {
            detail = (await response.text()).slice(0, 200).replace(/\s+/g, ' ');
        }
        catch {
            detail = '';
        }
        throw new RegistryError(`${what}: the registry answered HTTP ${response.status}${detail ? ` (${(0,mask/* redact */.E$)(detail)})` : ''}`);
    }
}
async function readLimited(response, max, what) {
    const length = Number(response.headers.get('content-length') ?? '0');
    if (length > max)
        throw new RegistryError(`${what} is ${length} bytes, more than the ${max} allowed`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > max)
        throw new RegistryError(`${what} is more than the ${max} bytes allowed`);
    return bytes;
}
function parseJson(bytes, what) {
    try {
        return (0,nesting/* parseJsonText */.lk)(Buffer.from(bytes).toString('utf8'), what);
    }
    catch (error) {
        if ((0,errors/* isConfigurationError */.p0)(error))
            throw new RegistryError(error.message);
        throw new RegistryError(`${what} is not JSON (${(0,errors/* errorMessage */.gJ)(error)}): the registry answered garbage`);
    }
}
/**
 * Resolves `reference` to a digest, finds its Sigstore signatures and attestations, and verifies
 * them against the anchors. Throws TrustVerificationError (nothing verified, or `all` not met) or
 * RegistryError (the registry failed or answered garbage).
 */
async function verifyImage(reference, options) {
    const ref = parseImageReference(reference);
    if (options.anchors.length === 0) {
        throw new errors_TrustVerificationError('the policy names no Sigstore identity or public key for this image', reference);
    }
    const client = new RegistryClient(ref.registry, options.registry);
    const image = await client.getManifest(ref.repository, ref.digest ?? ref.tag);
    const digest = image.digest;
    const pinned = `${ref.registry}/${ref.repository}@${digest}`;
    const found = await findSignatures(client, ref.repository, digest);
    if (found.signatures.length === 0) {
        throw new errors_TrustVerificationError(`no Sigstore signature or attestation found for ${digest} (looked at ${found.looked.join(', ')}); the image is unsigned`, reference);
    }
    const verified = [];
    const rejected = [...found.unusable];
    const hex = digest.slice('sha256:'.length);
    for (const signature of found.signatures) {
        const predicateType = predicateTypeOf(signature.bundle);
        if (signature.kind === 'attestation' &&
            options.predicateType &&
            !predicateMatches(options.predicateType, predicateType ?? '')) {
            rejected.push({
                location: signature.location,
                reason: `predicate type ${predicateType ?? '(none)'} is not ${describePredicate(options.predicateType)}`,
            });
            continue;
        }
        if (signature.claimedDigest !== undefined && signature.claimedDigest !== digest) {
            rejected.push({
                location: signature.location,
                reason: `the signed payload is for ${signature.claimedDigest || '(no digest)'}, not ${digest} (a signature copied from another image, or a re-tagged image)`,
            });
            continue;
        }
        const subject = signature.payload
            ? {
                kind: 'bytes',
                bytes: signature.payload,
                sha256: (0,external_node_crypto_.createHash)('sha256').update(signature.payload).digest('hex'),
            }
            : signature.bundle.content.$case === 'messageSignature'
                ? { kind: 'bytes', bytes: image.bytes, sha256: hex }
                : { kind: 'digest', sha256: hex };
        const reasons = [];
        for (const anchor of options.anchors) {
            try {
                const signer = verifyBundleWithAnchor(signature.bundle, subject, anchor, options.trust);
                verified.push({
                    ...signer,
                    source: signature.source,
                    location: signature.location,
                    kind: signature.kind,
                    ...(predicateType ? { predicateType } : {}),
                });
                reasons.length = 0;
                break;
            }
            catch (error) {
                reasons.push(`${anchor.id}: ${error instanceof errors_TrustVerificationError ? error.reason : (0,errors/* errorMessage */.gJ)(error)}`);
            }
        }
        if (reasons.length > 0)
            rejected.push({ location: signature.location, reason: reasons.join('; ') });
    }
    const summary = () => rejected.map((r) => `${r.location}: ${r.reason}`).join(' | ');
    if (verified.length === 0) {
        throw new errors_TrustVerificationError(`none of the ${found.signatures.length} signatures for ${digest} is trusted: ${summary()}`, reference);
    }
    if ((options.require ?? 'any') === 'all') {
        const missing = options.anchors.filter((a) => !verified.some((v) => v.anchorId === a.id)).map((a) => a.id);
        if (missing.length > 0) {
            throw new errors_TrustVerificationError(`the policy requires signatures by all of its anchors; missing: ${missing.join(', ')}${rejected.length ? ` (${summary()})` : ''}`, reference);
        }
    }
    return { reference, pinned, digest, verified, rejected };
}
/** Finds signatures and attestations by cosign's tag scheme and OCI 1.1 referrers. */
async function findSignatures(client, repository, digest) {
    const tagBase = digest.replace(':', '-');
    const signatures = [];
    const unusable = [];
    const looked = [];
    for (const [suffix, kind, source] of [
        ['.sig', 'signature', 'cosign-signature-tag'],
        ['.att', 'attestation', 'cosign-attestation-tag'],
    ]) {
        const tag = `${tagBase}${suffix}`;
        looked.push(`tag ${tag}`);
        const manifest = await client.getManifestOrUndefined(repository, tag);
        if (!manifest)
            continue;
        for (const [index, layer] of (manifest.json.layers ?? []).entries()) {
            const location = `${tag} layer ${index}`;
            try {
                signatures.push(await fromCosignLayer(client, repository, layer, location, kind, source));
            }
            catch (error) {
                if (error instanceof RegistryError)
                    throw error;
                unusable.push({
                    location,
                    reason: error instanceof errors_TrustVerificationError ? error.reason : (0,errors/* errorMessage */.gJ)(error),
                });
            }
        }
    }
    // OCI 1.1 referrers: the API first, then the fallback tag.
    looked.push('the referrers API');
    let index = await client.referrers(repository, digest);
    let source = 'referrers-api';
    if (!index) {
        looked.push(`tag ${tagBase}`);
        const fallback = await client.getManifestOrUndefined(repository, tagBase);
        if (fallback) {
            if (fallback.mediaType !== MEDIA.ociIndex) {
                unusable.push({
                    location: `tag ${tagBase}`,
                    reason: `the referrers tag holds a ${fallback.mediaType}, not an OCI index`,
                });
            }
            else
                index = fallback.json;
            source = 'referrers-tag';
        }
    }
    for (const descriptor of index?.manifests ?? []) {
        const artifactType = descriptor.artifactType ?? '';
        if (!artifactType.startsWith('application/vnd.dev.sigstore.bundle'))
            continue;
        const location = `referrer ${descriptor.digest}`;
        const manifest = await client.getManifest(repository, descriptor.digest);
        if (manifest.json.subject?.digest !== digest) {
            unusable.push({ location, reason: `its subject is ${manifest.json.subject?.digest ?? '(none)'}, not ${digest}` });
            continue;
        }
        for (const [i, layer] of (manifest.json.layers ?? []).entries()) {
            if (!layer.mediaType.startsWith('application/vnd.dev.sigstore.bundle'))
                continue;
            try {
                const bundle = parseBundle(parseJson(await client.getBlob(repository, layer.digest), `${location} layer ${i}`), `${location} layer ${i}`);
                signatures.push({
                    source,
                    location: `${location} layer ${i}`,
                    kind: bundle.content.$case === 'dsseEnvelope' ? 'attestation' : 'signature',
                    bundle,
                });
            }
            catch (error) {
                if (error instanceof RegistryError && !(0,errors/* errorMessage */.gJ)(error).includes('not JSON'))
                    throw error;
                unusable.push({ location: `${location} layer ${i}`, reason: (0,errors/* errorMessage */.gJ)(error) });
            }
        }
    }
    return { signatures, unusable, looked };
}
async function fromCosignLayer(client, repository, layer, location, kind, source) {
    if (layer.mediaType === MEDIA.bundleV03) {
        const bytes = await client.getBlob(repository, layer.digest);
        const bundle = parseBundle(parseJson(bytes, location), location);
        return { source, location, kind: bundle.content.$case === 'dsseEnvelope' ? 'attestation' : 'signature', bundle };
    }
    const annotations = layer.annotations ?? {};
    const payload = await client.getBlob(repository, layer.digest);
    if (layer.mediaType === MEDIA.simpleSigning) {
        const signature = annotations[COSIGN_ANNOTATIONS.signature];
        if (!signature)
            throw new errors_TrustVerificationError(`the layer has no ${COSIGN_ANNOTATIONS.signature} annotation`);
        const claimed = simpleSigningDigest(payload);
        const bundle = legacyBundle(annotations, {
            $case: 'messageSignature',
            messageSignature: {
                messageDigest: { algorithm: 1, digest: (0,external_node_crypto_.createHash)('sha256').update(payload).digest() },
                signature: Buffer.from(signature, 'base64'),
            },
        });
        return { source, location, kind, bundle, payload, claimedDigest: claimed };
    }
    if (layer.mediaType === MEDIA.dsse) {
        const envelope = parseJson(payload, location);
        if (typeof envelope.payload !== 'string' ||
            typeof envelope.payloadType !== 'string' ||
            !Array.isArray(envelope.signatures)) {
            throw new errors_TrustVerificationError('the DSSE envelope is malformed');
        }
        const signatures = envelope.signatures.map((s) => ({
            sig: Buffer.from(typeof s.sig === 'string' ? s.sig : '', 'base64'),
            keyid: typeof s.keyid === 'string' ? s.keyid : '',
        }));
        const bundle = legacyBundle(annotations, {
            $case: 'dsseEnvelope',
            dsseEnvelope: { payload: Buffer.from(envelope.payload, 'base64'), payloadType: envelope.payloadType, signatures },
        });
        return { source, location, kind: 'attestation', bundle };
    }
    throw new errors_TrustVerificationError(`layer media type ${layer.mediaType} is not a cosign signature, attestation or Sigstore bundle`);
}
/** `critical.image.docker-manifest-digest` of a cosign simple-signing payload. */
function simpleSigningDigest(payload) {
    let json;
    try {
        json = JSON.parse(Buffer.from(payload).toString('utf8'));
    }
    catch {
        throw new errors_TrustVerificationError('the simple-signing payload is not JSON');
    }
    const critical = json.critical;
    if (critical?.type !== 'cosign container image signature') {
        throw new errors_TrustVerificationError(`the payload type is ${JSON.stringify(critical?.type)}, not "cosign container image signature"`);
    }
    const digest = critical.image?.['docker-manifest-digest'];
    if (typeof digest !== 'string')
        throw new errors_TrustVerificationError('the simple-signing payload names no docker-manifest-digest');
    return digest;
}
/** A Sigstore bundle assembled from cosign's layer annotations (certificate, Rekor bundle, RFC 3161 timestamp). */
function legacyBundle(annotations, content) {
    const certificatePem = annotations[COSIGN_ANNOTATIONS.certificate];
    const tlogEntries = [];
    const rekor = annotations[COSIGN_ANNOTATIONS.rekorBundle];
    if (rekor) {
        const parsed = JSON.parse(rekor);
        const p = parsed.Payload;
        if (!parsed.SignedEntryTimestamp ||
            !p?.body ||
            p.integratedTime === undefined ||
            p.logIndex === undefined ||
            !p.logID) {
            throw new errors_TrustVerificationError(`the ${COSIGN_ANNOTATIONS.rekorBundle} annotation is incomplete`);
        }
        const body = JSON.parse(Buffer.from(p.body, 'base64').toString('utf8'));
        tlogEntries.push({
            logIndex: String(p.logIndex),
            logId: { keyId: Buffer.from(p.logID, 'hex') },
            kindVersion: { kind: body.kind ?? 'hashedrekord', version: body.apiVersion ?? '0.0.1' },
            integratedTime: String(p.integratedTime),
            inclusionPromise: { signedEntryTimestamp: Buffer.from(parsed.SignedEntryTimestamp, 'base64') },
            inclusionProof: undefined,
            canonicalizedBody: Buffer.from(p.body, 'base64'),
        });
    }
    const rfc3161Timestamps = [];
    // cosign timestamps an attestation's envelope bytes, not its DSSE signature as Sigstore bundles do,
    // so @sigstore/verify cannot check that token: with a Rekor entry present it is left out (the log's
    // integrated time is the trusted time); without one it is kept and fails closed if it does not match.
    const ts = content.$case === 'dsseEnvelope' && rekor ? undefined : annotations[COSIGN_ANNOTATIONS.timestamp];
    if (ts) {
        const parsed = JSON.parse(ts);
        if (!parsed.SignedRFC3161Timestamp)
            throw new errors_TrustVerificationError(`the ${COSIGN_ANNOTATIONS.timestamp} annotation is incomplete`);
        rfc3161Timestamps.push({ signedTimestamp: Buffer.from(parsed.SignedRFC3161Timestamp, 'base64') });
    }
    let material;
    if (certificatePem) {
        const ders = (0,pem/* pemDecode */.jK)(certificatePem, 'CERTIFICATE');
        const first = ders[0];
        if (!first)
            throw new errors_TrustVerificationError(`the ${COSIGN_ANNOTATIONS.certificate} annotation holds no PEM certificate`);
        material = { $case: 'certificate', certificate: { rawBytes: Buffer.from(first) } };
    }
    else {
        material = { $case: 'publicKey', publicKey: { hint: '' } };
    }
    const bundle = {
        mediaType: MEDIA.bundleV03,
        verificationMaterial: { content: material, tlogEntries, timestampVerificationData: { rfc3161Timestamps } },
        content,
    };
    return bundle;
}

// EXTERNAL MODULE: ./src/trust/review.ts
var review = __webpack_require__(3152);
;// CONCATENATED MODULE: ./src/verify/trust-policy.ts
/**
 * verify-signatures driven by the versioned trust policy (`version: 1`, docs/trust-policy.md):
 * every rule that matches an artifact must pass. Sigstore and public-key anchors go through this
 * capability's engine (thresholds, signing time, subject, predicate type, anchored identity); X.509
 * (CMS `.p7s` / raw `.sig` + `.crt`) and OpenPGP (`.asc` / `.sig`) evidence beside the artifact
 * goes through src/trust; checksum pins make an artifact compensated. Anchors `anchorsForUse`
 * reports as errors (review overdue, expired or revoked) are refused; those due soon are warned.
 */














/** Loads the `policy` input. The interim `artifacts:` format (no `version`) is retired. */
async function loadPolicyInput(path) {
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`Cannot read policy file ${path}: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    if (!/^version\s*:/m.test(text) && /^artifacts\s*:/m.test(text)) {
        throw new errors/* ConfigurationError */.j1(`Policy ${path} uses the retired 'artifacts:' list format. Write a trust policy instead: 'version: 1', 'anchors' (who may sign, with owner and review-by) and 'rules' (artifact globs -> anchors); see docs/trust-policy.md.`);
    }
    return (0,trust_policy/* loadTrustPolicy */.H8)(path);
}
/** The anchors the rules matching `names` use, checked with `anchorsForUse`; warnings go to `warn`. */
async function policyInUse(policy, names, warn, now) {
    const ids = new Set();
    for (const name of names) {
        for (const rule of (0,trust_policy/* rulesFor */.NP)(policy, name))
            if (rule.kind === 'signature')
                rule.anchors.forEach((id) => ids.add(id));
    }
    // X.509 signatures may carry RFC 3161 timestamps: the timestamp authorities are then in use too.
    if (policy.anchors.some((a) => a.type === 'x509-ca' && ids.has(a.id))) {
        for (const tsa of policy.anchors)
            if (tsa.type === 'timestamp-authority')
                ids.add(tsa.id);
    }
    const { refused, warnings } = await (0,review/* anchorsForUse */.lf)(policy, { ids: [...ids], ...(now ? { now } : {}) });
    const where = policy.path || 'the trust policy';
    for (const finding of warnings)
        warn(`Trust policy ${where}, line ${finding.line}: ${finding.message}`);
    const map = new Map();
    for (const finding of refused) {
        warn(`Trust policy ${where}, line ${finding.line}: refused: ${finding.message}`);
        const before = map.get(finding.anchorId);
        map.set(finding.anchorId, before ? `${before}; ${finding.message}` : finding.message);
    }
    return { policy, refused: map };
}
/** What a Sigstore or public-key anchor must see, in the engine's terms. */
function identityPolicyFor(anchor, predicateType) {
    if (anchor.type === 'public-key')
        return { predicateType };
    return {
        certificateIdentity: anchor.identity,
        certificateIdentityRegexp: anchor.identityPattern,
        certificateOidcIssuer: anchor.issuer,
        signerWorkflow: anchor.signerWorkflow,
        sourceRepository: anchor.sourceRepository,
        sourceRef: anchor.sourceRef,
        signerDigest: anchor.signerDigest,
        sourceDigest: anchor.sourceDigest,
        denySelfHostedRunners: anchor.denySelfHostedRunners,
        predicateType,
    };
}
/** Engine contexts per anchor: keyless anchors share one; each public-key anchor gets its key. */
class AnchorContexts {
    #byKey = new Map();
    #keyless;
    #roots;
    constructor(roots) {
        this.#roots = roots;
        this.#keyless = { roots: roots.withKey(undefined) };
    }
    for(anchor) {
        if (anchor.type === 'sigstore')
            return this.#keyless;
        let ctx = this.#byKey.get(anchor.id);
        if (!ctx) {
            let key;
            try {
                key = (0,external_node_crypto_.createPublicKey)({ key: anchor.keyPem, format: 'pem' });
            }
            catch (error) {
                throw new errors_TrustVerificationError(`anchor ${anchor.id}'s key cannot be read: ${(0,errors/* errorMessage */.gJ)(error)}`);
            }
            ctx = { roots: this.#roots.withKey(key), key };
            this.#byKey.set(anchor.id, ctx);
        }
        return ctx;
    }
}
/** File names findEvidence reads beside an artifact: each must stay inside the workspace. */
const EVIDENCE_SUFFIXES = ['.p7s', '.p7s.pem', '.p7m', '.asc', '.gpg', '.sig', '.crt', '.pem', '.sig.crt'];
/** Refuses evidence beside the artifact that resolves outside the workspace (a symlink). */
async function checkEvidenceInside(workspace, base, name) {
    for (const suffix of EVIDENCE_SUFFIXES) {
        const candidate = `${base}${suffix}`;
        try {
            await (0,promises_.access)(candidate);
        }
        catch {
            continue;
        }
        try {
            await realPathInside(workspace, candidate);
        }
        catch (error) {
            throw new ArtifactError(`signature file ${name}${suffix} is refused: ${(0,errors/* errorMessage */.gJ)(error)}`);
        }
    }
}
function methodOf(type, sigstoreMethod = 'bundle') {
    switch (type) {
        case 'x509-ca':
            return 'x509';
        case 'openpgp':
            return 'openpgp';
        case 'public-key':
            return 'key';
        default:
            return sigstoreMethod;
    }
}
/** One artifact against the trust policy, as a `results` row. */
async function verifyWithPolicy(use, target, contexts, predicateType) {
    const { name, digest } = target;
    const fail = (method, reason) => ({
        artifact: name,
        digest,
        method,
        status: 'failed',
        reason,
    });
    const sigstoreOutcomes = new Map();
    const verifySigstore = async (anchor) => {
        if (target.candidates.length === 0)
            return undefined;
        const ctx = contexts.for(anchor);
        const policy = identityPolicyFor(anchor, predicateType);
        const reasons = [];
        for (const { loaded, method } of target.candidates) {
            try {
                const facts = await verifyBundle(loaded, target.subject, ctx, policy);
                if (anchor.type === 'sigstore' && facts.keySigned)
                    throw new ArtifactError('the bundle is key-signed');
                sigstoreOutcomes.set(anchor.id, { facts, method, source: loaded.source });
                return {
                    anchorId: anchor.id,
                    type: anchor.type,
                    source: loaded.source,
                    signer: facts.signerIdentity ?? anchor.id,
                };
            }
            catch (error) {
                if (!(error instanceof ArtifactError) && !(error instanceof errors_TrustVerificationError))
                    throw error;
                reasons.push(target.candidates.length > 1 ? `${loaded.source}: ${error.message}` : error.message);
            }
        }
        throw new errors_TrustVerificationError(reasons.join('; '));
    };
    let evaluation;
    try {
        const bytes = new Uint8Array(await (0,promises_.readFile)(target.path));
        const base = (0,external_node_path_.resolve)(target.workspace, name);
        await checkEvidenceInside(target.workspace, base, name);
        const evidence = await findEvidence(base, { bundles: false });
        evaluation = await evaluateBytes(use.policy, name, bytes, evidence, { refused: use.refused, verifySigstore });
    }
    catch (error) {
        if (!(error instanceof errors/* ConfigurationError */.j1) && !(error instanceof ArtifactError))
            throw error;
        return fail('bundle', (0,errors/* errorMessage */.gJ)(error));
    }
    if (`sha256:${evaluation.sha256}` !== digest) {
        return fail('bundle', `${name} changed while it was being verified (${digest}, then sha256:${evaluation.sha256})`);
    }
    const rules = (0,trust_policy/* rulesFor */.NP)(use.policy, name);
    const firstType = rules.flatMap((r) => r.resolvedAnchors)[0]?.type;
    const strip = (message) => message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message;
    if (evaluation.status === 'failed') {
        const method = rules.some((r) => r.kind === 'checksum')
            ? 'checksum'
            : firstType
                ? methodOf(firstType, target.candidates[0]?.method)
                : 'bundle';
        return fail(method, `trust policy ${use.policy.path}: ${strip(evaluation.message)}`);
    }
    if (evaluation.status === 'compensated') {
        const pin = evaluation.rules.find((r) => r.kind === 'checksum');
        return {
            artifact: name,
            digest,
            method: 'checksum',
            status: 'compensated',
            reason: `not verified by signature; matches the checksum pinned on line ${pin?.line ?? '?'} of ${use.policy.path} (compensating measure: ${pin?.reason ?? ''})`,
        };
    }
    const accepted = evaluation.rules.flatMap((r) => r.accepted);
    const first = accepted[0];
    const by = accepted.map((a) => `${a.anchorId} (${a.source.split('/').pop() ?? a.source})`).join(', ');
    const outcome = first ? sigstoreOutcomes.get(first.anchorId) : undefined;
    if (first && outcome) {
        const f = outcome.facts;
        return {
            artifact: name,
            digest,
            method: f.keySigned ? 'key' : outcome.method,
            status: 'verified',
            signerIdentity: f.signerIdentity ?? (f.keySigned ? first.anchorId : undefined),
            issuer: f.issuer,
            sourceRepository: f.claims.sourceRepositoryUri,
            sourceRef: f.claims.sourceRepositoryRef,
            logIndex: f.logIndex,
            signingTime: f.signingTime,
            predicateType: f.predicateType || undefined,
            reason: `signature verified by trust anchor ${by}`,
        };
    }
    return {
        artifact: name,
        digest,
        method: first ? methodOf(first.type) : 'bundle',
        status: 'verified',
        signerIdentity: first?.signer,
        reason: `signature verified by trust anchor ${by}`,
    };
}
/** The name an image's rules are matched against: `registry/repository`, without tag or digest. */
function imageRuleName(reference) {
    const ref = parseImageReference(reference);
    return `${ref.registry}/${ref.repository}`;
}
/** One container image against the trust policy, as a `results` row (method `image`). */
async function verifyImageWithPolicy(use, request) {
    const name = request.reference;
    const fail = (reason, digest = '') => ({
        artifact: name,
        digest,
        method: 'image',
        status: 'failed',
        reason,
    });
    let ruleName;
    try {
        ruleName = imageRuleName(request.reference);
    }
    catch (error) {
        return fail((0,errors/* errorMessage */.gJ)(error));
    }
    const rules = (0,trust_policy/* rulesFor */.NP)(use.policy, ruleName);
    if (rules.length === 0)
        return fail(`no rule of trust policy ${use.policy.path} covers ${ruleName}`);
    const verifiedRows = [];
    // The tag is resolved once: later rules check the digest the first one pinned, so a tag moved
    // between two lookups cannot have each rule pass on a different image.
    let reference = request.reference;
    for (const rule of rules) {
        if (rule.kind === 'checksum') {
            return fail(`rule on line ${rule.line} pins a checksum, which applies to files; images must be signed (Sigstore identity or public key)`);
        }
        const usable = [];
        const refusals = [];
        for (const anchor of rule.resolvedAnchors) {
            const refusal = use.refused.get(anchor.id);
            if (refusal !== undefined)
                refusals.push(`${anchor.id}: ${refusal}`);
            else if (anchor.type === 'sigstore' || anchor.type === 'public-key')
                usable.push(anchor);
            else
                refusals.push(`${anchor.id}: a ${anchor.type} anchor cannot sign container images`);
        }
        if (rule.require === 'all' && refusals.length > 0) {
            return fail(`rule on line ${rule.line} requires every anchor, and ${refusals.join('; ')}`);
        }
        if (usable.length === 0)
            return fail(`rule on line ${rule.line}: no usable anchor (${refusals.join('; ')})`);
        try {
            const result = await verifyImage(reference, {
                anchors: usable,
                require: rule.require,
                trust: {
                    trustMaterial: trustMaterial(request.root),
                    verifierOptions: request.thresholds ?? DEFAULT_THRESHOLDS,
                },
                registry: {
                    ...(request.credentials ? { credentials: request.credentials } : {}),
                    ...(request.plainHttp === undefined ? {} : { plainHttp: request.plainHttp }),
                },
                ...(request.predicateType ? { predicateType: request.predicateType } : {}),
            });
            const first = result.verified[0];
            reference = result.pinned;
            verifiedRows.push({
                artifact: result.pinned,
                digest: result.digest,
                method: 'image',
                status: 'verified',
                signerIdentity: first?.identity ?? first?.anchorId,
                issuer: first?.issuer,
                sourceRepository: first?.sourceRepository,
                sourceRef: first?.sourceRef,
                predicateType: first?.predicateType,
                reason: `${name} is ${result.digest}, signed by trust anchor ${[...new Set(result.verified.map((v) => v.anchorId))].join(', ')} (${result.verified.map((v) => v.location).join(', ')})`,
            });
        }
        catch (error) {
            if (!(error instanceof errors/* ConfigurationError */.j1))
                throw error;
            const reason = error instanceof errors_TrustVerificationError ? error.reason : (0,errors/* errorMessage */.gJ)(error);
            return fail(`rule on line ${rule.line}: ${reason}`);
        }
    }
    return verifiedRows[0] ?? fail('no rule verified the image');
}

;// CONCATENATED MODULE: ./src/verify/run.ts

















/** Bundle file names looked for beside an artifact, in order. */
const BESIDE_SUFFIXES = ['.sigstore.json', '.sigstore', '.bundle', '.sigstore.jsonl', '.intoto.jsonl'];
/** `sha256:<hex>  <path>` lines for what was verified or compensated: what the deploy step may deploy. */
function formatDigests(results) {
    return results
        .filter((r) => r.status !== 'failed' && r.digest !== '')
        .map((r) => `${r.digest}  ${r.artifact}`)
        .join('\n');
}
const DIGEST_ALGORITHMS = ['sha256', 'sha384', 'sha512'];
/** The `alg:hex` digests a bundle claims to cover: its message digest, or its in-toto subjects. */
function coveredDigests(loaded) {
    const content = loaded.bundle.content;
    if (content.$case === 'messageSignature') {
        const d = content.messageSignature.messageDigest;
        const alg = d ? NODE_HASH[d.algorithm] : undefined;
        return d && alg ? [`${alg}:${Buffer.from(d.digest).toString('hex')}`] : [];
    }
    if (content.dsseEnvelope.payloadType !== IN_TOTO_PAYLOAD_TYPE)
        return [];
    try {
        const statement = JSON.parse(Buffer.from(content.dsseEnvelope.payload).toString('utf8'));
        const subjects = statement.subject;
        if (!Array.isArray(subjects))
            return [];
        return subjects.flatMap((s) => {
            const digest = s?.digest ?? {};
            return DIGEST_ALGORITHMS.flatMap((alg) => {
                const hex = digest[alg];
                return typeof hex === 'string' ? [`${alg}:${hex.toLowerCase()}`] : [];
            });
        });
    }
    catch {
        return [];
    }
}
async function exists(path) {
    try {
        await (0,promises_.access)(path);
        return true;
    }
    catch {
        return false;
    }
}
function failed(name, digest, method, reason) {
    return { artifact: name, digest, method, status: 'failed', reason };
}
function fromFacts(name, digest, method, facts, source) {
    return {
        artifact: name,
        digest,
        method: facts.keySigned ? 'key' : method,
        status: 'verified',
        signerIdentity: facts.signerIdentity,
        issuer: facts.issuer,
        sourceRepository: facts.claims.sourceRepositoryUri,
        sourceRef: facts.claims.sourceRepositoryRef,
        logIndex: facts.logIndex,
        signingTime: facts.signingTime,
        predicateType: facts.predicateType || undefined,
        reason: `signature verified (${source}${facts.instance === 'github' ? ", GitHub's Sigstore instance" : ''})`,
    };
}
async function verifyArtifacts(request) {
    const workspace = (0,external_node_path_.resolve)(request.workspace);
    const images = request.images ?? [];
    if (request.artifacts.length === 0 && images.length === 0) {
        throw new errors/* ConfigurationError */.j1("Input 'artifacts' is empty: name the files to verify (paths or globs), or the container images in 'images'.");
    }
    if (request.policyFile)
        checkPolicyExclusive(request);
    else if (images.length > 0) {
        throw new errors/* ConfigurationError */.j1("Input 'images' needs 'policy': a trust policy whose rules name the identities or keys that may sign each image (docs/trust-policy.md).");
    }
    if (request.checksums && !request.reason?.trim()) {
        throw new errors/* ConfigurationError */.j1("Input 'checksums' needs 'reason': say why pinned checksums stand in for signatures (e.g. the vendor does not sign).");
    }
    validatePolicy(request.policy);
    const thresholds = validateThresholds(request.thresholds ?? {}, request.warn);
    const [trustPolicy, key, checksums] = await Promise.all([
        request.policyFile ? loadPolicyInput((0,external_node_path_.resolve)(workspace, request.policyFile)) : undefined,
        request.key ? loadPublicKey((0,external_node_path_.resolve)(workspace, request.key)) : undefined,
        request.checksums ? loadChecksums((0,external_node_path_.resolve)(workspace, request.checksums)) : undefined,
    ]);
    // The root and policy are chosen per bundle from its signing certificate (instances.ts).
    const roots = await loadTrustRoots({
        ...(request.trustedRoot ? { trustedRoot: (0,external_node_path_.resolve)(workspace, request.trustedRoot) } : {}),
        offline: request.offline,
        thresholds,
        ...(key ? { key } : {}),
        ...(request.trustDomain ? { trustDomain: request.trustDomain } : {}),
        warn: request.warn,
    });
    const ctx = { roots, key };
    const targets = await resolveTargets(workspace, request.artifacts);
    let trust;
    if (trustPolicy) {
        const names = [...targets.map((t) => t.name), ...images.map(safeImageRuleName)];
        trust = await policyInUse(trustPolicy, names, request.warn, request.now);
    }
    const contexts = trust ? new AnchorContexts(roots) : undefined;
    const explicit = await loadExplicitBundles(workspace, request.bundles);
    const byDigest = new Map();
    const explicitAlgorithms = new Set();
    for (const loaded of explicit.bundles) {
        for (const digest of coveredDigests(loaded)) {
            byDigest.set(digest, [...(byDigest.get(digest) ?? []), loaded]);
            explicitAlgorithms.add(digest.slice(0, digest.indexOf(':')));
        }
    }
    const results = await (0,concurrency/* mapLimit */.s)(targets, 4, (target) => verifyTarget(target, { workspace, request, trust, contexts, key, checksums, ctx, byDigest, explicitAlgorithms }));
    let imageResults = [];
    if (trust && images.length > 0) {
        // Images are verified by the registry code with one root: the user's first, else public-good's.
        const root = await roots.primary();
        imageResults = await verifyImages(trust, images, root, roots.primaryThresholds(root), request);
    }
    const all = [...explicit.failures, ...results, ...imageResults];
    return { results: all, verified: all.length > 0 && all.every((r) => r.status !== 'failed') };
}
async function resolveTargets(workspace, entries) {
    const targets = [];
    const seen = new Set();
    for (const entry of entries) {
        if (looksLikeDigest(entry)) {
            try {
                targets.push({ name: entry, subject: digestSubject(entry) });
            }
            catch (error) {
                targets.push({ name: entry, error: (0,errors/* errorMessage */.gJ)(error) });
            }
            continue;
        }
        const resolution = await resolvePattern(workspace, entry);
        if (resolution.error)
            targets.push({ name: entry, error: resolution.error });
        for (const file of resolution.files) {
            if (seen.has(file.path))
                continue;
            seen.add(file.path);
            targets.push({ name: file.name, file, ...(/[*?[\]{}]/.test(entry) ? {} : { given: entry }) });
        }
    }
    // A glob such as `dist/*` also matches the bundles beside the artifacts: those are not artifacts.
    const names = new Set(targets.map((t) => t.name));
    const isBesideBundle = (t) => t.file !== undefined && BESIDE_SUFFIXES.some((s) => t.name.endsWith(s) && names.has(t.name.slice(0, -s.length)));
    const kept = targets.filter((t) => !isBesideBundle(t));
    targets.length = 0;
    targets.push(...kept);
    const files = targets.filter((t) => t.file);
    const digests = await hashFiles(files.map((t) => t.file?.path ?? ''));
    const hashed = new Map();
    files.forEach((t, i) => {
        const d = digests[i];
        if (d)
            hashed.set(t, d);
    });
    return targets.map((t) => {
        if (!t.file)
            return t;
        const d = hashed.get(t);
        if (!d || d.status === 'rejected' || !d.value.sha256) {
            const why = d?.status === 'rejected' ? (0,errors/* errorMessage */.gJ)(d.reason) : 'no digest';
            return { name: t.name, file: t.file, error: `cannot read ${t.name}: ${why}` };
        }
        return {
            ...t,
            subject: { label: t.name, path: t.file.path, size: t.file.size, digests: { sha256: d.value.sha256 } },
        };
    });
}
async function loadExplicitBundles(workspace, patterns) {
    const bundles = [];
    const failures = [];
    for (const pattern of patterns) {
        const resolution = await resolvePattern(workspace, pattern);
        if (resolution.error)
            failures.push(failed(pattern, '', 'bundle', `bundles: ${resolution.error}`));
        for (const file of resolution.files) {
            try {
                bundles.push(...(await readBundleFile(file.path, file.name)));
            }
            catch (error) {
                failures.push(failed(file.name, '', 'bundle', (0,errors/* errorMessage */.gJ)(error)));
            }
        }
    }
    return { bundles, failures };
}
/** With a trust policy, the policy says who may sign: the per-run identity inputs would compete with it. */
function checkPolicyExclusive(request) {
    const p = request.policy;
    const competing = [
        ['certificate-identity', p.certificateIdentity],
        ['certificate-identity-regexp', p.certificateIdentityRegexp],
        ['signer-workflow', p.signerWorkflow],
        ['source-repository', p.sourceRepository],
        ['source-ref', p.sourceRef],
        ['signer-digest', p.signerDigest],
        ['source-digest', p.sourceDigest],
        ['deny-self-hosted-runners', p.denySelfHostedRunners ? 'true' : undefined],
        ['key', request.key],
        ['checksums', request.checksums],
    ].filter(([, value]) => value !== undefined && value !== '');
    if (competing.length > 0) {
        throw new errors/* ConfigurationError */.j1(`With 'policy', the trust policy says who may sign each artifact: remove ${competing.map(([name]) => `'${name ?? ''}'`).join(', ')}, and put the identity, key or checksum pin into the policy's anchors and rules (docs/trust-policy.md).`);
    }
}
function safeImageRuleName(reference) {
    try {
        return imageRuleName(reference);
    }
    catch {
        return reference;
    }
}
async function verifyImages(trust, images, root, thresholds, request) {
    return (0,concurrency/* mapLimit */.s)(images, 4, (reference) => verifyImageWithPolicy(trust, {
        reference,
        root,
        thresholds,
        ...(request.registryCredentials ? { credentials: request.registryCredentials } : {}),
        ...(request.policy.predicateType ? { predicateType: request.policy.predicateType } : {}),
    }));
}
async function besideBundles(workspace, file) {
    const found = [];
    const tried = [];
    const base = (0,external_node_path_.resolve)(workspace, file.name);
    for (const suffix of BESIDE_SUFFIXES) {
        const candidate = `${base}${suffix}`;
        tried.push(`${file.name}${suffix}`);
        if (!(await exists(candidate)))
            continue;
        let real;
        try {
            real = await realPathInside(workspace, candidate);
        }
        catch (error) {
            throw new ArtifactError(`bundle ${file.name}${suffix} is refused: ${(0,errors/* errorMessage */.gJ)(error)}`);
        }
        found.push(...(await readBundleFile(real, `${file.name}${suffix}`)));
    }
    return { found, tried };
}
/** Whether anything but the release check was asked for. */
function signaturesWanted(request) {
    return Boolean(request.attestations ||
        request.bundles.length > 0 ||
        request.key ||
        request.checksums ||
        request.policyFile ||
        namesSigner(request.policy));
}
/** The artifact's signature checks, then (with `release`) the release attestation: both must pass. */
async function verifyTarget(target, shared) {
    const release = shared.request.release;
    const alone = release !== undefined && !signaturesWanted(shared.request);
    const result = alone ? undefined : await verifySignatures(target, shared);
    if (!release || !target.subject || target.error || (result && result.status === 'failed')) {
        return result ?? failed(target.name, '', 'attestation', target.error ?? 'not readable');
    }
    const subject = target.subject;
    const digest = subject.digests.sha256 ? `sha256:${subject.digests.sha256}` : '';
    let facts;
    let tag = '';
    try {
        const attestations = await release();
        tag = attestations.tag;
        facts = await verifyReleaseAsset(attestations, subject, shared.ctx);
    }
    catch (error) {
        const reason = `release: ${(0,errors/* errorMessage */.gJ)(error)}`;
        return failed(target.name, digest, result?.method ?? 'attestation', result ? `${result.reason}; ${reason}` : reason);
    }
    const asset = `asset of release ${tag} (GitHub release attestation by ${facts.signerIdentity ?? '?'})`;
    if (result)
        return { ...result, reason: `${result.reason}; ${asset}` };
    return { ...fromFacts(target.name, digest, 'attestation', facts, 'release attestation'), reason: asset };
}
async function verifySignatures(target, shared) {
    const { request, ctx } = shared;
    const subject = target.subject;
    const digest = subject?.digests.sha256 ? `sha256:${subject.digests.sha256}` : '';
    const defaultMethod = shared.key ? 'key' : 'bundle';
    if (target.error || !subject)
        return failed(target.name, digest, defaultMethod, target.error ?? 'not readable');
    const policy = request.policy;
    if (shared.trust && !target.file) {
        return failed(target.name, digest, defaultMethod, 'a trust policy matches artifacts by path: name the file, not only its digest');
    }
    let candidates = [];
    let tried = [];
    try {
        // Explicit bundles, by every digest algorithm they name (an artifact's sha384/sha512 is
        // computed only when some bundle names one).
        const seen = new Set();
        for (const alg of DIGEST_ALGORITHMS) {
            if (!shared.explicitAlgorithms.has(alg))
                continue;
            const ours = await digestOf(subject, alg);
            for (const loaded of ours ? (shared.byDigest.get(`${alg}:${ours}`) ?? []) : []) {
                if (seen.has(loaded))
                    continue;
                seen.add(loaded);
                candidates.push({ loaded, method: 'bundle' });
            }
        }
        if (target.file) {
            const beside = await besideBundles(shared.workspace, target.file);
            tried = beside.tried;
            candidates.push(...beside.found.map((loaded) => ({ loaded, method: 'bundle' })));
        }
    }
    catch (error) {
        return failed(target.name, digest, defaultMethod, (0,errors/* errorMessage */.gJ)(error));
    }
    // Attestations that could not be read (download failed, malformed): reasons, never a pass.
    let unreadable = [];
    if (candidates.length === 0 && request.attestations && subject.digests.sha256) {
        try {
            const fetched = await request.attestations(`sha256:${subject.digests.sha256}`);
            candidates = fetched.bundles.map((loaded) => ({ loaded, method: 'attestation' }));
            unreadable = fetched.failures;
        }
        catch (error) {
            return failed(target.name, digest, 'attestation', `cannot fetch attestations: ${(0,errors/* errorMessage */.gJ)(error)}`);
        }
        if (candidates.length === 0 && unreadable.length > 0) {
            return failed(target.name, digest, 'attestation', unreadable.join('; '));
        }
        if (candidates.length === 0)
            tried.push(`GitHub attestations for ${digest}`);
    }
    if (shared.trust && shared.contexts && target.file) {
        const result = await verifyWithPolicy(shared.trust, { name: target.name, workspace: shared.workspace, path: target.file.path, subject, digest, candidates }, shared.contexts, request.policy.predicateType);
        return result.status === 'failed' && unreadable.length > 0
            ? { ...result, reason: [result.reason, ...unreadable].join('; ') }
            : result;
    }
    if (candidates.length === 0) {
        if (shared.checksums)
            return compensate(target, subject, digest, shared.checksums, request);
        const where = tried.length > 0 ? `: looked for ${tried.join(', ')}` : '';
        return failed(target.name, digest, defaultMethod, `no signature found${where}`);
    }
    const reasons = [];
    for (const { loaded, method } of candidates) {
        try {
            const facts = await verifyBundle(loaded, subject, ctx, policy);
            return fromFacts(target.name, digest, method, facts, loaded.source);
        }
        catch (error) {
            if (!(error instanceof ArtifactError))
                throw error;
            reasons.push(candidates.length > 1 ? `${loaded.source}: ${error.message}` : error.message);
        }
    }
    const method = candidates[0]?.method ?? defaultMethod;
    return failed(target.name, digest, shared.key ? 'key' : method, summarizeReasons([...reasons, ...unreadable]));
}
/** Many candidates (100 attestations of CI builds, say) would make an unreadable annotation: the first ten, then a count. */
function summarizeReasons(reasons, shown = 10) {
    if (reasons.length <= shown)
        return reasons.join('; ');
    return `${reasons.slice(0, shown).join('; ')}; and ${reasons.length - shown} more candidates refused (not shown)`;
}
async function compensate(target, subject, digest, entries, request) {
    // The checksum file may name the artifact by its workspace path, by the path as given, or by its base name.
    const names = [target.name, ...(target.given && target.given !== target.name ? [target.given] : [])];
    const matching = checksumsFor(entries, names);
    if (matching.length === 0) {
        return failed(target.name, digest, 'checksum', `no signature found and ${request.checksums ?? 'the checksums file'} has no entry for ${target.name}`);
    }
    for (const entry of matching) {
        let ours = subject.digests[entry.algorithm];
        if (!ours && subject.path)
            ours = (await hashFileHere(subject.path, [entry.algorithm]))[entry.algorithm];
        if (ours !== entry.hex) {
            return failed(target.name, digest, 'checksum', `${entry.algorithm} is ${ours ?? '(unknown)'}, but ${request.checksums ?? 'checksums'} line ${entry.line} pins ${entry.hex}`);
        }
    }
    const first = matching[0];
    return {
        artifact: target.name,
        digest,
        method: 'checksum',
        status: 'compensated',
        reason: `not signed; ${first?.algorithm ?? 'sha256'} matches ${request.checksums ?? 'checksums'} line ${first?.line ?? '?'} (compensating measure: ${request.reason ?? ''})`,
    };
}

// EXTERNAL MODULE: ./src/cli/token.ts
var cli_token = __webpack_require__(1335);
;// CONCATENATED MODULE: ./src/cli/verify.ts












const TRUSTED_ROOT_HELP = "trusted root: one root, or JSON lines as `gh attestation trusted-root` prints them (default: Sigstore public-good and GitHub's instance, refreshed through TUF, else the shipped copies)";
const THRESHOLD_HELP = {
    tlog: "transparency-log entries each bundle must carry (default: the issuing instance's policy, 1 for public-good, 0 for GitHub's)",
    ctlog: "CT proofs each signing certificate must carry (default: 1 for public-good, 0 for GitHub's instance)",
    timestamp: 'trusted times each bundle must carry (default 1, at least 1)',
};
/** `--mode post-deploy`: what runs against what was verified for a deployment; rolls back on a mismatch. */
async function postDeploy(options) {
    const id = Number(options.deploymentId);
    if (!options.deploymentId || !Number.isSafeInteger(id) || id < 1) {
        throw new errors/* ConfigurationError */.j1('--mode post-deploy needs --deployment-id <id> (the deployment require-approval created)');
    }
    if (!options.deployedDigests === !options.deployedDigestsCommand) {
        throw new errors/* ConfigurationError */.j1('give exactly one of --deployed-digests <file, or - for stdin> and --deployed-digests-command <command>');
    }
    const repository = options.repository ?? process.env.GITHUB_REPOSITORY ?? '';
    const [owner, repo, extra] = repository.split('/');
    if (!owner || !repo || extra !== undefined) {
        throw new errors/* ConfigurationError */.j1('give --repository owner/repo (or set GITHUB_REPOSITORY)');
    }
    const token = (0,cli_token/* tokenFromEnv */.B)('Set GITHUB_TOKEN (or GH_TOKEN) to a token with deployments: write.');
    let text;
    if (options.deployedDigestsCommand)
        text = await runDigestsCommand(options.deployedDigestsCommand, process.cwd());
    else {
        const source = options.deployedDigests === '-' ? 0 : (options.deployedDigests ?? '');
        try {
            text = (0,external_node_fs_.readFileSync)(source, 'utf8');
        }
        catch (error) {
            throw new errors/* ConfigurationError */.j1(`cannot read --deployed-digests ${String(source)}: ${(0,errors/* errorMessage */.gJ)(error)}`);
        }
    }
    const what = options.deployedDigestsCommand ? 'the output of --deployed-digests-command' : '--deployed-digests';
    const check = await checkDeployment((0,github/* createGitHubClient */.LX)(token), {
        owner,
        repo,
        deploymentId: id,
        environment: options.environment ?? '',
        deployed: parseDeployedDigests(text, what),
    });
    if (options.json) {
        process.stdout.write(`${JSON.stringify({ ...check.rollback, results: check.rows }, null, 2)}\n`);
    }
    else {
        for (const r of check.rows)
            process.stdout.write(`${r.status.toUpperCase()}  ${r.artifact}  ${r.reason}\n`);
    }
    if (check.rollback.outcome !== 'intact') {
        process.stderr.write(`${breachMessage(id, check)}\n`);
        process.exitCode = 1;
    }
    else {
        process.exitCode = 0;
    }
}
/** Registry credentials come from the environment, never from argv (visible to other processes). */
/** GitHub artifact attestations for `--attestations`, as the action fetches them. */
function cliAttestations(options, download) {
    const token = (0,cli_token/* tokenFromEnv */.B)('--attestations needs GITHUB_TOKEN (or GH_TOKEN): a token with attestations: read.');
    const repository = options.attestationsRepository ?? process.env.GITHUB_REPOSITORY ?? '';
    if (!options.attestationsOwner && !/^[^/\s]+\/[^/\s]+$/.test(repository)) {
        throw new errors/* ConfigurationError */.j1('--attestations needs --attestations-repository owner/repo (or GITHUB_REPOSITORY), or --attestations-owner <org>.');
    }
    const client = (0,github/* createGitHubClient */.LX)(token);
    const source = attestationSource(client, {
        repository: options.attestationsOwner ? undefined : repository,
        owner: options.attestationsOwner,
        predicateType: options.predicateType ?? SLSA_PROVENANCE_V1,
        limit: attestationsLimit(options.limit),
        download,
    });
    return withServerCheck(source, client, apiUrl());
}
/** `--limit N`: attestations read per artifact, 1 to 1000 (default 100). */
function attestationsLimit(value) {
    if (value === undefined)
        return undefined;
    if (!/^\d{1,4}$/.test(value) || Number(value) < 1 || Number(value) > MAX_ATTESTATIONS_LIMIT) {
        throw new errors/* ConfigurationError */.j1(`--limit takes a whole number from 1 to ${MAX_ATTESTATIONS_LIMIT}, got '${value}'`);
    }
    return Number(value);
}
/** `--release TAG`: GitHub's release attestation for the tag, as gh release verify-asset checks it. */
function cliRelease(options, tag, download) {
    const token = (0,cli_token/* tokenFromEnv */.B)('--release needs GITHUB_TOKEN (or GH_TOKEN): a token with contents: read and attestations: read.');
    const repository = options.attestationsRepository ?? process.env.GITHUB_REPOSITORY ?? '';
    if (!/^[^/\s]+\/[^/\s]+$/.test(repository)) {
        throw new errors/* ConfigurationError */.j1('--release needs --attestations-repository owner/repo (or GITHUB_REPOSITORY).');
    }
    const limit = attestationsLimit(options.limit);
    return releaseSource((0,github/* createGitHubClient */.LX)(token), {
        repository,
        tag,
        ...(limit !== undefined ? { limit } : {}),
        download,
        apiUrl: apiUrl(),
    });
}
function apiUrl() {
    return (process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
}
/**
 * GHE.com: the tenant's attestation trust domain (GET /meta), naming GitHub's trusted root for it,
 * when attestations or a release's attestations are fetched and no root is given.
 */
function wantsTrustDomain(options) {
    return Boolean(options.attestations || options.release) && !options.trustedRoot;
}
async function cliTrustDomain(options) {
    if (!wantsTrustDomain(options))
        return undefined;
    const token = (0,cli_token/* tokenFromEnv */.B)(`${options.attestations ? '--attestations' : '--release'} needs GITHUB_TOKEN (or GH_TOKEN): a token with attestations: read.`);
    return attestationTrustDomain((0,github/* createGitHubClient */.LX)(token), apiUrl());
}
/** `--<kind>-threshold N` as a Thresholds field; checkThresholds bounds it. */
function threshold(kind, value) {
    if (value === undefined)
        return {};
    if (!/^\d{1,2}$/.test(value))
        throw new errors/* ConfigurationError */.j1(`--${kind}-threshold takes a whole number, got '${value}'`);
    return { [`${kind}Threshold`]: Number(value) };
}
function registryCredentials(options) {
    const token = process.env.SECURE_DEPLOY_REGISTRY_TOKEN;
    const password = process.env.SECURE_DEPLOY_REGISTRY_PASSWORD;
    if (token)
        return { token };
    if (options.registryUsername) {
        if (!password) {
            throw new errors/* ConfigurationError */.j1('--registry-username needs the password in the environment variable SECURE_DEPLOY_REGISTRY_PASSWORD');
        }
        return { username: options.registryUsername, password };
    }
    return undefined;
}
function registerVerifyCommands(program) {
    program
        .command('verify-bundle')
        .description('Verify one Sigstore bundle (the sigstore-conformance client protocol); exit 0 only when verified')
        .requiredOption('--bundle <file>', 'the Sigstore bundle')
        .option('--certificate-identity <identity>', 'expected certificate identity (SAN), exact')
        .option('--certificate-oidc-issuer <url>', 'expected OIDC issuer, exact')
        .option('--key <file>', 'PEM public key for key-signed bundles')
        .option('--trusted-root <file>', TRUSTED_ROOT_HELP)
        .option('--tlog-threshold <n>', THRESHOLD_HELP.tlog)
        .option('--ctlog-threshold <n>', THRESHOLD_HELP.ctlog)
        .option('--timestamp-threshold <n>', THRESHOLD_HELP.timestamp)
        .argument('<file-or-digest>', 'the artifact, or sha256:<64 hex>')
        .action(async (subject, options) => {
        if (!options.key && !(options.certificateIdentity && options.certificateOidcIssuer)) {
            throw new errors/* ConfigurationError */.j1('give --certificate-identity and --certificate-oidc-issuer, or --key');
        }
        const outcome = await verifySingleBundle({
            bundle: options.bundle,
            subject,
            certificateIdentity: options.certificateIdentity,
            certificateOidcIssuer: options.certificateOidcIssuer,
            key: options.key,
            trustedRoot: options.trustedRoot,
            thresholds: {
                ...threshold('tlog', options.tlogThreshold),
                ...threshold('ctlog', options.ctlogThreshold),
                ...threshold('timestamp', options.timestampThreshold),
            },
            offline: process.env.SECURE_DEPLOY_OFFLINE === 'true',
            warn: (m) => process.stderr.write(`warning: ${m}\n`),
        });
        if (outcome.ok) {
            process.stdout.write(`OK: ${outcome.message}\n`);
            process.exitCode = 0;
        }
        else {
            process.stderr.write(`FAILED: ${outcome.message}\n`);
            // A bug is not a verdict: exit 2, so a caller never mistakes a crash for a rejection.
            process.exitCode = outcome.unexpected ? 2 : 1;
        }
    });
    program
        .command('verify')
        .description("Verify artifacts' signatures as the verify-signatures action does; exit 0 only when all pass")
        .argument('[path...]', 'artifacts (paths or globs inside the current directory), or sha256:<hex> digests')
        .option('--certificate-identity <identity>', 'expected certificate identity (SAN), exact')
        .option('--certificate-identity-regexp <pattern>', 'pattern the whole identity must match (anchored)')
        .option('--certificate-oidc-issuer <url>', 'expected OIDC issuer, exact', GITHUB_ACTIONS_ISSUER)
        .option('--signer-workflow <workflow>', 'workflow that signed: release.yml, owner/repo/.github/workflows/x.yml')
        .option('--source-repository <repo>', 'repository the workflow ran in: owner/repo')
        .option('--source-ref <ref>', 'ref the workflow ran on, e.g. refs/tags/v1.2.3')
        .option('--signer-digest <sha>', 'commit of the signing workflow')
        .option('--source-digest <sha>', 'commit the workflow ran on')
        .option('--deny-self-hosted-runners', 'reject signatures made on self-hosted runners')
        .option('--predicate-type <uri>', 'predicate type of in-toto attestations (a URI, or provenance, sbom, release)', SLSA_PROVENANCE_V1)
        .option('--attestations', 'fetch GitHub artifact attestations by digest (token from GITHUB_TOKEN or GH_TOKEN)')
        .option('--attestations-repository <owner/repo>', 'repository whose attestations to fetch (default: GITHUB_REPOSITORY)')
        .option('--attestations-owner <org>', "an organization's attestations instead of a repository's")
        .option('--limit <n>', 'attestations read per artifact, following the API pages (1 to 1000, default 100)')
        .option('--release <tag>', "each artifact must be an asset of this release by GitHub's release attestation (as gh release verify-asset)")
        .option('--key <file>', 'PEM public key for key-signed bundles')
        .option('--trusted-root <file>', TRUSTED_ROOT_HELP)
        .option('--offline', 'do not refresh the trusted roots through TUF; use the shipped copies')
        .option('--tlog-threshold <n>', THRESHOLD_HELP.tlog)
        .option('--ctlog-threshold <n>', THRESHOLD_HELP.ctlog)
        .option('--timestamp-threshold <n>', THRESHOLD_HELP.timestamp)
        .option('--policy <file>', 'trust policy (version: 1, docs/trust-policy.md): who may sign which artifact or image')
        .option('--image <reference>', 'container image to verify against --policy: registry/name:tag or registry/name@sha256:<hex> (repeatable)', (v, prev = []) => [...prev, v])
        .option('--registry-username <name>', 'registry user for --image; the password comes from SECURE_DEPLOY_REGISTRY_PASSWORD (or a token from SECURE_DEPLOY_REGISTRY_TOKEN)')
        .option('--checksums <file>', 'sha256sum/sha512sum file for unsigned third-party artifacts (needs --reason)')
        .option('--reason <text>', 'why checksums stand in for signatures')
        .option('--bundle <file>', 'bundle file(s), matched to artifacts by digest (default: PATH.sigstore.json beside each)', (v, prev = []) => [...prev, v])
        .option('--mode <mode>', 'pre-deploy (verify artifacts) or post-deploy (compare what runs)', 'pre-deploy')
        .option('--deployment-id <id>', 'post-deploy: the deployment to check')
        .option('--deployed-digests <file>', "post-deploy: file of 'sha256:<hex>  <name>' lines, - for stdin")
        .option('--deployed-digests-command <command>', 'post-deploy: a command printing those lines (run without a shell)')
        .option('--environment <name>', "post-deploy: the environment (default: the deployment's)")
        .option('--repository <owner/repo>', 'post-deploy: the repository (default: GITHUB_REPOSITORY)')
        .option('--json', 'print the results as JSON')
        .action(async (paths, options) => {
        if (options.mode === 'post-deploy')
            return postDeploy(options);
        if (options.mode !== 'pre-deploy')
            throw new errors/* ConfigurationError */.j1('--mode must be pre-deploy or post-deploy');
        const credentials = registryCredentials(options);
        const trustDomain = await cliTrustDomain(options);
        // One time budget for all of this run's bundle downloads, attestations and release alike.
        const download = { budget: DownloadBudget.fromEnvironment() };
        const request = {
            artifacts: paths,
            bundles: options.bundle ?? [],
            workspace: process.cwd(),
            policy: {
                certificateIdentity: options.certificateIdentity,
                certificateIdentityRegexp: options.certificateIdentityRegexp,
                certificateOidcIssuer: options.certificateOidcIssuer,
                signerWorkflow: options.signerWorkflow,
                sourceRepository: options.sourceRepository,
                sourceRef: options.sourceRef,
                signerDigest: options.signerDigest,
                sourceDigest: options.sourceDigest,
                denySelfHostedRunners: options.denySelfHostedRunners ?? false,
                predicateType: options.predicateType,
            },
            policyFile: options.policy,
            images: options.image ?? [],
            ...(credentials ? { registryCredentials: credentials } : {}),
            key: options.key,
            trustedRoot: options.trustedRoot,
            offline: options.offline ?? false,
            ...(trustDomain ? { trustDomain } : {}),
            thresholds: {
                ...threshold('tlog', options.tlogThreshold),
                ...threshold('ctlog', options.ctlogThreshold),
                ...threshold('timestamp', options.timestampThreshold),
            },
            checksums: options.checksums,
            reason: options.reason,
            ...(options.attestations ? { attestations: cliAttestations(options, download) } : {}),
            ...(options.release ? { release: cliRelease(options, options.release, download) } : {}),
            warn: (m) => process.stderr.write(`warning: ${m}\n`),
        };
        const report = await verifyArtifacts(request);
        if (options.json) {
            process.stdout.write(`${JSON.stringify(report.results, null, 2)}\n`);
        }
        else {
            for (const r of report.results) {
                const who = r.signerIdentity ? ` by ${r.signerIdentity}` : '';
                process.stdout.write(`${r.status.toUpperCase()}  ${r.artifact}  (${r.method}${who}) ${r.reason}\n`);
            }
            const digests = formatDigests(report.results);
            if (digests)
                process.stdout.write(`\n${digests}\n`);
        }
        process.exitCode = report.verified ? 0 : 1;
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
