/** The fault matrix for the `deploy-key` target. */
import { defineKillMatrix } from './matrix.ts';

defineKillMatrix('deploy-key', () => undefined);
