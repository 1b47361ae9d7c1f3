/** `secure-deploy assess`: answers SAMM's two Secure Deployment level-3 questions from evidence. */
import type { Command } from 'commander';
import { runAssessment } from '../assess/index.js';
import { toJson } from '../assess/report.js';
import { ConfigurationError } from '../core/errors.js';
import { createGitHubClient, explainGitHubError } from '../core/github.js';
import { maskSecret } from '../core/mask.js';

interface AssessOptions {
  repo?: string;
  org?: string;
  maxAgeDays: string;
  out: string;
  actionRepo: string;
  json?: boolean;
}

/** The token comes from the environment, never from the command line, where other processes can read it. */
export function tokenFromEnv(): string {
  const token = process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN ?? '';
  if (!token) {
    throw new ConfigurationError('Set GITHUB_TOKEN (or GH_TOKEN) to a token that can read the repositories to assess.');
  }
  maskSecret(token);
  return token;
}

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
    .option('--json', 'print the JSON report instead of Markdown')
    .action(async (opts: AssessOptions) => {
      if (!opts.repo === !opts.org) throw new ConfigurationError('Give exactly one of --repo owner/name or --org ORG.');
      const maxAgeDays = Number(opts.maxAgeDays);
      if (!Number.isInteger(maxAgeDays) || maxAgeDays < 1) {
        throw new ConfigurationError(`--max-age-days must be a whole number of days, not '${opts.maxAgeDays}'.`);
      }
      const client = createGitHubClient(tokenFromEnv());
      const progress = (done: number, total: number, repository: string) => {
        if (done === total || done % 25 === 0)
          process.stderr.write(`assessed ${done}/${total} repositories (${repository})\n`);
      };
      if (opts.repo && !/^[^/\s]+\/[^/\s]+$/.test(opts.repo)) {
        throw new ConfigurationError(`--repo must be owner/name, not '${opts.repo}'.`);
      }
      let run;
      try {
        run = await runAssessment(
          client,
          opts.repo
            ? { kind: 'repositories', repositories: [opts.repo] }
            : { kind: 'organization', org: opts.org ?? '' },
          { maxAgeDays, outDir: opts.out, actionRepo: opts.actionRepo, onProgress: progress },
        );
      } catch (error) {
        throw explainGitHubError(
          error,
          `reading ${opts.repo ?? opts.org ?? ''}`,
          'contents: read, actions: read, environments: read',
        );
      }
      process.stdout.write(opts.json ? toJson(run.assessment) : run.markdown);
      process.stderr.write(`Reports: ${run.files.markdown}, ${run.files.html}, ${run.files.json}\n`);
    });
}
