import { defineFaultSuite } from './faults.ts';

defineFaultSuite('alternating-users');
