/**
 * topoplan's public library API: everything the `topoplan` CLI prints can be computed from here.
 * Grouped as the CLI is: specs and families, build, analyze, traffic, failures, cost, compare, plan, render.
 * Examples: docs/api.md (each one is run by test/api/docs.test.ts).
 */

// errors: every bad input is a UsageError (SpecError names the field); the CLI exits 2 on them
export { UsageError, SpecError, ResourceError } from './errors.js';

// specs and families
export { resolveTopology, validateSpec, parseInline, presetNames, type TopoSpec } from './topology/spec.js';
export { registerFamily, unregisterFamily, getFamily, familyNames, allFamilies } from './topology/registry.js';
export {
  commonShape,
  evenRadix,
  ceilDiv,
  type Family,
  type ClosedCounts,
  type ClosedBisection,
  type SizingRequest,
  type SizingOption,
  type LeafGroup,
} from './topology/family.js';

// build: the engine (the model analyses read; families write it directly) and the graph-shaped Fabric over it
export { buildFabric, closedCounts, unbuildableReason, estimateModelBytes, type BuildOptions } from './topology/build.js';
export { compile, type Compiled } from './topology/compiled.js';
export { compileCsr, type FabricCsr } from './topology/csr.js';
export { measureCounts, type MeasuredCounts } from './topology/counts.js';
export { newFabric, familyFabric, familyEngine, addHostScaleUp, addLinks, addBundle, endpointId, nvswitchId, type Fabric, type NodeAttrs, type EdgeAttrs, type Tier, type SwitchRole, type EdgeLayer } from './topology/model.js';
export { Engine, type SwitchInit, type EndpointExtra } from './topology/engine.js';
export { fabricOf } from './topology/engine-fabric.js';

// analyze
export { analyze, analyzeCompiled, type Analysis, type AnalyzeOptions } from './analysis/analyze.js';
export { bisection, theoreticalBisection, naturalHalves, cutBetween, type Bisection, type CutResult } from './topology/bisection.js';
export { pathDiversity, type PairClass } from './topology/diversity.js';
export { pathStats, type PathStats } from './topology/paths.js';
export { uniformSaturation, type Saturation } from './analysis/saturation.js';

// traffic
export { runTraffic, type TrafficOptions, type TrafficResult, type WorkloadRef } from './traffic/run.js';
export { loadWorkload, parseWorkload, workloadPresets, type Workload } from './traffic/workload.js';
export { paperTpot, tpotSimple, tpotFromComm, type Tpot, type TpotInputs } from './traffic/tpot.js';
export { tpotReport, type TpotOptions, type TpotReport } from './analysis/tpot.js';

// failures
export { failureAnalysis, parseScenario, failureTable, failureSection, type FailureScenario, type FailureReport } from './analysis/failures.js';

// cost
export { loadPricebook, pricebookNames, defaultPricebook, type Pricebook } from './topology/pricebook.js';
export { costSections } from './topology/cost-sections.js';

// compare
export { compareTopologies, tabulate, defaultRows, paperColumn, TABLE3, type Comparison, type CompareOptions, type CompareRow } from './analysis/compare.js';

// plan
export { plan, type PlanOptions, type PlanResult } from './plan/plan.js';
export { enumerateCandidates, type PlanRequest, type Candidate, type CandidateSet } from './plan/candidates.js';

// render
export { renderAnalysis } from './render/analysis.js';
export { renderCompare, compareCsv, compareMarkdown } from './render/compare.js';
export { renderTraffic } from './render/traffic.js';
export { renderFailures } from './render/failures.js';
export { renderPlan, renderPlanMarkdown } from './render/plan.js';
export { graphmlChunks } from './render/graphml.js';
export { buildReport, type Report, type ReportOptions } from './render/report/index.js';

// interop (docs/interop.md): simulator topology exports, flow exports, simulator imports
export { exportTopology, TOPOLOGY_EXPORT_FORMATS, type TopologyExportFormat, type TopologyExportOptions } from './render/export/index.js';
export { exportView, flowNumbering, type ExportView } from './render/export/view.js';
export { htsimCm, flowsCsv, wholeFlows, HTSIM_MAX_FLOW_BYTES } from './render/export/flows.js';
export { exportPhases, workloadPhases, exportableWorkload, type ExportPhase } from './traffic/flow-export.js';
export { parseSimai, parseDataRate } from './topology/import/simai.js';
export { parseHtsimFatTree, parseHtsimFatTreeSpec, htsimFatTreeSizes } from './topology/import/htsim-fattree.js';
