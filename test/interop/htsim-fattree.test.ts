/**
 * htsim FatTree `.topo` export and import. The expected sizes come from htsim's own arithmetic, replicated here
 * from Broadcom/csg-htsim sim/datacenter/fat_tree_topology.cpp (commit 841d9e7b): FatTreeTopology::load reads
 * the keys, set_custom_params derives NSRV/NTOR/NAGG/NCORE and prints them at start-up, and the closed forms of
 * the fat-tree (k²/2 hosts of a 2-tier tree, k³/4 of a 3-tier one) give topoplan's side.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'topoplan-htsim-'));

/** FatTreeTopology::load + set_custom_params, as htsim computes them (integer C++ arithmetic). */
function htsimStartup(topo: string) {
  const header: Record<string, number> = {};
  const tier: Array<Record<string, number>> = [{}, {}, {}];
  let cur = -1;
  for (const line of topo.split('\n')) {
    const t = line.split(' ').filter((x) => x !== '');
    if (t.length === 0 || t[0].startsWith('#')) continue;
    const k = t[0].toLowerCase();
    if (k === 'tier') cur = parseInt(t[1], 10);
    else if (cur < 0) header[k] = parseInt(t[1], 10);
    else tier[cur][k] = parseInt(t[1], 10);
  }
  const N = header.nodes;
  const tiers = header.tiers;
  const podsize = header.podsize;
  const speed = (x: number) => tier[x].downlink_speed_gbps;
  const oversub = (x: number) => tier[x].oversubscribed ?? 1;
  const bundle = (x: number) => tier[x].bundle ?? 1;
  const pods = N / podsize;
  const torPerPod = podsize / tier[0].radix_down;
  const torUplinks = (N * speed(0)) / (speed(1) * oversub(0));
  const aggPerPod = torUplinks / (pods * tier[1].radix_down);
  // the constructor's checks: each failure makes htsim exit
  const checks = [
    N % podsize === 0,
    podsize % tier[0].radix_down === 0,
    Math.trunc(tier[0].radix_down / tier[0].radix_up) === oversub(0),
    Number.isInteger(aggPerPod) && aggPerPod * bundle(1) === tier[0].radix_up,
  ];
  let cores = 0;
  if (tiers === 3) {
    const aggUplinks = (torUplinks * speed(1)) / (speed(2) * oversub(1));
    cores = aggUplinks / tier[2].radix_down;
    checks.push(Number.isInteger(cores), cores % aggPerPod === 0, (cores * bundle(2)) / aggPerPod === tier[1].radix_up);
  }
  for (let x = 0; x < tiers; x++) checks.push(tier[x].downlink_latency_ns > 0, tier[x].radix_down > 0, x === tiers - 1 || tier[x].radix_up > 0);
  return { NSRV: N, NTOR: torPerPod * pods, NAGG: aggPerPod * pods, NCORE: cores, ok: checks.every(Boolean), tiers };
}

