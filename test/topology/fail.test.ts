import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { compile } from '../../src/analysis/analyze.js';
import { applyFailures, connectivity, degraded, failureAnalysis } from '../../src/analysis/failures.js';
import { runTraffic } from '../../src/traffic/run.js';
import { cli } from '../helpers/cli.js';

const build = (ref: string) => compile(resolveTopology(ref)[0]);

describe('plane failure (mpft:k=64, 8 planes)', () => {
  it('disconnects no host pair with NVLink forwarding; bisection −1/8; uniform time ×8/7', () => {
    const c = build('mpft-64x8');
    const r = failureAnalysis(c, { plane: 0 });
    const H = 2048;
    const G = 8;
    // every ordered pair of GPUs on different hosts: H(H−1)G²; all still reachable through some plane
    expect(r.perTrial[0].metrics.unreachablePairs).toBe(0);
    // healthy: only same-plane pairs have fabric paths, H(H−1)·G of the H(H−1)·G² pairs
    expect(r.healthy.fabricDisconnectedPairs).toBe(H * (H - 1) * G * (G - 1));
    // plane 0 down: the same-plane pairs of planes 1..7 remain, H(H−1)·(G−1)
    expect(r.perTrial[0].metrics.fabricDisconnectedPairs).toBe(H * (H - 1) * (G * G - (G - 1)));
    expect(r.perTrial[0].metrics.nvlinkReachablePairs).toBe(r.perTrial[0].metrics.fabricDisconnectedPairs);
    expect(r.summary.bisectionGbps.change).toBeCloseTo(-1 / 8, 12);
    // healthy bisection N/2 × 400 Gb/s; the 7 live planes keep 7/8 of it
    expect(r.healthy.bisectionGbps).toBeCloseTo(((H * G) / 2) * 400, 6);
    expect(r.perTrial[0].metrics.bisectionGbps).toBeCloseTo((((H * G) / 2) * 400 * 7) / 8, 6);
    // uniform all-to-all, S = 1 MiB per ordered GPU pair: a host sends G·(H−1)·G·S. Healthy, its G NICs share
    // it evenly, (H−1)·G·S each at 50 GB/s; with plane 0 down the 7 live NICs carry it all: × 8/7.
    const S = 2 ** 20;
    const healthyTime = ((H - 1) * G * S) / 50e9;
    expect(r.healthy.uniformSeconds).toBeCloseTo(healthyTime, 12);
    expect(r.perTrial[0].metrics.uniformSeconds).toBeCloseTo((healthyTime * 8) / 7, 12);
    expect(r.summary.uniformSeconds.change).toBeCloseTo(1 / 7, 9);
    expect(r.summary.uniformUnreachableBytes.mean).toBe(0);
  });

  it('without failover the plane\'s pairs are unreachable: exactly H·(H−1)·G ordered GPU pairs', () => {
    const c = build('mpft:k=16,planes=8');
    const st = applyFailures(c, { plane: 0 }, 1);
    const r = runTraffic(degraded(c, st), 'uniform', { failedEdges: st.failedEdges, failover: false, bytesPerPair: 1 });
    const H = 128;
    const G = 8;
    // sends from any GPU to a GPU whose NIC index is 0 (relay needs plane 0) or from plane-0 NICs
    expect(r.demand.unreachablePairs).toBe(H * (H - 1) * G);
    expect(connectivity(c, st.failedEdges).unreachable).toBe(0);
  });
});

describe('link failure (ft2:k=8, one GPU per host)', () => {
  it('one spine uplink down raises the worst switch link from (N−k/2)·S to (k/2)(N−k/2)·S / (k/2 − 1)', () => {
    const c = build('ft2:k=8,gpusPerHost=1');
    const S = 1000;
    const N = 32;
    const half = 4;
    const healthy = runTraffic(c, 'uniform', { bytesPerPair: S });
    expect(healthy.congestion.maxSwitchLinkBytes).toBeCloseTo((N - half) * S, 6);
    const st = applyFailures(c, { remove: ['leaf0~spine0'] }, 1);
    const r = runTraffic(degraded(c, st), 'uniform', { bytesPerPair: S, failedEdges: st.failedEdges });
    // leaf0's 4 endpoints send (N − 4)·S each over 3 uplinks; spines 1–3 also bring all of leaf0's inbound traffic
    expect(r.congestion.maxSwitchLinkBytes).toBeCloseTo((half * (N - half) * S) / (half - 1), 6);
    expect(r.demand.unreachableBytes).toBe(0);
  });
});

