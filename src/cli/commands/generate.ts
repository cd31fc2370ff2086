import type { Command } from 'commander';
import { buildFabric, closedCounts, estimateModelBytes, guardMemory, unbuildableReason } from '../../topology/build.js';
import { estimateGenerateWork, guardWork } from '../../traffic/work.js';
import { graphmlChunks } from '../../render/graphml.js';
import { writeChunksAtomic } from '../../render/io.js';
import { UsageError } from '../../errors.js';
import { checkOut, choiceArg, intArg, loadTopologies, inputFormatOf, inputFormatOption, memoryOption, superviseIfLong, workOption } from '../common.js';
import { stdoutClosed } from '../process-guards.js';
import { exportTopology, TOPOLOGY_EXPORT_FORMATS, type TopologyExportFormat } from '../../render/export/index.js';
import { SIMAI_GPU_TYPES, type SimaiGpuType } from '../../render/export/simai.js';

const FORMATS = ['json', 'graphml', ...TOPOLOGY_EXPORT_FORMATS] as const;
type Format = (typeof FORMATS)[number];

interface GenerateFlags {
  format: Format;
  json?: boolean;
  out?: string;
  maxMemory: number;
  maxWork: number;
  plane?: number;
  linkLatencyNs: number;
  switchLatencyNs: number;
  queueBytes: number;
  gpuType: SimaiGpuType;
  nvlinkLatencyNs: number;
}

export function register(program: Command): void {
  program
    .command('generate')
    .description('build a topology and write its graph (graphology JSON, GraphML) or a simulator topology (htsim, SimAI/ns-3, InfraGraph)')
    .argument('<topo>', 'preset name, YAML/JSON spec file, or inline family:key=value,...')
    .option('--format <fmt>', `${FORMATS.join(', ')} (docs/interop.md)`, choiceArg('--format', FORMATS), 'json')
    .option('--json', 'the same as --format json: graphology JSON')
    .option('-o, --out <file>', 'output file (default: stdout)')
    .option('--plane <p>', 'htsim-fattree on a multi-plane fabric: the plane to write (default 0)', intArg('--plane', 0, 63))
    .option('--link-latency-ns <ns>', 'simulator formats: propagation latency of every link, ns', intArg('--link-latency-ns', 1, 1e9), 1000)
    .option('--switch-latency-ns <ns>', 'htsim-fattree: per-switch latency, ns', intArg('--switch-latency-ns', 0, 1e9), 0)
    .option('--queue-bytes <n>', 'htsim-generic: egress queue size, bytes', intArg('--queue-bytes', 1, 2 ** 31 - 1), 1000000)
    .option('--nvlink-latency-ns <ns>', 'simai: latency of the GPU–NVSwitch links, ns', intArg('--nvlink-latency-ns', 1, 1e9), 25)
    .option('--gpu-type <t>', `simai: GPU type on the header line (${SIMAI_GPU_TYPES.join(', ')})`, choiceArg('--gpu-type', SIMAI_GPU_TYPES), 'H800')
    .option(...inputFormatOption)
    .option(...memoryOption)
    .option(...workOption)
    .addHelpText(
      'after',
      `
Examples:
  topoplan generate ft2-64 -o ft2.json
  topoplan generate mpft:k=16,planes=4 --format graphml -o mpft.graphml
  topoplan generate ft2:k=16,gpusPerHost=1 --format htsim-fattree -o ft2.topo
  topoplan generate superpod-8su --format simai -o superpod.simai
  topoplan generate df-canonical --format htsim-generic -o df.txt
  topoplan generate ft3:k=8 --format infragraph -o ft3.infragraph.yaml`,
    )
    .action(async (ref: string, o: GenerateFlags) => {
      if (o.json && o.format !== 'json') throw new UsageError(`--json and --format ${o.format}: give one (--json is graphology JSON)`);
      checkOut(o.out, '--out', [ref]);
      if (o.plane !== undefined && o.format !== 'htsim-fattree') throw new UsageError(`--plane = ${o.plane}: applies to --format htsim-fattree only (the other formats write every plane)`);
      const specs = loadTopologies([ref], inputFormatOf(o));
      if (specs.length !== 1) throw new UsageError(`generate takes one topology; ${JSON.stringify(ref)} names ${specs.length}`);
      // the export holds a second copy beside the model: measured peak RSS over the model estimate,
      // ft3:k=80: JSON 0.75, GraphML 1.41 (docs/performance.md); the factors err high. The simulator formats are
      // written line by line like GraphML (htsim-generic: three lines per link), so they take GraphML's factor.
      const memoryFactor = o.format === 'json' ? 1.2 : 1.6;
      if (!unbuildableReason(specs[0])) {
        const counts = closedCounts(specs[0]);
        // memory first (the export holds a second copy), then the work
        guardMemory(specs[0].name, estimateModelBytes(counts) * memoryFactor, o.maxMemory, 'the model and its export');
        const est = estimateGenerateWork(counts);
        guardWork(`generate ${specs[0].name}`, est, o.maxWork);
        superviseIfLong(est.seconds, o.maxMemory);
      }
      const fabric = buildFabric(specs[0], { maxMemoryGiB: o.maxMemory, memoryFactor });
      let chunks: Iterable<string>;
      if (o.format === 'graphml') chunks = graphmlChunks(fabric);
      else if (o.format === 'json') chunks = jsonChunks(fabric.export());
      else {
        const r = exportTopology(fabric, o.format as TopologyExportFormat, {
          plane: o.plane,
          linkLatencyNs: o.linkLatencyNs,
          switchLatencyNs: o.switchLatencyNs,
          queueBytes: o.queueBytes,
          gpuType: o.gpuType,
          nvlinkLatencyNs: o.nvlinkLatencyNs,
        });
        chunks = r.chunks;
        for (const n of r.notes) process.stderr.write(`note: ${n}\n`);
      }
      if (o.out === undefined || o.out === '-') {
        for (const c of chunks) {
          if (stdoutClosed()) break; // the reader went away (| head): stop producing
          process.stdout.write(c);
        }
      } else {
        await writeChunksAtomic(o.out, chunks);
        process.stderr.write(`wrote ${o.out}\n`);
      }
    });
}

/** graphology's serialization, written a slice of nodes/edges at a time. */
function* jsonChunks(s: { attributes?: unknown; options?: unknown; nodes: unknown[]; edges: unknown[] }): Generator<string> {
  yield `{"attributes":${JSON.stringify(s.attributes ?? {})},"options":${JSON.stringify(s.options ?? {})},"nodes":[`;
  for (let i = 0; i < s.nodes.length; i += 10000) yield (i ? ',' : '') + s.nodes.slice(i, i + 10000).map((n) => JSON.stringify(n)).join(',');
  yield '],"edges":[';
  for (let i = 0; i < s.edges.length; i += 10000) yield (i ? ',' : '') + s.edges.slice(i, i + 10000).map((e) => JSON.stringify(e)).join(',');
  yield ']}\n';
}
