/**
 * Uniform all-to-all (S bytes from every GPU to every other GPU) without enumerating the N² pairs:
 * leaf-to-leaf demand is n_s·n_t·S (minus pairs inside one host, which use NVLink), and endpoint and
 * NVLink loads follow from per-host counts. Multi-plane fabrics (one NIC per plane per host) relay
 * cross-plane pairs over NVLink to the source host's NIC on the destination plane (see forward.ts), which
 * makes the plane-P leaf-to-leaf demand n_s·n_t·G·S. O(N + S) set-up, O(S) per destination column.
 */
import type { FabricCsr } from '../topology/csr.js';
import { UsageError } from '../errors.js';
import type { ColumnSource } from './route-ideal.js';
import type { HostIndex } from './hosts.js';
import type { Reach } from './reach.js';

export interface EndpointDemand {
  columns: ColumnSource;
  /** bytes each NIC sends into / receives from the fabric */
  endpointUp: Float64Array;
  endpointDown: Float64Array;
  nvUp: Float64Array;
  nvDown: Float64Array;
  fabricBytes: number;
  nvlinkBytes: number;
  /** bytes relayed over NVLink to reach another plane (PXN), failover relays excluded */
  pxnBytes: number;
  /** bytes re-routed over another plane because their own NIC pair had no path */
  failoverBytes: number;
  /** GPU-to-GPU demand whose NICs are down on every usable plane (bytes, ordered GPU pairs) */
  unreachableBytes: number;
  unreachablePairs: number;
  /** bytes of GPU-to-GPU demand in total (fabric + NVLink, before relays) */
  demandBytes: number;
}

/**
 * `reach` (under failures): single-plane fabrics count pairs with a dead NIC on either side as unreachable
 * (no NVLink failover for uniform on one plane: every NIC of the host is on the same fabric anyway, and the
 * relay would only move the load); multi-plane fabrics go through uniformByHostPairs, which fails over.
 */
export function uniformDemand(c: FabricCsr, hi: HostIndex, bytesPerPair: number, planes: number, reach?: Reach, failover = true): EndpointDemand {
  // Multi-plane under failures (or with several NICs per plane): per host pair, exact and O(H²·G).
  if (planes > 1 && (reach !== undefined || hi.gpusPerHost !== planes)) return uniformByHostPairs(c, hi, bytesPerPair, reach, failover);
  const S = c.switches;
  const N = c.endpoints;
  const G = hi.gpusPerHost;
  const hostSize = new Int32Array(hi.hosts);
  for (let e = 0; e < N; e++) hostSize[c.host[S + e]]++;
  const endpointUp = new Float64Array(N);
  const endpointDown = new Float64Array(N);
  const nvUp = new Float64Array(N);
  const nvDown = new Float64Array(N);
  let fabricBytes = 0;
  let nvlinkBytes = 0;
  const dests: number[] = [];

  if (planes <= 1) {
    // Live NICs per leaf, per component of the switch graph, and per (host, component): a live NIC reaches
    // the live NICs of other hosts in its component; every other remote pair is unreachable.
    const alive = reach?.alive;
    const up = (e: number) => alive === undefined || alive[e] === 1;
    const comp = (s: number) => (reach ? reach.component[s] : 0);
    const leafCount = new Int32Array(S);
    const liveInComp = new Int32Array(Math.max(1, S));
    const liveHostComp = new Map<number, number>();
    for (let e = 0; e < N; e++) {
      if (!up(e)) continue;
      const k = comp(c.endpointLeaf[e]);
      leafCount[c.endpointLeaf[e]]++;
      liveInComp[k]++;
      const key = c.host[S + e] * S + k;
      liveHostComp.set(key, (liveHostComp.get(key) ?? 0) + 1);
    }
    for (let s = 0; s < S; s++) if (leafCount[s] > 0) dests.push(s);
    let unreachablePairs = 0;
    for (let e = 0; e < N; e++) {
      const h = c.host[S + e];
      const g = hostSize[h];
      nvUp[e] = nvDown[e] = (g - 1) * bytesPerPair;
      nvlinkBytes += (g - 1) * bytesPerPair;
      if (!up(e)) {
        unreachablePairs += N - g; // a dead sender: all its remote pairs
        continue;
      }
      const k = comp(c.endpointLeaf[e]);
      const reachable = liveInComp[k] - liveHostComp.get(h * S + k)!;
      endpointUp[e] = endpointDown[e] = reachable * bytesPerPair;
      fabricBytes += endpointUp[e];
      unreachablePairs += N - g - reachable; // a live sender's pairs towards dead or cut-off NICs
    }
    // Pairs inside one host that sit on two different leaves: subtract them from the leaf demand.
    const sameHost = new Map<number, number>();
    const perHost = new Map<number, Map<number, number>>();
    for (let e = 0; e < N; e++) {
      if (!up(e)) continue;
      const h = c.host[S + e];
      const m = perHost.get(h) ?? new Map<number, number>();
      m.set(c.endpointLeaf[e], (m.get(c.endpointLeaf[e]) ?? 0) + 1);
      perHost.set(h, m);
    }
    for (const m of perHost.values()) {
      if (m.size < 2) continue;
      for (const [s, ns] of m) for (const [t, nt] of m) if (s !== t) sameHost.set(t * S + s, (sameHost.get(t * S + s) ?? 0) + ns * nt);
    }
    return {
      columns: {
        destinations: Int32Array.from(dests),
        fill(t, col) {
          const nt = leafCount[t];
          const kt = comp(t);
          // routers that read every column (Dragonfly minimal/Valiant/UGAL) call this D times: no map lookups when no host spans two leaves
          if (sameHost.size === 0 && reach === undefined) for (const s of dests) col[s] = leafCount[s] * nt * bytesPerPair;
          else for (const s of dests) if (comp(s) === kt) col[s] = (leafCount[s] * nt - (sameHost.get(t * S + s) ?? 0)) * bytesPerPair;
        },
        // n_s·n_t·S depends on leaf sizes only when no host spans two leaves and nothing failed
        rotationInvariant: sameHost.size === 0 && reach === undefined,
      },
      endpointUp, endpointDown, nvUp, nvDown, fabricBytes, nvlinkBytes, pxnBytes: 0, failoverBytes: 0,
      unreachableBytes: unreachablePairs * bytesPerPair, unreachablePairs,
      demandBytes: N * (N - 1) * bytesPerPair,
    };
  }

  const leafCount = new Int32Array(S);
  for (let e = 0; e < N; e++) leafCount[c.endpointLeaf[e]]++;
  for (let s = 0; s < S; s++) if (leafCount[s] > 0) dests.push(s);

  // Nothing failed, one NIC per plane per host, every host whole (multi-plane families build whole hosts):
  // NIC (h, j) carries everything host h sends to GPU j of the other H − 1 hosts, G·S each.
  const H = hi.hosts;
  for (let e = 0; e < N; e++) {
    nvUp[e] = nvDown[e] = (G - 1) * bytesPerPair + (H - 1) * (G - 1) * bytesPerPair;
    nvlinkBytes += nvUp[e];
    endpointUp[e] = endpointDown[e] = (H - 1) * G * bytesPerPair;
    fabricBytes += endpointUp[e];
  }
  return {
    columns: {
      destinations: Int32Array.from(dests),
      fill(t, col) {
        const nt = leafCount[t];
        const p = c.plane[t];
        for (const s of dests) if (c.plane[s] === p) col[s] = leafCount[s] * nt * G * bytesPerPair;
      },
    },
    endpointUp, endpointDown, nvUp, nvDown, fabricBytes, nvlinkBytes,
    pxnBytes: H * G * (H - 1) * (G - 1) * bytesPerPair,
    failoverBytes: 0, unreachableBytes: 0, unreachablePairs: 0,
    demandBytes: N * (N - 1) * bytesPerPair,
  };
}

