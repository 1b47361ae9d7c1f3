/**
 * `secure-deploy trust review --policy FILE [--days N] [--json]`: anchors whose review date has
 * passed (error) or falls within N days (warning), and CA certificates, CRLs and keys that have
 * expired or expire within N days. Exit status 1 when there is an error.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { loadTrustPolicy } from '../trust/policy.js';
import { formatReview, reviewTrustPolicy } from '../trust/review.js';

interface ReviewCliOptions {
  policy: string;
  days: number;
  json?: boolean;
}

function parseDays(value: string): number {
  if (!/^\d{1,4}$/.test(value)) throw new InvalidArgumentError('give a whole number of days (0-9999)');
  return Number(value);
}

export function registerTrustCommands(program: Command): void {
  const trust = program.command('trust').description('Govern the trust policy: who may sign what');
  trust
    .command('review')
    .description(
      'List anchors due for review and certificates or keys that expired or expire soon; exit 1 on any error',
    )
    .requiredOption('--policy <file>', 'the trust policy (YAML, schemas/trust-policy.v1.json)')
    .option('--days <n>', 'warn about what falls due within this many days', parseDays, 30)
    .option('--json', 'print the review as JSON')
    .action(async (options: ReviewCliOptions) => {
      const policy = loadTrustPolicy(options.policy);
      const review = await reviewTrustPolicy(policy, { days: options.days });
      process.stdout.write(options.json ? `${JSON.stringify(review, null, 2)}\n` : formatReview(review));
      if (review.errors > 0) process.exitCode = 1;
    });
}
