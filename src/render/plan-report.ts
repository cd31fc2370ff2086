/** `plan --html`: the interactive report for the ranked candidates, in rank order. */
import type { PlanResult } from '../plan/plan.js';
import type { Pricebook } from '../topology/pricebook.js';
import type { TopoSpec } from '../topology/spec.js';
import type { Workload } from '../traffic/workload.js';
import { writeFileAtomic } from './io.js';
import { buildReport } from './report/index.js';
import { renderPlanHtml } from './plan.js';

export function writePlanReport(p: PlanResult, out: string, o: { pricebook: Pricebook; workload?: Workload; maxMemoryGiB?: number }): void {
  const specs: TopoSpec[] = p.candidates.map((c) => ({ name: c.design, family: c.spec.family, params: c.spec.params, source: 'plan', description: `rank ${c.rankCost} by cost, ${c.rankTime} by time${c.pareto ? ', Pareto front' : ''}` }));
  const byName = new Map(p.candidates.map((c) => [c.design, c]));
  const { html } = buildReport(specs, {
    title: `topoplan plan: ${p.request.gpus.toLocaleString('en-US')} GPUs`,
    lead: renderPlanHtml(p),
    comparisonIntro: 'The candidates side by side, in rank order by cost, with the figures of <code>topoplan compare</code>. Cost per endpoint counts the endpoints each design builds; the plan table above also divides by the GPUs requested.',
    pricebook: o.pricebook,
    workload: o.workload,
    maxMemoryGiB: o.maxMemoryGiB,
    extend: (spec) => {
      const c = byName.get(spec.name);
      return c ? { plan: { rankCost: c.rankCost, rankTime: c.rankTime, pareto: c.pareto, headroom: c.headroom, latencyUs: c.latencyUs, failure: c.failure } } : {};
    },
  });
  writeFileAtomic(out, html);
  process.stderr.write(`wrote ${out}\n`);
}
