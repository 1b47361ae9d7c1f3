/**
 * 200 artifacts with bundles in one `secure-deploy verify` call, against a bare loop over
 * sigstore-js's Verifier in one process (bench/baseline-verifier.ts): within 1.5x.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type GitHubClaims, ISSUER, identityFor, startStack } from '../test/support/sigstore/stack.ts';
import { CLI, ROOT, check, measure, median, sideBySide } from './lib.ts';

const CLAIMS: GitHubClaims = { repository: 'acme/app', workflowFile: 'release.yml', ref: 'refs/tags/v1.0.0' };

export async function benchVerify(count = 200): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'sd-bench-verify-'));
  const stack = await startStack();
  try {
    const paths: string[] = [];
    for (let i = 0; i < count; i++) {
      const data = Buffer.from(`artifact ${i} `.repeat(64 + i));
      const path = join(dir, `artifact-${String(i).padStart(3, '0')}.bin`);
      writeFileSync(path, data);
      writeFileSync(`${path}.sigstore.json`, JSON.stringify(await stack.signBlob(data, CLAIMS)));
      paths.push(basename(path));
    }
    writeFileSync(join(dir, 'trusted_root.json'), JSON.stringify(stack.trustedRoot));
    const identity = identityFor(CLAIMS);
    const ours = () =>
      measure(
        process.execPath,
        [
          CLI,
          'verify',
          '--offline',
          '--trusted-root',
          join(dir, 'trusted_root.json'),
          '--certificate-identity',
          identity,
          '--certificate-oidc-issuer',
          ISSUER,
          ...paths,
        ],
        dir,
      );
    const bare = () => measure(process.execPath, [join(ROOT, 'bench', 'baseline-verifier.ts'), dir, identity, ISSUER]);
    const runs = sideBySide(3, ours, bare);
    for (const r of runs.a)
      if (r.status !== 0) throw new Error(`secure-deploy verify failed:\n${r.stdout}\n${r.stderr}`);
    for (const r of runs.b) {
      if (r.status !== 0 || !r.stdout.includes(`verified ${count}`))
        throw new Error(`baseline failed:\n${r.stdout}\n${r.stderr}`);
    }
    const a = median(runs.a.map((r) => r.wallSeconds));
    const b = median(runs.b.map((r) => r.wallSeconds));
    console.log(
      `verify ${count} artifacts: secure-deploy verify ${a.toFixed(2)} s, bare sigstore-js Verifier loop ${b.toFixed(2)} s`,
    );
    return check(a / b <= 1.5, `verify ${count} artifacts wall-time ratio ${(a / b).toFixed(3)}x (target <= 1.5x)`);
  } finally {
    stack.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
