/** Terminal rendering of a failure report: the summary against the healthy fabric, then every trial. */
import type { FailureReport, TrialMetrics } from '../analysis/failures.js';
import { count, fmtBytes, fmtNum, fmtSeconds, fmtTbps } from '../format.js';
import { renderTable, type Cell } from './table.js';

const LABELS: Record<keyof TrialMetrics, [string, (v: number) => string]> = {
  fabricDisconnectedPairs: ['endpoint pairs with no fabric path', (v) => fmtNum(v, 0)],
  nvlinkReachablePairs: ['  of which reachable via NVLink forwarding', (v) => fmtNum(v, 0)],
  unreachablePairs: ['  of which unreachable', (v) => fmtNum(v, 0)],
  bisectionGbps: ['bisection', (v) => fmtTbps(v, 2)],
  uniformSeconds: ['uniform all-to-all time', fmtSeconds],
  uniformUnreachableBytes: ['uniform: unreachable bytes', fmtBytes],
  workloadSeconds: ['workload time', fmtSeconds],
  workloadUnreachableBytes: ['workload: unreachable bytes', fmtBytes],
};

const TIER_NAMES: Record<number, string> = { 1: 'leaf', 2: 'spine', 3: 'core' };
/** Per-trial rows shown in the terminal; --json has them all. */
const MAX_TRIAL_ROWS = 20;

export function renderFailures(r: FailureReport): string {
  const s = r.scenario;
  const tier = s.tier ? ` ${TIER_NAMES[s.tier]}` : '';
  const what = [
    s.links ? (s.links.count !== undefined ? count(s.links.count, `${tier.trim()} link`.trim()) : `${s.links.percent}% of${tier} links`) : '',
    s.switches ? (s.switches.count !== undefined ? count(s.switches.count, `${tier.trim()} switch`.trim(), `${tier.trim()} switches`.trim()) : `${s.switches.percent}% of${tier} switches`) : '',
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
  const head = `${r.topology}: ${what} down; ${count(r.trials, 'trial')}, seed ${r.seed}, ${r.routing} routing${r.failover ? '' : ', no NVLink failover'}`;
  let out = `${head}\n${renderTable(['metric', 'healthy', 'mean', 'p5', 'p95', 'change'], rows)}\n`;
  if (r.trials > 1) {
    const withWorkload = r.healthy.workloadSeconds !== undefined;
    const trialRows: Cell[][] = r.perTrial.slice(0, MAX_TRIAL_ROWS).map((t, i) => [
      i + 1,
      t.seed,
      t.removedLinks,
      t.removedSwitches.length,
      fmtNum(t.metrics.fabricDisconnectedPairs, 0),
      fmtNum(t.metrics.unreachablePairs, 0),
      fmtTbps(t.metrics.bisectionGbps, 2),
      fmtSeconds(t.metrics.uniformSeconds),
      ...(withWorkload ? [fmtSeconds(t.metrics.workloadSeconds!)] : []),
    ]);
    const cols = ['trial', 'seed', 'links down', 'switches down', 'no fabric path', 'unreachable', 'bisection', 'uniform time', ...(withWorkload ? ['workload time'] : [])];
    out += `\n${renderTable(cols, trialRows)}\n`;
    if (r.trials > MAX_TRIAL_ROWS) out += `(first ${MAX_TRIAL_ROWS} of ${r.trials} trials; --json lists all)\n`;
  }
  return out + r.notes.map((n) => `note: ${n}\n`).join('');
}
