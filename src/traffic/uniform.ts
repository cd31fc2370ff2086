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
import { nicPairUp, type Reach } from './reach.js';
import { failoverIndices, sendingNic } from './forward.js';

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
    const same = sameHostPairs(c, hi, up);
    return {
      columns: {
        destinations: Int32Array.from(dests),
        fill(t, col) {
          const nt = leafCount[t];
          const kt = comp(t);
          for (const s of dests) if (comp(s) === kt) col[s] = leafCount[s] * nt * bytesPerPair;
          for (let k = same.start[t]; k < same.start[t + 1]; k++) {
            const s = same.leaf[k];
            if (comp(s) === kt) col[s] = (leafCount[s] * nt - same.pairs[k]) * bytesPerPair;
          }
        },
        // n_s·n_t·S depends on leaf sizes only when no host spans two leaves and nothing failed; with hosts
        // spanning leaves, a rotation keeps the demand when it keeps the same-host pair counts
        rotationInvariant: same.leaf.length === 0 && reach === undefined,
        invariantUnder: reach === undefined ? (perm) => sameHostInvariant(same, perm) : undefined,
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
 * Per destination leaf t, the leaves s ≠ t sharing hosts with it and how many (s, t) GPU pairs those hosts
 * hold (CSR by t, leaves ascending). Only live NICs count. O(N·G).
 */
function sameHostPairs(c: FabricCsr, hi: HostIndex, up: (e: number) => boolean) {
  const S = c.switches;
  const G = hi.gpusPerHost;
  const tl: number[] = [];
  const sl: number[] = [];
  const np: number[] = [];
  const leaf = new Int32Array(G);
  const cnt = new Int32Array(G);
  for (let h = 0; h < hi.hosts; h++) {
    let m = 0;
    for (let g = 0; g < G; g++) {
      const e = hi.endpointOf[h * G + g];
      if (e < 0 || !up(e)) continue;
      const l = c.endpointLeaf[e];
      let i = 0;
      while (i < m && leaf[i] !== l) i++;
      if (i === m) {
        leaf[m] = l;
        cnt[m++] = 0;
      }
      cnt[i]++;
    }
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++)
        if (i !== j) {
          tl.push(leaf[i]);
          sl.push(leaf[j]);
          np.push(cnt[i] * cnt[j]);
        }
  }
  // Counting sort by t, then merge equal (t, s).
  const start = new Int32Array(S + 1);
  for (const t of tl) start[t + 1]++;
  for (let t = 0; t < S; t++) start[t + 1] += start[t];
  const pos = start.slice(0, S);
  const ord = new Int32Array(tl.length);
  for (let k = 0; k < tl.length; k++) ord[pos[tl[k]]++] = k;
  const outStart = new Int32Array(S + 1);
  const outLeaf: number[] = [];
  const outPairs: number[] = [];
  for (let t = 0; t < S; t++) {
    const ks = Array.from(ord.subarray(start[t], start[t + 1])).sort((x, y) => sl[x] - sl[y]);
    for (const k of ks) {
      if (outLeaf.length > outStart[t] && outLeaf[outLeaf.length - 1] === sl[k]) outPairs[outPairs.length - 1] += np[k];
      else {
        outLeaf.push(sl[k]);
        outPairs.push(np[k]);
      }
    }
    outStart[t + 1] = outLeaf.length;
  }
  return { start: outStart, leaf: Int32Array.from(outLeaf), pairs: Float64Array.from(outPairs) };
}

/** True when σ maps every same-host pair count (s, t) onto an equal count (σs, σt): then col_σt[σs] = col_t[s]. */
function sameHostInvariant(same: ReturnType<typeof sameHostPairs>, perm: Int32Array): boolean {
  const S = same.start.length - 1;
  for (let t = 0; t < S; t++) {
    const u = perm[t];
    if (same.start[t + 1] - same.start[t] !== same.start[u + 1] - same.start[u]) return false;
    for (let k = same.start[t]; k < same.start[t + 1]; k++) {
      const want = perm[same.leaf[k]];
      let found = false;
      for (let j = same.start[u]; j < same.start[u + 1]; j++)
        if (same.leaf[j] === want) {
          found = same.pairs[j] === same.pairs[k];
          break;
        }
      if (!found) return false;
    }
  }
  return true;
}

/**
 * Uniform all-to-all on a multi-plane fabric, one host pair at a time, by forward.ts's rule (sendingNic,
 * failoverIndices): every GPU i of host h sends S to GPU j of host h' through NIC sendingNic(i, j) (its own NIC
 * when on j's plane, else NIC j of its host over NVLink); when that NIC pair has no path the transfer fails over
 * to every index k whose pair still has one, split equally, with NVLink hops at both ends. The senders of host h
 * that use the same NIC towards index j are one group, so the work is O(H²·G·groups + leaves²), groups = 1
 * when every NIC is alone on its plane. Leaf-to-leaf demand goes into a dense leaves × leaves matrix.
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
  let fabricBytes = 0;
  let nvlinkBytes = 0;
  let pxnBytes = 0;
  let failoverBytes = 0;
  let unreachableBytes = 0;
  let unreachablePairs = 0;
  // The plane of NIC index j: every family puts NIC j of every host on one plane, which makes the sending NIC
  // depend on (host, i, j) only.
  const planeOfIndex = new Int32Array(G).fill(-2);
  for (let e = 0; e < N; e++) {
    const j = c.gpu[S + e];
    const p = c.plane[S + e];
    if (planeOfIndex[j] === -2) planeOfIndex[j] = p;
    else if (planeOfIndex[j] !== p)
      throw new UsageError(`uniform pattern: NIC ${j} is on plane ${planeOfIndex[j]} on one host and plane ${p} on another; the host-pair model needs NIC j on one plane (use a flow workload)`);
  }
  // Sender groups of host h towards index j: the distinct sending NICs (grpNic) and how many of h's GPUs use
  // each (grpSize); grpOf[(h·G + j)·G + i] = the group of GPU i.
  const HG = H * G;
  const grpNic = new Int32Array(HG * G);
  const grpSize = new Int32Array(HG * G);
  const grpLen = new Int32Array(HG);
  const grpOf = new Int32Array(HG * G).fill(-1);
  const group = (h: number, j: number, plane: number) => {
    const base = (h * G + j) * G;
    let n = 0;
    for (let i = 0; i < G; i++) {
      const a = at[h * G + i];
      if (a < 0) continue;
      const q = c.gpu[S + sendingNic(c, hi, a, j, plane)];
      let g = 0;
      while (g < n && grpNic[base + g] !== q) g++;
      if (g === n) {
        grpNic[base + n] = q;
        grpSize[base + n++] = 0;
      }
      grpSize[base + g]++;
      grpOf[base + i] = g;
    }
    grpLen[h * G + j] = n;
  };
  for (let h = 0; h < H; h++) for (let j = 0; j < G; j++) group(h, j, planeOfIndex[j]);
  // NVLink relays repeat identically for every remote host, so they are counted per group and applied once:
  // viaPrimary[(h·G+j)·G+g]: bytes each GPU of group g relays to its sending NIC; viaFailover[((h·G+j)·G+g)·G+q]:
  // bytes each GPU of that group relays to NIC q on failover; land[(h2·G+q)·G+j]: bytes NIC q of host h2
  // forwards over NVLink to its GPU j after a failover.
  const viaPrimary = new Float64Array(HG * G);
  const viaFailover = new Float64Array(HG * G * G);
  const land = new Float64Array(HG * G);
  const cand = new Int32Array(G);
  for (let h = 0; h < H; h++) {
    const hb = h * G;
    for (let h2 = 0; h2 < H; h2++) {
      if (h2 === h) continue;
      const h2b = h2 * G;
      let k = -1; // failover candidates of this host pair, found when first needed
      for (let j = 0; j < G; j++) {
        const b = at[h2b + j];
        if (b < 0) continue;
        const base = (hb + j) * G;
        for (let g = 0; g < grpLen[hb + j]; g++) {
          const q0 = grpNic[base + g];
          const senders = grpSize[base + g];
          const na = at[hb + q0];
          if (nicPairUp(c, reach, na, b)) {
            const bytes = senders * x;
            endpointUp[na] += bytes;
            endpointDown[b] += bytes;
            fabricBytes += bytes;
            D[leafIdx[c.endpointLeaf[na]] * L + leafIdx[c.endpointLeaf[b]]] += bytes;
            viaPrimary[base + g] += x;
            continue;
          }
          if (k < 0) k = failover ? failoverIndices(c, hi, reach, h, h2, cand) : 0;
          if (k === 0) {
            unreachableBytes += senders * x;
            unreachablePairs += senders;
            continue;
          }
          failoverBytes += senders * x;
          const w = x / k;
          for (let i = 0; i < k; i++) {
            const q = cand[i];
            const sa = at[hb + q];
            const sb = at[h2b + q];
            const bytes = senders * w;
            endpointUp[sa] += bytes;
            endpointDown[sb] += bytes;
            fabricBytes += bytes;
            D[leafIdx[c.endpointLeaf[sa]] * L + leafIdx[c.endpointLeaf[sb]]] += bytes;
            viaFailover[(base + g) * G + q] += w;
            if (q !== j) land[(h2b + q) * G + j] += bytes;
          }
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
  const relayTo = new Float64Array(G);
  for (let h = 0; h < H; h++) {
    const hb = h * G;
    for (let i = 0; i < G; i++) {
      const gi = at[hb + i];
      if (gi < 0) continue;
      // What GPU i relays to each NIC q of its host, over every destination index j.
      relayTo.fill(0);
      for (let j = 0; j < G; j++) {
        const base = (hb + j) * G;
        const g = grpOf[base + i];
        if (g < 0) continue;
        const q0 = grpNic[base + g];
        if (q0 !== i) {
          relayTo[q0] += viaPrimary[base + g];
          pxnBytes += viaPrimary[base + g];
        }
        for (let q = 0; q < G; q++) relayTo[q] += viaFailover[(base + g) * G + q];
      }
      for (let j = 0; j < G; j++) {
        const gj = at[hb + j];
        if (j === i || gj < 0) continue;
        nvlink(gi, gj, x); // intra-host pair
        nvlink(gi, gj, relayTo[j]); // GPU i relays to NIC j
        nvlink(gj, gi, land[(hb + j) * G + i]); // NIC j forwards to GPU i after a failover
      }
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
