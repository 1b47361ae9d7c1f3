/**
 * `secure-deploy`: the suite's checks from a terminal. Each capability registers its commands;
 * this file only wires them together and turns failures into an exit status:
 *
 *   0  the check passed (or --help, --version)
 *   1  the check failed or was refused, or a value given is wrong (a ConfigurationError)
 *   2  a usage error (unknown command or option, missing argument; the usage is printed), or an
 *      unexpected error (a bug: never to be mistaken for a verdict)
 */
import { Command, CommanderError } from 'commander';
import { errorMessage, isConfigurationError } from '../core/errors.js';
import { redact } from '../core/mask.js';

type Register = (program: Command) => void;

/**
 * Each command's module, loaded only when that command runs: `verify` does not pay for loading
 * PostgreSQL, OpenPGP or Octokit code, which keeps a one-shot CLI call's start-up short.
 * `--help` and unknown commands load them all.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  verify: async () => (await import('./verify.js')).registerVerifyCommands,
  'verify-bundle': async () => (await import('./verify.js')).registerVerifyCommands,
  trust: async () => (await import('./trust.js')).registerTrustCommands,
  approval: async () => (await import('./approval.js')).registerApprovalCommands,
  rotate: async () => (await import('./rotate.js')).registerRotateCommands,
  audit: async () => (await import('./audit.js')).registerAuditCommands,
  assess: async () => (await import('./assess.js')).registerAssessCommands,
};

export const VERSION = '0.1.0';

/** Exit statuses, as the README's CLI section documents them. */
export const EXIT = { ok: 0, failed: 1, usage: 2, unexpected: 2 } as const;

async function program(command: string | undefined): Promise<Command> {
  const cli = new Command('secure-deploy')
    .description('OWASP SAMM Secure Deployment checks: verify signatures, approvals, secret rotation and audit')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
  const only = command === undefined ? undefined : COMMANDS[command];
  const registers = new Set(await Promise.all((only ? [only] : Object.values(COMMANDS)).map((load) => load())));
  for (const register of registers) register(cli);
  return cli;
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    await (await program(argv[0])).parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    // Commander has printed the error and, with showHelpAfterError, the usage.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (isConfigurationError(error)) {
      process.stderr.write(`secure-deploy: ${redact(error.message)}\n`);
      return EXIT.failed;
    }
    process.stderr.write(`secure-deploy: unexpected error: ${redact(errorMessage(error))}\n`);
    if (process.env.SECURE_DEPLOY_DEBUG && error instanceof Error && error.stack) {
      process.stderr.write(`${redact(error.stack)}\n`);
    }
    return EXIT.unexpected;
  }
}

process.exitCode = await main(process.argv.slice(2));
