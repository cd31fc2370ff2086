/**
 * Side-by-side comparison of topologies: rows are metrics over `Analysis` objects, columns are
 * topologies. Rows are data (`CompareRow`), so other modules add their own (e.g. a workload's
 * communication time) through `extraRows` and fill the analysis sections those rows read through
 * `sections`. Columns that are DeepSeek-V3 Table 3 presets carry the paper's figures, and their rows
 * show the paper's value and our relative difference.
 */
import { analyze, type AnalyzeOptions, type Analysis } from './analyze.js';
import { isPaperBook, loadPricebook, type Pricebook } from '../topology/pricebook.js';
import type { TopoSpec } from '../topology/spec.js';
import { getFamily } from '../topology/registry.js';
import type { TrafficOptions, WorkloadRef } from '../traffic/run.js';
import { trafficRows, trafficSection } from './compare-rows.js';

/** DeepSeek-V3 Table 3 (Zhao et al., ISCA'25, arXiv:2505.09343), one column per preset. */
export interface PaperColumn {
  column: string;
  endpoints: number;
  switches: number;
  links: number;
  costMUSD: number;
  costPerEndpointKUSD: number;
}

export const TABLE3: Record<string, PaperColumn> = {
  'ft2-64': { column: 'FT2', endpoints: 2048, switches: 96, links: 2048, costMUSD: 9, costPerEndpointKUSD: 4.39 },
  'mpft-64x8': { column: 'MPFT', endpoints: 16384, switches: 768, links: 16384, costMUSD: 72, costPerEndpointKUSD: 4.39 },
  'ft3-64': { column: 'FT3', endpoints: 65536, switches: 5120, links: 131072, costMUSD: 491, costPerEndpointKUSD: 7.5 },
  'sf-table3': { column: 'SF', endpoints: 32928, switches: 1568, links: 32928, costMUSD: 146, costPerEndpointKUSD: 4.4 },
  'df-table3': { column: 'DF', endpoints: 261632, switches: 16352, links: 384272, costMUSD: 1522, costPerEndpointKUSD: 5.8 },
};

/** The Table 3 column a spec reproduces, if it was loaded from one of the paper's presets. */
export function paperColumn(spec: TopoSpec): PaperColumn | undefined {
  const m = /^preset (.+)$/.exec(spec.source);
  return m ? TABLE3[m[1]] : undefined;
}

export type CellValue = number | string | null;

