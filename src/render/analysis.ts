/** Terminal rendering of an Analysis. */
import type { Analysis } from '../analysis/analyze.js';
import type { Bisection } from '../topology/bisection.js';
import type { PairClass } from '../topology/diversity.js';
import { count, fmtNum, fmtPct, fmtTbps, fmtUsd, wrapText } from '../format.js';
import { renderTable, tableWidth, type Cell } from './table.js';

export function renderAnalysis(a: Analysis): string {
  const c = a.counts as Analysis['counts'] & Record<string, any>;
  const rows: Cell[][] = [
    ['endpoints (GPUs)', c.endpoints],
    ['hosts', c.hosts],
    ['switches', c.switches],
    ...Object.entries(c.switchesByTier).map(([t, n]) => [`  ${t}`, n] as Cell[]),
    ['links (switch-switch)', c.links],
    ['endpoint links', c.endpointLinks],
  ];
  if (c.portsUsed !== undefined) rows.push(['ports used', c.portsUsed], ['ports free', c.portsFree]);
  if (a.paths) {
    rows.push(['diameter', count(a.paths.diameterHops, 'hop')]);
    rows.push([`mean endpoint hops${a.paths.exact ? '' : ' (sampled)'}`, `${fmtNum(a.paths.meanEndpointHops, 4)} hops`]);
    const p = a.paths as typeof a.paths & { nvlinkOnlyPairs?: number; noPathPairs?: number };
    if (p.nvlinkOnlyPairs) rows.push([`endpoint pairs served through NVLink (other plane or rail)${p.exact ? '' : ', sampled'}`, p.nvlinkOnlyPairs]);
    if (p.noPathPairs) rows.push(['endpoint pairs with no path (fabric or NVLink)', p.noPathPairs]);
    else if (p.nvlinkOnlyPairs === undefined && p.unreachablePairs > 0) rows.push(['endpoint pairs with no fabric path', p.unreachablePairs]);
  }
  rows.push(...bisectionRows(a));
  rows.push(...costRows(a));
  const head = `${a.name}  [${a.family}${a.buildable ? '' : ', formula only'}]`;
  const notes = a.notes.map((n) => wrapText(`note: ${n}`, Math.min(tableWidth(), 1e6), '  ')).join('\n');
  return [head, renderTable(['metric', 'value'], rows), bomTable(a), classTable(a), notes].filter(Boolean).join('\n') + '\n';
}

/** Bisection rows (docs/bisection.md), when the analysis has them. */
function bisectionRows(a: Analysis): Cell[][] {
  const b = a.bisection as (Bisection & { effective?: { fraction: number } }) | undefined;
  if (!b) return [];
  const tb = (g: number | null) => (g === null ? '–' : fmtTbps(g, 1));
  return [
    ['bisection, closed form', tb(b.theoreticalGbps)],
    [`bisection, max-flow on ${b.cut.halves}`, tb(b.cutGbps)],
    [`bisection, min of ${count(b.randomTrials, 'random half', 'random halves')} (upper bound)`, tb(b.randomMinGbps)],
    ['bisection per endpoint (of NIC rate)', fmtPct(b.perEndpointFraction)],
    ...(b.effective ? [['effective bisection: uniform all-to-all saturation (of NIC rate)', fmtPct(b.effective.fraction)] as Cell[]] : []),
  ];
}

/** Path diversity by pair class. */
function classTable(a: Analysis): string {
  const classes = (a.paths as { classes?: PairClass[] } | undefined)?.classes;
  if (!classes) return '';
  const word = classes.some((c) => c.class.includes('router')) ? 'router' : 'leaf';
  const range = (s: { min: number; max: number; mean: number } | null) => (s === null ? '–' : s.min === s.max ? fmtNum(s.min) : `${fmtNum(s.min)}–${fmtNum(s.max)} (mean ${fmtNum(s.mean, 2)})`);
  return renderTable(
    ['pair class', 'hops', 'shortest paths', 'edge-disjoint paths', `${word} pairs measured`, 'figures'],
    classes.map((c) => [c.class === 'cross plane' ? 'cross plane (NVLink)' : c.class, range(c.hops), range(c.shortestPaths), range(c.edgeDisjoint), c.pairs, c.exact ? 'exact' : 'sampled']),
  ) +
    `\n${word} pairs measured: ordered ${word} pairs behind the figures (all when exact); hops include the endpoint links` +
    (classes.some((c) => c.class === 'cross plane') ? '\ncross plane: planes share no switch; these pairs go through NVLink to a NIC of the destination plane' : '');
}

