/** Terminal and Markdown rendering of a plan. */
import type { PlanResult, RankedEvaluation } from '../plan/plan.js';
import { usd } from '../plan/rank.js';
import { fmtSeconds } from './traffic.js';
import { fmtNum, renderTable, type Cell } from './table.js';

const tiers = (e: RankedEvaluation) => Object.values(e.switchesByTier).join('/');
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${x >= 0 ? '+' : ''}${fmtNum(x * 100, 1)}%`);

function rows(p: PlanResult): { header: Cell[]; body: Cell[][] } {
  const pair = p.candidates.some((e) => e.adaptive);
  const ranked = p.request.routing === 'ecmp-hash' ? 'ECMP' : 'adaptive';
  const timeCols: Cell[] = pair ? [`adaptive${ranked === 'adaptive' ? ' (ranked)' : ''}`, `ECMP hash${ranked === 'ECMP' ? ' (ranked)' : ''}`, 'job covers'] : [p.candidates[0]?.timeLabel ?? 'time'];
  const header = ['rank $', 'rank t', 'design', 'switches (by tier)', 'links', 'optics', '$ / GPU', 'total', 'kW', 'TCO / GPU', 'bisection', 'hops', 'latency', ...timeCols, 'one down', 'headroom', 'Pareto'];
  const times = (e: RankedEvaluation): Cell[] =>
    pair
      ? [
          e.adaptive ? `${fmtSeconds(e.adaptive.timeSeconds)} ${e.adaptive.routing}` : '–',
          e.ecmpSeconds === undefined ? '–' : fmtSeconds(e.ecmpSeconds),
          e.placement ? `${e.placement.copies}× ${e.placement.jobHosts} hosts, ${fmtNum(e.placement.coverage * 100, 1)}%` : 'all',
        ]
      : [fmtSeconds(e.timeSeconds)];
  const body = p.candidates.map((e) => [
    e.rankCost,
    e.rankTime,
    e.design,
    `${e.switches} (${tiers(e)})`,
    e.links,
    e.optics,
    e.costPerGpuUSD === null ? '–' : usd(e.costPerGpuUSD),
    e.costUSD === null ? '–' : usd(e.costUSD),
    e.powerKW === null ? '–' : fmtNum(e.powerKW, 1),
    e.tcoPerGpuUSD === null ? '–' : usd(e.tcoPerGpuUSD),
    e.bisectionFraction === null ? '–' : `${fmtNum(e.bisectionFraction * 100, 0)}%`,
    e.diameterHops,
    e.latencyUs === null ? '–' : `${fmtNum(e.latencyUs, 2)} µs`,
    ...times(e),
    e.failure ? pct(e.failure.increase) : '–',
    e.headroom,
    e.pareto ? '*' : '',
  ]);
  return { header, body };
}

export function renderPlan(p: PlanResult): string {
  const r = p.request;
  const head = `plan for ${r.gpus.toLocaleString('en-US')} GPUs (${r.gpusPerHost} per host, ${r.nicGbps} Gb/s NICs, radix ${r.radix}), price book ${r.pricebook}${r.workload ? `, workload ${r.workload}` : ''}${r.budgetUSD !== null ? `, budget ${usd(r.budgetUSD)}` : ''}, ranked time: ${r.routing}`;
  const { header, body } = rows(p);
  const excluded = p.excluded.length ? '\nexcluded:\n' + p.excluded.map((x) => `  ${x.design}: ${x.reason}`).join('\n') : '';
  const failures = p.candidates.filter((e) => e.failure).map((e) => `  ${e.design}: ${e.failure!.scenario}`).join('\n');
  const bound = p.candidates[0]?.timeLabel.endsWith('(bound)')
    ? '\ntimes are lower bounds from the NICs and the bisection cut (no routing); --routed routes uniform all-to-all with ECMP,\nwhich shows what minimal routing costs Dragonfly and Slim Fly'
    : '';
  const floor = p.candidates.find((e) => e.floor)?.floor;
  const costNote = `\n$ / GPU and total are capex; kW is network power at the wall (switches, transceivers, NICs, with PUE); TCO = capex + that energy over the book's service life${floor ? `\ncable layout: ${floor}` : ''}`;
  const pairNote = p.candidates.some((e) => e.adaptive)
    ? '\nadaptive = adaptive routing / packet spraying (fluid); on Dragonfly and Slim Fly the best of minimal, Valiant and UGAL, named;\nECMP hash = per-flow hashing (seeded, mean of trials); a job smaller than the fabric runs as data-parallel copies ("job covers")'
    : '';
  return `${head}\n${renderTable(header, body)}\n* = on the Pareto front of cost per GPU and time${costNote}${bound}${pairNote}\n"one down":\n${failures}\n${excluded}\n\n${p.recommendation}\n`;
}

export function renderPlanMarkdown(p: PlanResult): string {
  const { header, body } = rows(p);
  const esc = (c: Cell) => String(c ?? '–').replace(/\|/g, '\\|');
  const table = [`| ${header.map(esc).join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.map((c) => esc(typeof c === 'number' ? fmtNum(c) : c)).join(' | ')} |`)].join('\n');
  const excluded = p.excluded.map((x) => `- **${x.design}**: ${x.reason}`).join('\n');
  const floor = p.candidates.find((e) => e.floor)?.floor;
  return `# Plan: ${p.request.gpus.toLocaleString('en-US')} GPUs\n\n${table}\n\n$ / GPU and total are capex; kW is network power at the wall; TCO = capex + network energy over the book's service life.${floor ? ` Cable layout: ${floor}.` : ''}\n\n${p.recommendation}\n\n## Excluded\n\n${excluded || 'none'}\n`;
}
