/** The assessment as Markdown (job summary), a self-contained HTML page with a coverage chart, and JSON. */
import { CRITERIA } from './criteria.js';
import type { Assessment } from './score.js';

function pct(n: number, total: number): string {
  return total === 0 ? '0 %' : `${Math.round((100 * n) / total)} %`;
}

function md(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function toMarkdown(a: Assessment): string {
  const lines: string[] = [
    `## SAMM Secure Deployment — level 3 assessment`,
    '',
    `Scope: ${md(a.scope)} · ${a.repositories.length} applications · max secret age ${a.maxAgeDays} days · ${a.generatedAt}`,
    '',
  ];
  lines.push('| Question | Answer | Applications meeting every criterion |', '| --- | --- | --- |');
  for (const q of a.answers)
    lines.push(`| ${md(q.question)} | **${q.answer}** | ${q.meeting} of ${q.total} (${pct(q.meeting, q.total)}) |`);
  lines.push(
    '',
    '### Coverage per criterion',
    '',
    '| Stream | Criterion | Applications | Share |',
    '| --- | --- | --- | --- |',
  );
  for (const c of a.coverage)
    lines.push(`| ${c.stream} | ${md(c.title)} | ${c.meeting} of ${c.total} | ${pct(c.meeting, c.total)} |`);
  lines.push('', '### What is missing, per application', '');
  for (const r of a.repositories) {
    const missing = r.criteria.filter((c) => !c.met);
    lines.push(
      `- **${md(r.repository)}**: ${missing.length === 0 ? 'meets every criterion' : `${missing.length} criteria not met`}`,
    );
    for (const c of missing) lines.push(`  - ${c.id}: ${md(c.missing.join('; '))}`);
  }
  return lines.join('\n') + '\n';
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A horizontal bar chart as inline SVG: one bar per criterion, share of applications meeting it. */
function chart(a: Assessment): string {
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
        const title = res ? (res.met ? res.evidence : res.missing).join('\n') : '';
        return `<td class="${res?.met ? 'met' : 'missing'}" title="${html(title)}">${res?.met ? '✔' : '✘'}</td>`;
      }).join('');
      return `<tr><th scope="row">${html(r.repository)}</th>${cells}</tr>`;
    })
    .join('\n');
  const missing = a.repositories
    .flatMap((r) =>
      r.criteria
        .filter((c) => !c.met)
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

export function toJson(a: Assessment): string {
  return JSON.stringify(a, null, 2) + '\n';
}
