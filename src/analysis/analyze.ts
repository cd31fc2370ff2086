/**
 * `analyze`: everything topoplan can say about one topology, as one plain object (schema in
 * docs/schema.md). Sections are added by their own modules; formula-only specs (no graph exists)
 * get closed-form counts and nothing that needs a graph.
 */
import { closedCounts, unbuildableReason, type BuildOptions } from '../topology/build.js';
import { compile, type Compiled } from '../topology/compiled.js';
import { measureCountsCsr, type MeasuredCounts } from '../topology/counts.js';
import type { ClosedCounts } from '../topology/family.js';
import { pathStats, type PathStats } from '../topology/paths.js';
import type { TopoSpec } from '../topology/spec.js';
import { closedFloorView, costSections, type FloorConvention } from '../topology/cost-sections.js';
import { paperColumn } from './compare.js';
import { cablePlan, hasClosedPlan } from '../topology/cabling.js';
import type { Pricebook } from '../topology/pricebook.js';
import { familyOf } from '../topology/registry.js';
import { bisection, type Bisection } from '../topology/bisection.js';
import { pathDiversity, type PairClass } from '../topology/diversity.js';
import { uniformSaturation } from './saturation.js';
import { connectivity } from './failures.js';

export { compile, type Compiled };

export interface Analysis {
  name: string;
  family: string;
  params: Record<string, unknown>;
  description?: string;
  /** false for formula-only specs (e.g. Slim Fly with q not a prime power) */
  buildable: boolean;
  notes: string[];
  counts: (MeasuredCounts | (ClosedCounts & { portsUsed?: number; portsFree?: number })) & { source: 'graph' | 'formula' };
  paths?: PathStats & { classes?: PairClass[] };
  bisection?: Bisection;
  [section: string]: unknown;
}

export interface AnalyzeOptions extends BuildOptions {
  seed?: number;
  /** false skips path statistics (compare does not need them) */
  paths?: boolean;
  /** bisection by max-flow and path diversity (default: with paths; `true` forces them) */
  bisection?: boolean;
  /** add `bisection.effective`: uniform all-to-all saturation from the traffic engine (one routing pass) */
  effective?: boolean;
  /** random balanced halves behind `bisection.randomMinGbps` (default: bisection.ts's) */
  bisectionTrials?: number;
  /** prices `cost` (default: the default price book) */
  pricebook?: Pricebook;
  /** layout of `bom`/`cost`: the floor plan, or the paper's convention (default: the paper's for Table 3 presets) */
  floor?: FloorConvention;
  /** false: build the graph even when closed forms give every figure asked for (for cross-checks) */
  closedForms?: boolean;
  /** called after each stage (paths, bisection, cost) of a built topology: a progress bar's step */
  onProgress?: (label: string, done: number, total: number) => void;
}

export function analyzeCompiled(c: Compiled, opts: AnalyzeOptions = {}): Analysis {
  const counts = measureCountsCsr(c.csr, c.fabric.getAttribute('planes'));
  // stages in order, each one progress step: the slow ones (paths, bisection) run on large fabrics for seconds
  const stages = (opts.paths === false ? 0 : 1) + (withBisection(opts) ? 1 : 0) + 1;
  let done = 0;
  const step = (what: string) => opts.onProgress?.(`${c.spec.name}: ${what}`, ++done, stages);
  const paths = opts.paths === false ? undefined : withNvlinkPairs(c, { ...pathStats(c.csr, { seed: opts.seed, orbits: orbitsOf(c) }), ...(withBisection(opts) ? { classes: pathDiversity(c, { seed: opts.seed }) } : {}) });
  if (paths) step('paths');
  const bisect = withBisection(opts) ? { bisection: { ...bisection(c, { seed: opts.seed, trials: opts.bisectionTrials }), ...(opts.effective ? { effective: effectiveBisection(c) } : {}) } } : {};
  if (withBisection(opts)) step('bisection');
  const cost = costSections(c.spec, c, opts.pricebook, floorOf(c.spec, opts));
  step('cost');
  return {
    name: c.spec.name,
    family: c.spec.family,
    params: c.spec.params,
    description: c.spec.description,
    buildable: true,
    notes: [...c.fabric.getAttribute('notes')],
    counts: { ...counts, source: 'graph' },
    paths,
    ...bisect,
    ...cost,
  };
}

/**
 * Pairs without a fabric path are not failures when NVLink serves them (other planes of an MPFT, other
 * rails): split them into NVLink-served and truly unreachable (docs/schema.md glossary).
 */
