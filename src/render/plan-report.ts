/** `plan --html`: the interactive report for the ranked candidates (placeholder until the report lands). */
import type { PlanResult } from '../plan/plan.js';
import type { Pricebook } from '../topology/pricebook.js';
import type { Workload } from '../traffic/workload.js';
import { UsageError } from '../errors.js';

export function writePlanReport(_p: PlanResult, _out: string, _o: { pricebook: Pricebook; workload?: Workload }): void {
  throw new UsageError('--html: the HTML report is not available in this build');
}
