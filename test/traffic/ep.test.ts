import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { compile } from '../../src/analysis/analyze.js';
import { runTraffic } from '../../src/traffic/run.js';
import { epExpectations, epLayout } from '../../src/traffic/ep.js';
import { parseWorkload, loadWorkload, type EpWorkload } from '../../src/traffic/workload.js';
import { paperTpot, tpotSimple } from '../../src/traffic/tpot.js';

const build = (ref: string) => compile(resolveTopology(ref)[0]);
const ep = (o: Record<string, unknown>) => parseWorkload({ kind: 'ep', ...o }, 'test') as EpWorkload;

/** C(n, k) exactly, with BigInt. */
function choose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let r = 1n;
  for (let i = 0; i < k; i++) r = (r * BigInt(n - i)) / BigInt(i + 1);
  return r;
}

/** Expected remote hosts per token by brute-force enumeration of every host choice and expert subset. */
function bruteForceRemoteHosts(n: number, e: number, M: number, topk: number): number {
  const hosts = [...Array(n).keys()];
  const combos = <T,>(xs: T[], k: number): T[][] => (k === 0 ? [[]] : xs.flatMap((x, i) => combos(xs.slice(i + 1), k - 1).map((c) => [x, ...c])));
  let sum = 0;
  let count = 0;
  for (const chosen of combos(hosts, M)) {
    const experts = chosen.flatMap((h) => [...Array(e).keys()].map((j) => h * e + j));
    for (const picked of combos(experts, topk)) {
      const used = new Set(picked.map((x) => Math.floor(x / e)));
      used.delete(0); // the token's own host is host 0
      sum += used.size;
      count++;
    }
  }
  return sum / count;
}

describe('node-limited routing', () => {
  it('expected hosts per token is the hypergeometric closed form (docs/traffic.md), checked against BigInt binomials', () => {
    for (const [n, e, M, k] of [[8, 32, 4, 8], [8, 32, 8, 8], [4, 4, 2, 3], [16, 16, 4, 8], [40, 8, 4, 8]]) {
      const L = epLayout(ep({ ep: n * 8, experts: n * e, topk: k, maxHostsPerToken: M }), n * 8, 8);
      const ex = epExpectations(L, k);
      const pool = M * e;
      const pUsedGivenChosen = 1 - Number((choose(pool - e, k) * 10n ** 15n) / choose(pool, k)) / 1e15;
      expect(ex.remoteHostsPerToken).toBeCloseTo((n - 1) * (M / n) * pUsedGivenChosen, 10);
    }
  });

  it('matches brute-force enumeration of every routing decision on small groups', () => {
    for (const [n, e, M, k] of [[4, 2, 2, 3], [5, 2, 3, 2], [4, 3, 4, 4]]) {
      const L = epLayout(ep({ ep: n * 8, experts: n * e, topk: k, maxHostsPerToken: M }), n * 8, 8);
      expect(epExpectations(L, k).remoteHostsPerToken).toBeCloseTo(bruteForceRemoteHosts(n, e, M, k), 12);
    }
  });

  it('with M = 4, fabric bytes per token never exceed 4 · hidden · dispatchBytes; with NVLink forwarding they equal remote hosts × hidden', () => {
    const c = build('mpft-2048');
    for (const gating of ['expected', 'sampled']) {
      const w = ep({ ep: 64, experts: 256, topk: 8, maxHostsPerToken: 4, tokensPerGpu: 64, hidden: 7168, gating, sampleTokensPerGpu: 64 });
      const r = runTraffic(c, w, { seed: 3 });
      const d = r.phases.find((p) => p.name === 'ep-dispatch')!;
      expect(d.fabricBytesPerToken!).toBeLessThanOrEqual(4 * 7168 * 1);
      // Hypergeometric expectation, written out: n = 8 hosts of e = 32 experts; a token picks M = 4 hosts
      // (its own among them with probability M/n), then k = 8 experts among those M·e = 128; a chosen
      // remote host is used unless all 8 land elsewhere. With NVLink forwarding each used remote host
      // gets one FP8 copy (1 byte × hidden) over the fabric.
      const [n, e, M, k] = [8, 32, 4, 8];
      const pUsed = 1 - Number((choose(M * e - e, k) * 10n ** 15n) / choose(M * e, k)) / 1e15;
      const remote = (n - 1) * (M / n) * pUsed;
      if (gating === 'expected') {
        expect(d.remoteHostsPerToken!).toBeCloseTo(remote, 9);
        expect(d.fabricBytesPerToken!).toBeCloseTo(remote * 7168, 4);
      } else {
        // 64 GPUs × 64 sampled tokens: the sample mean is within 3% of the expectation
        expect(Math.abs(d.fabricBytesPerToken! / (remote * 7168) - 1)).toBeLessThan(0.03);
      }
      // combine retraces dispatch with 2-byte (BF16) payloads
      const cmb = r.phases.find((p) => p.name === 'ep-combine')!;
      expect(cmb.demand.fabricBytes).toBeCloseTo(2 * d.demand.fabricBytes, 3);
    }
  });

  it('the sampled mean converges to the expectation', () => {
    const c = build('mpft:k=16,planes=8,endpoints=256');
    const base = { ep: 64, experts: 256, topk: 8, maxHostsPerToken: 4, tokensPerGpu: 2000, hidden: 100 };
    const exp = runTraffic(c, ep(base)).demand.fabricBytes;
    const errs = [20, 400, 2000].map((n) => Math.abs(runTraffic(c, ep({ ...base, gating: 'sampled', sampleTokensPerGpu: n }), { seed: 11 }).demand.fabricBytes / exp - 1));
    expect(errs[2]).toBeLessThan(0.01);
    expect(errs[2]).toBeLessThan(errs[0]);
  });

  it('NVLink forwarding sends each token over the fabric at most once per host: never more fabric bytes than direct sends', () => {
    const c = build('mrft-2048');
    const base = { ep: 64, experts: 256, topk: 8, maxHostsPerToken: 0, tokensPerGpu: 16, hidden: 7168 };
    const fwd = runTraffic(c, ep({ ...base, forwarding: 'nvlink' })).demand.fabricBytes;
    const direct = runTraffic(c, ep({ ...base, forwarding: 'none' })).demand.fabricBytes;
    expect(fwd).toBeLessThan(direct);
    // Direct sends: each of the 56 GPUs on the other 7 hosts gets a copy when it holds one of the 8 experts
    // (4 of 256 each): P = 1 − C(252,8)/C(256,8). Dispatch (1 B) + combine (2 B) = 3 B per element.
    const pGpu = 1 - Number((choose(252, 8) * 10n ** 15n) / choose(256, 8)) / 1e15;
    expect(direct / (16 * 2048) / 7168 / 3).toBeCloseTo(56 * pGpu, 6);
  });
});

