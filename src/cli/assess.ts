/** `secure-deploy assess`: answers SAMM's two Secure Deployment level-3 questions from evidence. */
import type { Command } from 'commander';
import { runAssessment } from '../assess/index.js';
import { toJson } from '../assess/report.js';
import { ConfigurationError } from '../core/errors.js';
import { createGitHubClient, explainGitHubError } from '../core/github.js';
import { defaultCacheDir, ReadSession } from '../core/read-session.js';
import { cliBudget } from './audit.js';
import { tokenFromEnv } from './token.js';

interface AssessOptions {
  repo?: string;
  org?: string;
  maxAgeDays: string;
  out: string;
  actionRepo: string;
  repositoryFilter?: string[];
  includeForks?: boolean;
  includeTemplates?: boolean;
  json?: boolean;
  cache?: boolean;
  cacheDir?: string;
  budget?: string;
}

/** What collect.ts reads: repositories, workflow files, environments, secrets and variables. */
export const ASSESS_PERMISSIONS =
  'metadata: read, contents: read, actions: read, environments: read, secrets: read, variables: read';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerAssessCommands(program: Command): void {
  program
    .command('assess')
    .description("Answer SAMM Secure Deployment level 3's two questions from evidence in a repository or organization")
    .option('--repo <owner/name>', 'assess one repository (one application)')
    .option('--org <org>', 'assess every repository of an organization')
    .option('--max-age-days <n>', 'maximum age of a secret before it counts as not rotated', '90')
    .option('--out <dir>', 'where to write assessment.md, assessment.html and assessment.json', 'reports')
    .option(
      '--action-repo <name>',
      "name of the repository hosting secure-deploy's actions in uses: lines",
      'secure-deploy',
    )
    .option(
      '--repository-filter <glob>',
      "with --org, repository name pattern (repeatable, '!' excludes), as audit-secrets' repository-filter",
      collect,
    )
    .option('--include-forks', 'with --org, count forks as applications too')
    .option('--include-templates', 'with --org, count template repositories as applications too')
    .option('--json', 'print the JSON report instead of Markdown')
    .option(
      '--cache-dir <dir>',
      "the request cache `secure-deploy audit` keeps: what an audit of the same scope read is not paid for again (with the same token: GitHub's ETags are specific to the token)",
      defaultCacheDir(),
    )
    .option('--no-cache', 'read everything afresh and keep nothing')
    .option('--budget <units>', 'rate-limit units the reads may spend (0: none of its own)', '0')
    .action(async (opts: AssessOptions) => {
      if (!opts.repo === !opts.org) throw new ConfigurationError('Give exactly one of --repo owner/name or --org ORG.');
      const maxAgeDays = Number(opts.maxAgeDays);
      if (!/^\d+$/.test(String(opts.maxAgeDays)) || maxAgeDays < 1 || maxAgeDays > 3650) {
        throw new ConfigurationError(
          `--max-age-days must be a whole number of days from 1 to 3650 (ten years), not '${opts.maxAgeDays}'.`,
        );
      }
      const warn = (message: string) => process.stderr.write(`warning: ${message}\n`);
      // The same cache file as `secure-deploy audit` of the same organization or repository.
      const session = await ReadSession.open(
        {
          cacheDir: opts.cache === false ? undefined : opts.cacheDir,
          // The same key as `secure-deploy audit`, from the environment only (never argv).
          cacheKey: process.env.SECURE_DEPLOY_CACHE_KEY ?? '',
          maxRequests: cliBudget(opts.budget),
          organization: opts.org,
          repositories: opts.repo ? [opts.repo] : [],
        },
        warn,
      );
      const client = createGitHubClient(
        tokenFromEnv('Set GITHUB_TOKEN (or GH_TOKEN) to a token that can read the repositories to assess.'),
        session.clientOptions,
      );
      const progress = (done: number, total: number, repository: string) => {
        if (done === total || done % 25 === 0)
          process.stderr.write(`assessed ${done}/${total} repositories (${repository})\n`);
      };
      if (opts.repo && !/^[^/\s]+\/[^/\s]+$/.test(opts.repo)) {
        throw new ConfigurationError(`--repo must be owner/name, not '${opts.repo}'.`);
      }
      if (opts.repo && (opts.repositoryFilter || opts.includeForks || opts.includeTemplates)) {
        throw new ConfigurationError(
          '--repository-filter, --include-forks and --include-templates choose repositories of an --org.',
        );
      }
      let run;
      try {
        run = await runAssessment(
          client,
          opts.repo
            ? { kind: 'repositories', repositories: [opts.repo] }
            : {
                kind: 'organization',
                org: opts.org ?? '',
                repositoryFilter: opts.repositoryFilter ?? [],
                includeForks: opts.includeForks === true,
                includeTemplates: opts.includeTemplates === true,
              },
          { maxAgeDays, outDir: opts.out, actionRepo: opts.actionRepo, onProgress: progress },
        );
      } catch (error) {
        throw explainGitHubError(error, `reading ${opts.repo ?? opts.org ?? ''}`, ASSESS_PERMISSIONS);
      } finally {
        await session.save(warn);
      }
      process.stderr.write(`${session.describe()}\n`);
      process.stdout.write(opts.json ? toJson(run.assessment) : run.markdown);
      const { unreadable, repositories } = run.assessment;
      if (unreadable.length > 0) {
        process.stderr.write(
          `${unreadable.length} of ${repositories.length} repositories could not be fully read (${unreadable.join(', ')}): they count as not meeting what could not be checked, so the answers are a lower bound. The token needs ${ASSESS_PERMISSIONS} on every repository assessed; the reports say what was refused.\n`,
        );
      }
      process.stderr.write(`Reports: ${run.files.markdown}, ${run.files.html}, ${run.files.json}\n`);
    });
}
