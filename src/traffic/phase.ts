/**
 * One traffic phase on one fabric: demand -> NVLink/fabric mapping -> routing -> congestion.
 * A phase is either uniform all-to-all (analytic, never N² pairs) or an explicit GPU-level flow list.
 */
import type { FabricCsr } from '../topology/csr.js';
import { congestion, linkLoad, type Congestion } from './congestion.js';
import { FlowList } from './flows.js';
import { mapFlows } from './forward.js';
import type { HostIndex } from './hosts.js';
import { flowColumns, routeIdeal, type ColumnSource } from './route-ideal.js';
import { routeHash, type HashStats } from './route-hash.js';
import { flowEndpointLoads, uniformDemand } from './uniform.js';
import { reachUnder } from './reach.js';
import type { RoutingName } from './routing.js';
import { flowPhase, type FlowPhaseResult } from './flow-model.js';
import { flowRouting } from './flow-routes.js';
import type { UgalDecision } from './route-ugal.js';
import { UsageError } from '../errors.js';
import { routeMinimal, routeUgal, routeValiant, type RouterOptions, type UgalStats } from './route-valiant.js';

export type PhaseDemand = { kind: 'uniform'; bytesPerPair: number } | { kind: 'flows'; flows: FlowList };

export interface PhaseOptions extends RouterOptions {
  routing?: RoutingName;
  seed?: number;
  trials?: number;
  /** flows routed per hash trial before sampling */
  maxHashFlows?: number;
  topN?: number;
  /** keep the per-arc loads in the result (for the report / failure analysis) */
  keepArcLoads?: boolean;
  /**
   * when a NIC pair has no path (failures), re-route over the hosts' other NIC pairs, i.e. other planes in
   * MPFT, with NVLink hops at both ends (default true); false: count it unreachable
   */
  failover?: boolean;
  /** time model: 'bound' (busiest link, default) or 'flow' (max-min fair, event-driven; flow-model.ts) */
  model?: 'bound' | 'flow';
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
  /** GPU-to-GPU demand with no path (failed links, or no plane reachable): bytes and transfers (ordered GPU pairs) */
  unreachableBytes: number;
  unreachablePairs: number;
  /** bytes re-routed over another NIC pair / plane because their own had no path */
  failoverBytes: number;
  deliveredBytes: number;
  /** Σ bytes × switch-to-switch hops */
  switchHopBytes: number;
}

export interface PhaseResult {
  demand: PhaseDemandSummary;
  congestion: Congestion;
  routing: { model: RoutingName; destinations: number; passes: number; hash?: HashStats; ugal?: UgalStats };
  /** with model 'flow' */
  flow?: FlowPhaseResult;
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
  let pxnBytes: number;
  let failoverBytes: number;
  let demandBytes: number;
  let fabricFlows: FlowList | undefined;
  let unreachableMapped: number;
  let unreachablePairs: number;
  const failed = opts.failed;
  const reach = failed ? reachUnder(c, failed) : undefined;
  if (d.kind === 'uniform') {
    const u = uniformDemand(c, hi, d.bytesPerPair, planes, reach, opts.failover ?? true);
    ({ columns, endpointUp, endpointDown, nvUp, nvDown, fabricBytes, nvlinkBytes, demandBytes, pxnBytes, failoverBytes, unreachablePairs } = u);
    unreachableMapped = u.unreachableBytes;
  } else {
    // Structural disconnections (imported fabrics) are found the same way as failures.
    const m = mapFlows(c, hi, d.flows, { reach: reach ?? reachUnder(c, new Uint8Array(c.edges)), failover: opts.failover ?? true });
    ({ nvUp, nvDown, nvlinkBytes, pxnBytes, failoverBytes, unreachablePairs } = m);
    unreachableMapped = m.unreachableBytes;
    fabricFlows = m.fabric;
    ({ endpointUp, endpointDown, fabricBytes } = flowEndpointLoads(c, fabricFlows));
    columns = flowColumns(c, fabricFlows);
    demandBytes = d.flows.total();
  }