const analyze = (ref: string) => {
  const r = cli(['analyze', ref, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

const exportTopo = (ref: string, extra: string[] = []) => {
  const r = cli(['generate', ref, '--format', 'htsim-fattree', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
};

describe('htsim-fattree export', () => {
  it('ft2:k=16 (gpusPerHost=1): htsim builds the same hosts, ToRs and aggregation switches as topoplan', () => {
    const k = 16;
    const s = htsimStartup(exportTopo('ft2:k=16,gpusPerHost=1'));
    expect(s.ok).toBe(true);
    expect(s.tiers).toBe(2);
    // the fat-tree's closed form: k²/2 hosts, k leaves (ToRs), k/2 spines (aggregation), no core
    expect(s).toMatchObject({ NSRV: (k * k) / 2, NTOR: k, NAGG: k / 2, NCORE: 0 });
    const a = analyze('ft2:k=16,gpusPerHost=1');
    expect([a.counts.hosts, a.counts.switchesByTier.tier1, a.counts.switchesByTier.tier2]).toEqual([s.NSRV, s.NTOR, s.NAGG]);
  });

  it('ft3:k=8 (gpusPerHost=1): hosts k³/4, ToRs and aggregation k²/2, cores k²/4', () => {
    const k = 8;
    const s = htsimStartup(exportTopo('ft3:k=8,gpusPerHost=1'));
    expect(s.ok).toBe(true);
    expect(s).toMatchObject({ NSRV: k ** 3 / 4, NTOR: k ** 2 / 2, NAGG: k ** 2 / 2, NCORE: k ** 2 / 4 });
    const a = analyze('ft3:k=8,gpusPerHost=1');
    expect([a.counts.hosts, a.counts.switchesByTier.tier1, a.counts.switchesByTier.tier2, a.counts.switchesByTier.tier3]).toEqual([s.NSRV, s.NTOR, s.NAGG, s.NCORE]);
  });

  it('a 3:1 oversubscribed ft2 maps onto Oversubscribed 3 with 12 ports down and 4 up', () => {
    const text = exportTopo('ft2:k=16,oversubscription=3,gpusPerHost=1');
    expect(text).toMatch(/^Oversubscribed 3$/m);
    const s = htsimStartup(text);
    expect(s.ok).toBe(true);
    // leaves: ⌊16·3/4⌋ = 12 down, 4 up; 16 leaves → 192 hosts; 16·4 uplinks over spines of 16 ports → 4 spines
    expect(s).toMatchObject({ NSRV: 192, NTOR: 16, NAGG: 4 });
  });

  it('one plane of an MPFT is a 2-tier tree of hosts = endpoints / planes', () => {
    const s = htsimStartup(exportTopo('mpft:k=16,planes=4,gpusPerHost=4', ['--plane', '2']));
    expect(s.ok).toBe(true);
    // 4 planes of k²/2 = 128 endpoints: each plane has 128 NICs on 16 leaves and 8 spines
    expect(s).toMatchObject({ NSRV: 128, NTOR: 16, NAGG: 8 });
  });

  it('a rail-optimized 2-SU SuperPOD is a 2-tier tree at the NIC level: 16 rail leaves, 8 spines in bundles of 4', () => {
    const s = htsimStartup(exportTopo('superpod-2su'));
    expect(s.ok).toBe(true);
    // 2 SUs × 32 hosts × 8 GPUs = 512 NICs; 8 rails × 2 SUs = 16 leaves of 32 NICs; 16 × 32 uplinks / 64 ports = 8 spines
    expect(s).toMatchObject({ NSRV: 512, NTOR: 16, NAGG: 8 });
  });

  it.each([
    ['dragonfly:a=4,h=2,p=2', /single switch tier.*htsim-generic/],
    ['ft2:k=16,endpoints=100,gpusPerHost=1', /endpoints per leaf differ.*htsim-generic/],
    ['slimfly:q=5', /htsim-generic/],
  ])('%s is refused with exit 2, naming htsim-generic', (ref, msg) => {
    const r = cli(['generate', ref, '--format', 'htsim-fattree']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('htsim FatTree .topo import', () => {
  it('a hand-written 3-tier file imports with htsim\'s sizes', () => {
    // 1,024 hosts, pods of 64, ToR 8 down / 8 up, aggregation 8 down / 8 up, cores 16 down (all 100 Gb/s).
    const file = join(dir, 'ft1024.topo');
    writeFileSync(
      file,
      ['# hand-written', 'Nodes 1024', 'Tiers 3', 'Podsize 64', '', 'Tier 0', 'Downlink_speed_Gbps 100', 'Radix_Down 8', 'Radix_Up 8', 'Downlink_Latency_ns 1000', '',
        'Tier 1', 'Downlink_speed_Gbps 100', 'Radix_Down 8', 'Radix_Up 8', 'Downlink_Latency_ns 1000', 'Bundle 1', '', 'Tier 2', 'Downlink_speed_Gbps 100', 'Radix_Down 16', 'Downlink_Latency_ns 1000'].join('\n'),
    );
    const a = analyze(file);
    // 16 pods × 8 ToRs; 1024 ToR uplinks / (16 pods × 8) = 8 aggregation switches per pod; 1024 / 16 = 64 cores
    expect(a.counts.hosts).toBe(1024);
    expect(a.counts.switchesByTier).toEqual({ tier1: 128, tier2: 128, tier3: 64 });
    expect(a.counts.links).toBe(1024 + 1024);
    expect(a.counts.portsFree).toBe(0);
    expect(a.paths.diameterHops).toBe(6);
  });

  it('export → import keeps ft3\'s counts and paths', () => {
    const file = join(dir, 'ft3.topo');
    expect(cli(['generate', 'ft3:k=8,gpusPerHost=1', '--format', 'htsim-fattree', '-o', file]).code).toBe(0);
    const a = analyze(file);
    const b = analyze('ft3:k=8,gpusPerHost=1');
    for (const key of ['endpoints', 'hosts', 'switches', 'links', 'endpointLinks', 'portsUsed', 'portsFree']) expect(a.counts[key], key).toBe(b.counts[key]);
    expect(a.counts.switchesByTier).toEqual(b.counts.switchesByTier);
    expect(a.paths.meanEndpointHops).toBeCloseTo(b.paths.meanEndpointHops, 12);
  });

  const base = ['Nodes 32', 'Tiers 2', 'Podsize 32', 'Tier 0', 'Downlink_speed_Gbps 100', 'Radix_Down 8', 'Radix_Up 2', 'Oversubscribed 4', 'Downlink_Latency_ns 1000', 'Tier 1', 'Downlink_speed_Gbps 100', 'Radix_Down 4', 'Downlink_Latency_ns 1000'];
  it('the base 4:1 leaf-spine file is valid: 32 hosts, 4 ToRs, 2 aggregation switches', () => {
    const file = join(dir, 'ok.topo');
    writeFileSync(file, base.join('\n'));
    const a = analyze(file);
    expect([a.counts.hosts, a.counts.switchesByTier.tier1, a.counts.switchesByTier.tier2]).toEqual([32, 4, 2]);
  });
  it.each([
    ['bad number', (l: string[]) => l.map((x) => (x === 'Radix_Down 8' ? 'Radix_Down eight' : x)), /:6: Radix_Down: expected .*"eight"/],
    ['duplicate', (l: string[]) => [...l.slice(0, 6), 'Radix_Down 4', ...l.slice(6)], /:7: duplicate Radix_Down setting for tier 0/],
    ['missing podsize', (l: string[]) => l.filter((x) => !x.startsWith('Podsize')), /missing Podsize/],
    ['unknown key', (l: string[]) => [...l, 'Radix_Sideways 3'], /:14: unknown setting "Radix_Sideways"/],
    ['a fourth tier', (l: string[]) => [...l, 'Tier 3'], /:14: Tier: expected 0, 1 or 2, found 3/],
    ['inconsistent oversubscription', (l: string[]) => l.map((x) => (x === 'Oversubscribed 4' ? 'Oversubscribed 2' : x)), /Radix_Down 8 \/ Radix_Up 2 does not equal Oversubscribed 2|ToR uplinks/],
    ['three tiers declared, two given', (l: string[]) => l.map((x) => (x === 'Tiers 2' ? 'Tiers 3' : x)), /missing Radix_Up for Tier 1/],
  ])('%s: exit 2 with the line and what was expected', (name, edit, msg) => {
    const file = join(dir, `${name.replace(/\W/g, '_')}.topo`);
    writeFileSync(file, edit([...base]).join('\n'));
    const r = cli(['analyze', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('--input-format htsim-fattree reads a file whatever its name', () => {
    const file = join(dir, 'leafspine.txt');
    writeFileSync(file, base.join('\n'));
    const r = cli(['analyze', file, '--input-format', 'htsim-fattree', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).counts.endpoints).toBe(32);
  });
});
