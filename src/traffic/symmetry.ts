/**
 * A rotation symmetry of the switch graph, used to route symmetric demand (uniform all-to-all) with one pass
 * per orbit of destination leaves instead of one per leaf: Dragonfly (palm-tree) is invariant under
 * group i -> i+1, a full k-ary fat-tree under pod p -> p+1 (cores fixed). The rotation is read from the
 * model's `group` / `pod` attributes and node ids, then VERIFIED arc by arc (same lanes, same rate); anything
 * that does not verify (partial pods, consecutive Dragonfly arrangement, imported fabrics) gets null and the
 * router falls back to one pass per destination leaf.
 */
import type { Compiled } from '../topology/compiled.js';

export interface Rotation {
  /** switch u -> σ(u) */
  perm: Int32Array;
  /** switch arc id (global) -> arc id of σ(tail) -> σ(head); -1 for non-switch arcs */
  arcPerm: Int32Array;
  /** σ^order = identity; every rotated switch has an orbit of exactly this size */
  order: number;
}

const CANDIDATES: Array<{ attr: 'group' | 'pod'; tag: string }> = [
  { attr: 'group', tag: 'g' },
  { attr: 'pod', tag: 'pod' },
];

export function switchRotation(c: Compiled): Rotation | null {
  for (const { attr, tag } of CANDIDATES) {
    const r = tryRotation(c, attr, tag);
    if (r) return r;
  }
  return null;
}

function tryRotation(c: Compiled, attr: 'group' | 'pod', tag: string): Rotation | null {
  const { csr } = c;
  const S = csr.switches;
  const label = new Int32Array(S).fill(-1);
  const col = csr[attr]; // −1 where a switch has no such attribute
  let order = 0;
  for (let u = 0; u < S; u++) {
    const v = col[u];
    if (v >= 0) {
      label[u] = v;
      order = Math.max(order, v + 1);
    }
  }
  if (order < 2) return null;
  const re = new RegExp(`^${tag}(\\d+)\\.(.*)$`);
  const switchIndex = new Map<string, number>();
  const name: string[] = new Array(S);
  for (let u = 0; u < S; u++) switchIndex.set((name[u] = csr.nameOf(u)), u);
  const perm = new Int32Array(S);
  for (let u = 0; u < S; u++) {
    if (label[u] < 0) {
      perm[u] = u;
      continue;
    }
    const m = re.exec(name[u]);
    if (!m || Number(m[1]) !== label[u]) return null;
    const v = switchIndex.get(`${tag}${(label[u] + 1) % order}.${m[2]}`);
    if (v === undefined) return null;
    perm[u] = v;
  }
  // Verify: σ maps every switch arc onto a switch arc with the same lanes and rate. The arcs of σ(u) are
  // stamped by head switch, so each arc of u is checked in O(1).
  const stamp = new Int32Array(S).fill(-1);
  const arcTo = new Int32Array(S);
  const arcPerm = new Int32Array(2 * csr.edges).fill(-1);
  for (let u = 0; u < S; u++) {
    const x = perm[u];
    for (let i = csr.swOffsets[x]; i < csr.swOffsets[x + 1]; i++) {
      stamp[csr.swTarget[i]] = x;
      arcTo[csr.swTarget[i]] = csr.swArc[i];
    }
    for (let i = csr.swOffsets[u]; i < csr.swOffsets[u + 1]; i++) {
      const a = csr.swArc[i];
      const w = perm[csr.swTarget[i]];
      if (stamp[w] !== x) return null;
      const b = arcTo[w];
      if (csr.lanes[a >> 1] !== csr.lanes[b >> 1] || csr.gbps[a >> 1] !== csr.gbps[b >> 1]) return null;
      arcPerm[a] = b;
    }
  }
  // Leaves keep their endpoint count (the demand's invariance is checked by the caller).
  for (let u = 0; u < S; u++) if (csr.leafEndpoints[perm[u]] !== csr.leafEndpoints[u]) return null;
  return { perm, arcPerm, order };
}
