/**
 * `secure-deploy rotate fingerprint`: the HMAC-SHA256 fingerprint of a value read from standard
 * input, under a key read from an environment variable — to check which value a destination
 * holds without printing it. Values never come from the command line.
 */
import type { Command } from 'commander';
import { ConfigurationError } from '../core/errors.js';
import { fingerprint } from '../secrets/fingerprint.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function registerRotateCommands(cli: Command): void {
  const rotate = cli.command('rotate').description('Secret rotation helpers');
  rotate
    .command('fingerprint')
    .description('Print the fingerprint of the value on standard input, keyed by the variable named by --key-env')
    .option('--key-env <name>', 'environment variable holding the fingerprint key', 'SECRET_FINGERPRINT_KEY')
    .action(async (opts: { keyEnv: string }) => {
      const key = process.env[opts.keyEnv] ?? '';
      if (key.length < 16)
        throw new ConfigurationError(`Set ${opts.keyEnv} to the fingerprint key (at least 16 characters).`);
      const value = await readStdin();
      if (value === '') throw new ConfigurationError('No value on standard input.');
      process.stdout.write(`${fingerprint(key, value)}\n`);
    });
}
