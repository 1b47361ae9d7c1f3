/**
 * `secure-deploy`: the suite's checks from a terminal. Each capability registers its commands;
 * this file only wires them together and turns failures into an exit status.
 */
import { Command, CommanderError } from 'commander';
import { errorMessage, isConfigurationError } from '../core/errors.js';
import { redact } from '../core/mask.js';
import { registerApprovalCommands } from './approval.js';
import { registerAssessCommands } from './assess.js';
import { registerAuditCommands } from './audit.js';
import { registerRotateCommands } from './rotate.js';
import { registerTrustCommands } from './trust.js';
import { registerVerifyCommands } from './verify.js';

export const VERSION = '0.1.0';

function program(): Command {
  const cli = new Command('secure-deploy')
    .description('OWASP SAMM Secure Deployment checks: verify signatures, approvals, secret rotation and audit')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerVerifyCommands(cli);
  registerTrustCommands(cli);
  registerApprovalCommands(cli);
  registerRotateCommands(cli);
  registerAuditCommands(cli);
  registerAssessCommands(cli);
  return cli;
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    await program().parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (isConfigurationError(error)) {
      process.stderr.write(`secure-deploy: ${redact(error.message)}\n`);
      return 1;
    }
    process.stderr.write(`secure-deploy: unexpected error: ${redact(errorMessage(error))}\n`);
    if (process.env.SECURE_DEPLOY_DEBUG && error instanceof Error && error.stack) {
      process.stderr.write(`${redact(error.stack)}\n`);
    }
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
