/**
 * SimAI / ns-3 topology export and import. The file format is read in the test from its definition
 * (aliyun/SimAI astra-sim-alibabacloud/astra-sim/network_frontend/ns3/common.h SetupNetwork, commit cef83f9d):
 * header "node_num gpus_per_server nvswitch_num switch_num link_num gpu_type", the NVSwitch ids then the switch
 * ids, then link_num lines "src dst rate delay error_rate". The Spectrum-X-style fixture is written here from
 * gen_Topo_Template.py's description (rail r of a 32-server segment on leaf segment·8 + r, leaves × spines full).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'topoplan-simai-'));

function readSimai(text: string) {
  const lines = text.trim().split('\n');
  const [nodes, gps, nv, sw, links, type] = lines[0].split(' ');
  const ids = lines[1].trim().split(' ').map(Number);
  const nvIds = new Set(ids.slice(0, Number(nv)));
  const swIds = new Set(ids.slice(Number(nv)));
  const kind = (id: number) => (nvIds.has(id) ? 'nv' : swIds.has(id) ? 'sw' : 'gpu');
  const byKind: Record<string, number> = {};
  const leaves = new Set<number>();
  for (const l of lines.slice(2)) {
    const [a, b] = l.split(' ').map(Number);
    const k = [kind(a), kind(b)].sort().join('-');
    byKind[k] = (byKind[k] ?? 0) + 1;
    if (k === 'gpu-sw') leaves.add(kind(a) === 'sw' ? a : b);
  }
  return { nodes: Number(nodes), gpusPerServer: Number(gps), nvswitches: Number(nv), switches: Number(sw), links: Number(links), type, byKind, leaves: leaves.size, lines: lines.length - 2 };
}

const analyze = (ref: string, extra: string[] = []) => {
  const r = cli(['analyze', ref, '--json', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

const COUNT_KEYS = ['endpoints', 'hosts', 'switches', 'links', 'endpointLinks', 'portsUsed', 'nvlinkEdges'];

describe('SimAI export', () => {
  it('superpod-8su: 64 + 32 switches, 2,048 + 2,048 links (plus 2,048 NVLinks), and re-imports to the same counts', () => {
    const file = join(dir, 'superpod-8su.simai');
    const r = cli(['generate', 'superpod-8su', '--format', 'simai', '-o', file]);
    expect(r.code).toBe(0);
    const s = readSimai(readFileSync(file, 'utf8'));
    // 8 SUs × 32 hosts × 8 GPUs; one NVSwitch per host; 8 rail leaves per SU; 32 spines
    expect(s).toMatchObject({ gpusPerServer: 8, nvswitches: 256, switches: 64 + 32, type: 'H800' });
    expect(s.byKind).toEqual({ 'gpu-sw': 2048, 'sw-sw': 64 * 32, 'gpu-nv': 2048 });
    expect(s.leaves).toBe(64);
    expect(s.links).toBe(s.lines);
    expect(s.nodes).toBe(2048 + 256 + 96);
    const a = analyze(file);
    const b = analyze('superpod-8su');
    for (const key of COUNT_KEYS) expect(a.counts[key], key).toBe(b.counts[key]);
    expect(a.counts.switchesByTier).toEqual({ tier1: 64, tier2: 32 });
    // a fixed point: the imported file exports to the same file
    const again = cli(['generate', file, '--format', 'simai']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(readFileSync(file, 'utf8'));
  });

  it.each(['ft2:k=16', 'ft3:k=8,gpusPerHost=4', 'mpft:k=8,planes=4,gpusPerHost=4'])('%s → simai → topoplan keeps counts, bisection and uniform ECMP loads exactly', (ref) => {
    const file = join(dir, `${ref.replace(/\W/g, '_')}.simai`);
    expect(cli(['generate', ref, '--format', 'simai', '-o', file]).code).toBe(0);
    const a = analyze(file);
    const b = analyze(ref);
    for (const key of [...COUNT_KEYS, 'planes']) expect(a.counts[key], key).toBe(b.counts[key]);
    expect(a.counts.switchesByTier).toEqual(b.counts.switchesByTier);
    for (const key of ['cutGbps', 'randomMinGbps', 'perEndpointGbps', 'perEndpointFraction']) expect(a.bisection[key], key).toBe(b.bisection[key]);
    const loads = (t: string) => {
      const r = cli(['traffic', t, '--pattern', 'uniform', '--bytes', '1000000', '--json', '--edge-loads']);
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout);
      // edge keys differ between the two graphs: compare the multiset of per-edge (larger, smaller) loads
      const per = Object.values(j.phases[0].edgeLoads as Record<string, number[]>).map(([f, rv]) => [Math.max(f, rv), Math.min(f, rv)]);
      per.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      return { per, time: j.congestion.timeSeconds, max: j.congestion.maxSwitchLinkBytes };
    };
    const x = loads(file);
    const y = loads(ref);
    expect(x.per.length).toBe(y.per.length);
    x.per.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(y.per[i][0], 6);
      expect(p[1]).toBeCloseTo(y.per[i][1], 6);
    });
    expect(x.time).toBeCloseTo(y.time, 15);
    expect(x.max).toBeCloseTo(y.max, 6);
  });
});

/** A Spectrum-X-style 2,048-GPU rail fabric in SimAI format, written from the format description. */
function spectrumX(): string {
  const gpus = 2048;
  const G = 8;
  const servers = gpus / G;
  const leaves = 64;
  const spines = 32;
  const firstNv = gpus;
  const firstLeaf = firstNv + servers;
  const firstSpine = firstLeaf + leaves;
  const nodes = firstSpine + spines;
  const out: string[] = [];
  for (let i = 0; i < gpus; i++) {
    const server = Math.floor(i / G);
    const segment = Math.floor(server / 32);
    out.push(`${i} ${firstNv + server} 2880Gbps 0.000025ms 0`);
    out.push(`${i} ${firstLeaf + segment * G + (i % G)} 400Gbps 0.0005ms 0`);
  }
  for (let l = 0; l < leaves; l++) for (let s = 0; s < spines; s++) out.push(`${firstLeaf + l} ${firstSpine + s} 400Gbps 0.0005ms 0`);
  const ids = Array.from({ length: servers + leaves + spines }, (_, i) => firstNv + i);
  return [`${nodes} ${G} ${servers} ${leaves + spines} ${out.length} H100`, ids.join(' ') + ' ', ...out].join('\n') + '\n';
}