/**
 * Uniform all-to-all on a multi-plane fabric, one host pair at a time: host h sends G·S to GPU j of host h'
 * (all its GPUs relay to its GPU with index j, whose NIC is on j's plane). When that NIC pair has no path it
 * fails over (forward.ts's rule) to every index k whose NIC pair still has one, split equally, with NVLink hops
 * at both ends. Leaf-to-leaf demand goes into a dense leaves × leaves matrix. O(H²·G + leaves²).
 */
export function uniformByHostPairs(c: FabricCsr, hi: HostIndex, bytesPerPair: number, reach: Reach | undefined, failover = true): EndpointDemand {
  const S = c.switches;
  const N = c.endpoints;
  const G = hi.gpusPerHost;
  const H = hi.hosts;
  const x = bytesPerPair;
  const leafIdx = new Int32Array(S).fill(-1);
  const leaves: number[] = [];
  for (let e = 0; e < N; e++) {
    const l = c.endpointLeaf[e];
    if (l >= 0 && leafIdx[l] < 0) {
      leafIdx[l] = leaves.length;
      leaves.push(l);
    }
  }
  const L = leaves.length;
  if (L * L > 50_000_000) throw new UsageError(`uniform pattern on ${c.switches} switches with failures: the ${L} × ${L} leaf matrix is too large`);
  const D = new Float64Array(L * L);
  const endpointUp = new Float64Array(N);
  const endpointDown = new Float64Array(N);
  const nvUp = new Float64Array(N);
  const nvDown = new Float64Array(N);
  const at = hi.endpointOf;
  const hostSize = new Int32Array(H);
  for (let e = 0; e < N; e++) hostSize[c.host[S + e]]++;
  let fabricBytes = 0;
  let nvlinkBytes = 0;
  let pxnBytes = 0;
  let failoverBytes = 0;
  let unreachableBytes = 0;
  let unreachablePairs = 0;
  // Per NIC slot (host h, index j): endpoint, leaf index, and a key that is equal for two NICs exactly when
  // they can reach each other (both up, same switch component); −1 when the NIC is absent or down.
  const HG = H * G;
  const nicLeaf = new Int32Array(HG).fill(-1);
  const nicKey = new Int32Array(HG).fill(-1);
  for (let q = 0; q < HG; q++) {
    const e = at[q];
    if (e < 0) continue;
    nicLeaf[q] = leafIdx[c.endpointLeaf[e]];
    const up = reach === undefined || (reach.alive[e] === 1 && c.endpointLeaf[e] >= 0);
    nicKey[q] = up ? (reach ? reach.component[c.endpointLeaf[e]] : 0) : -1;
  }
  // NVLink relays repeat identically for every remote host, so they are counted per slot and applied once:
  // primary[h·G+j]: remote pairs host h sends through its own NIC j (the other G−1 GPUs relay x each to it);
  // relay[h·G+q]: bytes each other GPU of host h relays to NIC q on failover; land[(h2·G+q)·G+j]: bytes NIC q of
  // host h2 forwards over NVLink to its GPU j after a failover.
  const primary = new Float64Array(HG);
  const relay = new Float64Array(HG);
  const land = new Float64Array(HG * G);
  const cand = new Int32Array(G);
  for (let h = 0; h < H; h++) {
    const senders = hostSize[h];
    const hb = h * G;
    for (let h2 = 0; h2 < H; h2++) {
      if (h2 === h) continue;
      const h2b = h2 * G;
      for (let j = 0; j < G; j++) {
        const b = at[h2b + j];
        if (b < 0) continue;
        const key = nicKey[hb + j];
        if (key >= 0 && key === nicKey[h2b + j]) {
          const bytes = senders * x;
          endpointUp[at[hb + j]] += bytes;
          endpointDown[b] += bytes;
          fabricBytes += bytes;
          D[nicLeaf[hb + j] * L + nicLeaf[h2b + j]] += bytes;
          primary[hb + j] += x;
          continue;
        }
        let k = 0;
        if (failover)
          for (let q = 0; q < G; q++) {
            const kq = nicKey[hb + q];
            if (kq >= 0 && kq === nicKey[h2b + q]) cand[k++] = q;
          }
        if (k === 0) {
          unreachableBytes += senders * x;
          unreachablePairs += senders;
          continue;
        }
        failoverBytes += senders * x;
        const w = x / k;
        for (let i = 0; i < k; i++) {
          const q = cand[i];
          const bytes = senders * w;
          endpointUp[at[hb + q]] += bytes;
          endpointDown[at[h2b + q]] += bytes;
          fabricBytes += bytes;
          D[nicLeaf[hb + q] * L + nicLeaf[h2b + q]] += bytes;
          relay[hb + q] += w;
          if (q !== j) land[(h2b + q) * G + j] += bytes;
        }
      }
    }
  }
  const nvlink = (a: number, b: number, bytes: number) => {
    if (bytes === 0) return;
    nvUp[a] += bytes;
    nvDown[b] += bytes;
    nvlinkBytes += bytes;
  };
  for (let h = 0; h < H; h++) {
    const hb = h * G;
    for (let i = 0; i < G; i++) {
      const gi = at[hb + i];
      if (gi < 0) continue;
      for (let j = 0; j < G; j++) {
        const gj = at[hb + j];
        if (j === i || gj < 0) continue;
        nvlink(gi, gj, x); // intra-host pair
        nvlink(gi, gj, primary[hb + j] + relay[hb + j]); // GPU i relays to NIC j
        nvlink(gj, gi, land[(hb + j) * G + i]); // NIC j forwards to GPU i after a failover
      }
      pxnBytes += primary[hb + i] * (hostSize[h] - 1);
    }
  }
  const dests: number[] = [];
  for (let t = 0; t < L; t++) {
    let any = false;
    for (let s = 0; s < L && !any; s++) any = D[s * L + t] > 0;
    if (any) dests.push(leaves[t]);
  }
  return {
    columns: {
      destinations: Int32Array.from(dests),
      fill(t, col) {
        const ti = leafIdx[t];
        for (let s = 0; s < L; s++) col[leaves[s]] = D[s * L + ti];
      },
    },
    endpointUp, endpointDown, nvUp, nvDown, fabricBytes, nvlinkBytes, pxnBytes, failoverBytes, unreachableBytes, unreachablePairs,
    demandBytes: N * (N - 1) * bytesPerPair,
  };
}

/** Endpoint and NVLink loads of an explicit mapped flow list. */
export function flowEndpointLoads(c: FabricCsr, fabric: { src: Int32Array; dst: Int32Array; bytes: Float64Array; length: number }) {
  const endpointUp = new Float64Array(c.endpoints);
  const endpointDown = new Float64Array(c.endpoints);
  let total = 0;
  for (let i = 0; i < fabric.length; i++) {
    endpointUp[fabric.src[i]] += fabric.bytes[i];
    endpointDown[fabric.dst[i]] += fabric.bytes[i];
    total += fabric.bytes[i];
  }
  return { endpointUp, endpointDown, fabricBytes: total };
}