type BomView = {
  cables: { electric: { count: number }; optical: { count: number } };
  transceivers: { count: number };
  cableLengthM: { total: number };
  racks: number;
  floor?: { label: string; hostRacks: number; switchRacks: number };
  items?: Array<{ item: string; count: number; wattsEach: number; watts: number; rackUnits: number }>;
  power?: { watts: number };
  space?: { rackUnits: number };
};
type CostView = { totalUSD: number; perEndpointUSD: number; breakdown: Record<string, number>; pricebook: string; powerKW?: number; tcoUSD?: number; tcoPerEndpointUSD?: number; tco?: { pue: number; serviceLifeYears: number; usdPerKWh: number } };

/** Bill of materials and cost rows (docs/cost-model.md), when the analysis has them. */
function costRows(a: Analysis): Cell[][] {
  const bom = a.bom as BomView | undefined;
  const cost = a.cost as CostView | undefined;
  const rows: Cell[][] = [];
  if (bom)
    rows.push(
      [bom.floor ? `racks (${fmtNum(bom.floor.hostRacks)} host + ${fmtNum(bom.floor.switchRacks)} switch)` : 'racks', bom.racks],
      ['electric cables', bom.cables.electric.count],
      ['optical cables', bom.cables.optical.count],
      ['transceivers', bom.transceivers.count],
      ['cable length', `${fmtNum(bom.cableLengthM.total / 1e3, 1)} km`],
    );
  if (bom?.space) rows.push(['switch rack units', bom.space.rackUnits]);
  if (bom?.power) rows.push(['network power, IT (kW)', fmtNum(bom.power.watts / 1e3, 2)]);
  if (cost) {
    // per endpoint = total ÷ endpoints built; here every endpoint is a GPU, so it is also the cost per GPU
    rows.push([`cost (price book ${cost.pricebook})`, fmtUsd(cost.totalUSD)], ['cost per endpoint (= per GPU built)', fmtUsd(cost.perEndpointUSD)]);
    for (const [k, v] of Object.entries(cost.breakdown)) rows.push([`  ${k}`, fmtUsd(v)]);
    if (cost.tco && cost.powerKW !== undefined && cost.tcoUSD !== undefined) {
      rows.push([`network power at the wall (PUE ${cost.tco.pue})`, `${fmtNum(cost.powerKW, 2)} kW`]);
      rows.push([`TCO (capex + ${count(cost.tco.serviceLifeYears, 'year')} of energy at $${cost.tco.usdPerKWh}/kWh)`, fmtUsd(cost.tcoUSD)]);
      rows.push(['TCO per endpoint', fmtUsd(cost.tcoPerEndpointUSD!)]);
    }
  }
  return rows;
}

/** The bill itself: one row per item with watts and rack units, and the total. */
function bomTable(a: Analysis): string {
  const bom = a.bom as BomView | undefined;
  if (!bom?.items || !bom.power || !bom.space) return '';
  const body: Cell[][] = bom.items.map((i) => [i.item, i.count, fmtNum(i.wattsEach, 1), fmtNum(i.watts, 0), i.rackUnits]);
  body.push(['total', '', '', fmtNum(bom.power.watts, 0), bom.space.rackUnits]);
  return wrapText(`bill of materials (${bom.floor?.label ?? 'layout'})`, Math.min(tableWidth(), 1e6), '  ') + '\n' + renderTable(['item', 'count', 'W each', 'W', 'RU'], body);
}
