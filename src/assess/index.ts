/**
 * The SAMM assessment as one call for the CLI and the audit-secrets action: collect evidence for
 * one repository, a list of them, or an organization; score; write the three reports.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BulkReads } from '../core/bulk-reads.js';
import type { GitHubClient } from '../core/github.js';
import { collectOrganization, collectRepository } from './collect.js';
import { practiceCoverage } from './coverage.js';
import { toHtml, toJson, toMarkdown } from './report.js';
import { type Assessment, assess, type RepoEvidence } from './score.js';

export type AssessmentScope =
  | {
      readonly kind: 'organization';
      readonly org: string;
      /** Glob patterns on repository names (`!` excludes), as audit-secrets' `repository-filter`. */
      readonly repositoryFilter?: readonly string[];
      readonly includeForks?: boolean;
      readonly includeTemplates?: boolean;
    }
  | { readonly kind: 'repositories'; readonly repositories: readonly string[] };

export interface AssessmentRun {
  readonly assessment: Assessment;
  readonly markdown: string;
  readonly files: { readonly markdown: string; readonly html: string; readonly json: string };
}

export interface AssessmentOptions {
  readonly maxAgeDays: number;
  readonly outDir: string;
  readonly actionRepo?: string;
  readonly onProgress?: (done: number, total: number, repository: string) => void;
  readonly now?: Date;
}

export async function runAssessment(
  client: GitHubClient,
  scope: AssessmentScope,
  options: AssessmentOptions,
): Promise<AssessmentRun> {
  const collect = { actionRepo: options.actionRepo ?? 'secure-deploy', onProgress: options.onProgress };
  let evidence: RepoEvidence[];
  if (scope.kind === 'organization') {
    evidence = await collectOrganization(client, scope.org, {
      ...collect,
      repositoryFilter: scope.repositoryFilter,
      includeForks: scope.includeForks,
      includeTemplates: scope.includeTemplates,
    });
  } else {
    BulkReads.of(client).plan(scope.repositories);
    const listed = await Promise.all(
      scope.repositories.map((full) => {
        const [owner = '', repo = ''] = full.split('/');
        return collectRepository(client, owner, repo, collect);
      }),
    );
    // Listed repositories credit each other's organization-wide practices; others are not read.
    const coverage = practiceCoverage(
      listed,
      listed.map((ev) => ev.repository),
    );
    evidence = listed.map((ev) => ({ ...ev, practices: coverage.get(ev.repository) }));
  }
  const label = scope.kind === 'organization' ? `organization ${scope.org}` : scope.repositories.join(', ');
  const assessment = assess(evidence, label, options.now ?? new Date(), options.maxAgeDays);
  const out = resolve(options.outDir);
  await mkdir(out, { recursive: true });
  const markdown = toMarkdown(assessment);
  const files = {
    markdown: join(out, 'assessment.md'),
    html: join(out, 'assessment.html'),
    json: join(out, 'assessment.json'),
  };
  await Promise.all([
    writeFile(files.markdown, markdown),
    writeFile(files.html, toHtml(assessment)),
    writeFile(files.json, toJson(assessment)),
  ]);
  return { assessment, markdown, files };
}
