/**
 * Maps GPU-to-GPU transfers onto the two networks:
 * - same host: NVLink only (GPU -> NVSwitch hub -> GPU);
 * - different hosts with a fabric path between their NICs (same plane, or a single-plane fabric): the fabric;
 * - different hosts on different planes (MPFT, rail-only): first NVLink to the source host's GPU with the
 *   destination's local index (its NIC is on the destination's plane; NCCL calls this PXN), then the fabric.
 * Engine code: typed arrays only.
 */
import type { FabricCsr } from '../topology/csr.js';
import { FlowList } from './flows.js';
import type { HostIndex } from './hosts.js';

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
}

export function emptyMapped(endpoints: number): Mapped {
  return { fabric: new FlowList(), nvUp: new Float64Array(endpoints), nvDown: new Float64Array(endpoints), nvlinkBytes: 0, pxnBytes: 0 };
}

export function mapFlows(c: FabricCsr, hi: HostIndex, flows: FlowList, into: Mapped = emptyMapped(c.endpoints)): Mapped {
  const S = c.switches;
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
    const pa = c.plane[S + a];
    const pb = c.plane[S + b];
    if (pa === pb || pa < 0 || pb < 0) {
      into.fabric.push(a, b, x);
      continue;
    }
    const relay = hi.endpointOf[ha * hi.gpusPerHost + c.gpu[S + b]];
    if (relay < 0 || c.plane[S + relay] !== pb) throw new Error(`host ${ha} has no NIC on plane ${pb}`);
    into.nvUp[a] += x;
    into.nvDown[relay] += x;
    into.nvlinkBytes += x;
    into.pxnBytes += x;
    into.fabric.push(relay, b, x);
  }
  return into;
}
