/**
 * The baseline for the 200-artifact benchmark: a bare loop over sigstore-js's Verifier in one
 * process, with no policy layer of ours. Usage: node bench/baseline-verifier.ts DIR IDENTITY ISSUER
 * (DIR holds trusted_root.json and artifact-N.bin + artifact-N.bin.sigstore.json).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';

const [dir = '', identity = '', issuer = ''] = process.argv.slice(2);
const root = TrustedRoot.fromJSON(JSON.parse(readFileSync(join(dir, 'trusted_root.json'), 'utf8')));
const verifier = new Verifier(toTrustMaterial(root), { tlogThreshold: 1, ctlogThreshold: 1 });
let verified = 0;
for (const name of readdirSync(dir).filter((f) => f.endsWith('.bin'))) {
  const bundle = bundleFromJSON(JSON.parse(readFileSync(join(dir, `${name}.sigstore.json`), 'utf8')));
  const signer = verifier.verify(toSignedEntity(bundle, readFileSync(join(dir, name))), {
    subjectAlternativeName: identity,
    extensions: { issuer },
  });
  if (signer) verified++;
}
console.log(`verified ${verified}`);
