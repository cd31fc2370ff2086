/** Terminal rendering of a failure report. */
import type { FailureReport, TrialMetrics } from '../topology/failures.js';
import { fmtSeconds } from './traffic.js';
import { fmtNum, renderTable, type Cell } from './table.js';

const LABELS: Record<keyof TrialMetrics, [string, (v: number) => string]> = {
  fabricDisconnectedPairs: ['endpoint pairs with no fabric path', (v) => fmtNum(v, 0)],
  nvlinkReachablePairs: ['  of which reachable via NVLink forwarding', (v) => fmtNum(v, 0)],
  unreachablePairs: ['  of which unreachable', (v) => fmtNum(v, 0)],
  bisectionGbps: ['bisection (Tb/s)', (v) => fmtNum(v / 1e3, 2)],
  uniformSeconds: ['uniform all-to-all time', fmtSeconds],
  uniformUnreachableBytes: ['uniform: unreachable bytes', (v) => fmtNum(v, 0)],
  workloadSeconds: ['workload time', fmtSeconds],
  workloadUnreachableBytes: ['workload: unreachable bytes', (v) => fmtNum(v, 0)],
};

export function renderFailures(r: FailureReport): string {
  const s = r.scenario;
  const what = [
    s.links ? `${s.links.count ?? `${s.links.percent}%`} links` : '',
    s.switches ? `${s.switches.count ?? `${s.switches.percent}%`} switches` : '',
    s.tier ? `tier ${s.tier}` : '',
    s.plane !== undefined ? `plane ${s.plane}` : '',
    s.remove?.length ? `remove ${s.remove.join(',')}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const rows: Cell[][] = (Object.keys(r.summary) as Array<keyof TrialMetrics>).map((k) => {
    const [label, f] = LABELS[k];
    const x = r.summary[k];
    return [label, f(x.healthy), f(x.mean), f(x.p5), f(x.p95), x.change === null ? '–' : `${x.change >= 0 ? '+' : ''}${fmtNum(x.change * 100, 2)}%`];
  });
  const head = `${r.topology}: ${what}; ${r.trials} trial(s), seed ${r.seed}${r.failover ? '' : ', no NVLink failover'}`;
  return `${head}\n${renderTable(['metric', 'healthy', 'mean', 'p5', 'p95', 'change'], rows)}\n${r.notes.map((n) => `note: ${n}\n`).join('')}`;
}
