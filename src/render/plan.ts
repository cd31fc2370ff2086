/**
 * Terminal and Markdown rendering of a plan. The terminal splits the columns into a ranking table and a
 * build table so each fits 120 columns; `--wide` (or Markdown) puts every column in one table.
 * Derived columns get a one-line legend each (docs/schema.md glossary).
 */
import type { PlanResult, RankedEvaluation } from '../plan/plan.js';
import { count, fmtNum, fmtPct, fmtSeconds, fmtUsd, wrapText } from '../format.js';
import { renderTable, tableWidth, type Cell } from './table.js';
import { escapeHtml } from './report/encode.js';
import { scatter } from './report/charts.js';

const tiers = (e: RankedEvaluation) => Object.values(e.switchesByTier).map((n) => fmtNum(n)).join('/');

interface Column {
  head: string;
  cell: (e: RankedEvaluation) => Cell;
  /** which split table the column belongs to when the screen is narrow */
  part: 'rank' | 'build';
}

/** Cost per endpoint built: total ÷ endpoints the design builds (more than the GPUs asked for in Slim Fly / Dragonfly). */
export const costPerEndpoint = (e: RankedEvaluation) => (e.costUSD === null || e.endpointLinks === 0 ? null : e.costUSD / e.endpointLinks);

function columns(p: PlanResult): Column[] {
  const differ = p.candidates.some((e) => e.endpointLinks !== p.request.gpus);
  const pair = p.candidates.some((e) => e.adaptive);
  return [
    { head: 'by cost', part: 'rank', cell: (e) => e.rankCost },
    { head: 'by time', part: 'rank', cell: (e) => e.rankTime },
    { head: 'design', part: 'rank', cell: (e) => e.design },
    { head: 'cost per GPU', part: 'rank', cell: (e) => (e.costPerGpuUSD === null ? '–' : fmtUsd(e.costPerGpuUSD)) },
    { head: 'total cost', part: 'rank', cell: (e) => (e.costUSD === null ? '–' : fmtUsd(e.costUSD)) },
    { head: 'time', part: 'rank', cell: (e) => fmtSeconds(e.timeSeconds) },
    ...(pair
      ? [
          { head: 'adaptive', part: 'build' as const, cell: (e: RankedEvaluation) => (e.adaptive ? `${fmtSeconds(e.adaptive.timeSeconds)} ${e.adaptive.routing}` : '–') },
          { head: 'ECMP hash', part: 'build' as const, cell: (e: RankedEvaluation) => (e.ecmpSeconds === undefined ? '–' : fmtSeconds(e.ecmpSeconds)) },
          { head: 'job covers', part: 'build' as const, cell: (e: RankedEvaluation) => (e.placement ? `${e.placement.copies}× ${e.placement.jobHosts} hosts, ${fmtNum(e.placement.coverage * 100, 1)}%` : 'all') },
        ]
      : []),
    { head: '1 switch down', part: 'rank', cell: (e) => (e.failure ? fmtPct(e.failure.increase, 1, true) : '–') },
    { head: 'bisection', part: 'rank', cell: (e) => (e.bisectionFraction === null ? '–' : fmtPct(e.bisectionFraction, 0)) },
    { head: 'headroom', part: 'rank', cell: (e) => `${fmtNum(e.headroom)} GPUs` },
    { head: 'Pareto', part: 'rank', cell: (e) => (e.pareto ? '*' : '') },
    { head: 'design', part: 'build', cell: (e) => e.design },
    { head: 'switches (by tier)', part: 'build', cell: (e) => `${fmtNum(e.switches)} (${tiers(e)})` },
    { head: 'links', part: 'build', cell: (e) => e.links },
    { head: 'optics', part: 'build', cell: (e) => e.optics },
    { head: 'endpoints built', part: 'build', cell: (e) => e.endpointLinks },
    ...(differ ? [{ head: 'cost per endpoint built', part: 'build' as const, cell: (e: RankedEvaluation) => (costPerEndpoint(e) === null ? '–' : fmtUsd(costPerEndpoint(e)!)) }] : []),
    { head: 'hops', part: 'build', cell: (e) => e.diameterHops },
    { head: 'latency', part: 'build', cell: (e) => (e.latencyUs === null ? '–' : `${fmtNum(e.latencyUs, 2)} µs`) },
    { head: 'network power', part: 'build', cell: (e) => (e.powerKW === null ? '–' : `${fmtNum(e.powerKW, 1)} kW`) },
    { head: 'TCO per GPU', part: 'build', cell: (e) => (e.tcoPerGpuUSD === null ? '–' : fmtUsd(e.tcoPerGpuUSD)) },
  ];
}