describe('SimAI import', () => {
  it('a Spectrum-X-style 2,048-GPU rail fabric imports with 64 leaves, 32 spines, 2,048 + 2,048 links', () => {
    const file = join(dir, 'Spectrum-X_2048g_8gps_400Gbps_H100');
    writeFileSync(file, spectrumX());
    const a = analyze(file);
    expect(a.family).toBe('imported');
    expect(a.counts).toMatchObject({ endpoints: 2048, hosts: 256, switches: 96, links: 2048, endpointLinks: 2048, nvlinkEdges: 2048 });
    expect(a.counts.switchesByTier).toEqual({ tier1: 64, tier2: 32 });
    // full bisection: every leaf has 32 GPUs down and 32 spine links up at the same rate
    expect(a.bisection.cutGbps).toBe(1024 * 400);
    expect(a.bisection.perEndpointFraction).toBe(1);
    expect(a.notes.join(' ')).toMatch(/SimAI topology/);
  });

  const tiny = ['5 2 1 2 5 H100', '4 2 3', '0 4 2880Gbps 0.000025ms 0', '1 4 2880Gbps 0.000025ms 0', '0 2 400Gbps 0.0005ms 0', '1 3 400Gbps 0.0005ms 0', '2 3 400Gbps 0.0005ms 0'];
  it('a tiny file imports: 2 GPUs on one server, 2 leaves', () => {
    const file = join(dir, 'tiny.simai');
    writeFileSync(file, tiny.join('\n'));
    const a = analyze(file);
    expect(a.counts).toMatchObject({ endpoints: 2, hosts: 1, switches: 2, links: 1, endpointLinks: 2 });
  });

  it.each([
    ['header', (l: string[]) => ['5 2 one 2 5 H100', ...l.slice(1)], /:1: expected nvswitch_num.*"one"/],
    ['data rate', (l: string[]) => l.map((x, i) => (i === 5 ? '1 3 fast 0.0005ms 0' : x)), /:6: link 4 of 5: expected an ns-3 data rate such as 400Gbps, found "fast"/],
    ['too few links', (l: string[]) => l.slice(0, 6), /:6: expected link 5 of 5: src node id.*end of the file/],
    ['too many links', (l: string[]) => [...l, '2 3 400Gbps 0.0005ms 0'], /:8: expected the end of the file after 5 links/],
    ['dual-ToR', (l: string[]) => [l[0].replace(' 5 ', ' 6 '), ...l.slice(1), '0 3 400Gbps 0.0005ms 0'], /:8: GPU 0 has a second switch link \(first on line 5\)/],
    ['id out of range', (l: string[]) => l.map((x, i) => (i === 6 ? '2 9 400Gbps 0.0005ms 0' : x)), /:7: expected link 5 of 5: dst node id \(an integer from 0 to 4\), found "9"/],
    ['duplicate switch id', (l: string[]) => [l[0], '4 2 2', ...l.slice(2)], /:2: node 2 is listed twice/],
  ])('bad file (%s): exit 2 with the line and what was expected', (name, edit, msg) => {
    const file = join(dir, `bad-${name.replace(/\W/g, '_')}.simai`);
    writeFileSync(file, edit([...tiny]).join('\n'));
    const r = cli(['analyze', file, '--input-format', 'simai']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('traffic, compare and report take a SimAI file', () => {
    const file = join(dir, 'sx.simai');
    writeFileSync(file, spectrumX());
    const t = cli(['traffic', file, '--pattern', 'permutation', '--json']);
    expect(t.code).toBe(0);
    // a permutation moves every GPU's bytes once: 2,048 × 1 MiB of demand
    expect(JSON.parse(t.stdout).demand.demandBytes).toBe(2048 * 2 ** 20);
    const c = cli(['compare', file, 'superpod-8su', '--json']);
    expect(c.code).toBe(0);
    const rows = JSON.stringify(JSON.parse(c.stdout));
    expect(rows).toMatch(/sx\.simai/);
    const out = join(dir, 'sx.html');
    const rep = cli(['report', file, '-o', out]);
    expect(rep.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/sx\.simai/);
  });
});
