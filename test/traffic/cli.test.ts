import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

describe('topoplan traffic / compare --workload (CLI)', () => {
  it('traffic --json has the documented fields; uniform on a full-bisection ft2 is NIC-bound at (N−1)·S / 50 GB/s', () => {
    const r = cli(['traffic', 'ft2:k=8,gpusPerHost=1', '--pattern', 'uniform', '--bytes', '1000000', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const N = 32;
    for (const k of ['fabricBytes', 'nvlinkBytes', 'unreachableBytes', 'unreachablePairs']) expect(j.demand).toHaveProperty(k);
    for (const k of ['maxLinkBytes', 'maxSwitchLinkBytes', 'timeSeconds', 'bottleneck', 'effectiveGBpsPerGpu', 'hotLinks']) expect(j.congestion).toHaveProperty(k);
    expect(j.demand.fabricBytes).toBe(N * (N - 1) * 1e6);
    expect(j.congestion.timeSeconds).toBeCloseTo(((N - 1) * 1e6) / 50e9, 12);
    expect(j.congestion.bottleneck.kind).toBe('nic');
    expect(j.congestion.effectiveGBpsPerGpu).toBeCloseTo(50, 9);
    expect(j.phases[0].edgeLoads).toBeUndefined();
    const e = JSON.parse(cli(['traffic', 'ft2:k=4', '--pattern', 'uniform', '--json', '--edge-loads']).stdout);
    expect(Object.keys(e.phases[0].edgeLoads).length).toBeGreaterThan(0);
  });

  it('compare --workload adds the communication time per topology; MPFT and MRFT agree (Table 4 parity)', () => {
    const r = cli(['compare', 'mpft-2048', 'mrft-2048', '--workload', 'deepseek-v3-training', '--json']);
    expect(r.code).toBe(0);
    const [m, f] = JSON.parse(r.stdout);
    expect(m.traffic.timeSeconds).toBeGreaterThan(0);
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
