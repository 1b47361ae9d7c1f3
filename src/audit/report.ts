import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '../core/errors.js';
import type { SummarySection } from '../core/summary.js';
import { dedupe, sharedValueFindings, unusedOrgSecretFindings } from './findings.js';
import type { AuditReport, EventFacts, Finding, Severity } from './types.js';
import { SEVERITIES } from './types.js';
import { parseJsonText } from '../core/nesting.js';

/** `1/4` → `{index: 1, count: 4}`. */
export function parseShard(text: string): { index: number; count: number } | undefined {
  if (text.trim() === '') return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw new ConfigurationError(`Input 'shard' must be 'i/n' with 1 <= i <= n (e.g. '2/4'), not '${text.trim()}'.`);
  }
  return { index, count };
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const out = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) out[f.severity]++;
  return out;
}

/**
 * Reads shard reports and merges them: findings joined, cross-repository findings (shared values,
 * unused organization secrets) computed over all shards, and any missing shard reported as partial.
 */
export async function mergeReports(paths: readonly string[]): Promise<AuditReport> {
  const reports: AuditReport[] = [];
  for (const path of paths) {
    let parsed: unknown;
    try {
      parsed = parseJsonText(await readFile(path, 'utf8'), `the findings file ${path}`);
    } catch (error) {
      throw new Error(
        `the findings file ${path} could not be read as JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const r = parsed as Partial<AuditReport>;
    if (r.version !== 1 || !Array.isArray(r.findings) || !r.facts) {
      throw new Error(`${path} is not a secure-deploy findings file (version 1)`);
    }
    reports.push(r as AuditReport);
  }
  const partial = reports.flatMap((r) => r.partial);
  const counts = new Set(reports.map((r) => r.shard?.count).filter((c) => c !== undefined));
  if (counts.size > 1) partial.push(`the shard files disagree on the number of shards: ${[...counts].join(', ')}`);
  const count = [...counts][0];
  if (count !== undefined) {
    const have = new Set(reports.map((r) => r.shard?.index));
    for (let i = 1; i <= count; i++) if (!have.has(i)) partial.push(`shard ${i}/${count} is missing from the merge`);
  }
  const fingerprints = reports.flatMap((r) => r.facts.fingerprints);
  const use: Record<string, number> = {};
  for (const r of reports) for (const [k, v] of Object.entries(r.facts.orgSecretUse)) use[k] = (use[k] ?? 0) + v;
  const organization = reports.find((r) => r.organization)?.organization;
  const orgSecrets = [...new Map(reports.flatMap((r) => r.facts.organizationSecrets).map((s) => [s.name, s])).values()];
  const cross = [...sharedValueFindings(fingerprints)];
  // Event findings are remembered only if every shard that read the audit log kept an audit state.
  const withEvents = reports.filter((r) => r.facts.events !== undefined);
  const events =
    withEvents.length > 0
      ? {
          remembered: withEvents.every((r) => r.facts.events?.remembered === true),
          // The latest first read among the shards: before it, not every shard remembers.
          ...latestSince(withEvents.map((r) => r.facts.events?.rememberedSince)),
          facts: Object.assign({}, ...withEvents.map((r) => r.facts.events?.facts ?? {})) as Record<string, EventFacts>,
        }
      : undefined;
  // A readers-policy name no shard holds a secret of is misspelt (or its secret is gone): its check
  // never runs, so the merged audit is not clean.
  const lists = withEvents.map((r) => r.facts.events?.unknownReaders);
  if (lists.length > 0 && lists.every((l) => l !== undefined)) {
    const nowhere = (lists[0] ?? []).filter((n) => lists.every((l) => l?.includes(n)));
    if (nowhere.length > 0)
      partial.push(
        `readers-policy names secret(s) no shard holds: ${nowhere.join(', ')}; their reads are not checked against the policy (fix the names, or remove the entries)`,
      );
  }
  if (organization && orgSecrets.length > 0) cross.push(...unusedOrgSecretFindings(organization, orgSecrets, use));
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
      inventoryCounts: reports.reduce(
        (a, r) => ({
          secrets: a.secrets + r.facts.inventoryCounts.secrets,
          environments: a.environments + r.facts.inventoryCounts.environments,
          workflows: a.workflows + r.facts.inventoryCounts.workflows,
        }),
        { secrets: 0, environments: 0, workflows: 0 },
      ),
      ...(events ? { events } : {}),
    },
  };
}

/** Job summary: status, counts per severity, and the findings. */
export function summarySections(report: AuditReport, extra: readonly string[] = []): SummarySection[] {
  const counts = countBySeverity(report.findings);
  const status =
    report.partial.length > 0
      ? 'PARTIAL — not every scope could be read; this is not a clean result'
      : report.findings.length === 0
        ? 'No findings'
        : `${report.findings.length} finding(s)`;
  const sections: SummarySection[] = [
    {
      heading: 'Secret audit',
      lines: [
        `Status: ${status}`,
        `Audited ${report.repositories.length} repositor${report.repositories.length === 1 ? 'y' : 'ies'}${report.organization ? ` of ${report.organization}` : ''}; ${report.facts.inventoryCounts.secrets} secrets, ${report.facts.inventoryCounts.environments} environments, ${report.facts.inventoryCounts.workflows} workflows.`,
        ...extra,
      ],
      table: { headers: ['Severity', 'Findings'], rows: [...SEVERITIES].reverse().map((s) => [s, String(counts[s])]) },
    },
  ];
  if (report.findings.length > 0) {
    const shown = report.findings.slice(0, 200);
    sections.push({
      heading: 'Findings',
      lines:
        report.findings.length > shown.length
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
function latestSince(values: readonly (string | undefined)[]): { rememberedSince?: string } {
  if (values.length === 0 || values.some((v) => v === undefined)) return {};
  const latest = Math.max(...values.map((v) => Date.parse(v ?? '')));
  return Number.isFinite(latest) ? { rememberedSince: new Date(latest).toISOString() } : {};
}