export interface CompareRow {
  key: string;
  label: string;
  /** decimals shown in tables (JSON/CSV keep full precision) */
  digits?: number;
  value(a: Analysis): CellValue | undefined;
  /** the paper's figure for this row, when the column is a Table 3 preset */
  paper?(p: PaperColumn): number;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const cost = (a: Analysis) =>
  a.cost as { totalUSD: number; perEndpointUSD: number; breakdown: Record<string, number>; pricebook: string; powerKW: number; tcoUSD: number; tcoPerEndpointUSD: number } | undefined;
const bom = (a: Analysis) =>
  a.bom as
    | { cables: { electric: { count: number }; optical: { count: number } }; transceivers: { count: number }; cableLengthM: { total: number }; racks: number; floor: { convention: string }; space: { rackUnits: number } }
    | undefined;
const perEp = (a: Analysis, part: string): number | null => {
  const v = num(cost(a)?.breakdown[part]);
  return v === null ? null : v / a.counts.endpoints / 1e3;
};

export const defaultRows: CompareRow[] = [
  { key: 'graph', label: 'graph', value: (a) => (a.buildable ? 'buildable' : 'formula only') },
  { key: 'construction', label: 'construction', value: construction },
  { key: 'endpoints', label: 'endpoints', value: (a) => a.counts.endpoints, paper: (p) => p.endpoints },
  { key: 'switches', label: 'switches', value: (a) => a.counts.switches, paper: (p) => p.switches },
  { key: 'links', label: 'links (switch-switch)', value: (a) => a.counts.links, paper: (p) => p.links },
  { key: 'endpointLinks', label: 'endpoint links', value: (a) => a.counts.endpointLinks },
  { key: 'electricCables', label: 'electric cables', value: (a) => bom(a)?.cables.electric.count ?? null },
  { key: 'opticalCables', label: 'optical cables', value: (a) => bom(a)?.cables.optical.count ?? null },
  { key: 'transceivers', label: 'transceivers', value: (a) => bom(a)?.transceivers.count ?? null },
  { key: 'cableKm', label: 'cable length [km]', digits: 1, value: (a) => (bom(a) ? bom(a)!.cableLengthM.total / 1e3 : null) },
  { key: 'costMUSD', label: 'cost [M$]', digits: 1, value: (a) => (cost(a) ? cost(a)!.totalUSD / 1e6 : null), paper: (p) => p.costMUSD },
  { key: 'costPerEndpointKUSD', label: 'cost / endpoint [k$]', digits: 2, value: (a) => (cost(a) ? cost(a)!.perEndpointUSD / 1e3 : null), paper: (p) => p.costPerEndpointKUSD },
  { key: 'switchesKUSDPerEndpoint', label: '  switches [k$/endpoint]', digits: 2, value: (a) => perEp(a, 'switches') },
  { key: 'cablesKUSDPerEndpoint', label: '  cables [k$/endpoint]', digits: 2, value: (a) => perEp(a, 'cables') },
  { key: 'transceiversKUSDPerEndpoint', label: '  transceivers [k$/endpoint]', digits: 2, value: (a) => perEp(a, 'transceivers') },
  { key: 'nicsKUSDPerEndpoint', label: '  NICs [k$/endpoint]', digits: 2, value: (a) => perEp(a, 'nics') },
  { key: 'powerKW', label: 'network power [kW, with PUE]', digits: 1, value: (a) => cost(a)?.powerKW ?? null },
  { key: 'powerPerEndpointW', label: 'power / endpoint [W]', digits: 1, value: (a) => (cost(a) ? (cost(a)!.powerKW * 1e3) / a.counts.endpoints : null) },
  { key: 'tcoMUSD', label: 'TCO [M$] (capex + energy)', digits: 1, value: (a) => (cost(a) ? cost(a)!.tcoUSD / 1e6 : null) },
  { key: 'tcoPerEndpointKUSD', label: 'TCO / endpoint [k$]', digits: 2, value: (a) => (cost(a) ? cost(a)!.tcoPerEndpointUSD / 1e3 : null) },
  { key: 'racks', label: 'racks (host + switch)', value: (a) => bom(a)?.racks ?? null },
  { key: 'switchRackUnits', label: 'switch rack units', value: (a) => bom(a)?.space.rackUnits ?? null },
  { key: 'layout', label: 'cable layout', value: (a) => (bom(a) ? (bom(a)!.floor.convention === 'paper' ? "paper's convention" : 'floor plan') : null) },
  { key: 'diameterHops', label: 'diameter (hops)', value: (a) => a.paths?.diameterHops ?? null },
];

/** Rows whose paper figure depends on the price book and layout (the rest are counts). */
const PRICED = new Set(['costMUSD', 'costPerEndpointKUSD']);

/** What kind of instance this is, in the family's words (Dragonfly: canonical g = a·h + 1 or not). */
function construction(a: Analysis): CellValue {
  return getFamily(a.family)?.construction?.(a.params) ?? a.family;
}

export interface CompareColumn {
  name: string;
  family: string;
  buildable: boolean;
  paper?: PaperColumn;
}

export interface ComparedRow {
  key: string;
  label: string;
  digits?: number;
  values: CellValue[];
  /** the paper's figure per column (null where the column is not a Table 3 preset) */
  paper?: Array<number | null>;
  /** (ours − paper) / paper per column */
  relDiff?: Array<number | null>;
}

export interface Comparison {
  columns: CompareColumn[];
  rows: ComparedRow[];
  analyses: Analysis[];
  /** the price book, and whether it is the paper's own (only then are the paper's figures shown) */
  pricebook: { name: string; paper: boolean };
  /** what the reader must know about the rows: conventions used, and why paper rows are absent */
  notes: string[];
}

export interface CompareOptions extends AnalyzeOptions {
  /** rows appended after the default ones */
  extraRows?: CompareRow[];
  /** fills extra analysis sections (read by extra rows), once per topology */
  sections?: Array<(spec: TopoSpec, a: Analysis) => void>;
  /** map this workload onto every topology: a `traffic` section and its rows (`compare --workload`) */
  workload?: WorkloadRef;
  /** routing model and seed for `workload` */
  routing?: TrafficOptions['routing'];
  seed?: number;
}

/** Analyses every spec (path statistics skipped unless asked) and tabulates the rows. */
export function compareTopologies(specs: TopoSpec[], opts: CompareOptions = {}): Comparison {
  const extraRows = [...(opts.extraRows ?? [])];
  const sections = [...(opts.sections ?? [])];
  if (opts.workload !== undefined) {
    const w = opts.workload;
    extraRows.push(...trafficRows(typeof w === 'string' ? w : (w.name ?? w.kind), opts.routing ?? 'ideal'));
    sections.push(trafficSection(w, { routing: opts.routing, seed: opts.seed, maxMemoryGiB: opts.maxMemoryGiB }));
  }
  // one progress step per topology (the analysis's own stages are not reported: compare skips the slow ones)
  opts.onProgress?.('compare', 0, specs.length);
  const analyses = specs.map((s, i) => {
    const a = analyze(s, { paths: false, ...opts, onProgress: undefined });
    for (const fill of sections) fill(s, a);
    opts.onProgress?.('compare', i + 1, specs.length);
    return a;
  });
  const columns = specs.map((s, i) => ({ name: s.name, family: s.family, buildable: analyses[i].buildable, paper: paperColumn(s) }));
  return assembleComparison(analyses, columns, [...defaultRows, ...extraRows], opts.pricebook);
}

/** Rows, price book and notes of a comparison (shared with the HTML report). */
export function assembleComparison(analyses: Analysis[], columns: CompareColumn[], rowDefs: CompareRow[], pricebook?: Pricebook): Comparison {
  const book = pricebook ?? loadPricebook();
  const paperBook = isPaperBook(book);
  const notes: string[] = [];
  const conventions = new Set(analyses.map((a) => (a.bom as { floor?: { label: string } } | undefined)?.floor?.label).filter((l): l is string => Boolean(l)));
  for (const l of conventions) notes.push(`layout: ${l}`);
  const hasPaper = columns.some((c) => c.paper);
  if (hasPaper && !paperBook)
    notes.push(
      `no "difference vs paper" rows: price book ${book.name}${book.overrides?.length ? ` with --price ${book.overrides.join(', ')}` : ''} is not the paper's (slimfly-sc14, unmodified), so Table 3's figures are not comparable`,
    );
  const plainFloor = columns.filter((c, i) => c.paper && (analyses[i].bom as { floor?: { convention: string } } | undefined)?.floor?.convention !== 'paper');
  if (hasPaper && paperBook && plainFloor.length)
    notes.push(`no paper cost for ${plainFloor.map((c) => c.name).join(', ')}: priced on the floor plan, not under the paper's convention (--floor paper)`);
  return { columns, rows: tabulate(analyses, columns, rowDefs, paperBook), analyses, pricebook: { name: book.name, paper: paperBook }, notes };
}

export function tabulate(analyses: Analysis[], columns: CompareColumn[], rows: CompareRow[], paperBook = true): ComparedRow[] {
  const out: ComparedRow[] = [];
  for (const r of rows) {
    const values = analyses.map((a) => r.value(a) ?? null);
    if (values.every((v) => v === null)) continue;
    const row: ComparedRow = { key: r.key, label: r.label, digits: r.digits, values };
    if (r.paper && paperBook && columns.some((c) => c.paper)) {
      const comparable = (i: number) => !PRICED.has(r.key) || (analyses[i].bom as { floor?: { convention: string } } | undefined)?.floor?.convention === 'paper';
      row.paper = columns.map((c, i) => (c.paper && comparable(i) ? r.paper!(c.paper) : null));
      row.relDiff = values.map((v, i) => {
        const p = row.paper![i];
        return typeof v === 'number' && p !== null && p !== 0 ? (v - p) / p : null;
      });
    }
    out.push(row);
  }
  return out;
}
