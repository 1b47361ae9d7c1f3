/**
 * `secure-deploy approval check`: is an environment protected the way require-approval demands?
 * Read-only; the token comes from GITHUB_TOKEN or GH_TOKEN, never from the command line.
 */
import type { Command } from 'commander';
import { inspectProtection, missingEnvironmentMessage, parseAppSlugs, unprotectedMessage } from '../approval/index.js';
import { ConfigurationError } from '../core/errors.js';
import { createGitHubClient } from '../core/github.js';
import { maskSecret } from '../core/mask.js';

interface CheckOptions {
  repo: string;
  environment: string;
  allowSelfApproval?: boolean;
  allowAdminBypass?: boolean;
  acceptProtectionRules?: string;
  json?: boolean;
}

function token(): string {
  const value = process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN ?? '';
  if (!value) throw new ConfigurationError('Set GITHUB_TOKEN (or GH_TOKEN) to a token that can read the repository.');
  maskSecret(value);
  return value;
}

export function registerApprovalCommands(program: Command): void {
  const approval = program.command('approval').description('Deployment approval through environment protection');
  approval
    .command('check')
    .description(
      'Check that an environment requires reviewers (or an accepted protection app), prevents self-review, stops administrator bypass and limits deployment refs',
    )
    .requiredOption('--repo <owner/name>', 'the repository')
    .requiredOption('--environment <name>', 'the environment')
    .option('--allow-self-approval', 'do not require prevent self-review')
    .option('--allow-admin-bypass', "accept 'Allow administrators to bypass configured protection rules'")
    .option('--accept-protection-rules <slugs>', 'GitHub App slugs whose deployment protection rule counts')
    .option('--json', 'print the result as JSON')
    .action(async (opts: CheckOptions) => {
      const [owner = '', repo = ''] = opts.repo.split('/');
      if (!owner || !repo) throw new ConfigurationError(`--repo must be owner/name, not '${opts.repo}'.`);
      const client = createGitHubClient(token());
      const found = await inspectProtection(client, { owner, repo }, opts.environment, {
        allowSelfApproval: opts.allowSelfApproval === true,
        allowAdminBypass: opts.allowAdminBypass === true,
        acceptProtectionRules: parseAppSlugs([opts.acceptProtectionRules ?? '']),
      });
      const ok = found.exists && found.problems.length === 0;
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify({ environment: opts.environment, ...found, protected: ok }, null, 2)}\n`,
        );
      } else if (!found.exists) {
        process.stdout.write(`${missingEnvironmentMessage(opts.environment, opts.repo)}\n`);
      } else if (!ok) {
        process.stdout.write(`${unprotectedMessage(opts.environment, found.problems)}\n`);
      } else {
        process.stdout.write(`Environment '${opts.environment}' of ${opts.repo} is protected.\n`);
      }
      if (!ok) process.exitCode = 1;
    });
}
