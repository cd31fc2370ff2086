/**
 * Data assembly for the report: per topology, the analysis, the traffic result (with per-link
 * utilisation), and the grouped view with its first paint computed here, in Node.
 */
import { UsageError } from '../../errors.js';
import { analyze, analyzeCompiled, compile, type Analysis, type Compiled } from '../../analysis/analyze.js';
import { unbuildableReason } from '../../topology/build.js';
import type { Pricebook } from '../../topology/pricebook.js';
import type { TopoSpec } from '../../topology/spec.js';
import { runTraffic, type TrafficResult } from '../../traffic/run.js';
import type { RoutingName } from '../../traffic/routing.js';
import type { Placement } from '../../traffic/workload.js';
import type { Workload } from '../../traffic/workload.js';
import { packArrays, type Packable, type PackedArray } from './encode.js';
import { groupFabric, type Grouping } from './grouping.js';
import { linkUtil, UTIL_SCALE } from './linkload.js';
import { viewBundle, viewConfig, viewCountNodes, viewDefault, viewElements, viewIndex, viewLayout, viewNames, viewVisible } from './view.js';

export interface ReportOptions {
  workload?: Workload;
  seed?: number;
  maxMemoryGiB?: number;
  routing?: RoutingName;
  /** where the job's hosts sit (overrides the workload's placement) */
  placement?: Placement;
  /** fill the fabric with data-parallel copies of a smaller job (default: one copy, its coverage stated) */
  replicate?: boolean;
  pricebook?: Pricebook;
  /** element budget of the first paint */
  budget?: number;
  /** extra analyses to merge into each topology's analysis object (cost, fail, ...), by topology index */
  extend?: (spec: TopoSpec, c: Compiled | undefined, a: Analysis) => Record<string, unknown>;
  /** a failures table per fabric for this scenario (the keys of `topoplan fail`, e.g. plane=0 or links=1%,trials=5) */
  fail?: string;
  onProgress?: (label: string, done: number, total: number) => void;
}

export interface HotLinkRow {
  phase: string;
  source: string;
  target: string;
  kind: string;
  lanes: number;
  bytesPerLane: number;
  utilization: number;
  /** tree indices of the drawn ends (switch or host atoms), -1 if not drawn */
  a: number;
  b: number;
}

export interface ViewData {
  blob: string;
  dir: PackedArray[];
  rawBytes: number;
  groupIds: string[];
  groupLabels: string[];
  switchNames: string[];
  phases: Array<{ name: string; seconds: number }>;
  expanded: number[];
  elements: unknown[];
  firstPaintElements: number;
  hot: HotLinkRow[];
}

export type TrafficSummary = Omit<TrafficResult, 'phases'> & { phases: Array<Omit<TrafficResult['phases'][number], 'arcLoad'>> };

export interface TopologyData {
  index: number;
  spec: TopoSpec;
  analysis: Analysis;
  traffic?: TrafficSummary;
  trafficNote?: string;
  view?: ViewData;
}

/** Engine index of each of a few node ids, by one scan of the ids (the full id index is a Map of every node). */
function indexOfIds(c: Compiled, ids: Iterable<string>): Map<string, number> {
  const wanted = new Set(ids);
  const at = new Map<string, number>();
  const all = c.csr.ids;
  for (let i = 0; i < all.length && at.size < wanted.size; i++) if (wanted.has(all[i])) at.set(all[i], i);
  return at;
}

function hotRow(g: Grouping, index: Map<string, number>, l: { phase: string; source: string; target: string; kind: string; lanes: number; bytesPerLane: number; utilization: number }): HotLinkRow {
  const atom = (id: string) => {
    const i = index.get(id);
    return i === undefined ? -1 : g.atomOfNode[i];
  };
  return { phase: l.phase, source: l.source, target: l.target, kind: l.kind, lanes: l.lanes, bytesPerLane: l.bytesPerLane, utilization: l.utilization, a: atom(l.source), b: atom(l.target) };
}

