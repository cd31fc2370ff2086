/** Terminal rendering of traffic results. */
import type { TrafficResult } from '../traffic/run.js';
import { count, fmtBytes, fmtGBps, fmtNum, fmtPct, fmtSeconds } from '../format.js';
import { renderTable, type Cell } from './table.js';

export { fmtBytes, fmtSeconds } from '../format.js';

export function renderTraffic(r: TrafficResult): string {
  const gating = r.gating?.length ? `, ${[...new Set(r.gating)].join('/')} gating` : '';
  const where = r.placement && r.placement.coverage < 1 ? `, ${r.placement.placement} placement: ${count(r.placement.copies, 'copy', 'copies')} of ${r.placement.jobHosts} hosts cover${r.placement.copies === 1 ? 's' : ''} ${fmtNum(r.placement.coverage * 100, 1)}% of ${r.placement.clusterHosts}` : r.placement && r.placement.copies > 1 ? `, ${r.placement.copies} data-parallel copies` : '';
  const head = `${r.topology}: ${r.workload.name} (${r.routing} routing${gating}, ${r.model === 'flow' ? 'flow model' : 'bound'}, ${count(r.gpus, 'GPU')} in the job${where})`;
  const link = (b: { kind: string; source: string; target: string } | null) => (b ? `${b.kind} ${b.source}→${b.target}` : '–');
  const rows: Cell[][] = r.phases.map((p) => [
    p.name,
    fmtBytes(p.demand.fabricBytes),
    fmtBytes(p.demand.nvlinkBytes),
    fmtSeconds(p.congestion.timeSeconds),
    link(p.congestion.bottleneck),
    fmtGBps(p.congestion.effectiveGBpsPerGpu),
    fmtBytes(p.demand.unreachableBytes),
  ]);
  if (r.phases.length > 1)
    rows.push(['total', fmtBytes(r.demand.fabricBytes), fmtBytes(r.demand.nvlinkBytes), fmtSeconds(r.congestion.timeSeconds), `(${r.congestion.bottleneck?.phase ?? '–'} slowest)`, fmtGBps(r.congestion.effectiveGBpsPerGpu), fmtBytes(r.demand.unreachableBytes)]);
  const table = renderTable(['phase', 'fabric bytes', 'NVLink bytes', 'time (lower bound)', 'binding link', 'bandwidth per GPU', 'unreachable'], rows);
  const legend = `bandwidth per GPU = fabric bytes ÷ ${count(r.gpus, 'GPU')} ÷ phase time (docs/schema.md glossary)`;
  const slowest = r.phases.find((p) => p.name === r.congestion.bottleneck?.phase) ?? r.phases[0];
  const hashed = slowest?.routing.hash;
  const stat = hashed ? `each link's busiest lane, mean of ${count(hashed.trials, 'trial')}` : 'bytes per lane';
  const hot = `hot links of ${slowest?.name ?? 'the slowest phase'}, ranked by ${stat}:\n` + renderTable(
    ['hot link', 'kind', 'lanes', 'bytes per lane', 'busy / phase time'],
    r.congestion.hotLinks.slice(0, 5).map((l) => [`${l.source}→${l.target}`, l.kind, l.lanes, fmtBytes(l.bytesPerLane), fmtPct(l.utilization)]),
  );
  let extra = r.demand.fabricBytesPerToken !== undefined ? `fabric bytes per token (dispatch): ${fmtBytes(r.demand.fabricBytesPerToken)}\n` : '';
  for (const p of r.phases) {
    const h = p.routing.hash;
    if (!h) continue;
    extra +=
      `${p.name}: ${count(h.trials, 'hash trial')}; time = mean of each trial's busiest lane ${fmtBytes(h.maxSwitchLinkBytesMean)} (${fmtSeconds(h.timeSecondsMean)}), ` +
      `p95 ${fmtBytes(h.maxSwitchLinkBytesP95)} (${fmtSeconds(h.timeSecondsP95)})\n  binding and hot links: each link's busiest lane averaged over trials (hot in few trials: < 100%)` +
      (h.sampled ? `; SAMPLED: ${fmtNum(h.flowsRouted)} of ${fmtNum(h.flowsTotal)} flows routed, bytes scaled up` : '') +
      '\n';
  }
  for (const p of r.phases) {
    const u = p.routing.ugal;
    if (u) extra += `${p.name}: UGAL sent ${fmtNum(u.valiantFraction * 100, 1)}% of the bytes Valiant (${u.classes.toLocaleString('en-US')} flow classes: ${u.unit}, decided in a seeded order; ${u.estimator}; all-minimal busiest link ${fmtSeconds(u.minimalSeconds)}, all-Valiant ${fmtSeconds(u.valiantSeconds)})\n`;
    const f = p.flow;
    if (!f) continue;
    extra +=
      `${p.name}: flow model (${f.routing} routes) makespan ${fmtSeconds(f.makespanSeconds)} (bound ${fmtSeconds(f.boundSeconds)}); per-NIC completion p50 ${fmtSeconds(f.nicCompletion.p50)}, ` +
      `p99 ${fmtSeconds(f.nicCompletion.p99)}, max ${fmtSeconds(f.nicCompletion.max)}; ${f.flows.toLocaleString('en-US')} flows in ${f.classes.toLocaleString('en-US')} classes, ${f.events} events\n` +
      f.bottlenecks.slice(0, 3).map((b) => `  ${fmtSeconds(b.fromSeconds)}–${fmtSeconds(b.toSeconds)}: ${b.links.slice(0, 3).join(', ') || '–'}\n`).join('');
  }
  if (r.flow) extra += `flow model total: ${fmtSeconds(r.flow.makespanSeconds)} (sum of bounds ${fmtSeconds(r.flow.boundSeconds)})\n`;
  if (r.demand.unreachableBytes > 0) extra += `unreachable: ${fmtBytes(r.demand.unreachableBytes)} in ${count(r.demand.unreachablePairs, 'GPU-to-GPU transfer')}\n`;
  if (r.demand.failoverBytes > 0) extra += `re-routed over another NIC/plane: ${fmtBytes(r.demand.failoverBytes)}\n`;
  return `${head}\n${table}\n${legend}\n\n${hot}\n${extra}`;
}
