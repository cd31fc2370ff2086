/**
 * `traffic --export-flows`: htsim connection matrices and CSV. The matrix is read here the way htsim's
 * ConnectionMatrix::load reads it (Broadcom/csg-htsim sim/datacenter/connection_matrix.cpp, commit 841d9e7b):
 * header keys until the first `src->dst` line, then connections and `trigger` lines; the counts in the header must
 * match. Expected figures come from the workload's definition (a permutation moves bytesPerPair per GPU; EP
 * combine carries combineBytes/dispatchBytes = 2× dispatch back along each pair).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'topoplan-flows-'));

interface Conn {
  src: number;
  dst: number;
  id?: number;
  start?: number;
  trigger?: number;
  size: number;
  sendDone?: number;
}

function readCm(text: string) {
  const header: Record<string, number> = {};
  const conns: Conn[] = [];
  const triggers: Array<{ id: number; type: string; count?: number }> = [];
  for (const line of text.split('\n')) {
    const t = line.split(' ').filter(Boolean);
    if (t.length === 0) continue;
    if (t[0].startsWith('#')) {
      expect(conns.length, 'comments only in the header').toBe(0);
      continue;
    }
    if (t[0].includes('->')) {
      const [s, d] = t[0].split('->').map(Number);
      const c: Conn = { src: s, dst: d, size: NaN };
      for (let i = 1; i < t.length; i += 2) {
        const v = Number(t[i + 1]);
        if (t[i] === 'id') c.id = v;
        else if (t[i] === 'start') c.start = v;
        else if (t[i] === 'trigger') c.trigger = v;
        else if (t[i] === 'size') c.size = v;
        else if (t[i] === 'send_done_trigger') c.sendDone = v;
        else throw new Error(`unknown token ${t[i]}`);
      }
      expect(c.start === undefined ? c.trigger !== undefined : c.trigger === undefined, 'exactly one of start and trigger').toBe(true);
      if (c.trigger !== undefined) expect(c.id).toBeGreaterThan(0);
      conns.push(c);
    } else if (t[0] === 'trigger') {
      triggers.push({ id: Number(t[2]), type: t[3], count: t[4] === 'count' ? Number(t[5]) : undefined });
    } else {
      expect(conns.length, `header key ${t[0]} before the connections`).toBe(0);
      header[t[0]] = Number(t[1]);
    }
  }
  expect(conns.length).toBe(header.Connections);
  expect(triggers.length).toBe(header.Triggers ?? 0);
  for (const c of conns) {
    expect(Number.isInteger(c.size) && c.size > 0 && c.size <= 2 ** 31 - 1).toBe(true);
    expect(c.src).toBeLessThan(header.Nodes);
    expect(c.dst).toBeLessThan(header.Nodes);
  }
  return { header, conns, triggers };
}

const run = (args: string[]) => {
  const r = cli(['traffic', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return r;
};

describe('traffic --export-flows', () => {
  it('a permutation on ft2:k=16 (gpusPerHost=1): every flow once, sizes summing to the phase demand', () => {
    const cm = join(dir, 'perm.cm');
    const csv = join(dir, 'perm.csv');
    const bytes = 1_000_000;
    run(['ft2:k=16,gpusPerHost=1', '--pattern', 'permutation', '--bytes', String(bytes), '--seed', '3', '--export-flows', `htsim-cm:${cm}`, '--export-flows', `csv:${csv}`]);
    const m = readCm(readFileSync(cm, 'utf8'));
    const N = 128; // k²/2 endpoints
    expect(m.header.Nodes).toBe(N);
    expect(m.conns).toHaveLength(N);
    // a permutation: each GPU sends once and receives once, never to itself
    expect(new Set(m.conns.map((c) => c.src)).size).toBe(N);
    expect(new Set(m.conns.map((c) => c.dst)).size).toBe(N);
    expect(m.conns.every((c) => c.src !== c.dst)).toBe(true);
    expect(m.conns.reduce((a, c) => a + c.size, 0)).toBe(N * bytes);
    expect(m.conns.every((c) => c.start === 0)).toBe(true);
    // the CSV lists the same flows
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('src,dst,bytes,phase,start_us,src_host,src_gpu,dst_host,dst_gpu');
    const fromCsv = rows.slice(1).map((r) => r.split(',').slice(0, 3).join(' ')).sort();
    expect(fromCsv).toEqual(m.conns.map((c) => `${c.src} ${c.dst} ${c.size}`).sort());
  });

  it('the node numbers are htsim FatTree hosts: host i on ToR ⌊i / Radix_Down⌋ is the CSV\'s host on that leaf', () => {
    // gpusPerHost=1, ft2:k=8: 4 endpoints per leaf, endpoint i on leaf ⌊i/4⌋; the .topo says Radix_Down 4.
    const topo = cli(['generate', 'ft2:k=8,gpusPerHost=1', '--format', 'htsim-fattree']).stdout;
    expect(topo).toMatch(/^Radix_Down 4$/m);
    const csv = join(dir, 'num.csv');
    run(['ft2:k=8,gpusPerHost=1', '--pattern', 'permutation', '--export-flows', `csv:${csv}`]);
    const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1);
    expect(rows).toHaveLength(32); // a permutation of the k²/2 = 32 GPUs: one flow each
    for (const row of rows) {
      const [src, , , , , srcHost] = row.split(',').map(Number);
      expect(src).toBe(srcHost); // ft2 puts host h (one GPU) on leaf ⌊h/4⌋, as htsim puts host i on ToR ⌊i/4⌋
    }
  });

  it('flows above 2^31 − 1 bytes are split into several connections, none above the limit', () => {
    const cm = join(dir, 'big.cm');
    const bytes = 5e9;
    run(['ft2:k=4,gpusPerHost=1', '--pattern', 'permutation', '--bytes', String(bytes), '--export-flows', `htsim-cm:${cm}`]);
    const m = readCm(readFileSync(cm, 'utf8'));
    const parts = Math.ceil(bytes / (2 ** 31 - 1));
    expect(m.conns).toHaveLength(8 * parts);
    expect(m.conns.reduce((a, c) => a + c.size, 0)).toBe(8 * bytes);
  });

  it('EP phases are chained: combine waits on a barrier of every dispatch flow, and carries 2× each dispatch back', () => {
    const cm = join(dir, 'ep.cm');
    // the ep64 preset now draws topm gating; expected (fractional) gating is what the export must switch to sampled
    const w = join(dir, 'ep64-expected.yaml');
    writeFileSync(w, readFileSync(new URL('../../workloads/ep64.yaml', import.meta.url), 'utf8').replace('gating: topm', 'gating: expected'));
    const r = run(['ft2:k=16', '--workload', w, '--seed', '5', '--export-flows', `htsim-cm:${cm}`]);
    expect(r.stderr).toMatch(/sampled gating instead \(seed 5/);
    const m = readCm(readFileSync(cm, 'utf8'));
    const dispatch = m.conns.filter((c) => c.start === 0);
    const combine = m.conns.filter((c) => c.trigger !== undefined);
    expect(dispatch.length + combine.length).toBe(m.conns.length);
    expect(m.triggers).toEqual([{ id: 1, type: 'barrier', count: dispatch.length }]);
    expect(dispatch.every((c) => c.sendDone === 1)).toBe(true);
    expect(combine.every((c) => c.trigger === 1 && c.sendDone === undefined)).toBe(true);
    const back = new Map(combine.map((c) => [`${c.src}>${c.dst}`, c.size]));
    expect(back.size).toBe(dispatch.length);
    for (const d of dispatch) expect(Math.abs(back.get(`${d.dst}>${d.src}`)! - 2 * d.size)).toBeLessThanOrEqual(2);
    // ids are unique
    expect(new Set(m.conns.map((c) => c.id)).size).toBe(m.conns.length);
  });

  it('CSV start offsets: each phase starts when the phases before it end under the flow-level model', () => {
    const csv = join(dir, 'pp.csv');
    const r = run(['ft2:k=16', '--workload', 'ep64', '--json', '--export-flows', `csv:${csv}`]);
    const phases = JSON.parse(r.stdout).phases as Array<{ name: string; congestion: { timeSeconds: number } }>;
    const starts = new Map<string, number>();
    for (const row of readFileSync(csv, 'utf8').trim().split('\n').slice(1)) {
      const [, , , phase, start] = row.split(',');
      expect(starts.get(phase) ?? Number(start)).toBe(Number(start)); // one start per phase
      starts.set(phase, Number(start));
    }
    expect([...starts.keys()]).toEqual(phases.map((p) => p.name));
    expect(starts.get(phases[0].name)).toBe(0);
    expect(starts.get(phases[1].name)).toBeCloseTo(phases[0].congestion.timeSeconds * 1e6, 5);
  });

  it('same seed, same file; another seed, another permutation', () => {
    const f = (seed: number, name: string) => {
      const p = join(dir, name);
      run(['ft2:k=8,gpusPerHost=1', '--pattern', 'permutation', '--seed', String(seed), '--export-flows', `htsim-cm:${p}`]);
      return readFileSync(p, 'utf8');
    };
    expect(f(7, 'a.cm')).toBe(f(7, 'b.cm'));
    expect(f(7, 'a.cm')).not.toBe(f(8, 'c.cm'));
  });

  it('uniform on ft2:k=4 with 2 GPUs per host: every ordered pair of GPUs on different hosts, same-host pairs stay on NVLink', () => {
    const csv = join(dir, 'uni.csv');
    run(['ft2:k=4,gpusPerHost=2', '--pattern', 'uniform', '--bytes', '1000', '--export-flows', `csv:${csv}`]);
    const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1).map((r) => r.split(','));
    // 8 GPUs: 8·7 ordered pairs, minus 4 hosts × 2 same-host pairs
    expect(rows).toHaveLength(8 * 7 - 4 * 2);
    expect(rows.every((r) => r[2] === '1000' && r[5] !== r[7])).toBe(true);
  });

  it('a malformed --export-flows is exit 2 with what is allowed', () => {
    const r = cli(['traffic', 'ft2:k=4', '--pattern', 'permutation', '--export-flows', 'pcap:x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--export-flows = "pcap:x": expected <format>:<file> with format htsim-cm or csv/);
  });
});

describe('htsim-generic and infragraph exports', () => {
  /** GenericTopology::load's grammar: three header lines, then comma-separated attribute lines. */
  function readGeneric(text: string) {
    const lines = text.split('\n');
    const head = lines.slice(0, 3).map((l) => /^(Hosts|Switches|Links) (\d+)$/.exec(l));
    expect(head.every(Boolean)).toBe(true);
    const [hosts, switches, links] = head.map((m) => Number(m![2]));
    const items = new Map<string, { cmd: string; attrs: string[][] }>();
    for (const l of lines.slice(3)) {
      if (l === '' || l.startsWith('#')) continue;
      const [first, ...rest] = l.split(', ');
      const [cmd, id] = first.split(' ');
      expect(items.has(id), `duplicate id ${id}`).toBe(false);
      items.set(id, { cmd, attrs: rest.map((a) => a.split(' ')) });
    }
    const of = (cmd: string) => [...items.entries()].filter(([, v]) => v.cmd === cmd);
    return { hosts, switches, links, items, of };
  }

  it('htsim-generic on a Dragonfly: one pipe per physical link, every reference resolves', () => {
    const text = cli(['generate', 'dragonfly:a=4,h=2,p=2', '--format', 'htsim-generic']).stdout;
    const g = readGeneric(text);
    const a = JSON.parse(cli(['analyze', 'dragonfly:a=4,h=2,p=2', '--json']).stdout);
    expect(g.hosts).toBe(a.counts.endpoints);
    expect(g.switches).toBe(a.counts.switches);
    expect(g.links).toBe(a.counts.links + a.counts.endpointLinks);
    expect(g.of('pipe')).toHaveLength(g.links);
    expect(g.of('queue')).toHaveLength(2 * g.links);
    const reverse = new Set(g.of('pipe').map(([, v]) => v.attrs.find((x) => x[0] === 'reverse')![1]));
    for (const [id, q] of g.of('queue')) {
      const dst = q.attrs.find((x) => x[0] === 'dst')![1];
      expect(g.items.get(dst)?.cmd === 'pipe' || reverse.has(dst), `${id} → ${dst}`).toBe(true);
    }
    // every switch lists as many ports (queues) as the links it terminates
    const ports = g.of('switch').reduce((s, [, v]) => s + v.attrs.length, 0);
    expect(ports).toBe(a.counts.portsUsed);
  });

  it('infragraph of superpod-8su: instances and one edge per physical link, ports never reused', async () => {
    const { parse } = await import('yaml');
    const doc = parse(cli(['generate', 'superpod-8su', '--format', 'infragraph']).stdout);
    const inst = Object.fromEntries(doc.instances.map((i: { name: string; count: number }) => [i.name, i.count]));
    expect(inst).toEqual({ host: 256, leaf: 64, spine: 32 });
    expect(doc.edges).toHaveLength(2048 + 2048);
    const linkNames = new Set(doc.links.map((l: { name: string }) => l.name));
    const used = new Set<string>();
    const devices = Object.fromEntries(doc.devices.map((d: { name: string; components: Array<{ name: string; count: number }> }) => [d.name, d]));
    const devOf = Object.fromEntries(doc.instances.map((i: { name: string; device: string }) => [i.name, i.device]));
    for (const e of doc.edges) {
      expect(linkNames.has(e.link)).toBe(true);
      for (const ep of [e.ep1, e.ep2]) {
        const [, name, idx] = /^(\w+)\[(\d+)\]$/.exec(ep.instance)!;
        expect(Number(idx)).toBeLessThan(inst[name]);
        const [, comp, ci] = /^(\w+)\[(\d+)\]$/.exec(ep.component)!;
        const count = devices[devOf[name]].components.find((c: { name: string }) => c.name === comp).count;
        expect(Number(ci)).toBeLessThan(count);
        const key = `${ep.instance}.${ep.component}`;
        expect(used.has(key), key).toBe(false);
        used.add(key);
      }
    }
  });
});