function withNvlinkPairs<P extends PathStats>(c: Compiled, p: P): P & { nvlinkOnlyPairs?: number; noPathPairs?: number } {
  if (p.unreachablePairs === 0) return p;
  const conn = connectivity(c, new Uint8Array(c.csr.edges));
  return { ...p, nvlinkOnlyPairs: Math.max(0, p.unreachablePairs - conn.unreachable), noPathPairs: conn.unreachable };
}

/** Uniform all-to-all saturation as a bisection figure: what the fabric sustains under ECMP, not its cut. */
function effectiveBisection(c: Compiled) {
  const s = uniformSaturation(c);
  const nic = c.fabric.getAttribute('nicGbps');
  return { fraction: s.fraction, perEndpointGbps: s.fraction * nic, gbps: (s.fraction * nic * c.csr.endpoints) / 2, bottleneck: s.bottleneck?.kind ?? null };
}

/**
 * The layout a spec is priced under: the user's --floor, else the paper's convention for DeepSeek-V3 Table 3
 * presets (so Table 3 is reproduced as published) and the graph-derived floor plan for everything else.
 */
export function floorOf(spec: TopoSpec, o: AnalyzeOptions): FloorConvention {
  return o.floor ?? (paperColumn(spec) ? 'paper' : 'plan');
}

function withBisection(o: AnalyzeOptions): boolean {
  return o.bisection ?? o.paths !== false;
}

function orbitsOf(c: Compiled) {
  const o = familyOf(c.spec).orbits?.(c.spec.params);
  return o ? o.map(({ leaf, size }) => ({ leaf: c.csr.switchNamed(leaf), size })) : undefined;
}

/**
 * Counts, BOM and cost from the family's closed forms, without building the graph. Exact: the family's
 * counts and cable plan are checked against the built graph by tests (test/analysis/closed.test.ts), and
 * every switch port and NVLink spoke is accounted for in closed form. `counts.source` says 'formula'.
 */
export function closedAnalysis(spec: TopoSpec, opts: AnalyzeOptions = {}): Analysis | null {
  // the floor plan has a closed form for two-tier Clos fabrics only; others measure it on the built graph
  if (floorOf(spec, opts) === 'plan' && !closedFloorView(spec)) return null;
  const plan = hasClosedPlan(spec.family) ? cablePlan(spec) : null;
  if (!plan) return null;
  const fam = familyOf(spec);
  const c = fam.counts(spec.params);
  const portsTotal = plan.switches.reduce((s, x) => s + x.count * x.radix, 0) * plan.planes;
  const portsUsed = 2 * c.links + c.endpointLinks;
  const switchesByTier = Object.fromEntries(Object.entries(c.switchesByTier).sort(([a], [b]) => a.localeCompare(b)));
  return {
    name: spec.name,
    family: spec.family,
    params: spec.params,
    description: spec.description,
    buildable: true,
    notes: [...(fam.notes?.(spec.params) ?? [])],
    counts: {
      endpoints: c.endpoints,
      hosts: c.hosts,
      switches: c.switches,
      switchesByTier,
      links: c.links,
      endpointLinks: c.endpointLinks,
      portsUsed,
      portsFree: portsTotal - portsUsed,
      portsTotal,
      // every endpoint has one NVLink spoke to its host's hub
      nvlinkEdges: c.endpoints,
      planes: plan.planes,
      overRadix: [],
      source: 'formula',
    },
    ...costSections(spec, undefined, opts.pricebook, floorOf(spec, opts)),
  };
}

/**
 * Everything about one topology. The graph is built only when a figure needs it: with `paths: false` and no
 * bisection, families whose counts and cable plan are closed form are answered without a build.
 */
export function analyze(spec: TopoSpec, opts: AnalyzeOptions = {}): Analysis {
  const reason = unbuildableReason(spec);
  if (reason) {
    return {
      name: spec.name,
      family: spec.family,
      params: spec.params,
      description: spec.description,
      buildable: false,
      notes: [reason],
      counts: { ...closedCounts(spec), source: 'formula' },
      ...costSections(spec, undefined, opts.pricebook, floorOf(spec, opts)),
    };
  }
  if (opts.paths === false && !withBisection(opts) && opts.closedForms !== false) {
    const closed = closedAnalysis(spec, opts);
    if (closed) return closed;
  }
  return analyzeCompiled(compile(spec, opts), opts);
}
