/**
 * require-approval: proves that a person approved this deployment (environment protection with
 * separation of duties, or an approval issue), or configures that protection as code.
 */
import { readInputs } from '../core/inputs.js';
import { outputWriter } from '../core/outputs.js';
import { runAction } from '../core/run.js';
import { inputs, outputs } from './require-approval.inputs.js';
import { requireApprovalStep } from './steps/require-approval.js';

await runAction(async () => {
  const i = readInputs(inputs);
  const out = outputWriter(outputs);
  try {
    await requireApprovalStep(i, out);
  } catch (error) {
    // Whatever failed, a later `if: failure()` step sees that nothing was approved.
    out.set('approved', false);
    throw error;
  }
});
