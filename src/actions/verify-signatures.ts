/**
 * verify-signatures: before deploying, check that every artifact was signed at build time by a
 * trusted signer (Sigstore bundles, GitHub attestations, keys), or pinned by checksum with a reason.
 */
import * as core from '@actions/core';
import { readInputs } from '../core/inputs.js';
import { outputWriter } from '../core/outputs.js';
import { runAction } from '../core/run.js';
import { verifySignaturesStep } from './steps/verify-signatures.js';
import { inputs, outputs } from './verify-signatures.inputs.js';

await runAction(async () => {
  const result = await verifySignaturesStep(readInputs(inputs), outputWriter(outputs));
  if (!result.verified) {
    core.info(`${result.failed} of ${result.total} artifacts failed verification; nothing may be deployed.`);
    process.exitCode = 1;
  }
});