describe('paper parity: the 2,048-GPU training job on MPFT and MRFT (ISCA\'25 Table 4)', () => {
  it('same EP fabric bytes (within 1%) and all-to-all time (within 5%)', () => {
    const w = loadWorkload('deepseek-v3-training');
    const m = runTraffic(build('mpft-2048'), w);
    const r = runTraffic(build('mrft-2048'), w);
    for (const phase of ['ep-dispatch', 'ep-combine']) {
      const a = m.phases.find((p) => p.name === phase)!;
      const b = r.phases.find((p) => p.name === phase)!;
      expect(Math.abs(a.demand.fabricBytes / b.demand.fabricBytes - 1)).toBeLessThan(0.01);
      expect(Math.abs(a.congestion.timeSeconds / b.congestion.timeSeconds - 1)).toBeLessThan(0.05);
    }
    expect(m.demand.unreachableBytes).toBe(0);
  });
});

describe('TPOT (ISCA\'25 §4.4)', () => {
  it('the simple formula reproduces the paper', () => {
    const a = tpotSimple(paperTpot);
    expect(a.commSeconds * 1e6).toBeCloseTo(120.96, 9);
    expect(a.layerSeconds * 1e6).toBeCloseTo(241.92, 9);
    expect(a.tpotSeconds * 1e3).toBeCloseTo(14.76, 2);
    expect(Math.floor(a.tokensPerSecond)).toBe(67);
    const b = tpotSimple({ ...paperTpot, GBps: 900 });
    expect(b.commSeconds * 1e6).toBeCloseTo(6.72, 9);
    expect(b.tpotSeconds * 1e3).toBeCloseTo(0.82, 2);
    expect(Math.round(b.tokensPerSecond / 100) * 100).toBe(1200);
  });
});
