import * as core from '@actions/core';
import { redact } from './mask.js';

/** Escapes text for the HTML that `core.summary` writes, after scrubbing masked values. */
export function escapeCell(text: string): string {
  return redact(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface SummaryTable {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** A job-summary section: heading, optional lines of text, optional table. */
export interface SummarySection {
  readonly heading: string;
  readonly lines?: readonly string[];
  readonly table?: SummaryTable;
}

/** Appends sections to the job summary (`GITHUB_STEP_SUMMARY`). Does nothing outside a runner. */
export async function writeSummary(sections: readonly SummarySection[]): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const summary = core.summary;
  for (const section of sections) {
    summary.addHeading(escapeCell(section.heading), 3);
    for (const line of section.lines ?? []) summary.addRaw(`<p>${escapeCell(line)}</p>`, true);
    if (section.table) {
      summary.addTable([
        section.table.headers.map((h) => ({ data: escapeCell(h), header: true })),
        // core.summary leaves an empty cell's <td> unclosed: show a dash instead.
        ...section.table.rows.map((row) => row.map((cell) => (cell === '' ? '—' : escapeCell(cell)))),
      ]);
    }
  }
  await summary.write();
}
