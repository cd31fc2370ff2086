/** Terminal rendering of traffic results. */
import type { TrafficResult } from '../traffic/run.js';
import { count, fmtBytes, fmtGBps, fmtNum, fmtPct, fmtSeconds } from '../format.js';
import { renderTable, type Cell } from './table.js';

export { fmtBytes, fmtSeconds } from '../format.js';

export function renderTraffic(r: TrafficResult): string {
  const head = `${r.topology}: ${r.workload.name} (${r.routing} routing, ${count(r.gpus, 'GPU')} in the job)`;
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
  if (r.demand.unreachableBytes > 0) extra += `unreachable: ${fmtBytes(r.demand.unreachableBytes)} in ${count(r.demand.unreachablePairs, 'GPU-to-GPU transfer')}\n`;
  if (r.demand.failoverBytes > 0) extra += `re-routed over another NIC/plane: ${fmtBytes(r.demand.failoverBytes)}\n`;
  return `${head}\n${table}\n${legend}\n\n${hot}\n${extra}`;
}
