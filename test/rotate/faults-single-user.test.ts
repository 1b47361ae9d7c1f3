import { defineFaultSuite } from './faults.ts';

defineFaultSuite('single-user');
