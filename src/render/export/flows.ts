/**
 * Flow exports of `traffic --export-flows`:
 * - htsim-cm: htsim's connection matrix (Broadcom/csg-htsim sim/datacenter/connection_matrix.cpp,
 *   ConnectionMatrix::load): `Nodes`, `Connections`, `Triggers`, then one `src->dst id <n> ... size <bytes>` line
 *   per connection and one `trigger id <t> barrier count <n>` line per phase boundary. The first phase starts at
 *   0; every later phase waits on a barrier trigger fired by the previous phase's send_done_trigger.
 * - csv: src,dst,bytes,phase,start_us,src_host,src_gpu,dst_host,dst_gpu, with start_us the phase's start offset
 *   under topoplan's flow-level time model (the phases before it run back to back).
 * Sizes are whole bytes: a phase's flows are rounded cumulatively (each flow's size is the difference of the
 * rounded running totals), so a phase's sizes sum to its rounded total. htsim reads size with stoi into an int:
 * a flow above 2^31 − 1 bytes is written as several connections of the same pair, none above the limit.
 */
import type { ExportPhase } from '../../traffic/flow-export.js';

/** htsim's connection.size is an int (stoi). */
export const HTSIM_MAX_FLOW_BYTES = 2 ** 31 - 1;

/** Node numbers for the export: export number of each CSR endpoint, plus its host and GPU. */
export interface FlowNumbering {
  nodes: number;
  number: Int32Array;
  host: Int32Array;
  gpu: Int32Array;
}

export interface WholeFlow {
  src: number;
  dst: number;
  bytes: number;
}

/** Whole-byte flows of a phase, split at `limit`; flows that round to 0 bytes are dropped. */
export function wholeFlows(p: ExportPhase, n: FlowNumbering, limit = Number.MAX_SAFE_INTEGER): WholeFlow[] {
  const out: WholeFlow[] = [];
  let exact = 0;
  let written = 0;
  for (let i = 0; i < p.flows.length; i++) {
    exact += p.flows.bytes[i];
    let size = Math.round(exact) - written;
    written += size;
    const src = n.number[p.flows.src[i]];
    const dst = n.number[p.flows.dst[i]];
    while (size > 0) {
      const part = Math.min(size, limit);
      out.push({ src, dst, bytes: part });
      size -= part;
    }
  }
  return out;
}

export function* htsimCm(phases: ExportPhase[], n: FlowNumbering, about: string[]): Generator<string> {
  const per = phases.map((p) => wholeFlows(p, n, HTSIM_MAX_FLOW_BYTES));
  const used = per.map((f, i) => ({ f, p: phases[i] })).filter((x) => x.f.length > 0);
  const conns = used.reduce((a, x) => a + x.f.length, 0);
  const triggers = Math.max(0, used.length - 1);
  const head = about.map((l) => `# ${l}`);
  for (const { p, f } of used.map((x) => x))
    head.push(`# phase ${p.name}: ${f.length} connections, ${f.reduce((a, x) => a + x.bytes, 0)} B on the fabric; ${Math.round(p.nvlinkBytes)} B same-host (NVLink, not listed)`);
  head.push(`Nodes ${n.nodes}`, `Connections ${conns}`);
  if (triggers > 0) head.push(`Triggers ${triggers}`);
  yield head.join('\n') + '\n';
  let id = 0;
  for (let k = 0; k < used.length; k++) {
    const start = k === 0 ? 'start 0' : `trigger ${k}`;
    const done = k < used.length - 1 ? ` send_done_trigger ${k + 1}` : '';
    const lines: string[] = [];
    for (const f of used[k].f) lines.push(`${f.src}->${f.dst} id ${++id} ${start} size ${f.bytes}${done}`);
    for (let i = 0; i < lines.length; i += 20000) yield lines.slice(i, i + 20000).join('\n') + '\n';
  }
  const trig: string[] = [];
  for (let k = 1; k < used.length; k++) trig.push(`trigger id ${k} barrier count ${used[k - 1].f.length}`);
  if (trig.length) yield trig.join('\n') + '\n';
}

export function* flowsCsv(phases: ExportPhase[], n: FlowNumbering, phaseSeconds: number[]): Generator<string> {
  yield 'src,dst,bytes,phase,start_us,src_host,src_gpu,dst_host,dst_gpu\n';
  const nodeOf = new Map<number, number>();
  n.number.forEach((num, e) => nodeOf.set(num, e));
  let start = 0;
  for (let k = 0; k < phases.length; k++) {
    const lines: string[] = [];
    const us = +(start * 1e6).toFixed(6);
    for (const f of wholeFlows(phases[k], n)) {
      const a = nodeOf.get(f.src)!;
      const b = nodeOf.get(f.dst)!;
      lines.push(`${f.src},${f.dst},${f.bytes},${phases[k].name},${us},${n.host[a]},${n.gpu[a]},${n.host[b]},${n.gpu[b]}`);
    }
    for (let i = 0; i < lines.length; i += 20000) yield lines.slice(i, i + 20000).join('\n') + '\n';
    start += phaseSeconds[k] ?? 0;
  }
}
