/**
 * Decoding the packed model of a view in the page: gzip+base64 (encode.ts packArrays) back to typed arrays,
 * then the tree, links, phases and names the view functions need. Runs in browsers and in Node 18+
 * (DecompressionStream, Blob and Response are globals in both).
 */
import { viewIndex, viewNames, type ViewTree } from '../view.js';

/** Utilisation is packed as integers: UTIL = 100%. */
export const UTIL = 10000;

export async function inflate(b64: string): Promise<ArrayBuffer> {
  const bin = atob(b64);
  const raw = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) raw[i] = bin.charCodeAt(i);
  const stream = new Blob([raw]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

/** The typed arrays of a packed directory, as views on the inflated buffer (encode.ts packArrays' inverse). */
export function unpack(buf: ArrayBuffer, dir: Array<{ name: string; type: string; offset: number; length: number }>): Record<string, any> {
  const A: Record<string, any> = {};
  const ctor: Record<string, any> = { i32: Int32Array, u8: Uint8Array, u16: Uint16Array, f32: Float32Array };
  for (const d of dir) A[d.name] = new ctor[d.type](buf, d.offset, d.length);
  return A;
}

/** The full model of one view: tree, links, per-phase utilisation, names and the index, from its packed blob. */
export async function decodeModel(v: any) {
  const A = unpack(await inflate(v.blob), v.dir);
  const G = A.kind.length;
  const S = A.switchRole.length;
  const H = A.hostNumber.length;
  const tree: ViewTree = { n: A.parent.length, groups: G, switches: S, hosts: H, parent: A.parent, kind: A.kind, multi: A.multi, ring: A.ring, row: A.row };
  const links = { m: A.la.length, a: A.la, b: A.lb, lanes: A.lanes, gbps: A.gbps };
  const phases = v.phases.map((p: any, k: number) => ({ name: p.name, seconds: p.seconds, max: A[`u${k}max`], ab: A[`u${k}ab`], ba: A[`u${k}ba`] }));
  let all: Float32Array | null = null;
  if (phases.length) {
    all = new Float32Array(links.m);
    for (const p of phases) for (let e = 0; e < links.m; e++) all[e] = Math.max(all[e], p.max[e] / UTIL);
  }
  const names = viewNames(tree, v.groupIds, v.groupLabels, v.switchNames, A.switchRole, A.hostNumber, A.hostNics);
  const byId = new Map<string, number>();
  names.ids.forEach((id, i) => byId.set(id, i));
  const degree = new Float64Array(tree.n);
  for (let e = 0; e < links.m; e++) {
    degree[links.a[e]] += links.lanes[e];
    degree[links.b[e]] += links.lanes[e];
  }
  return { A, tree, links, phases, all, names, byId, degree, ix: viewIndex(tree) };
}