function buildView(c: Compiled, traffic: TrafficResult | undefined, budget: number): ViewData {
  const g = groupFabric(c.csr);
  const t = g.tree;
  const arrays: Record<string, Packable> = {
    parent: t.parent,
    kind: t.kind,
    multi: t.multi,
    ring: t.ring,
    row: t.row,
    switchRole: g.switchRole,
    switchRadix: g.switchRadix,
    hostNumber: g.hostNumber,
    hostNics: g.hostNics,
    la: g.links.a,
    lb: g.links.b,
    lanes: g.links.lanes,
    gbps: g.links.gbps,
  };
  const phases: ViewData['phases'] = [];
  let all: Float32Array | null = null;
  if (traffic) {
    all = new Float32Array(g.links.m);
    traffic.phases.forEach((p, k) => {
      if (!p.arcLoad) return;
      const u = linkUtil(c.csr, g, p.arcLoad, p.congestion.timeSeconds);
      arrays[`u${k}max`] = u.max;
      arrays[`u${k}ab`] = u.ab;
      arrays[`u${k}ba`] = u.ba;
      phases.push({ name: p.name, seconds: p.congestion.timeSeconds });
      for (let e = 0; e < g.links.m; e++) all![e] = Math.max(all![e], u.max[e] / UTIL_SCALE);
    });
  }
  const ix = viewIndex(t);
  const expanded = viewDefault(t, g.links, ix, budget);
  const vis = viewVisible(t, expanded);
  const bundles = viewBundle(t, g.links, vis, all);
  const pos = viewLayout(t, ix, vis);
  const names = viewNames(t, g.groupIds, g.groupLabels, g.switchNames, g.switchRole, g.hostNumber, g.hostNics);
  const elements = viewElements(t, names, vis, bundles, pos, traffic !== undefined);
  const packed = packArrays(arrays);
  const hot: HotLinkRow[] = [];
  if (traffic) {
    const ends = [...traffic.phases.flatMap((p) => (p.congestion.bottleneck ? [p.congestion.bottleneck] : [])), ...traffic.congestion.hotLinks].flatMap((l) => [l.source, l.target]);
    const index = indexOfIds(c, ends);
    const seen = new Set<string>();
    for (const p of traffic.phases) {
      const b = p.congestion.bottleneck;
      if (b && !seen.has(`${p.name}|${b.source}|${b.target}`)) {
        seen.add(`${p.name}|${b.source}|${b.target}`);
        hot.push(hotRow(g, index, { ...b, phase: p.name }));
      }
    }
    for (const l of traffic.congestion.hotLinks) {
      if (seen.has(`${l.phase}|${l.source}|${l.target}`)) continue;
      seen.add(`${l.phase}|${l.source}|${l.target}`);
      hot.push(hotRow(g, index, l));
    }
  }
  return {
    blob: packed.blob,
    dir: packed.dir,
    rawBytes: packed.rawBytes,
    groupIds: g.groupIds,
    groupLabels: g.groupLabels,
    switchNames: g.switchNames,
    phases,
    expanded: Array.from(expanded.keys()).filter((i) => expanded[i]),
    elements,
    firstPaintElements: viewCountNodes(t, vis) + bundles.count,
    hot,
  };
}

/** Everything the page shows about one topology. */
export function topologyData(spec: TopoSpec, index: number, opts: ReportOptions = {}): TopologyData {
  const budget = opts.budget ?? viewConfig().budget;
  if (unbuildableReason(spec)) {
    const analysis = analyze(spec, { seed: opts.seed, maxMemoryGiB: opts.maxMemoryGiB, pricebook: opts.pricebook });
    Object.assign(analysis, opts.extend?.(spec, undefined, analysis) ?? {});
    return { index, spec, analysis };
  }
  const c = compile(spec, { maxMemoryGiB: opts.maxMemoryGiB });
  const analysis = analyzeCompiled(c, { seed: opts.seed, pricebook: opts.pricebook });
  Object.assign(analysis, opts.extend?.(spec, c, analysis) ?? {});
  let traffic: TrafficResult | undefined;
  let trafficNote: string | undefined;
  if (opts.workload) {
    try {
      traffic = runTraffic(c, opts.workload, {
        seed: opts.seed ?? 1,
        routing: opts.routing ?? 'ideal',
        // one copy by default: replicating a 2,048-GPU job over a 262k-endpoint Dragonfly routes every router
        // (minutes); the header states the copies and the fraction of the fabric they cover either way
        replicate: opts.replicate === true,
        placement: opts.placement,
        keepArcLoads: true,
        topN: 10,
        onProgress: opts.onProgress ? (p, d, t) => opts.onProgress!(`${spec.name}: ${p}`, d, t) : undefined,
      });
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      trafficNote = e.message;
    }
  }
  const view = buildView(c, traffic, budget);
  const summary: TrafficSummary | undefined = traffic ? { ...traffic, phases: traffic.phases.map(({ arcLoad: _drop, ...p }) => p) } : undefined;
  return { index, spec, analysis, traffic: summary, trafficNote, view };
}
