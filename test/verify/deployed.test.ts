/** Post-deploy input parsing: deployed digest lines and the command split without a shell. */
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.ts';
import { parseDeployedDigests, runDigestsCommand, splitCommand } from '../../src/verify/deployed.ts';

const d = (c: string): string => `sha256:${c.repeat(64)}`;

describe('deployed digests', () => {
  it('reads sha256:<hex>  <name> lines, names optional, duplicates once', () => {
    expect(parseDeployedDigests(`# running\n${d('A')}  web app\n\n${d('b')}\n${d('a')}  again`, 'x')).toEqual([
      { digest: d('a'), name: 'web app' },
      { digest: d('b'), name: '' },
    ]);
  });

  it('fails closed on anything else, naming the line', () => {
    expect(() => parseDeployedDigests('latest', "'deployed-digests'")).toThrow(
      /'deployed-digests', line 1: 'latest' does not start with a digest/,
    );
    expect(() => parseDeployedDigests('sha256:abc  app', 'x')).toThrow(ConfigurationError);
    expect(() => parseDeployedDigests('\n# nothing\n', 'x')).toThrow(/lists no digest/);
  });
});

describe('deployed-digests-command', () => {
  it('splits one line into words with quotes, and takes several lines as one word each', () => {
    expect(splitCommand(`kubectl get pods -o 'jsonpath={.items[*].status}' "a b"`)).toEqual([
      'kubectl',
      'get',
      'pods',
      '-o',
      'jsonpath={.items[*].status}',
      'a b',
    ]);
    expect(splitCommand(`echo $(id) ; rm -rf /`)).toEqual(['echo', '$(id)', ';', 'rm', '-rf', '/']);
    expect(splitCommand('printf\n%s  x\n')).toEqual(['printf', '%s  x']);
    expect(splitCommand(`say ""`)).toEqual(['say', '']);
    expect(() => splitCommand(`say "open`)).toThrow(/not closed/);
    expect(() => splitCommand('   ')).toThrow(/empty/);
  });

  it('runs without a shell and fails with the command’s own words', async () => {
    await expect(runDigestsCommand('echo $HOME', process.cwd())).resolves.toBe('$HOME\n');
    await expect(runDigestsCommand('false', process.cwd())).rejects.toThrow(/deployed-digests-command false failed/);
    await expect(runDigestsCommand('/nonexistent/tool', process.cwd())).rejects.toThrow(ConfigurationError);
  });
});
