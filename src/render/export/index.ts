/** Topology exports for packet-level simulators: one module per format, each a pure function of the export view. */
import type { Fabric } from '../../topology/model.js';
import { htsimFatTree } from './htsim-fattree.js';
import { htsimGeneric } from './htsim-generic.js';
import { infragraph } from './infragraph.js';
import { simai, type SimaiGpuType } from './simai.js';
import { exportView } from './view.js';

export const TOPOLOGY_EXPORT_FORMATS = ['htsim-fattree', 'htsim-generic', 'simai', 'infragraph'] as const;
export type TopologyExportFormat = (typeof TOPOLOGY_EXPORT_FORMATS)[number];

export interface TopologyExportOptions {
  linkLatencyNs?: number;
  switchLatencyNs?: number;
  plane?: number;
  queueBytes?: number;
  gpuType?: SimaiGpuType;
  nvlinkLatencyNs?: number;
}

/** The file as chunks, plus notes for stderr (limits of the target simulator this fabric runs into). */
export function exportTopology(f: Fabric, format: TopologyExportFormat, opts: TopologyExportOptions = {}): { chunks: Iterable<string>; notes: string[] } {
  const v = exportView(f);
  const notes: string[] = [];
  switch (format) {
    case 'htsim-fattree':
      return { chunks: [htsimFatTree(v, opts)], notes };
    case 'htsim-generic':
      return { chunks: [...htsimGeneric(v, opts, notes)], notes };
    case 'simai':
      return { chunks: [...simai(v, opts, notes)], notes };
    case 'infragraph':
      return { chunks: infragraph(v, opts), notes };
  }
}
