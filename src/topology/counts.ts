/** Sizes measured on a built fabric: the counterpart of each family's closed-form counts. */
import type { ClosedCounts } from './family.js';
import type { Fabric } from './model.js';

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

export function measureCounts(f: Fabric): MeasuredCounts {
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
