/** Terminal rendering of an Analysis. */
import type { Analysis } from '../analysis/analyze.js';
import type { Bisection } from '../topology/bisection.js';
import type { PairClass } from '../topology/diversity.js';
import { fmtNum, renderTable, type Cell } from './table.js';

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
    rows.push(['diameter (hops)', a.paths.diameterHops]);
    rows.push([`mean endpoint hops${a.paths.exact ? '' : ' (sampled)'}`, fmtNum(a.paths.meanEndpointHops, 4)]);
    if (a.paths.unreachablePairs > 0) rows.push(['pairs with no fabric path', a.paths.unreachablePairs]);
  }
  rows.push(...bisectionRows(a));
  rows.push(...costRows(a));
  const head = `${a.name}  [${a.family}${a.buildable ? '' : ', formula only'}]`;
  const notes = a.notes.map((n) => `note: ${n}`).join('\n');
  return [head, renderTable(['metric', 'value'], rows), bomTable(a), classTable(a), notes].filter(Boolean).join('\n') + '\n';
}

/** Bisection rows (docs/bisection.md), when the analysis has them. */
function bisectionRows(a: Analysis): Cell[][] {
  const b = a.bisection as (Bisection & { effective?: { fraction: number } }) | undefined;
  if (!b) return [];
  const tb = (g: number | null) => (g === null ? '–' : fmtNum(g / 1e3, 1));
  return [
    ['bisection, closed form (Tb/s)', tb(b.theoreticalGbps)],
    [`bisection, max-flow on ${b.cut.halves} (Tb/s)`, tb(b.cutGbps)],
    [`bisection, min of ${b.randomTrials} random halves (Tb/s, upper bound)`, tb(b.randomMinGbps)],
    ['bisection per endpoint (of NIC rate)', `${fmtNum(b.perEndpointFraction * 100, 1)}%`],
    ...(b.effective ? [['effective bisection: uniform all-to-all saturation (of NIC rate)', `${fmtNum(b.effective.fraction * 100, 1)}%`] as Cell[]] : []),
  ];
}

/** Path diversity by pair class. */
function classTable(a: Analysis): string {
  const classes = (a.paths as { classes?: PairClass[] } | undefined)?.classes;
  if (!classes) return '';
  const range = (s: { min: number; max: number; mean: number } | null) => (s === null ? '–' : s.min === s.max ? fmtNum(s.min) : `${fmtNum(s.min)}–${fmtNum(s.max)} (mean ${fmtNum(s.mean, 2)})`);
  return renderTable(
    ['pair class', 'hops', 'shortest paths', 'edge-disjoint paths', 'pairs', ''],
    classes.map((c) => [c.class, range(c.hops), range(c.shortestPaths), range(c.edgeDisjoint), c.pairs, c.exact ? 'exact' : 'sampled']),
  );
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
      ['cable length (km)', fmtNum(bom.cableLengthM.total / 1e3, 1)],
    );
  if (bom?.space) rows.push(['switch rack units', bom.space.rackUnits]);
  if (bom?.power) rows.push(['network power, IT (kW)', fmtNum(bom.power.watts / 1e3, 2)]);
  if (cost) {
    rows.push([`cost (M$, ${cost.pricebook})`, fmtNum(cost.totalUSD / 1e6, 2)], ['cost per endpoint (k$)', fmtNum(cost.perEndpointUSD / 1e3, 2)]);
    for (const [k, v] of Object.entries(cost.breakdown)) rows.push([`  ${k} (M$)`, fmtNum(v / 1e6, 2)]);
    if (cost.tco && cost.powerKW !== undefined && cost.tcoUSD !== undefined) {
      rows.push([`network power at the wall (kW, PUE ${cost.tco.pue})`, fmtNum(cost.powerKW, 2)]);
      rows.push([`TCO (M$, capex + ${cost.tco.serviceLifeYears} y energy at $${cost.tco.usdPerKWh}/kWh)`, fmtNum(cost.tcoUSD / 1e6, 2)]);
      rows.push(['TCO per endpoint (k$)', fmtNum(cost.tcoPerEndpointUSD! / 1e3, 2)]);
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
  return `bill of materials (${bom.floor?.label ?? 'layout'})\n` + renderTable(['item', 'count', 'W each', 'W', 'RU'], body);
}
