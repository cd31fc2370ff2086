import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { compile } from '../../src/topology/compiled.js';
import { runTraffic } from '../../src/traffic/run.js';
import { parseWorkload } from '../../src/traffic/workload.js';
import { parsePattern } from '../../src/traffic/patterns.js';
import { placeJob } from '../../src/traffic/placement.js';
import { hostIndex } from '../../src/traffic/hosts.js';
import { UsageError } from '../../src/errors.js';
import { cli } from '../helpers/cli.js';

// ft2:k=8: 32 GPUs, 4 hosts of 8 (GPUs 0–3 of host h on leaf 2h, 4–7 on leaf 2h+1), 4 spines, NICs 50 GB/s
const ft = compile(resolveTopology('ft2:k=8')[0]);
const S = 1e9;
const pat = (p: string) => parseWorkload(parsePattern(p, S), 'test');

describe('patterns', () => {
  it('bisect: every GPU sends S to its counterpart in the other half and receives S: one NIC time, S/50 GB/s', () => {
    const r = runTraffic(ft, pat('bisect'), {});
    expect(r.demand.fabricBytes).toBe(32 * S);
    expect(r.congestion.timeSeconds).toBeCloseTo(S / 50e9, 12);
  });

  it('incast:n: n senders on other hosts into one NIC: n·S/50 GB/s', () => {
    const r = runTraffic(ft, pat('incast:3'), {});
    expect(r.demand.fabricBytes).toBe(3 * S);
    expect(r.congestion.timeSeconds).toBeCloseTo((3 * S) / 50e9, 12);
    expect(r.congestion.bottleneck!.target).toBe('h0.g0');
  });

  it('shift:s: GPU i → i+s; with s = 8 (a host) everything crosses the fabric on its own rail, one NIC time', () => {
    const r = runTraffic(ft, pat('shift:8'), {});
    expect(r.demand.fabricBytes).toBe(32 * S);
    expect(r.demand.nvlinkBytes).toBe(0);
    expect(r.congestion.timeSeconds).toBeCloseTo(S / 50e9, 12);
    // s = 1: only the last GPU of each host leaves it: 4 fabric flows, 28 over NVLink
    const one = runTraffic(ft, pat('shift:1'), {});
    expect(one.demand.fabricBytes).toBe(4 * S);
  });

  it('bad patterns exit with one line naming the value and what is allowed', () => {
    expect(() => parsePattern('shift', 1)).toThrow(UsageError);
    expect(() => parsePattern('incast:0', 1)).toThrow(/allowed: uniform, permutation, bisect, shift:<s>, incast:<n>/);
    expect(() => runTraffic(ft, pat('shift:32'), {})).toThrow(/multiple of the job's 32 GPUs/);
  });
});

describe('placement and data-parallel copies', () => {
  const big = compile(resolveTopology('ft2:k=16')[0]); // 128 GPUs, 16 hosts
  const hi = hostIndex(big.csr, 8);
  const firstHost = (h: ReturnType<typeof placeJob>['indices'][number]) => Array.from({ length: h.hosts }, (_, j) => Math.floor(h.endpointOf[j * 8] / 8));

  it('packed takes the first hosts, spread every H/J-th, random a seeded sample; copies fill the cluster', () => {
    expect(firstHost(placeJob(hi, 32, 8, 'packed', 1).indices[0])).toEqual([0, 1, 2, 3]);
    expect(firstHost(placeJob(hi, 32, 8, 'spread', 1).indices[0])).toEqual([0, 4, 8, 12]);
    const rep = placeJob(hi, 32, 8, 'spread', 1, true);
    expect(rep.copies).toBe(4);
    expect(rep.coverage).toBe(1);
    expect(rep.indices.map(firstHost)).toEqual([[0, 4, 8, 12], [1, 5, 9, 13], [2, 6, 10, 14], [3, 7, 11, 15]]);
    const a = placeJob(hi, 40, 8, 'random', 7, true);
    expect(a.copies).toBe(3);
    expect(a.coverage).toBeCloseTo(15 / 16, 12);
    const used = a.indices.flatMap(firstHost);
    expect(new Set(used).size).toBe(15); // copies never share a host
    expect(firstHost(placeJob(hi, 40, 8, 'random', 7).indices[0])).toEqual(firstHost(a.indices[0])); // same seed, same hosts
    expect(firstHost(placeJob(hi, 40, 8, 'random', 8).indices[0])).not.toEqual(firstHost(a.indices[0]));
  });

  it('replicating a job multiplies its fabric bytes by the copies (conservation), and the placement is reported', () => {
    const w = parseWorkload({ kind: 'pp', pp: 4, gpus: 32, tokensPerMicrobatch: 1000, hidden: 1000 }, 'test');
    const one = runTraffic(big, w, {});
    const all = runTraffic(big, w, { replicate: true });
    expect(all.demand.fabricBytes).toBeCloseTo(4 * one.demand.fabricBytes, 0);
    expect(one.placement).toMatchObject({ placement: 'packed', copies: 1, jobHosts: 4, clusterHosts: 16, coverage: 0.25 });
    expect(all.placement).toMatchObject({ copies: 4, coverage: 1 });
    const spread = runTraffic(big, w, { placement: 'spread' });
    expect(spread.placement!.hostsOfFirstCopy).toEqual([0, 4, 8, 12]);
  });
});

describe('every traffic-bearing command names its models', () => {
  it('traffic, fail and compare JSON carry a routing key; the terminal header names it', () => {
    const t = JSON.parse(cli(['traffic', 'ft2:k=8', '--pattern', 'bisect', '--routing', 'ecmp-hash', '--json']).stdout);
    expect(t.routing).toBe('ecmp-hash');
    expect(t.model).toBe('bound');
    expect(cli(['traffic', 'ft2:k=8', '--pattern', 'bisect']).stdout.split('\n')[0]).toMatch(/\(ideal routing, bound, 32 GPUs in the job\)/);
    const f = JSON.parse(cli(['fail', 'ft2:k=8', '--switches', '1', '--tier', 'spine', '--routing', 'ecmp-hash', '--json']).stdout);
    expect(f.routing).toBe('ecmp-hash');
    const c = JSON.parse(cli(['compare', 'ft2:k=8', '--pattern', 'bisect', '--json']).stdout);
    expect(c[0].traffic.routing).toBe('ideal');
    expect(c[0].traffic.adaptive.routing).toBe('ideal');
    expect(typeof c[0].traffic.ecmpSeconds).toBe('number');
    const bad = cli(['traffic', 'ft2:k=8', '--pattern', 'bisect', '--routing', 'ugal']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('plan: two routings side by side', () => {
  it('each candidate names the adaptive model it ranked by and shows ECMP per-flow next to it; a small job is replicated', async () => {
    const { plan } = await import('../../src/plan/plan.js');
    const { loadPricebook } = await import('../../src/topology/pricebook.js');
    const w = parseWorkload({ kind: 'bisect', bytesPerPair: 1e6, gpus: 32 }, 'test');
    const p = plan({ gpus: 128, gpusPerHost: 8, nicGbps: 400, radix: 16, maxOversubscription: 1, pricebook: loadPricebook(), workload: w });
    expect(p.request.routing).toMatch(/^adaptive/);
    for (const e of p.candidates) {
      expect(e.routing).toBe(e.adaptive!.routing);
      expect(e.timeSeconds).toBe(e.adaptive!.timeSeconds);
      // ECMP pins flows to one path: never faster than the fluid split; DF/SF: the best of their three models
      expect(e.ecmpSeconds!).toBeGreaterThanOrEqual(e.timeSeconds * (1 - 1e-9));
      if (e.family === 'dragonfly' || e.family === 'slimfly') {
        expect(Object.keys(e.adaptive!.tried).sort()).toEqual(['minimal', 'ugal', 'valiant']);
        expect(e.timeSeconds).toBe(Math.min(...Object.values(e.adaptive!.tried)));
      }
      // 4 hosts of 32 GPUs: as many copies as fit
      expect(e.placement!.copies).toBe(Math.floor(e.placement!.clusterHosts / 4));
      // one switch down: routed again with the adaptive rule, named, never slower than the healthy winner kept
      // obliviously with the switch down
      if (e.failure) {
        const { failureScenario } = await import('../../src/plan/evaluate.js');
        const c = compile(e.spec as Parameters<typeof compile>[0]);
        const kept = runTraffic(c, w, { routing: e.routing as 'ideal', failedEdges: failureScenario(c)!.failed, replicate: true });
        expect(e.failure.routing, e.design).toMatch(e.family === 'dragonfly' || e.family === 'slimfly' ? /^(minimal|valiant|ugal)$/ : /^ideal$/);
        expect(e.failure.timeSeconds, e.design).toBeLessThanOrEqual(kept.congestion.timeSeconds * (1 + 1e-9));
      }
    }
    const ecmp = plan({ gpus: 128, gpusPerHost: 8, nicGbps: 400, radix: 16, maxOversubscription: 1, pricebook: loadPricebook(), workload: w, routing: 'ecmp-hash' });
    for (const e of ecmp.candidates) expect(e.timeSeconds).toBe(e.ecmpSeconds);
  });
});
