import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

describe('topoplan traffic / compare --workload (CLI)', () => {
  it('traffic --json has the documented fields; uniform on a full-bisection ft2 is NIC-bound at (N−1)·S / 50 GB/s', () => {
    const r = cli(['traffic', 'ft2:k=8,gpusPerHost=1', '--pattern', 'uniform', '--bytes', '1000000', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const N = 32;
    // one GPU per host: no NVLink, nothing unreachable
    expect([j.demand.nvlinkBytes, j.demand.unreachableBytes, j.demand.unreachablePairs]).toEqual([0, 0, 0]);
    expect(j.demand.fabricBytes).toBe(N * (N - 1) * 1e6);
    // NIC link (N−1)·S; leaf uplink lanes (N − k/2)·S (topology-families.md closed form)
    expect(j.congestion.maxLinkBytes).toBeCloseTo((N - 1) * 1e6, 3);
    expect(j.congestion.maxSwitchLinkBytes).toBeCloseTo((N - 4) * 1e6, 3);
    expect(j.congestion.hotLinks).toHaveLength(10); // --top default
    expect(j.congestion.timeSeconds).toBeCloseTo(((N - 1) * 1e6) / 50e9, 12);
    expect(j.congestion.bottleneck.kind).toBe('nic');
    expect(j.congestion.effectiveGBpsPerGpu).toBeCloseTo(50, 9);
    expect(j.phases[0].edgeLoads).toBeUndefined();
    // ft2:k=4 with one GPU per host: 8 NIC links at (N−1)·S = 7,000 B and 8 leaf–spine links at (N − k/2)·S = 6,000 B, each way
    const e = JSON.parse(cli(['traffic', 'ft2:k=4,gpusPerHost=1', '--pattern', 'uniform', '--bytes', '1000', '--json', '--edge-loads']).stdout);
    const loads = Object.entries(e.phases[0].edgeLoads as Record<string, number[]>);
    expect(loads).toHaveLength(16);
    for (const [key, [ab, ba]] of loads) expect([ab, ba], key).toEqual(key.startsWith('h') ? [7000, 7000] : [6000, 6000]);
  });

  it('compare --workload adds the communication time per topology; MPFT and MRFT agree (Table 4 parity)', () => {
    const r = cli(['compare', 'mpft-2048', 'mrft-2048', '--workload', 'deepseek-v3-training', '--json']);
    expect(r.code).toBe(0);
    const [m, f] = JSON.parse(r.stdout);
    // every GPU pushes its share of the fabric bytes through its own 400 Gb/s (50 GB/s) NIC: a lower bound;
    // effective GB/s per GPU is defined as fabric bytes / GPUs / time
    expect(m.traffic.timeSeconds).toBeGreaterThanOrEqual(m.traffic.fabricBytes / 2048 / 50e9);
    expect(m.traffic.effectiveGBpsPerGpu).toBeCloseTo(m.traffic.fabricBytes / 2048 / m.traffic.timeSeconds / 1e9, 6);
    expect(Math.abs(m.traffic.timeSeconds / f.traffic.timeSeconds - 1)).toBeLessThan(0.05);
    const t = cli(['compare', 'ft2:k=8,gpusPerHost=1', 'sf-table3', '--pattern', 'uniform']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/comm time \[ms\]/);
    // formula-only Slim Fly: n/a, not a crash
    expect(t.stdout).toMatch(/n\/a/);
  });

  it.each([
    [['traffic', 'ft2:k=4'], /--workload .* or --pattern/],
    [['traffic', 'ft2:k=4', '--pattern', 'ring'], /--pattern = "ring": allowed: uniform, permutation/],
    [['traffic', 'ft2:k=4', '--workload', 'nope'], /workload "nope": not a preset/],
    [['traffic', 'ft2:k=4', '--pattern', 'uniform', '--routing', 'valiant'], /--routing = "valiant"/],
    [['traffic', 'ft2:k=4', '--workload', 'ep64'], /workload needs|ep = 64/],
  ])('bad input exits 2 with one line: %j', (args, msg) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(msg);
  });
});
