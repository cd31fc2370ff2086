/** Sizes measured on a built fabric: the counterpart of each family's closed-form counts. */
import type { ClosedCounts } from './family.js';
import type { Fabric } from './model.js';
import { compileCsr, KIND_SWITCH, MEDIUM_NVLINK, type FabricCsr } from './csr.js';
import { pendingEngine } from './engine-fabric.js';

export interface MeasuredCounts extends ClosedCounts {
  /** switch ports in use: 2 per switch-to-switch link + 1 per endpoint link */
  portsUsed: number;
  portsFree: number;
  /** sum of switch radices */
  portsTotal: number;
  nvlinkEdges: number;
  planes: number;
  /** switches using more ports than their radix (should be empty) */
  overRadix: string[];
}

/** Counts of a built fabric: from its engine's arrays when it has one (no names made), else from its graph. */
export function measureCounts(f: Fabric): MeasuredCounts {
  return pendingEngine(f) ? measureCountsCsr(compileCsr(f), f.getAttribute('planes')) : measureGraph(f);
}

function measureGraph(f: Fabric): MeasuredCounts {
  const used = new Map<string, number>();
  let endpoints = 0;
  let switches = 0;
  let portsTotal = 0;
  const hosts = new Set<number>();
  const byTier: Record<string, number> = {};
  f.forEachNode((id, a) => {
    if (a.kind === 'endpoint') {
      endpoints++;
      hosts.add(a.host);
    } else if (a.kind === 'switch') {
      switches++;
      portsTotal += a.radix;
      byTier[`tier${a.tier}`] = (byTier[`tier${a.tier}`] ?? 0) + 1;
      used.set(id, 0);
    }
  });
  let links = 0;
  let endpointLinks = 0;
  let nvlinkEdges = 0;
  f.forEachEdge((_e, a, s, t) => {
    if (a.medium === 'nvlink') {
      nvlinkEdges++;
      return;
    }
    const ss = used.has(s);
    const ts = used.has(t);
    if (ss && ts) links += a.lanes;
    else endpointLinks += a.lanes;
    if (ss) used.set(s, used.get(s)! + a.lanes);
    if (ts) used.set(t, used.get(t)! + a.lanes);
  });
  let portsUsed = 0;
  const overRadix: string[] = [];
  for (const [id, u] of used) {
    portsUsed += u;
    if (u > f.getNodeAttribute(id, 'radix' as never)) overRadix.push(id);
  }
  const sortedTiers = Object.fromEntries(Object.entries(byTier).sort(([a], [b]) => a.localeCompare(b)));
  return {
    endpoints,
    hosts: hosts.size,
    switches,
    switchesByTier: sortedTiers,
    links,
    endpointLinks,
    portsUsed,
    portsFree: portsTotal - portsUsed,
    portsTotal,
    nvlinkEdges,
    planes: f.getAttribute('planes'),
    overRadix,
  };
}

/**
 * The same counts read from the engine view (csr.ts) instead of the graph: one pass over typed arrays, no edge
 * key or attribute object per edge (on DF Table 3 the graph walk made 900k of each). Switches keep their
 * build order in the engine view, so overRadix lists them in the same order as measureCounts.
 */
export function measureCountsCsr(c: FabricCsr, planes: number): MeasuredCounts {
  const S = c.switches;
  const used = new Float64Array(S);
  const byTier: Record<string, number> = {};
  let portsTotal = 0;
  for (let u = 0; u < S; u++) {
    portsTotal += c.radix[u];
    byTier[`tier${c.tier[u]}`] = (byTier[`tier${c.tier[u]}`] ?? 0) + 1;
  }
  const hosts = new Set<number>();
  for (let e = 0; e < c.endpoints; e++) hosts.add(c.host[S + e]);
  let links = 0;
  let endpointLinks = 0;
  let nvlinkEdges = 0;
  const { medium, lanes, arcTail, arcHead, kind } = c;
  for (let e = 0; e < c.edges; e++) {
    if (medium[e] === MEDIUM_NVLINK) {
      nvlinkEdges++;
      continue;
    }
    const s = arcTail[2 * e];
    const t = arcHead[2 * e];
    const ss = kind[s] === KIND_SWITCH;
    const ts = kind[t] === KIND_SWITCH;
    if (ss && ts) links += lanes[e];
    else endpointLinks += lanes[e];
    if (ss) used[s] += lanes[e];
    if (ts) used[t] += lanes[e];
  }
  let portsUsed = 0;
  const overRadix: string[] = [];
  for (let u = 0; u < S; u++) {
    portsUsed += used[u];
    if (used[u] > c.radix[u]) overRadix.push(c.nameOf(u));
  }
  const sortedTiers = Object.fromEntries(Object.entries(byTier).sort(([a], [b]) => a.localeCompare(b)));
  return {
    endpoints: c.endpoints,
    hosts: hosts.size,
    switches: S,
    switchesByTier: sortedTiers,
    links,
    endpointLinks,
    portsUsed,
    portsFree: portsTotal - portsUsed,
    portsTotal,
    nvlinkEdges,
    planes,
    overRadix,
  };
}
