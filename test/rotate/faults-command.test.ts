/** The fault matrix for the `command` target. */
import { defineKillMatrix } from './matrix.ts';

defineKillMatrix('command', () => undefined);
