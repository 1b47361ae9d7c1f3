/** The assessment as Markdown (job summary), a self-contained HTML page with a coverage chart, and JSON. */
import { CRITERIA } from './criteria.js';
import type { Assessment, CriterionResult, RepoScore } from './score.js';

function pct(n: number, total: number): string {
  return total === 0 ? 'n/a' : `${Math.round((100 * n) / total)} %`;
}

function md(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Evidence lists can be long (one line per step): the report shows the first few. */
const EVIDENCE_SHOWN = 3;

function short(items: readonly string[]): string[] {
  return items.length <= EVIDENCE_SHOWN
    ? [...items]
    : [...items.slice(0, EVIDENCE_SHOWN), `(+${items.length - EVIDENCE_SHOWN} more)`];
}

function mark(c: CriterionResult): string {
  return !c.applicable ? 'n/a' : c.met ? '✔' : '✘';
}

/** What a criterion's line says: the evidence when met or n/a, what is missing when not. */
function detail(c: CriterionResult): string[] {
  return c.met || !c.applicable ? short(c.evidence) : [...c.missing];
}

function headline(r: RepoScore): string {
  const missing = r.criteria.filter((c) => c.applicable && !c.met).length;
  const na = r.criteria.filter((c) => !c.applicable).length;
  return [
    `stream A ${r.meetsStream.A ? 'met' : 'not met'}, stream B ${r.meetsStream.B ? 'met' : 'not met'}`,
    missing === 0 ? 'every applicable criterion met' : `${missing} criteria not met`,
    ...(na > 0 ? [`${na} not applicable`] : []),
  ].join(' · ');
}

function partialNote(a: Assessment): string {
  return `${a.unreadable.length} of ${a.repositories.length} repositories could not be fully read (${a.unreadable.join(', ')}): they count as not meeting what could not be checked, so the answers are a lower bound.`;
}

export function toMarkdown(a: Assessment): string {
  const lines: string[] = [
    `## SAMM Secure Deployment — level 3 assessment`,
    '',
    `Scope: ${md(a.scope)} · ${a.repositories.length} applications · max secret age ${a.maxAgeDays} days · ${a.generatedAt}`,
    '',
  ];
  if (a.partial) lines.push(`> **Partial assessment:** ${md(partialNote(a))}`, '');
  lines.push('| Question | Answer | Applications meeting every criterion |', '| --- | --- | --- |');
  for (const q of a.answers)
    lines.push(`| ${md(q.question)} | **${q.answer}** | ${q.meeting} of ${q.total} (${pct(q.meeting, q.total)}) |`);
  lines.push(
    '',
    '### Coverage per criterion',
    '',
    'Applications a criterion does not apply to (n/a) are left out of its share.',
    '',
    '| Stream | Criterion | Applications | Share | n/a |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const c of a.coverage)
    lines.push(
      `| ${c.stream} | ${md(c.title)} | ${c.meeting} of ${c.total} | ${c.total === 0 ? 'n/a' : pct(c.meeting, c.total)} | ${c.notApplicable} |`,
    );
  lines.push('', '### Evidence and what is missing, per application', '');
  for (const r of a.repositories) {
    lines.push(`- **${md(r.repository)}**: ${headline(r)}`);
    for (const c of r.criteria) lines.push(`  - ${mark(c)} ${c.id}: ${md(detail(c).join('; '))}`);
  }
  return lines.join('\n') + '\n';
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A horizontal bar chart as inline SVG: one bar per criterion, share of applications meeting it. */
function chart(a: Assessment): string {
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

export function toHtml(a: Assessment): string {
  const answers = a.answers
    .map(
      (q) =>
        `<tr><td>${html(q.question)}</td><td class="answer" data-stream="${q.stream}">${html(q.answer)}</td><td>${q.meeting} of ${q.total} (${pct(q.meeting, q.total)})</td></tr>`,
    )
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
    .flatMap((r) =>
      r.criteria
        .filter((c) => c.applicable && !c.met)
        .map((c) => `<li><b>${html(r.repository)}</b> — ${html(c.id)}: ${html(c.missing.join('; '))}</li>`),
    )
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

export function toJson(a: Assessment): string {
  return JSON.stringify(a, null, 2) + '\n';
}
