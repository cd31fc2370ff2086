import type { Command } from 'commander';
import { buildFabric } from '../../topology/build.js';
import { graphmlChunks } from '../../render/graphml.js';
import { writeChunksAtomic } from '../../render/io.js';
import { UsageError } from '../../errors.js';
import { checkOut, choiceArg, loadTopologies, memoryOption } from '../common.js';
import { stdoutClosed } from '../process-guards.js';

export function register(program: Command): void {
  program
    .command('generate')
    .description("build a topology and write its graph (graphology JSON or GraphML)")
    .argument('<topo>', 'preset name, YAML/JSON spec file, or inline family:key=value,...')
    .option('--format <fmt>', 'json (graphology export) or graphml', choiceArg('--format', ['json', 'graphml'] as const), 'json')
    .option('--json', 'the same as --format json: graphology JSON')
    .option('-o, --out <file>', 'output file (default: stdout)')
    .option(...memoryOption)
    .addHelpText(
      'after',
      `
Examples:
  topoplan generate ft2-64 -o ft2.json
  topoplan generate mpft:k=16,planes=4 --format graphml -o mpft.graphml`,
    )
    .action(async (ref: string, o: { format: 'json' | 'graphml'; json?: boolean; out?: string; maxMemory: number }) => {
      if (o.json && o.format === 'graphml') throw new UsageError('--json and --format graphml: give one (--json is graphology JSON)');
      checkOut(o.out, '--out', [ref]);
      const specs = loadTopologies([ref]);
      if (specs.length !== 1) throw new UsageError(`generate takes one topology; ${JSON.stringify(ref)} names ${specs.length}`);
      // the export holds a second copy beside the model: measured peak RSS over the model estimate,
      // ft3:k=80: JSON 0.75, GraphML 1.41 (docs/performance.md); the factors err high
      const fabric = buildFabric(specs[0], { maxMemoryGiB: o.maxMemory, memoryFactor: o.format === 'graphml' ? 1.6 : 1.2 });
      const chunks = o.format === 'graphml' ? graphmlChunks(fabric) : jsonChunks(fabric.export());
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