function table(p: PlanResult, cols: Column[]): { header: Cell[]; body: Cell[][] } {
  return { header: cols.map((c) => c.head), body: p.candidates.map((e) => cols.map((c) => c.cell(e))) };
}

/** One line per derived column, in the order of the table. */
export function planLegend(p: PlanResult): string[] {
  const r = p.request;
  const differ = p.candidates.some((e) => e.endpointLinks !== r.gpus);
  const timeLabel = p.candidates[0]?.timeLabel ?? '';
  return [
    timeLabel.endsWith('(bound)')
      ? 'time: uniform all-to-all (1 MiB per GPU pair), lower bound from the NICs and the bisection cut, no routing'
      : `time: ${timeLabel} communication time (sum of its phases' lower bounds)`,
    `cost per GPU = total cost ÷ ${count(r.gpus, 'GPU')} requested${differ ? '; cost per endpoint built = total ÷ endpoints the design builds' : ''}`,
    `by cost, by time: the design's rank by cost per GPU and by time (1 = best; ties share a rank)`,
    `1 switch down: time increase with one spine (a router in Dragonfly / Slim Fly) down; which one is listed below`,
    `headroom: GPUs beyond the request this family could reach at radix ${r.radix} (room to grow, not free ports)`,
    `Pareto *: no other design is both cheaper per GPU and faster`,
    ...(p.candidates.some((e) => e.adaptive)
      ? [
          `time is ranked under ${r.routing} routing; adaptive = adaptive routing / packet spraying (fluid), on Dragonfly and Slim Fly the best of minimal, Valiant and UGAL, named; ECMP hash = per-flow hashing (seeded, mean of trials); a job smaller than the fabric runs as data-parallel copies ("job covers")`,
        ]
      : []),
    `costs are capex; network power is at the wall (switches, transceivers, NICs, with PUE); TCO = capex + that energy over the book's service life`,
    ...(p.candidates.find((e) => e.floor) ? [`cable layout: ${p.candidates.find((e) => e.floor)!.floor}`] : []),
  ];
}

export function renderPlan(p: PlanResult): string {
  const r = p.request;
  const width = tableWidth();
  const head = wrapText(
    `plan for ${count(r.gpus, 'GPU')} (${r.gpusPerHost} per host, ${r.nicGbps} Gb/s NICs, radix ${r.radix}), price book ${r.pricebook}${r.workload ? `, workload ${r.workload}` : ''}${r.budgetUSD !== null ? `, budget ${fmtUsd(r.budgetUSD)}` : ''}, ranked time: ${r.routing}`,
    Math.min(width, 120),
  );
  const cols = columns(p);
  let tables: string;
  if (p.candidates.length === 0) tables = '(no design within the request)';
  else if (width === Infinity) {
    const seen = new Set<string>();
    const one = table(p, cols.filter((c) => !seen.has(c.head) && seen.add(c.head)));
    tables = renderTable(one.header, one.body);
  } else {
    const rank = table(p, cols.filter((c) => c.part === 'rank'));
    const build = table(p, cols.filter((c) => c.part === 'build'));
    tables = `${renderTable(rank.header, rank.body)}\n\n${renderTable(build.header, build.body)}`;
  }
  const legend = p.candidates.length ? planLegend(p).map((l) => wrapText(l, Math.min(width, 1e6), '  ')).join('\n') : '';
  const excluded = p.excluded.length ? 'excluded:\n' + p.excluded.map((x) => wrapText(`  ${x.design}: ${x.reason}`, 118, '    ')).join('\n') : '';
  const failures = p.candidates.filter((e) => e.failure).map((e) => `  ${e.design}: ${e.failure!.scenario}${e.failure!.routing ? `, routed ${e.failure!.routing}` : ''}`).join('\n');
  const bound = p.candidates[0]?.timeLabel.endsWith('(bound)')
    ? '\n--routed routes uniform all-to-all with ECMP instead, which shows what minimal routing costs Dragonfly and Slim Fly'
    : '';
  const oneDown = failures ? `\n1 switch down:\n${failures}` : '';
  const advice = budgetLines(p);
  return [`${head}\n${tables}`, legend + bound + oneDown, excluded.trim(), advice.trim(), advice ? '' : wrapText(p.recommendation, 120)].filter(Boolean).join('\n\n') + '\n';
}

