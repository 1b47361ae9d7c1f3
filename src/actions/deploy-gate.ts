/**
 * The deploy gate: verify-signatures, then require-approval, in one step. Nothing is submitted
 * for approval, and no deployment is recorded, unless every artifact verified.
 */
import { ConfigurationError } from '../core/errors.js';
import { readInputs } from '../core/inputs.js';
import { outputWriter } from '../core/outputs.js';
import { runAction } from '../core/run.js';
import { inputs, outputs } from './deploy-gate.inputs.js';
import { requireApprovalStep } from './steps/require-approval.js';
import { verifySignaturesStep } from './steps/verify-signatures.js';

await runAction(async () => {
  const i = readInputs(inputs);
  const out = outputWriter(outputs);
  out.set('approved', false);
  const verification = await verifySignaturesStep(i, out);
  if (!verification.verified) {
    throw new ConfigurationError(
      `${verification.failed} of ${verification.total} artifacts failed verification (see the annotations above): not deploying, and no approval was requested.`,
    );
  }
  await requireApprovalStep(
    {
      ...i,
      mode: i.approvalMode,
      digests: verification.digests.split('\n').filter((line) => line.trim() !== ''),
      configure: false,
      waitTimer: 0,
    },
    {
      // 'changes' is only written when configuring protection, which the gate never does.
      set: (name, value) => {
        if (name !== 'changes') out.set(name, value);
      },
    },
  );
});
