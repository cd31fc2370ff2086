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

export interface EndpointDemand {
  columns: ColumnSource;
  /** bytes each NIC sends into / receives from the fabric */
  endpointUp: Float64Array;
  endpointDown: Float64Array;
  nvUp: Float64Array;
  nvDown: Float64Array;
  fabricBytes: number;
  nvlinkBytes: number;
  unreachableBytes: number;
  /** bytes of GPU-to-GPU demand in total (fabric + NVLink, before relays) */
  demandBytes: number;
}

/**
 * `alive` (optional, per endpoint): NICs whose link is up. Pairs with a dead NIC on either side cannot use
 * the fabric and are counted in `unreachableBytes`.
 */
export function uniformDemand(c: FabricCsr, hi: HostIndex, bytesPerPair: number, planes: number, alive?: Uint8Array): EndpointDemand {
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
  const up = (e: number) => (alive === undefined || alive[e] ? 1 : 0);
  // Live NICs per leaf and per host: uniform demand scales with them.
  const leafCount = new Int32Array(S);
  const liveOnHost = new Int32Array(hi.hosts);
  let liveTotal = 0;
  for (let e = 0; e < N; e++) {
    if (!up(e)) continue;
    leafCount[c.endpointLeaf[e]]++;
    liveOnHost[c.host[S + e]]++;
    liveTotal++;
  }
  let unreachableBytes = 0;
  const dests: number[] = [];
  for (let s = 0; s < S; s++) if (leafCount[s] > 0) dests.push(s);

  if (planes <= 1) {
    for (let e = 0; e < N; e++) {
      const h = c.host[S + e];
      const g = hostSize[h];
      nvUp[e] = nvDown[e] = (g - 1) * bytesPerPair;
      nvlinkBytes += (g - 1) * bytesPerPair;
      if (up(e)) {
        endpointUp[e] = endpointDown[e] = (liveTotal - liveOnHost[h]) * bytesPerPair;
        fabricBytes += endpointUp[e];
        unreachableBytes += (N - g - (liveTotal - liveOnHost[h])) * bytesPerPair;
      } else unreachableBytes += (N - g) * bytesPerPair;
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
          for (const s of dests) col[s] = (leafCount[s] * nt - (sameHost.get(t * S + s) ?? 0)) * bytesPerPair;
        },
      },
      endpointUp, endpointDown, nvUp, nvDown, fabricBytes, nvlinkBytes, unreachableBytes,
      demandBytes: N * (N - 1) * bytesPerPair,
    };
  }

  if (G !== planes) throw new UsageError(`uniform pattern on a ${planes}-plane fabric needs one NIC per plane per host (gpusPerHost = planes), got gpusPerHost = ${G}`);
  // Every host has all G GPUs (multi-plane families build whole hosts). NIC (h, j) carries everything host h
  // sends to GPUs j of other hosts; a dead NIC strands that traffic (no second NIC on the plane).
  const livePerPlane = new Int32Array(planes);
  for (let e = 0; e < N; e++) if (up(e)) livePerPlane[c.plane[S + e]]++;
  for (let e = 0; e < N; e++) {
    const live = livePerPlane[c.plane[S + e]];
    nvUp[e] = nvDown[e] = (G - 1) * bytesPerPair + (hi.hosts - 1) * (G - 1) * bytesPerPair;
    nvlinkBytes += nvUp[e];
    if (up(e)) {
      endpointUp[e] = endpointDown[e] = (live - 1) * G * bytesPerPair;
      fabricBytes += endpointUp[e];
      unreachableBytes += (hi.hosts - live) * G * bytesPerPair;
    } else unreachableBytes += (hi.hosts - 1) * G * bytesPerPair;
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
    endpointUp, endpointDown, nvUp, nvDown, fabricBytes, nvlinkBytes, unreachableBytes,
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