describe('switch failures', () => {
  it('any one spine of ft2:k=8 down: every leaf keeps 3 of 4 uplinks, bisection ×3/4, no pair disconnected (every seed)', () => {
    const c = build('ft2:k=8');
    const r = failureAnalysis(c, { switches: { count: 1 }, tier: 2 }, { trials: 6, seed: 9 });
    const spines = new Set(r.perTrial.map((t) => t.removedSwitches[0]));
    expect(spines.size).toBeGreaterThan(1); // the draws differ, the figures do not
    for (const t of r.perTrial) {
      expect(t.removedSwitches).toHaveLength(1);
      expect(t.removedSwitches[0]).toMatch(/^spine/);
      expect(t.metrics.bisectionGbps).toBeCloseTo(16 * 400 * (3 / 4), 6);
      expect(t.metrics.fabricDisconnectedPairs).toBe(0);
    }
  });

  it('one leaf of an MPFT plane down: its hosts lose that NIC; their pairs survive through NVLink', () => {
    const c = build('mpft:k=8,planes=4,gpusPerHost=4');
    const st = applyFailures(c, { remove: ['p0.leaf0'] }, 1);
    const conn = connectivity(c, st.failedEdges);
    // k/2 = 4 hosts lose NIC 0. Ordered GPU pairs on different hosts that lose their fabric path: the NIC-0
    // pairs touching those hosts, 2 · 4 · (H − 1) − 4 · 3 (pairs among them counted once).
    const H = 32;
    const healthy = connectivity(c, new Uint8Array(c.csr.edges));
    expect(conn.fabricDisconnected - healthy.fabricDisconnected).toBe(2 * 4 * (H - 1) - 4 * 3);
    expect(conn.unreachable).toBe(0);
  });
});

describe('fail CLI', () => {
  it('same seed, same output; another seed, other links', () => {
    const args = ['fail', 'ft3:k=8', '--links', '10%', '--trials', '3', '--json'];
    const a = cli([...args, '--seed', '5']);
    expect(a.code).toBe(0);
    expect(cli([...args, '--seed', '5']).stdout).toBe(a.stdout);
    const b = cli([...args, '--seed', '6']).stdout;
    expect(b).not.toBe(a.stdout);
    const j = JSON.parse(a.stdout);
    // 10% of the k³/2 = 256 switch links, rounded, per trial
    expect(j.perTrial.map((t: any) => t.removedLinks)).toEqual([26, 26, 26]);
    expect(j.summary.bisectionGbps.p5).toBeLessThanOrEqual(j.summary.bisectionGbps.p95);
    // the terminal output lists every trial under the summary
    const text = cli(['fail', 'ft3:k=8', '--links', '10%', '--trials', '3', '--seed', '5']).stdout;
    expect(text).toMatch(/^ft3:k=8: 10% of links down; 3 trials, seed 5/);
    expect(text.split('\n').filter((l) => /^\s*[123] +\d/.test(l))).toHaveLength(3);
  });

  it.each([
    [['fail', 'ft2-64'], /nothing to fail/],
    [['fail', 'ft2-64', '--links', 'x'], /--links = "x": a whole number N or a percentage/],
    [['fail', 'ft2-64', '--links', '150%'], /a percentage P% \(0–100\)/],
    [['fail', 'ft2-64', '--plane', '0'], /--plane = 0: FT2 \(k=64\) has no planes/],
    [['fail', 'ft2-64', '--remove', 'nope'], /--remove "nope": no switch or link with that id/],
    [['fail', 'ft2:k=8', '--links', '999'], /--links = 999: only 32 links can fail/],
    [['fail', 'ft2-64', '--switches', '2', '--tier', 'core'], /only 0 core switches can fail/],
  ])('%j exits 2', (args, pattern) => {
    const r = cli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern as RegExp);
  });
});
