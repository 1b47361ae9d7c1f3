export const id = 744;
export const ids = [744];
export const modules = {

/***/ 5744:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  registerAssessCommands: () => (/* binding */ registerAssessCommands),
  tokenFromEnv: () => (/* binding */ tokenFromEnv)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/rotation-records.ts
var rotation_records = __webpack_require__(3672);
// EXTERNAL MODULE: ./src/core/concurrency.ts
var concurrency = __webpack_require__(3606);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(7406);
// EXTERNAL MODULE: ./src/core/github.ts
var github = __webpack_require__(8350);
// EXTERNAL MODULE: ../main/node_modules/yaml/dist/index.js
var dist = __webpack_require__(3439);
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
 * organisation through the GitHub REST API, reading each thing once.
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
    for (const f of yamls) {
        const { data } = await client.rest.repos.getContent({ owner, repo, path: f.path });
        const content = !Array.isArray(data) && 'content' in data && typeof data.content === 'string' ? data.content : '';
        out.push(parseWorkflow(f.path, Buffer.from(content, 'base64').toString('utf8'), actionRepo));
    }
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
    const envList = await attempt('environments', async () => (await client.rest.repos.getAllEnvironments({ owner, repo, per_page: 100 })).data.environments ?? [], []);
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
    const variables = await attempt('repository variables', async () => client.paginate(client.rest.actions.listRepoVariables, { owner, repo, per_page: 30 }), []);
    const fingerprints = variables.flatMap((v) => parseFingerprintVariable(v.name, v.value) ?? []);
    return { repository: `${owner}/${repo}`, workflows: wfs, environments, secrets, fingerprints, problems };
}
async function collectOrganization(client, org, options = {}) {
    const repos = (await client.paginate(client.rest.repos.listForOrg, { org, per_page: 100 })).filter((r) => !r.archived);
    let done = 0;
    const settled = await (0,concurrency/* mapSettled */.A)(repos, options.concurrency ?? 8, async (r) => {
        const ev = await collectRepository(client, org, r.name, options);
        options.onProgress?.(++done, repos.length, r.full_name);
        return ev;
    });
    return settled.map((s, i) => s.status === 'fulfilled'
        ? s.value
        : {
            repository: repos[i]?.full_name ?? '',
            workflows: [],
            environments: [],
            secrets: [],
            fingerprints: [],
            problems: [(0,errors/* errorMessage */.gJ)(s.reason)],
        });
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
    return total === 0 ? '0 %' : `${Math.round((100 * n) / total)} %`;
}
function md(text) {
    return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
function toMarkdown(a) {
    const lines = [
        `## SAMM Secure Deployment — level 3 assessment`,
        '',
        `Scope: ${md(a.scope)} · ${a.repositories.length} applications · max secret age ${a.maxAgeDays} days · ${a.generatedAt}`,
        '',
    ];
    lines.push('| Question | Answer | Applications meeting every criterion |', '| --- | --- | --- |');
    for (const q of a.answers)
        lines.push(`| ${md(q.question)} | **${q.answer}** | ${q.meeting} of ${q.total} (${pct(q.meeting, q.total)}) |`);
    lines.push('', '### Coverage per criterion', '', '| Stream | Criterion | Applications | Share |', '| --- | --- | --- | --- |');
    for (const c of a.coverage)
        lines.push(`| ${c.stream} | ${md(c.title)} | ${c.meeting} of ${c.total} | ${pct(c.meeting, c.total)} |`);
    lines.push('', '### What is missing, per application', '');
    for (const r of a.repositories) {
        const missing = r.criteria.filter((c) => !c.met);
        lines.push(`- **${md(r.repository)}**: ${missing.length === 0 ? 'meets every criterion' : `${missing.length} criteria not met`}`);
        for (const c of missing)
            lines.push(`  - ${c.id}: ${md(c.missing.join('; '))}`);
    }
    return lines.join('\n') + '\n';
}
function html(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
/** A horizontal bar chart as inline SVG: one bar per criterion, share of applications meeting it. */
function chart(a) {
    const rowH = 30;
    const labelW = 430;
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
            `<text x="${labelW + barW + 8}" y="${y + 19}" class="value">${c.meeting}/${c.total} (${pct(c.meeting, c.total)})</text>`,
        ].join('');
    })
        .join('\n');
    return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Coverage per criterion" width="${labelW + barW + 120}" height="${h}" viewBox="0 0 ${labelW + barW + 120} ${h}">\n${rows}\n</svg>`;
}
function toHtml(a) {
    const answers = a.answers
        .map((q) => `<tr><td>${html(q.question)}</td><td class="answer" data-stream="${q.stream}">${html(q.answer)}</td><td>${q.meeting} of ${q.total} (${pct(q.meeting, q.total)})</td></tr>`)
        .join('\n');
    const repos = a.repositories
        .map((r) => {
        const cells = CRITERIA.map((c) => {
            const res = r.criteria.find((x) => x.id === c.id);
            const title = res ? (res.met ? res.evidence : res.missing).join('\n') : '';
            return `<td class="${res?.met ? 'met' : 'missing'}" title="${html(title)}">${res?.met ? '✔' : '✘'}</td>`;
        }).join('');
        return `<tr><th scope="row">${html(r.repository)}</th>${cells}</tr>`;
    })
        .join('\n');
    const missing = a.repositories
        .flatMap((r) => r.criteria
        .filter((c) => !c.met)
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
td.answer { font-weight: 600; }
.label, .value { font-size: 13px; fill: #1b1f24; }
</style>
</head>
<body>
<h1>SAMM Secure Deployment — level 3</h1>
<p>Scope: ${html(a.scope)} · ${a.repositories.length} applications · maximum secret age ${a.maxAgeDays} days · generated ${html(a.generatedAt)}</p>
<h2>Answers</h2>
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
function at(wf, job, step) {
    return `${wf.path} job '${job.id}'${step ? ` step ${step.uses}` : ''}`;
}
function verifySteps(workflows) {
    return workflows.flatMap((wf) => wf.jobs.flatMap((job) => job.steps.filter((s) => VERIFYING.has(s.action)).map((step) => ({ wf, job, step }))));
}
function result(id, met, evidence, missing) {
    return { id, met, evidence, missing: met ? [] : missing };
}
function scoreRepository(ev, now, maxAgeDays) {
    const out = [];
    const verifies = verifySteps(ev.workflows);
    const preDeploy = verifies.filter(({ step }) => (step.with.mode ?? 'pre-deploy') !== 'post-deploy');
    const onRelease = preDeploy.filter(({ wf }) => wf.releaseTagTriggered);
    out.push(result('verify-on-release', onRelease.length > 0, onRelease.map(({ wf, job, step }) => `${at(wf, job, step)} runs on release tags`), [
        preDeploy.length > 0
            ? 'verification runs, but in no workflow triggered by a release tag (on: push: tags, or on: release)'
            : 'no workflow runs verify-signatures or the deploy gate before deploying',
    ]));
    const failOpen = verifies.filter(({ job, step }) => step.continueOnError || job.continueOnError);
    const rollback = verifies.filter(({ step }) => step.with.mode === 'post-deploy');
    out.push(result('breach-stops-deployment', verifies.length > 0 && failOpen.length === 0, [
        ...verifies
            .filter((v) => !failOpen.includes(v))
            .map(({ wf, job, step }) => `${at(wf, job, step)} fails the job on a breach`),
        ...rollback.map(({ wf, job }) => `${at(wf, job)} rolls back after deployment (mode: post-deploy)`),
    ], verifies.length === 0
        ? ['no verification step that could stop a deployment']
        : failOpen.map(({ wf, job, step }) => `${at(wf, job, step)} has continue-on-error, so a breach does not stop the deployment`)));
    const signing = ev.workflows.flatMap((wf) => wf.jobs
        .filter((job) => job.uses.some((u) => /^(actions\/attest(-build-provenance|-sbom)?|sigstore\/cosign-installer)@/.test(u)) ||
        job.runs.some((r) => /\bcosign\s+(sign|attest)|\bgh\s+attestation\b|\bsigstore\s+sign\b/.test(r)))
        .map((job) => `${wf.path} job '${job.id}' signs or attests its build`));
    out.push(result('build-time-signatures', signing.length > 0, signing, ['no workflow signs or attests what it builds']));
    const withChecksums = verifies.filter(({ step }) => (step.with.checksums ?? '') !== '');
    const unexplained = withChecksums.filter(({ step }) => (step.with.reason ?? '').trim() === '');
    out.push(result('compensating-measures', unexplained.length === 0, withChecksums.length === 0
        ? ['no artifact is accepted on a checksum alone']
        : withChecksums
            .filter((v) => !unexplained.includes(v))
            .map(({ wf, job, step }) => `${at(wf, job, step)} pins checksums with a reason`), unexplained.map(({ wf, job, step }) => `${at(wf, job, step)} accepts checksums without a 'reason'`)));
    const envByName = new Map(ev.environments.map((e) => [e.name, e]));
    const gateJobs = [...new Map(preDeploy.map(({ wf, job }) => [`${wf.path}#${job.id}`, { wf, job }])).values()];
    const ungated = gateJobs.filter(({ job }) => (envByName.get(job.environment ?? '')?.requiredReviewers ?? 0) < 1);
    out.push(result('approval-gate', gateJobs.length > 0 && ungated.length === 0, gateJobs
        .filter((g) => !ungated.includes(g))
        .map(({ wf, job }) => `${at(wf, job)} runs in environment '${job.environment ?? ''}' which requires review`), gateJobs.length === 0
        ? ['no deploy job to gate']
        : ungated.map(({ wf, job }) => job.environment
            ? `${at(wf, job)}: environment '${job.environment}' ${envByName.has(job.environment) ? 'has no required reviewers' : 'does not exist'}`
            : `${at(wf, job)} names no environment`)));
    const rotation = ev.workflows.flatMap((wf) => wf.scheduled
        ? wf.jobs.flatMap((job) => job.steps.filter((s) => s.action === 'rotate-secret').map((s) => `${at(wf, job, s)} on a schedule`))
        : []);
    out.push(result('rotated-by-tool', rotation.length > 0, rotation, ['no scheduled workflow runs rotate-secret']));
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
    out.push(result('rotated-within-max-age', stale.length === 0, ev.secrets.length === 0
        ? ['no secrets']
        : [`${ev.secrets.length - stale.length} of ${ev.secrets.length} secrets updated within ${maxAgeDays} days`], stale.map((s) => `${s.name}${s.environment ? ` (environment ${s.environment})` : ''} last updated ${s.updatedAt.slice(0, 10)}`)));
    const suiteSteps = ev.workflows.flatMap((wf) => wf.jobs.flatMap((job) => job.steps.map((step) => ({ wf, job, step }))));
    const unlogged = suiteSteps.filter(({ step }) => (step.with['audit-log'] ?? '').trim() === '');
    const reviewed = ev.workflows.flatMap((wf) => wf.scheduled
        ? wf.jobs.flatMap((job) => job.steps.filter((s) => s.action === 'audit-secrets').map((s) => `${at(wf, job, s)} reviews on a schedule`))
        : []);
    out.push(result('access-logged-and-reviewed', suiteSteps.length > 0 && unlogged.length === 0 && reviewed.length > 0, [
        ...suiteSteps
            .filter((s) => !unlogged.includes(s))
            .map(({ wf, job, step }) => `${at(wf, job, step)} logs to audit-log`),
        ...reviewed,
    ], [
        ...(suiteSteps.length === 0 ? ['no secure-deploy step records audit events'] : []),
        ...unlogged.map(({ wf, job, step }) => `${at(wf, job, step)} sets no 'audit-log' sink`),
        ...(reviewed.length === 0 ? ['no scheduled workflow runs audit-secrets'] : []),
    ]));
    const problems = [...ev.problems, ...ev.workflows.filter((w) => w.error).map((w) => `${w.path}: ${w.error ?? ''}`)];
    // A repository that could not be fully read meets nothing it could not be checked for.
    const criteria = ev.problems.length > 0 ? out.map((c) => ({ ...c, met: false, missing: [...c.missing, ...ev.problems] })) : out;
    const meets = (stream) => CRITERIA.filter((c) => c.stream === stream).every((c) => criteria.find((r) => r.id === c.id)?.met === true);
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
    const coverage = CRITERIA.map((c) => ({
        id: c.id,
        stream: c.stream,
        title: c.title,
        meeting: repositories.filter((r) => r.criteria.find((x) => x.id === c.id)?.met).length,
        total,
    }));
    return { generatedAt: now.toISOString(), scope, maxAgeDays, answers, coverage, repositories };
}

;// CONCATENATED MODULE: ./src/assess/index.ts
/**
 * The SAMM assessment as one call for the CLI and the audit-secrets action: collect evidence for
 * one repository, a list of them, or an organization; score; write the three reports.
 */





async function runAssessment(client, scope, options) {
    const collect = { actionRepo: options.actionRepo ?? 'secure-deploy', onProgress: options.onProgress };
    const evidence = scope.kind === 'organization'
        ? await collectOrganization(client, scope.org, collect)
        : await Promise.all(scope.repositories.map((full) => {
            const [owner = '', repo = ''] = full.split('/');
            return collectRepository(client, owner, repo, collect);
        }));
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

// EXTERNAL MODULE: ./src/core/mask.ts
var mask = __webpack_require__(7713);
;// CONCATENATED MODULE: ./src/cli/assess.ts





/** The token comes from the environment, never from the command line, where other processes can read it. */
function tokenFromEnv() {
    const token = process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN ?? '';
    if (!token) {
        throw new errors/* ConfigurationError */.j1('Set GITHUB_TOKEN (or GH_TOKEN) to a token that can read the repositories to assess.');
    }
    (0,mask/* maskSecret */.$l)(token);
    return token;
}
function registerAssessCommands(program) {
    program
        .command('assess')
        .description("Answer SAMM Secure Deployment level 3's two questions from evidence in a repository or organization")
        .option('--repo <owner/name>', 'assess one repository (one application)')
        .option('--org <org>', 'assess every repository of an organization')
        .option('--max-age-days <n>', 'maximum age of a secret before it counts as not rotated', '90')
        .option('--out <dir>', 'where to write assessment.md, assessment.html and assessment.json', 'reports')
        .option('--action-repo <name>', "name of the repository hosting secure-deploy's actions in uses: lines", 'secure-deploy')
        .option('--json', 'print the JSON report instead of Markdown')
        .action(async (opts) => {
        if (!opts.repo === !opts.org)
            throw new errors/* ConfigurationError */.j1('Give exactly one of --repo owner/name or --org ORG.');
        const maxAgeDays = Number(opts.maxAgeDays);
        if (!Number.isInteger(maxAgeDays) || maxAgeDays < 1) {
            throw new errors/* ConfigurationError */.j1(`--max-age-days must be a whole number of days, not '${opts.maxAgeDays}'.`);
        }
        const client = (0,github/* createGitHubClient */.LX)(tokenFromEnv());
        const progress = (done, total, repository) => {
            if (done === total || done % 25 === 0)
                process.stderr.write(`assessed ${done}/${total} repositories (${repository})\n`);
        };
        if (opts.repo && !/^[^/\s]+\/[^/\s]+$/.test(opts.repo)) {
            throw new errors/* ConfigurationError */.j1(`--repo must be owner/name, not '${opts.repo}'.`);
        }
        let run;
        try {
            run = await runAssessment(client, opts.repo
                ? { kind: 'repositories', repositories: [opts.repo] }
                : { kind: 'organization', org: opts.org ?? '' }, { maxAgeDays, outDir: opts.out, actionRepo: opts.actionRepo, onProgress: progress });
        }
        catch (error) {
            throw (0,github/* explainGitHubError */.Pm)(error, `reading ${opts.repo ?? opts.org ?? ''}`, 'contents: read, actions: read, environments: read');
        }
        process.stdout.write(opts.json ? toJson(run.assessment) : run.markdown);
        process.stderr.write(`Reports: ${run.files.markdown}, ${run.files.html}, ${run.files.json}\n`);
    });
}


/***/ }),

/***/ 3606:
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


/***/ }),

/***/ 8350:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LX: () => (/* binding */ createGitHubClient),
/* harmony export */   PO: () => (/* binding */ errorStatus),
/* harmony export */   Pm: () => (/* binding */ explainGitHubError),
/* harmony export */   eK: () => (/* binding */ isRequestError)
/* harmony export */ });
/* unused harmony export USER_AGENT */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3891);
/* harmony import */ var _octokit_rest__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3924);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2743);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4808);
/* harmony import */ var bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8115);
/* harmony import */ var bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(bottleneck_light_js__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7406);
/* harmony import */ var _mask_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7713);







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

/***/ 3672:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ot: () => (/* binding */ ROTATION_VARIABLE),
/* harmony export */   wP: () => (/* binding */ FINGERPRINT_VARIABLE)
/* harmony export */ });
/* unused harmony exports rotationVariableName, fingerprintVariableName */
/**
 * The repository variables rotate-secret writes for each secret and instance, which audit-secrets
 * and the SAMM assessment read back: one place for the names, so writer and readers agree.
 * Values are never stored, only state (phase, fingerprints, times) and HMAC fingerprints.
 */
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
