/** The fault matrix and the other faults for PostgreSQL's `alternating-users` strategy, on one PostgreSQL server. */
import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type PostgresServer } from '../support/postgres.ts';
import { defineFaultSuite } from './faults.ts';
import { defineKillMatrix } from './matrix.ts';

let pg: PostgresServer | undefined;
beforeAll(async () => {
  pg = await startPostgres();
}, 120_000);
afterAll(async () => {
  await pg?.close();
});

defineKillMatrix('alternating-users', () => pg);
defineFaultSuite('alternating-users', () => pg);
