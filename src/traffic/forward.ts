/**
 * Maps GPU-to-GPU transfers onto the two networks:
 * - same host: NVLink only (GPU -> NVSwitch hub -> GPU);
 * - different hosts with a fabric path between their NICs (same plane, or a single-plane fabric): the fabric;
 * - different hosts on different planes (MPFT, rail-only): first NVLink to the source host's GPU with the
 *   destination's local index (its NIC is on the destination's plane; NCCL calls this PXN), then the fabric.
 * Failures (`reach`): when that NIC pair has no fabric path (a NIC link down, a plane down, a partition), the
 * transfer fails over, if allowed, to every NIC index k whose pair (source host NIC k, destination host NIC k)
 * still has a path, split equally: NVLink to the source host's GPU k, the fabric on k's plane, NVLink from the
 * destination host's GPU k to the destination. With no such k it is unreachable: counted, never dropped silently.
 * Engine code: typed arrays only.
 */
import type { FabricCsr } from '../topology/csr.js';
import { FlowList } from './flows.js';
import type { HostIndex } from './hosts.js';
import { nicPairUp, type Reach } from './reach.js';

export interface Mapped {
  /** NIC-to-NIC transfers over the fabric */
  fabric: FlowList;
  /** bytes per endpoint on its NVLink spoke, endpoint -> hub and hub -> endpoint */
  nvUp: Float64Array;
  nvDown: Float64Array;
  /** bytes moved by NVLink transfers (each transfer counted once) */
  nvlinkBytes: number;
  /** bytes that had to be relayed to another plane's NIC first */
  pxnBytes: number;
  /** bytes re-routed over another NIC pair (another plane) because their own had no path */
  failoverBytes: number;
  /** bytes and transfers (GPU pairs) with no path at all */
  unreachableBytes: number;
  unreachablePairs: number;
}

export function emptyMapped(endpoints: number): Mapped {
  return { fabric: new FlowList(), nvUp: new Float64Array(endpoints), nvDown: new Float64Array(endpoints), nvlinkBytes: 0, pxnBytes: 0, failoverBytes: 0, unreachableBytes: 0, unreachablePairs: 0 };
}

export interface MapOptions {
  reach?: Reach;
  /** re-route over another NIC pair of the same hosts when a pair has no path (default true) */
  failover?: boolean;
}

/**
 * THE forwarding rule, part 1: the NIC that carries a transfer from GPU a to a GPU of another host with local
 * index `bGpu` on plane `bPlane`, when that NIC pair has a path: a's own NIC when they share a plane (or the
 * fabric has no planes), else (PXN) the NIC of a's host with index bGpu, which is on bPlane.
 * uniform.ts and mapFlows both call it.
 */
export function sendingNic(c: FabricCsr, hi: HostIndex, a: number, bGpu: number, bPlane: number): number {
  const S = c.switches;
  const pa = c.plane[S + a];
  if (pa === bPlane || pa < 0 || bPlane < 0) return a;
  const ha = c.host[S + a];
  const na = hi.endpointOf[ha * hi.gpusPerHost + bGpu];
  if (na < 0 || c.plane[S + na] !== bPlane) throw new Error(`host ${ha} has no NIC on plane ${bPlane}`);
  return na;
}

/**
 * THE forwarding rule, part 2 (failover): when the NIC pair has no path, the NIC indices k whose pair
 * (host ha's NIC k, host hb's NIC k) still has one, written into `out`; the transfer splits equally over them,
 * with NVLink hops at both ends. Returns how many (0: unreachable). uniform.ts and mapFlows both call it.
 */
export function failoverIndices(c: FabricCsr, hi: HostIndex, reach: Reach | undefined, ha: number, hb: number, out: Int32Array): number {
  const G = hi.gpusPerHost;
  let k = 0;
  for (let j = 0; j < G; j++) {
    const sa = hi.endpointOf[ha * G + j];
    const sb = hi.endpointOf[hb * G + j];
    if (sa >= 0 && sb >= 0 && nicPairUp(c, reach, sa, sb)) out[k++] = j;
  }
  return k;
}

export function mapFlows(c: FabricCsr, hi: HostIndex, flows: FlowList, opts: MapOptions = {}, into: Mapped = emptyMapped(c.endpoints)): Mapped {
  const S = c.switches;
  const G = hi.gpusPerHost;
  const reach = opts.reach;
  const failover = opts.failover ?? true;
  const candidates = new Int32Array(G);
  for (let i = 0; i < flows.length; i++) {
    const a = flows.src[i];
    const b = flows.dst[i];
    const x = flows.bytes[i];
    const ha = c.host[S + a];
    if (ha === c.host[S + b]) {
      into.nvUp[a] += x;
      into.nvDown[b] += x;
      into.nvlinkBytes += x;
      continue;
    }
    const na = sendingNic(c, hi, a, c.gpu[S + b], c.plane[S + b]);
    if (nicPairUp(c, reach, na, b)) {
      if (na !== a) {
        into.nvUp[a] += x;
        into.nvDown[na] += x;
        into.nvlinkBytes += x;
        into.pxnBytes += x;
      }
      into.fabric.push(na, b, x);
      continue;
    }
    const hb = c.host[S + b];
    const k = failover ? failoverIndices(c, hi, reach, ha, hb, candidates) : 0;
    if (k === 0) {
      into.unreachableBytes += x;
      into.unreachablePairs++;
      continue;
    }
    const share = x / k;
    into.failoverBytes += x;
    for (let q = 0; q < k; q++) {
      const sa = hi.endpointOf[ha * G + candidates[q]];
      const sb = hi.endpointOf[hb * G + candidates[q]];
      if (sa !== a) {
        into.nvUp[a] += share;
        into.nvDown[sa] += share;
        into.nvlinkBytes += share;
      }
      into.fabric.push(sa, sb, share);
      if (sb !== b) {
        into.nvUp[sb] += share;
        into.nvDown[b] += share;
        into.nvlinkBytes += share;
      }
    }
  }
  return into;
}
