/**
 * What still works under failures (engine): which NICs are up, and which switches can still reach each other
 * over live switch-to-switch links (connected components, union-find over the switch CSR). Mapping uses it to
 * decide, before routing, whether a NIC pair has a path, and to re-route over another NIC of the same hosts
 * (another plane in MPFT) when it has none. NVLink spokes are never failed: a failure mask on them is ignored.
 */
import type { FabricCsr } from '../topology/csr.js';

export interface Reach {
  /** per endpoint: 1 when its NIC link is up */
  alive: Uint8Array;
  /** per switch: component id over live switch links */
  component: Int32Array;
}

export function reachUnder(c: FabricCsr, failed: Uint8Array): Reach {
  const S = c.switches;
  const parent = new Int32Array(S);
  for (let u = 0; u < S; u++) parent[u] = u;
  const find = (u: number): number => {
    while (parent[u] !== u) {
      parent[u] = parent[parent[u]];
      u = parent[u];
    }
    return u;
  };
  for (let u = 0; u < S; u++)
    for (let i = c.swOffsets[u]; i < c.swOffsets[u + 1]; i++) {
      if (failed[c.swArc[i] >> 1]) continue;
      const a = find(u);
      const b = find(c.swTarget[i]);
      if (a !== b) parent[a < b ? b : a] = a < b ? a : b;
    }
  const component = new Int32Array(S);
  for (let u = 0; u < S; u++) component[u] = find(u);
  const alive = new Uint8Array(c.endpoints);
  for (let e = 0; e < c.endpoints; e++) alive[e] = c.endpointUpArc[e] >= 0 && !failed[c.endpointUpArc[e] >> 1] ? 1 : 0;
  return { alive, component };
}

/** True when NIC a can send to NIC b over the fabric under `r` (no reach = nothing failed). */
export function nicPairUp(c: FabricCsr, r: Reach | undefined, a: number, b: number): boolean {
  if (c.endpointLeaf[a] < 0 || c.endpointLeaf[b] < 0) return false;
  if (r === undefined) return true;
  return r.alive[a] === 1 && r.alive[b] === 1 && r.component[c.endpointLeaf[a]] === r.component[c.endpointLeaf[b]];
}