/** With nothing within budget: what the budget would buy instead. */
function budgetLines(p: PlanResult): string {
  const b = p.budget;
  if (!b || p.request.budgetUSD === null) return '';
  const budget = fmtUsd(p.request.budgetUSD);
  const lines = [`\nnothing fits the ${budget} budget. It would buy:`];
  if (b.largest) lines.push(`  ${b.largest.design} for ${count(b.largest.gpus, 'GPU')} (${fmtUsd(b.largest.costUSD)}), the most GPUs of the design cheapest per GPU`);
  if (b.oversubscribed) lines.push(`  ${b.oversubscribed.design} for the ${count(p.request.gpus, 'GPU')} requested (${fmtUsd(b.oversubscribed.costUSD)}); --max-oversubscription ${b.oversubscribed.oversubscription}`);
  if (!b.largest && !b.oversubscribed) lines.push(`  no design this tool sizes, at radix ${p.request.radix}, even one host's worth`);
  return lines.join('\n');
}

export function renderPlanMarkdown(p: PlanResult): string {
  const seen = new Set<string>();
  const { header, body } = table(p, columns(p).filter((c) => !seen.has(c.head) && seen.add(c.head)));
  const esc = (c: Cell) => String(c ?? '–').replace(/\|/g, '\\|');
  const rows = [`| ${header.map(esc).join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.map((c) => esc(typeof c === 'number' ? fmtNum(c) : c)).join(' | ')} |`)];
  const legend = p.candidates.length ? '\n\n' + planLegend(p).map((l) => `- ${l}`).join('\n') : '';
  const excluded = p.excluded.map((x) => `- **${x.design}**: ${x.reason}`).join('\n');
  const budget = budgetLines(p).trim();
  return `# Plan: ${count(p.request.gpus, 'GPU')}\n\n${p.candidates.length ? rows.join('\n') : '(no design within the request)'}${legend}\n\n${p.recommendation}\n\n## Excluded\n\n${excluded || 'none'}\n${budget ? `\n${budget}\n` : ''}`;
}

/**
 * `plan --html`: the first section of the page. Every column of the terminal plan in one table, the
 * legend, what failed for "1 switch down", the exclusions, and the Pareto chart of cost per GPU vs time.
 */
export function renderPlanHtml(p: PlanResult): string {
  const seen = new Set<string>();
  const { header, body } = table(p, columns(p).filter((c) => !seen.has(c.head) && seen.add(c.head)));
  const cell = (c: Cell) => escapeHtml(c === null || c === undefined ? '–' : typeof c === 'number' ? fmtNum(c) : c);
  const rows = body.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`).join('');
  const tableHtml = `<div class="scroll"><table id="plan-table"><thead><tr>${header.map((h) => `<th>${cell(h)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></div>`;
  const legend = p.candidates.length ? `<ul class="note">${planLegend(p).map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` : '';
  const failures = p.candidates.filter((e) => e.failure).map((e) => `<li>${escapeHtml(`${e.design}: ${e.failure!.scenario}${e.failure!.routing ? `, routed ${e.failure!.routing}` : ''}`)}</li>`).join('');
  const excluded = p.excluded.map((x) => `<li><strong>${escapeHtml(x.design)}</strong>: ${escapeHtml(x.reason)}</li>`).join('');
  const priced = p.candidates.filter((e) => e.costPerGpuUSD !== null);
  const chart = priced.length
    ? scatter(
        `cost per GPU vs ${p.candidates[0].timeLabel} time (filled: Pareto front)`,
        priced.map((e) => ({ label: e.design, x: e.costPerGpuUSD!, y: e.timeSeconds, front: e.pareto })),
        { x: 'cost per GPU', y: 'time', fmtX: fmtUsd, fmtY: fmtSeconds },
      )
    : '';
  const r = p.request;
  const meta = `${count(r.gpus, 'GPU')}, ${r.gpusPerHost} per host, ${r.nicGbps} Gb/s NICs, radix ${r.radix}, price book ${r.pricebook}${r.workload ? `, workload ${r.workload}` : ''}${r.budgetUSD !== null ? `, budget ${fmtUsd(r.budgetUSD)}` : ''}`;
  return [
    `<section class="block" id="plan"><h2>Plan</h2><p class="meta">${escapeHtml(meta)}</p>`,
    `<p><strong>${escapeHtml(p.recommendation)}</strong></p>`,
    tableHtml,
    legend,
    failures ? `<h3>1 switch down</h3><ul class="note">${failures}</ul>` : '',
    excluded ? `<h3>Excluded</h3><ul class="note">${excluded}</ul>` : '',
    `<div class="charts">${chart}</div>`,
    '</section>',
  ].join('');
}