  const model = opts.routing ?? 'ideal';
  let arcLoad: Float64Array;
  let delivered: number;
  let unreachable: number;
  let hopBytes: number;
  let hash: HashStats | undefined;
  let arcLaneMax: Float64Array | undefined;
  let passes = columns.destinations.length;
  let ugal: UgalStats | undefined;
  let decision: UgalDecision | undefined;
  if (model === 'ideal' || model === 'minimal' || model === 'valiant' || model === 'ugal') {
    // minimal = ideal on a router network; Valiant and UGAL are built from minimal passes (route-valiant.ts)
    const r = model === 'valiant' ? routeValiant(c, columns, opts) : model === 'ugal' ? routeUgal(c, columns, opts) : model === 'minimal' ? routeMinimal(c, columns, opts) : routeIdeal(c, columns, opts);
    ({ arcLoad, hopBytes, passes } = r);
    delivered = r.deliveredBytes;
    unreachable = r.unreachableBytes;
    if ('ugal' in r) {
      ugal = r.ugal as UgalStats;
      decision = (r as unknown as { decision: UgalDecision }).decision;
    }
  } else {
    const r = routeHash(c, hi, planes, d, fabricFlows, { ...opts, reach });
    ({ arcLoad, hash, arcLaneMax } = r);
    delivered = r.deliveredBytes;
    unreachable = r.unreachableBytes;
    hopBytes = r.hopBytes;
  }
  const { endpointUpArc, endpointDownArc, nvUpArc, nvDownArc } = c;
  for (let e = 0; e < c.endpoints; e++) {
    arcLoad[endpointUpArc[e]] += endpointUp[e];
    arcLoad[endpointDownArc[e]] += endpointDown[e];
    if (nvUpArc[e] >= 0) {
      arcLoad[nvUpArc[e]] += nvUp[e];
      arcLoad[nvDownArc[e]] += nvDown[e];
    }
  }
  let senders = 0;
  let sent = 0;
  for (let e = 0; e < c.endpoints; e++) {
    if (endpointUp[e] > 0) senders++;
    sent += endpointUp[e];
  }
  const cong = congestion(c, arcLoad, sent - unreachable, senders, opts.topN ?? 10, failed);
  if (ugal) {
    // the phase bound under all-minimal / all-Valiant: their busiest switch link, or a NIC / NVLink link, which
    // every routing loads alike
    let endpointSide = 0;
    for (let e = 0; e < c.endpoints; e++)
      for (const a of [c.endpointUpArc[e], c.endpointDownArc[e], c.nvUpArc[e], c.nvDownArc[e]])
        if (a >= 0 && arcLoad[a] > 0) endpointSide = Math.max(endpointSide, arcLoad[a] / ((c.lanes[a >> 1] * c.gbps[a >> 1] * 1e9) / 8));
    ugal.minimalPhaseSeconds = Math.max(endpointSide, ugal.minimalSeconds);
    ugal.valiantPhaseSeconds = Math.max(endpointSide, ugal.valiantSeconds);
  }
  // the flow model under ecmp-hash pins flows as the first hash trial: its bound is that trial's busiest lane
  const fluidBound = cong.timeSeconds;
  if (hash) {
    // Pinned flows load single lanes: the busiest lane, not the per-lane average, bounds the phase.
    cong.maxSwitchLinkBytes = hash.maxSwitchLinkBytesMean;
    cong.maxLinkBytes = Math.max(cong.maxLinkBytes, hash.maxSwitchLinkBytesMean);
    if (hash.timeSecondsMean > cong.timeSeconds && hash.busiestArc >= 0) {
      cong.timeSeconds = hash.timeSecondsMean;
      // bandwidth per GPU is bytes ÷ the phase time (docs/schema.md glossary): follow the time just raised
      cong.effectiveGBpsPerGpu = senders > 0 ? (sent - unreachable) / senders / cong.timeSeconds / 1e9 : 0;
    }
    // Binding link and hot links from one statistic: each link's busiest lane, averaged over trials
    // (a link's bytes stated as if every lane carried its busiest lane's load). NIC and NVLink links
    // are not hashed, so their loads stand as they are.
    const stat = Float64Array.from(arcLoad);
    for (let i = 0; i < c.swArc.length; i++) stat[c.swArc[i]] = arcLaneMax![c.swArc[i]] * c.lanes[c.swArc[i] >> 1];
    const byLane = congestion(c, stat, sent - unreachable, senders, opts.topN ?? 10, failed);
    const rescale = (l: ReturnType<typeof linkLoad>) => ({ ...l, utilization: cong.timeSeconds > 0 ? l.seconds / cong.timeSeconds : 0 });
    cong.hotLinks = byLane.hotLinks.map(rescale);
    cong.bottleneck = byLane.bottleneck && rescale(byLane.bottleneck);
  }
  let flow: FlowPhaseResult | undefined;
  if (opts.model === 'flow') {
    if (!fabricFlows) throw new UsageError('--model flow: needs explicit flows; uniform all-to-all has N² of them (use the bound, exact there for ideal routing)');
    let nvBound = 0;
    for (let e = 0; e < c.endpoints; e++)
      for (const a of [c.nvUpArc[e], c.nvDownArc[e]]) if (a >= 0 && arcLoad[a] > 0) nvBound = Math.max(nvBound, arcLoad[a] / ((c.lanes[a >> 1] * c.gbps[a >> 1] * 1e9) / 8));
    if (hash?.sampled) throw new UsageError(`--model flow: --routing ecmp-hash samples ${hash.flowsRouted} of ${hash.flowsTotal} flows (more than 500,000); the flow model pins every flow: use a smaller job or --routing ideal`);
    const routes = flowRouting(c, model, { dragonfly: opts.dragonfly, failed, seed: opts.seed, ugal: decision, pairs: Math.min(columns.destinations.length * c.switches, fabricFlows.length) });
    const bound = hash && hash.busiestArc >= 0 ? Math.max(fluidBound, hash.busiestLaneBytes / ((c.gbps[hash.busiestArc >> 1] * 1e9) / 8)) : cong.timeSeconds;
    flow = flowPhase(c, fabricFlows, bound, nvBound, failed, routes);
  }
  return {
    ...(flow ? { flow } : {}),
    demand: {
      demandBytes,
      fabricBytes,
      nvlinkBytes,
      pxnBytes,
      unreachableBytes: unreachable + unreachableMapped,
      unreachablePairs,
      failoverBytes,
      deliveredBytes: delivered,
      switchHopBytes: hopBytes,
    },
    congestion: cong,
    routing: { model, destinations: columns.destinations.length, passes, ...(hash ? { hash } : {}), ...(ugal ? { ugal } : {}) },
    ...(opts.keepArcLoads ? { arcLoad } : {}),
  };
}

