/**
 * The floor plan's fast path for two-tier folded Clos fabrics (ft2, each plane of mpft, two-tier mrft): the
 * engine view the floor plan reads (floor.ts FloorView), written down from the family's shape instead of built
 * through the graph. Switches are numbered as the builders add them (per plane: leaves, then spines), leaf
 * uplinks go round-robin over the plane's spines as in clos.ts buildClos, and every endpoint has one cable to
 * its leaf, so the bill equals the graph-derived one exactly (test/topology/floor.test.ts checks it).
 * O(endpoints + leaves × spines), no graph.
 */
import type { FloorView } from './floor.js';

export interface Clos2Skeleton {
  planes: number;
  /** leaves and spines per plane */
  leaves: number;
  spines: number;
  /** uplinks per leaf */
  up: number;
  radix: number;
  endpoints: number;
  nicGbps: number;
  /** host, plane and leaf (index inside its plane) of endpoint e (host-major, as the builders add them) */
  endpointOf(e: number): { host: number; plane: number; leaf: number };
}

export function clos2View(k: Clos2Skeleton): FloorView {
  const perPlane = k.leaves + k.spines;
  const S = k.planes * perPlane;
  const N = k.endpoints;
  // leaf–spine bundles per plane: leaf l's uplinks l·up … l·up + up − 1, modulo the spine count
  const bundles: Array<[number, number, number]> = [];
  for (let l = 0; l < k.leaves; l++) {
    const lanes = new Int32Array(k.spines);
    for (let i = 0; i < k.up; i++) lanes[(l * k.up + i) % k.spines]++;
    lanes.forEach((n, j) => n > 0 && bundles.push([l, j, n]));
  }
  const edges = N + k.planes * bundles.length;
  const tier = new Uint8Array(S + N);
  const radix = new Int32Array(S + N);
  for (let p = 0; p < k.planes; p++)
    for (let i = 0; i < perPlane; i++) {
      tier[p * perPlane + i] = i < k.leaves ? 1 : 2;
      radix[p * perPlane + i] = k.radix;
    }
  const host = new Int32Array(S + N).fill(-1);
  const lanes = new Float64Array(edges);
  const gbps = new Float64Array(edges).fill(k.nicGbps);
  const arcTail = new Int32Array(2 * edges);
  const arcHead = new Int32Array(2 * edges);
  const endpointLeaf = new Int32Array(N);
  const endpointUpArc = new Int32Array(N);
  const link = (e: number, a: number, b: number, n: number) => {
    lanes[e] = n;
    arcTail[2 * e] = a;
    arcHead[2 * e] = b;
    arcTail[2 * e + 1] = b;
    arcHead[2 * e + 1] = a;
  };
  for (let e = 0; e < N; e++) {
    const { host: h, plane, leaf } = k.endpointOf(e);
    const u = plane * perPlane + leaf;
    host[S + e] = h;
    endpointLeaf[e] = u;
    endpointUpArc[e] = 2 * e;
    link(e, S + e, u, 1);
  }
  // switch adjacency (both directions) for the spines' placement
  const degree = new Int32Array(S + 1);
  let e = N;
  for (let p = 0; p < k.planes; p++)
    for (const [l, j, n] of bundles) {
      const a = p * perPlane + l;
      const b = p * perPlane + k.leaves + j;
      link(e++, a, b, n);
      degree[a]++;
      degree[b]++;
    }
  const swOffsets = new Int32Array(S + 1);
  for (let u = 0; u < S; u++) swOffsets[u + 1] = swOffsets[u] + degree[u];
  const fill = swOffsets.slice(0, S);
  const swTarget = new Int32Array(swOffsets[S]);
  const swArc = new Int32Array(swOffsets[S]);
  for (let x = N; x < edges; x++) {
    const a = arcTail[2 * x];
    const b = arcHead[2 * x];
    swTarget[fill[a]] = b;
    swArc[fill[a]++] = 2 * x;
    swTarget[fill[b]] = a;
    swArc[fill[b]++] = 2 * x + 1;
  }
  return { n: S + N, switches: S, endpoints: N, tier, radix, host, edges, lanes, gbps, medium: new Uint8Array(edges), arcTail, arcHead, swOffsets, swTarget, swArc, endpointLeaf, endpointUpArc };
}
