/**
 * `analyze`: everything topoplan can say about one topology, as one plain object (schema in
 * docs/schema.md). Sections are added by their own modules; formula-only specs (no graph exists)
 * get closed-form counts and nothing that needs a graph.
 */
import { buildFabric, closedCounts, unbuildableReason, type BuildOptions } from './build.js';
import { compileCsr, type FabricCsr } from './csr.js';
import { measureCounts, type MeasuredCounts } from './counts.js';
import type { ClosedCounts } from './family.js';
import type { Fabric } from './model.js';
import { pathStats, type PathStats } from './paths.js';
import type { TopoSpec } from './spec.js';
import { costSections } from './cost-sections.js';
import type { Pricebook } from './pricebook.js';
import { families } from './registry.js';
import { bisection, type Bisection } from './bisection.js';
import { pathDiversity, type PairClass } from './diversity.js';
import { uniformSaturation } from '../traffic/saturation.js';
import { connectivity } from './failures.js';

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
}

/** A built fabric together with its engine view, so later analyses reuse one compilation. */
export interface Compiled {
  spec: TopoSpec;
  fabric: Fabric;
  csr: FabricCsr;
}

export function compile(spec: TopoSpec, opts: BuildOptions = {}): Compiled {
  const fabric = buildFabric(spec, opts);
  return { spec, fabric, csr: compileCsr(fabric) };
}

export function analyzeCompiled(c: Compiled, opts: AnalyzeOptions = {}): Analysis {
  const counts = measureCounts(c.fabric);
  return {
    name: c.spec.name,
    family: c.spec.family,
    params: c.spec.params,
    description: c.spec.description,
    buildable: true,
    notes: [...c.fabric.getAttribute('notes')],
    counts: { ...counts, source: 'graph' },
    paths: opts.paths === false ? undefined : withNvlinkPairs(c, { ...pathStats(c.csr, { seed: opts.seed, orbits: orbitsOf(c) }), ...(withBisection(opts) ? { classes: pathDiversity(c, { seed: opts.seed }) } : {}) }),
    ...(withBisection(opts) ? { bisection: { ...bisection(c, { seed: opts.seed, trials: opts.bisectionTrials }), ...(opts.effective ? { effective: effectiveBisection(c) } : {}) } } : {}),
    ...costSections(c.spec, c, opts.pricebook),
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

function withBisection(o: AnalyzeOptions): boolean {
  return o.bisection ?? o.paths !== false;
}

function orbitsOf(c: Compiled) {
  const o = families[c.spec.family].orbits?.(c.spec.params);
  return o ? o.map(({ leaf, size }) => ({ leaf: c.csr.index.get(leaf)!, size })) : undefined;
}

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
      ...costSections(spec, undefined, opts.pricebook),
    };
  }
  return analyzeCompiled(compile(spec, opts), opts);
}
