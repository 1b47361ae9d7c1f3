/**
 * `secure-deploy audit`: the audit-secrets action from a terminal. The token comes from
 * GITHUB_TOKEN or GH_TOKEN, never from the command line (argv is visible to other processes).
 */
import type { Command } from 'commander';
import { inputs } from '../actions/audit-secrets.inputs.js';
import { executeAudit, summarySections } from '../audit/execute.js';
import { AuditEmitter } from '../core/audit.js';
import { auditSinks } from '../core/audit-sinks.js';
import { runContext } from '../core/context.js';
import { ConfigurationError, errorMessage } from '../core/errors.js';
import { createGitHubClient } from '../core/github.js';
import { type InputSource, readInputs } from '../core/inputs.js';
import { redact } from '../core/mask.js';
import { defaultCacheDir, ReadSession } from '../core/read-session.js';
import { parseShard } from '../audit/report.js';
import { tokenFromEnv } from './token.js';

interface AuditCliOptions {
  repository?: string[];
  organization?: string;
  filter?: string[];
  shard?: string;
  merge?: string[];
  maxAgeDays?: string;
  allowedWriter?: string[];
  ledger?: string;
  trustPolicy?: string;
  auditLog?: boolean;
  auditLogExport?: string[];
  auditState?: string;
  readersPolicy?: string;
  unreadDays?: string;
  issuesRepository?: string;
  issueLabel?: string[];
  sarif?: string;
  out?: string;
  failOn?: string;
  allowPartial?: boolean;
  concurrency?: string;
  cache?: boolean;
  cacheDir?: string;
  budget?: string;
  sink?: string[];
  json?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `--budget`: a whole number of rate-limit units, 0 for none of its own. */
export function cliBudget(text: string | undefined): number {
  const n = Number(text ?? '0');
  if (!/^\d+$/.test(text ?? '0') || !Number.isSafeInteger(n)) {
    throw new ConfigurationError(`--budget must be a whole number of rate-limit units (0: no limit), not '${text}'.`);
  }
  return n;
}

export function registerAuditCommands(program: Command): void {
  program
    .command('audit')
    .description(
      'Audit secrets of repositories or an organization (the audit-secrets action); exit 1 on findings at or above --fail-on',
    )
    .option(
      '--repository <owner/name>',
      'repository to audit (repeatable); default: every repository of --organization',
      collect,
    )
    .option(
      '--organization <org>',
      'organization whose secrets, audit log and (without --repository) repositories to audit',
    )
    .option('--filter <glob>', "repository name pattern for --organization (repeatable, '!' excludes)", collect)
    .option('--shard <i/n>', 'audit only shard i of n of the organization')
    .option('--merge <file>', 'merge shard findings files instead of auditing (repeatable)', collect)
    .option('--max-age-days <days>', 'stale after this many days', '90')
    .option('--allowed-writer <pattern>', 'workflow or actor allowed to write secrets (repeatable)', collect)
    .option('--ledger <owner/repo[@branch][:path]>', 'the central audit ledger to verify and join')
    .option('--trust-policy <file>', 'trust policy YAML whose anchors carry review-by dates')
    .option('--no-audit-log', 'do not read the organization audit log API')
    .option(
      '--audit-log-export <file>',
      'streamed audit-log export, JSON lines (.gz accepted), read instead of the API (repeatable)',
      collect,
    )
    .option('--audit-state <owner/repo[@branch][:path]>', 'where the audit-log watermark and findings are kept')
    .option('--readers-policy <file>', 'YAML: secret -> allowed workflows, refs, environments')
    .option('--unread-days <days>', 'report production secrets no job read for this many days (0: off)', '0')
    .option('--issues-repository <owner/name>', 'file one issue per finding there')
    .option('--issue-label <label>', 'extra issue label (repeatable)', collect)
    .option('--sarif <file>', 'write SARIF 2.1.0 there', '')
    .option('--out <file>', 'write the JSON findings there', '')
    .option('--fail-on <severity>', 'none, low, medium, high or critical', 'high')
    .option('--allow-partial', 'exit 0 even when some scope could not be read completely (default: exit 1)')
    .option('--concurrency <n>', 'requests in flight at once', '8')
    .option(
      '--cache-dir <dir>',
      "keep GitHub's answers and ETags here between runs (conditional requests: unchanged answers cost nothing, but only with the same token as the run that filled it: GitHub's ETags are specific to the token, so another token pays the cold price); set SECURE_DEPLOY_CACHE_KEY to encrypt and authenticate it",
      defaultCacheDir(),
    )
    .option('--no-cache', 'read everything afresh and keep nothing')
    .option(
      '--budget <units>',
      'rate-limit units the reads may spend (0: none of its own); stops cleanly, the next run continues',
      '0',
    )
    .option('--sink <line>', "audit sink line, as in the action's audit-log (repeatable)", collect)
    .option('--json', 'print the findings file to standard output')
    .action(async (o: AuditCliOptions) => {
      const token = tokenFromEnv('Set GITHUB_TOKEN (or GH_TOKEN) to a token that can read the audited repositories.');
      const values: Record<string, string | undefined> = {
        repositories: (o.repository ?? []).join('\n'),
        organization: o.organization,
        'repository-filter': (o.filter ?? []).join('\n'),
        shard: o.shard,
        merge: (o.merge ?? []).join('\n'),
        'max-age-days': o.maxAgeDays,
        'allowed-writers': (o.allowedWriter ?? []).join('\n'),
        ledger: o.ledger,
        'trust-policy': o.trustPolicy,
        'read-audit-log': String(o.auditLog !== false),
        'audit-log-export': (o.auditLogExport ?? []).join('\n'),
        'audit-state': o.auditState,
        'readers-policy': o.readersPolicy,
        'unread-days': o.unreadDays,
        'issues-repository': o.issuesRepository,
        'issue-labels': (o.issueLabel ?? []).join('\n'),
        'sarif-file': o.sarif ?? '',
        'findings-file': o.out ?? '',
        'fail-on': o.failOn,
        'allow-partial': String(o.allowPartial === true),
        concurrency: o.concurrency,
        'audit-log': (o.sink ?? []).join('\n'),
        // From the environment only, never a command-line argument (argv is visible to other processes).
        'cache-key': process.env.SECURE_DEPLOY_CACHE_KEY ?? '',
        token,
      };
      const source: InputSource = (name) => values[name];
      // The CLI writes no files unless asked: an empty default means "skip".
      const i = readInputs(inputs, source);
      const config = { ...i, sarifFile: o.sarif ?? '', findingsFile: o.out ?? '' };
      const ctx = runContext();
      const audit = new AuditEmitter(ctx, auditSinks(i.auditLog, { token }));
      const warn = (message: string) => process.stderr.write(`warning: ${message}\n`);
      const session = await ReadSession.open(
        {
          cacheDir: o.cache === false || config.merge.length > 0 ? undefined : o.cacheDir,
          cacheKey: config.cacheKey,
          maxRequests: cliBudget(o.budget),
          shard: parseShard(config.shard),
          organization: config.organization,
          repositories: config.repositories.length > 0 ? config.repositories : [ctx.repository],
        },
        warn,
      );
      let result: Awaited<ReturnType<typeof executeAudit>>;
      try {
        result = await executeAudit(createGitHubClient(token, session.clientOptions), config, {
          repository: ctx.repository,
          version: '0.1.0',
          session,
          auditLogClient: createGitHubClient(token, session.auditLogClientOptions),
        });
      } finally {
        await session.save(warn);
      }
      process.stderr.write(`${session.describe()}\n`);
      const { report, events } = result;
      if (events && events.records.length > 0) {
        await audit.emitAll(events.records, (sink, error) =>
          process.stderr.write(
            `warning: the optional audit sink ${sink} could not record secret reads: ${redact(errorMessage(error))}\n`,
          ),
        );
        await events.confirm();
      }
      await audit.emit(
        {
          action: 'secrets.audit',
          target: {
            scope: report.organization ? 'organization' : 'repository',
            repository: report.organization ?? report.repositories[0] ?? '',
          },
          outcome: result.failed ? 'failure' : result.partial ? 'partial' : 'success',
          details: {
            repositories: report.repositories.length,
            findings: report.findings.length,
            partial: result.partial,
          },
        },
        (sink, error) =>
          process.stderr.write(
            `warning: the optional audit sink ${sink} could not record 'secrets.audit': ${redact(errorMessage(error))}\n`,
          ),
      );
      if (o.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        for (const section of summarySections(report, [
          `${result.requests} GitHub API requests.`,
          ...(events?.notes ?? []),
        ])) {
          process.stdout.write(`\n== ${section.heading} ==\n`);
          for (const line of section.lines ?? []) process.stdout.write(`${line}\n`);
          if (section.table) {
            process.stdout.write(`${section.table.headers.join(' | ')}\n`);
            for (const row of section.table.rows) process.stdout.write(`${row.join(' | ')}\n`);
          }
        }
      }
      for (const w of report.warnings) process.stderr.write(`warning: ${w}\n`);
      for (const p of report.partial) process.stderr.write(`partial: ${p}\n`);
      if (result.failed) process.stderr.write(`${result.failure}\n`);
      process.exitCode = result.failed ? 1 : 0;
    });
}
