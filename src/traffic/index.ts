/** The traffic engine's public surface: what other modules (failure analysis, compare, report) call. */
export { runTraffic, type TrafficOptions, type TrafficResult, type NamedPhase, type EdgeLoad, type WorkloadRef } from './run.js';
export { loadWorkload, parseWorkload, workloadPresets, type Workload, type EpWorkload, type PpWorkload } from './workload.js';
export { paperTpot, tpotSimple, tpotFromComm, type Tpot, type TpotInputs } from './tpot.js';
export type { LinkLoad, LinkKind, Congestion } from './congestion.js';
