import { describe, expect, it } from 'vitest';
import { epFlows, epExpectations, epLayout, topmSelect } from '../../src/traffic/ep.js';
import { parseWorkload, type EpWorkload } from '../../src/traffic/workload.js';
import { rng } from '../../src/topology/paths.js';
import type { HostIndex } from '../../src/traffic/hosts.js';

const ep = (o: Record<string, unknown>) => parseWorkload({ kind: 'ep', gating: 'topm', ...o }, 'test') as EpWorkload;
/** A host index without a fabric: host h holds endpoints hG .. hG+G−1 */
const hosts = (H: number, G: number): HostIndex => ({ hosts: H, gpusPerHost: G, endpointOf: Int32Array.from({ length: H * G }, (_, i) => i) });

function randomAffinities(X: number, r: () => number): Float64Array {
  return Float64Array.from({ length: X }, () => r());
}

describe('topm gating (DeepSeek-V3 node-limited routing)', () => {
  it('with M ≥ hosts it is plain top-k: the k highest affinities, whatever their hosts', () => {
    const r = rng(7);
    const picked = new Uint8Array(32);
    for (let t = 0; t < 200; t++) {
      const aff = randomAffinities(32, r);
      topmSelect(aff, 4, 8, 6, 4, picked);
      const topk = [...aff.keys()].sort((a, b) => aff[b] - aff[a]).slice(0, 6).sort((a, b) => a - b);
      expect([...picked.keys()].filter((x) => picked[x])).toEqual(topk);
      topmSelect(aff, 4, 8, 6, 9, picked); // M above the host count: the same
      expect([...picked.keys()].filter((x) => picked[x])).toEqual(topk);
    }
  });

  it('a token never reaches more than M hosts, and gets exactly k experts', () => {
    const r = rng(3);
    const picked = new Uint8Array(256);
    for (const M of [1, 2, 3, 4]) {
      let maxHosts = 0;
      for (let t = 0; t < 300; t++) {
        topmSelect(randomAffinities(256, r), 8, 32, 8, M, picked);
        const hs = new Set([...picked.keys()].filter((x) => picked[x]).map((x) => Math.floor(x / 32)));
        maxHosts = Math.max(maxHosts, hs.size);
        expect(picked.reduce((a, b) => a + b, 0)).toBe(8);
      }
      expect(maxHosts).toBeLessThanOrEqual(M);
      if (M <= 2) expect(maxHosts).toBe(M); // with k = 8 experts over ≥ M hosts' worth of picks, M is reached
    }
  });

  it('brute force over every affinity order of a tiny group agrees with the Monte Carlo', () => {
    // n = 3 hosts × e = 2 experts, k = 2, M = 2: a host scores its top k/M = 1 affinity (its max), so the routing
    // depends only on the order of the 6 affinities, uniform over the 720 permutations (i.i.d. continuous draws).
    const perms = (xs: number[]): number[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p])));
    let remote = 0;
    const all = perms([0, 1, 2, 3, 4, 5]);
    for (const rank of all) {
      // rank[x] = the position of expert x (higher = larger affinity); written independently of topmSelect
      const hostMax = [0, 1, 2].map((h) => Math.max(rank[2 * h], rank[2 * h + 1]));
      const keep = [0, 1, 2].sort((a, b) => hostMax[b] - hostMax[a]).slice(0, 2);
      const pool = keep.flatMap((h) => [2 * h, 2 * h + 1]).sort((a, b) => rank[b] - rank[a]).slice(0, 2);
      const used = new Set(pool.map((x) => Math.floor(x / 2)));
      used.delete(0); // the sender sits on host 0
      remote += used.size;
    }
    const exact = remote / all.length;
    // 6 GPUs, G = 2 (2 ranks per host, one expert each), 20,000 tokens per rank
    const w = ep({ ep: 6, experts: 6, topk: 2, maxHostsPerToken: 2, tokensPerGpu: 20000, sampleTokensPerGpu: 20000, hidden: 1 });
    const f = epFlows(w, hosts(3, 2), 6, 2, 11);
    // every source host is equivalent by symmetry; standard error of the mean < 0.5/√120000 ≈ 0.0015
    expect(Math.abs(f.remoteHostsPerToken - exact)).toBeLessThan(0.01);
  });

  it('NVLink forwarding: dispatch fabric bytes per token = remote hosts per token × hidden × dispatch bytes (conservation)', () => {
    const w = ep({ ep: 64, tokensPerGpu: 256, sampleTokensPerGpu: 256 });
    const f = epFlows(w, hosts(8, 8), 64, 8, 5);
    let fabric = 0;
    for (let i = 0; i < f.dispatch.length; i++) if (Math.floor(f.dispatch.src[i] / 8) !== Math.floor(f.dispatch.dst[i] / 8)) fabric += f.dispatch.bytes[i];
    expect(fabric / f.tokens).toBeCloseTo(f.remoteHostsPerToken * 7168, 6);
    // DeepSeek's routing sends a token to more hosts than the hypergeometric model (docs/traffic.md: 3.47 vs 3.18)
    const expected = epExpectations(epLayout(ep({ ep: 64, gating: 'expected' }), 64, 8), 8).remoteHostsPerToken;
    expect(expected).toBeCloseTo(3.1755, 3);
    expect(f.remoteHostsPerToken).toBeGreaterThan(3.35);
    expect(f.remoteHostsPerToken).toBeLessThan(3.6);
  });

  it('the same seed gives the same flows; another seed, other flows', () => {
    const w = ep({ ep: 32, experts: 64, tokensPerGpu: 64, sampleTokensPerGpu: 64, maxHostsPerToken: 2 });
    const a = epFlows(w, hosts(4, 8), 32, 8, 1);
    const b = epFlows(w, hosts(4, 8), 32, 8, 1);
    const c = epFlows(w, hosts(4, 8), 32, 8, 2);
    expect(Array.from(a.dispatch.bytes.subarray(0, a.dispatch.length))).toEqual(Array.from(b.dispatch.bytes.subarray(0, b.dispatch.length)));
    expect(a.remoteHostsPerToken).not.toBe(c.remoteHostsPerToken);
  });

  it('a job on other hosts sends the same bytes shifted to them; the draw is reused but keyed on every parameter that shapes it', () => {
    const w = ep({ ep: 64, tokensPerGpu: 128, sampleTokensPerGpu: 128, maxHostsPerToken: 4 });
    const here = epFlows(w, hosts(8, 8), 64, 8, 9);
    // the same job on hosts 8..15 of a 16-host index: every flow moves by 64 endpoints, bytes unchanged
    const far: HostIndex = { hosts: 16, gpusPerHost: 8, endpointOf: Int32Array.from({ length: 128 }, (_, i) => (i + 64) % 128) };
    const there = epFlows(w, far, 64, 8, 9);
    expect(there.dispatch.length).toBe(here.dispatch.length);
    for (let i = 0; i < here.dispatch.length; i++) {
      expect(there.dispatch.src[i]).toBe(here.dispatch.src[i] + 64);
      expect(there.dispatch.dst[i]).toBe(here.dispatch.dst[i] + 64);
      expect(there.dispatch.bytes[i]).toBe(here.dispatch.bytes[i]);
    }
    // after that draw, M = 1 must still limit a token to one host: at most one remote host per token
    const one = epFlows({ ...w, maxHostsPerToken: 1 }, hosts(8, 8), 64, 8, 9);
    expect(one.remoteHostsPerToken).toBeLessThanOrEqual(1);
    expect(one.remoteHostsPerToken).toBeGreaterThan(0.5); // 7 of 8 hosts are remote
    // fewer sampled tokens is another draw (and scales each count by 128/16 = 8, so every byte count is a multiple of 8 · hidden)
    const few = epFlows({ ...w, sampleTokensPerGpu: 16 }, hosts(8, 8), 64, 8, 9);
    expect(few.remoteHostsPerToken).not.toBe(here.remoteHostsPerToken);
    for (let i = 0; i < few.dispatch.length; i++) expect(few.dispatch.bytes[i] % (8 * 7168)).toBe(0);
  });
});
