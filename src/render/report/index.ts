/**
 * `buildReport`: topologies (and optionally a workload) -> one self-contained HTML page. The
 * library entry behind `topoplan report`; same inputs give the same bytes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { assembleComparison, defaultRows, paperColumn, type CompareRow, type Comparison } from '../../analysis/compare.js';
import type { TopoSpec } from '../../topology/spec.js';
import { failureSection, parseScenario } from '../../analysis/failures.js';
import { UsageError } from '../../errors.js';
import { topologyData, type ReportOptions, type TopologyData } from './data.js';
import { renderPage } from './template.js';

export type { ReportOptions, TopologyData } from './data.js';

export interface Report {
  html: string;
  topologies: TopologyData[];
}

const VERSION = '0.1.0';

let cytoscapeText: string | undefined;
function cytoscapeJs(): string {
  cytoscapeText ??= readFileSync(createRequire(import.meta.url).resolve('cytoscape/dist/cytoscape.min.js'), 'utf8');
  return cytoscapeText;
}

let clientText: string | undefined;
/**
 * The page script: client/main.ts and its imports, bundled by esbuild into one IIFE at build time
 * (scripts/build-client.mjs writes dist/src/render/report/client.bundle.js). Run from the TypeScript sources
 * (tests), the same esbuild settings bundle it now, so the page always matches the sources.
 */
export function clientScript(): string {
  if (clientText !== undefined) return clientText;
  const here = dirname(fileURLToPath(import.meta.url));
  const sibling = join(here, 'client.bundle.js');
  if (existsSync(sibling)) return (clientText = readFileSync(sibling, 'utf8'));
  let root = here;
  for (let i = 0; i < 6 && !existsSync(join(root, 'package.json')); i++) root = dirname(root);
  const script = join(root, 'scripts/client-bundle.cjs');
  if (!here.split(sep).includes('dist') && existsSync(script)) {
    const { bundleClient } = createRequire(import.meta.url)(script) as { bundleClient(root: string): string };
    return (clientText = bundleClient(root));
  }
  // a bundled CLI or another entry point: the package's built copy
  const built = join(root, 'dist/src/render/report/client.bundle.js');
  if (existsSync(built)) return (clientText = readFileSync(built, 'utf8'));
  throw new Error(`the report's page script is not built (${built}): run npm run build`);
}

function extraRows(ts: TopologyData[]): CompareRow[] {
  const traffic = new Map(ts.map((t) => [t.analysis, t.traffic]));
  const rows: CompareRow[] = [{ key: 'meanEndpointHops', label: 'mean hops', digits: 2, value: (a) => a.paths?.meanEndpointHops ?? null }];
  if (ts.some((t) => t.traffic))
    rows.push(
      { key: 'jobTimeMs', label: 'workload time, lower bound [ms]', digits: 3, value: (a) => (traffic.get(a) ? traffic.get(a)!.congestion.timeSeconds * 1e3 : null) },
      { key: 'gbpsPerGpu', label: 'workload GB/s per GPU', digits: 2, value: (a) => traffic.get(a)?.congestion.effectiveGBpsPerGpu ?? null },
      { key: 'bindingLink', label: 'binding link', value: (a) => (traffic.get(a)?.congestion.bottleneck ? `${traffic.get(a)!.congestion.bottleneck!.phase}: ${traffic.get(a)!.congestion.bottleneck!.source}→${traffic.get(a)!.congestion.bottleneck!.target}` : null) },
    );
  return rows;
}

export function buildReport(specs: TopoSpec[], opts: ReportOptions & { title?: string; stamp?: string; lead?: string; comparisonIntro?: string } = {}): Report {
  let failApplied = 0;
  const failNotes: string[] = [];
  if (opts.fail !== undefined) {
    const { fail, extend } = opts;
    parseScenario(fail); // a bad scenario is refused before any fabric is built
    opts = {
      ...opts,
      extend: (s, c, a) => {
        if (!c) return { ...extend?.(s, c, a) };
        const section = failureSection(c, fail, opts.workload);
        if ('note' in section.fail) failNotes.push(`${c.spec.name}: ${section.fail.note}`);
        else failApplied++;
        return { ...extend?.(s, c, a), ...section };
      },
    };
  }
  const topologies: TopologyData[] = specs.map((s, i) => {
    opts.onProgress?.(`${s.name}`, i, specs.length);
    return topologyData(s, i, opts);
  });
  // A scenario that fits some fabrics of a group and not others is a note on the others; one that
  // fits none of them is the user's mistake.
  if (opts.fail !== undefined && failApplied === 0 && failNotes.length) throw new UsageError(`--fail ${JSON.stringify(opts.fail)}: applies to none of the fabrics (${failNotes[0]})`);
  const analyses = topologies.map((t) => t.analysis);
  const columns = specs.map((s, i) => ({ name: s.name, family: s.family, buildable: analyses[i].buildable, paper: paperColumn(s) }));
  const comparison: Comparison = assembleComparison(analyses, columns, [...defaultRows, ...extraRows(topologies)], opts.pricebook);
  const html = renderPage({
    title: opts.title ?? 'topoplan report',
    version: VERSION,
    topologies,
    workloadName: opts.workload ? (opts.workload.name ?? opts.workload.kind) : undefined,
    comparison,
    cytoscapeJs: cytoscapeJs(),
    clientJs: clientScript(),
    stamp: opts.stamp,
    lead: opts.lead,
    comparisonIntro: opts.comparisonIntro,
  });
  return { html, topologies };
}
