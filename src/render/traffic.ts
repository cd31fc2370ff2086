/** Terminal rendering of traffic results. */
import type { TrafficResult } from '../traffic/run.js';
import { fmtNum, renderTable, type Cell } from './table.js';

export function fmtBytes(b: number): string {
  const u = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  while (Math.abs(b) >= 1000 && i < u.length - 1) {
    b /= 1000;
    i++;
  }
  return `${fmtNum(b, 2)} ${u[i]}`;
}

export function fmtSeconds(s: number): string {
  if (s === 0) return '0';
  if (s < 1e-3) return `${fmtNum(s * 1e6, 2)} µs`;
  if (s < 1) return `${fmtNum(s * 1e3, 3)} ms`;
  return `${fmtNum(s, 3)} s`;
}

export function renderTraffic(r: TrafficResult): string {
  const gating = r.gating?.length ? `, ${[...new Set(r.gating)].join('/')} gating` : '';
  const where = r.placement && r.placement.coverage < 1 ? `, ${r.placement.placement} placement: ${r.placement.copies} cop${r.placement.copies === 1 ? 'y' : 'ies'} of ${r.placement.jobHosts} hosts cover ${fmtNum(r.placement.coverage * 100, 1)}% of ${r.placement.clusterHosts}` : r.placement && r.placement.copies > 1 ? `, ${r.placement.copies} data-parallel copies` : '';
  const head = `${r.topology}: ${r.workload.name} (${r.routing} routing${gating}, ${r.model === 'flow' ? 'flow model' : 'bound'}, ${r.gpus.toLocaleString('en-US')} GPUs${where})`;
  const rows: Cell[][] = r.phases.map((p) => [
    p.name,
    fmtBytes(p.demand.fabricBytes),
    fmtBytes(p.demand.nvlinkBytes),
    fmtSeconds(p.congestion.timeSeconds),
    p.congestion.bottleneck ? `${p.congestion.bottleneck.kind} ${p.congestion.bottleneck.source}→${p.congestion.bottleneck.target}` : '–',
    fmtNum(p.congestion.effectiveGBpsPerGpu, 2),
    p.demand.unreachableBytes > 0 ? fmtBytes(p.demand.unreachableBytes) : '0',
  ]);
  rows.push(['total', fmtBytes(r.demand.fabricBytes), fmtBytes(r.demand.nvlinkBytes), fmtSeconds(r.congestion.timeSeconds), '', fmtNum(r.congestion.effectiveGBpsPerGpu, 2), fmtBytes(r.demand.unreachableBytes)]);
  const table = renderTable(['phase', 'fabric', 'NVLink', 'time (lower bound)', 'binding link', 'GB/s per GPU', 'unreachable'], rows);
  const hot = renderTable(
    ['hot link (slowest phase)', 'kind', 'lanes', 'bytes/lane', 'utilisation'],
    r.congestion.hotLinks.slice(0, 5).map((l) => [`${l.source}→${l.target}`, l.kind, l.lanes, fmtBytes(l.bytesPerLane), `${fmtNum(l.utilization * 100, 1)}%`]),
  );
  let extra = r.demand.fabricBytesPerToken !== undefined ? `fabric bytes per token (dispatch): ${fmtNum(r.demand.fabricBytesPerToken, 1)}\n` : '';
  for (const p of r.phases) {
    const h = p.routing.hash;
    if (!h) continue;
    extra +=
      `${p.name}: ecmp-hash over ${h.trials} trials, busiest switch lane mean ${fmtBytes(h.maxSwitchLinkBytesMean)} (${fmtSeconds(h.timeSecondsMean)}), ` +
      `p95 ${fmtBytes(h.maxSwitchLinkBytesP95)} (${fmtSeconds(h.timeSecondsP95)})` +
      (h.sampled ? `; SAMPLED: ${h.flowsRouted.toLocaleString('en-US')} of ${h.flowsTotal.toLocaleString('en-US')} flows routed, bytes scaled up` : '') +
      '\n';
  }
  for (const p of r.phases) {
    const u = p.routing.ugal;
    if (u) extra += `${p.name}: UGAL sent ${fmtNum(u.valiantFraction * 100, 1)}% of the bytes Valiant (bias ${u.bias === null ? '∞' : u.bias}; all-minimal busiest link ${fmtSeconds(u.minimalSeconds)}, all-Valiant ${fmtSeconds(u.valiantSeconds)})\n`;
    const f = p.flow;
    if (!f) continue;
    extra +=
      `${p.name}: flow model makespan ${fmtSeconds(f.makespanSeconds)} (bound ${fmtSeconds(f.boundSeconds)}); per-NIC completion p50 ${fmtSeconds(f.nicCompletion.p50)}, ` +
      `p99 ${fmtSeconds(f.nicCompletion.p99)}, max ${fmtSeconds(f.nicCompletion.max)}; ${f.flows.toLocaleString('en-US')} flows in ${f.classes.toLocaleString('en-US')} classes, ${f.events} events\n` +
      f.bottlenecks.slice(0, 3).map((b) => `  ${fmtSeconds(b.fromSeconds)}–${fmtSeconds(b.toSeconds)}: ${b.links.slice(0, 3).join(', ') || '–'}\n`).join('');
  }
  if (r.flow) extra += `flow model total: ${fmtSeconds(r.flow.makespanSeconds)} (sum of bounds ${fmtSeconds(r.flow.boundSeconds)})\n`;
  if (r.demand.unreachableBytes > 0) extra += `unreachable: ${fmtBytes(r.demand.unreachableBytes)} in ${r.demand.unreachablePairs.toLocaleString('en-US')} GPU-to-GPU transfers\n`;
  if (r.demand.failoverBytes > 0) extra += `re-routed over another NIC/plane: ${fmtBytes(r.demand.failoverBytes)}\n`;
  return `${head}\n${table}\n\n${hot}\n${extra}`;
}
