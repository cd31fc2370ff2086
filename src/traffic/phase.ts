/**
 * One traffic phase on one fabric: demand -> NVLink/fabric mapping -> routing -> congestion.
 * A phase is either uniform all-to-all (analytic, never N² pairs) or an explicit GPU-level flow list.
 */
import type { FabricCsr } from '../topology/csr.js';
import { congestion, type Congestion } from './congestion.js';
import { FlowList } from './flows.js';
import { mapFlows } from './forward.js';
import type { HostIndex } from './hosts.js';
import { flowColumns, routeIdeal, type ColumnSource, type RouteOptions } from './route-ideal.js';
import { routeHash, type HashStats } from './route-hash.js';
import { flowEndpointLoads, uniformDemand } from './uniform.js';

export type PhaseDemand = { kind: 'uniform'; bytesPerPair: number } | { kind: 'flows'; flows: FlowList };

export interface PhaseOptions extends RouteOptions {
  routing?: 'ideal' | 'ecmp-hash';
  seed?: number;
  trials?: number;
  /** flows routed per hash trial before sampling */
  maxHashFlows?: number;
  topN?: number;
  /** keep the per-arc loads in the result (for the report / failure analysis) */
  keepArcLoads?: boolean;
}

export interface PhaseDemandSummary {
  /** GPU-to-GPU demand, all of it (fabric and NVLink) */
  demandBytes: number;
  /** bytes injected into the fabric by NICs */
  fabricBytes: number;
  /** bytes moved over NVLink (intra-host, relays to another plane's NIC, forwarding copies) */
  nvlinkBytes: number;
  /** part of nvlinkBytes relayed to reach another plane (PXN) */
  pxnBytes: number;
  /** fabric bytes with no path (failed links, or no plane reachable) */
  unreachableBytes: number;
  deliveredBytes: number;
  /** Σ bytes × switch-to-switch hops */
  switchHopBytes: number;
}

export interface PhaseResult {
  demand: PhaseDemandSummary;
  congestion: Congestion;
  routing: { model: 'ideal' | 'ecmp-hash'; destinations: number; hash?: HashStats };
  arcLoad?: Float64Array;
}

export function runPhase(c: FabricCsr, hi: HostIndex, planes: number, d: PhaseDemand, opts: PhaseOptions = {}): PhaseResult {
  let columns: ColumnSource;
  let endpointUp: Float64Array;
  let endpointDown: Float64Array;
  let nvUp: Float64Array;
  let nvDown: Float64Array;
  let fabricBytes: number;
  let nvlinkBytes: number;
  let pxnBytes = 0;
  let demandBytes: number;
  let fabricFlows: FlowList | undefined;
  // A NIC whose link is down can neither send nor receive over the fabric.
  const failed = opts.failed;
  let alive: Uint8Array | undefined;
  if (failed) {
    alive = new Uint8Array(c.endpoints);
    for (let e = 0; e < c.endpoints; e++) alive[e] = failed[c.endpointUpArc[e] >> 1] ? 0 : 1;
  }
  let unreachableAccess = 0;
  if (d.kind === 'uniform') {
    const u = uniformDemand(c, hi, d.bytesPerPair, planes, alive);
    ({ columns, endpointUp, endpointDown, nvUp, nvDown, fabricBytes, nvlinkBytes, demandBytes } = u);
    unreachableAccess = u.unreachableBytes;
    pxnBytes = planes > 1 ? u.nvlinkBytes - sumIntraHost(hi, d.bytesPerPair) : 0;
  } else {
    const m = mapFlows(c, hi, d.flows);
    ({ nvUp, nvDown, nvlinkBytes, pxnBytes } = m);
    fabricFlows = m.fabric;
    if (alive) {
      const kept = new FlowList(m.fabric.length + 1);
      for (let i = 0; i < m.fabric.length; i++) {
        if (alive[m.fabric.src[i]] && alive[m.fabric.dst[i]]) kept.push(m.fabric.src[i], m.fabric.dst[i], m.fabric.bytes[i]);
        else unreachableAccess += m.fabric.bytes[i];
      }
      fabricFlows = kept;
    }
    ({ endpointUp, endpointDown, fabricBytes } = flowEndpointLoads(c, fabricFlows));
    fabricBytes += unreachableAccess;
    columns = flowColumns(c, fabricFlows);
    demandBytes = d.flows.total();
  }

  const model = opts.routing ?? 'ideal';
  let arcLoad: Float64Array;
  let delivered: number;
  let unreachable: number;
  let hopBytes: number;
  let hash: HashStats | undefined;
  if (model === 'ideal') {
    const r = routeIdeal(c, columns, opts);
    ({ arcLoad, hopBytes } = r);
    delivered = r.deliveredBytes;
    unreachable = r.unreachableBytes;
  } else {
    const r = routeHash(c, hi, planes, d, fabricFlows, opts);
    ({ arcLoad, hash } = r);
    delivered = r.deliveredBytes;
    unreachable = r.unreachableBytes;
    hopBytes = r.hopBytes;
  }
  for (let e = 0; e < c.endpoints; e++) {
    arcLoad[c.endpointUpArc[e]] += endpointUp[e];
    arcLoad[c.endpointDownArc[e]] += endpointDown[e];
    if (c.nvUpArc[e] >= 0) {
      arcLoad[c.nvUpArc[e]] += nvUp[e];
      arcLoad[c.nvDownArc[e]] += nvDown[e];
    }
  }
  let senders = 0;
  let sent = 0;
  for (let e = 0; e < c.endpoints; e++) {
    if (endpointUp[e] > 0) senders++;
    sent += endpointUp[e];
  }
  const cong = congestion(c, arcLoad, sent - unreachable, senders, opts.topN ?? 10);
  if (hash) {
    // Pinned flows load single lanes: the busiest lane, not the per-lane average, bounds the phase.
    cong.maxSwitchLinkBytes = hash.maxSwitchLinkBytesMean;
    cong.maxLinkBytes = Math.max(cong.maxLinkBytes, hash.maxSwitchLinkBytesMean);
    cong.timeSeconds = Math.max(cong.timeSeconds, hash.timeSecondsMean);
  }
  return {
    demand: {
      demandBytes,
      fabricBytes,
      nvlinkBytes,
      pxnBytes,
      unreachableBytes: unreachable + unreachableAccess,
      deliveredBytes: delivered,
      switchHopBytes: hopBytes,
    },
    congestion: cong,
    routing: { model, destinations: columns.destinations.length, ...(hash ? { hash } : {}) },
    ...(opts.keepArcLoads ? { arcLoad } : {}),
  };
}

function sumIntraHost(hi: HostIndex, bytesPerPair: number): number {
  const G = hi.gpusPerHost;
  return hi.hosts * G * (G - 1) * bytesPerPair;
}
