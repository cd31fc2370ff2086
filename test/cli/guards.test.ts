/**
 * The memory and work guards at their boundary: the largest fabric of one family that the memory guard
 * accepts runs to completion (no abort), and the next size is refused with the estimate; the work
 * estimate follows the documented model (docs/performance.md, "Work guard").
 */
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { SUPERVISE_SECONDS } from '../../src/cli/supervise.js';
import { enumerateCandidates } from '../../src/plan/candidates.js';
import { closedCounts } from '../../src/topology/build.js';
import { adaptiveCandidates } from '../../src/traffic/routing.js';
import { loadWorkload } from '../../src/traffic/workload.js';
import { estimateWork, estimatePlanWork, estimateGenerateWork, BUILD_RATE, VISIT_RATE, FAIL_FACTOR, SAMPLE_RATE, HASH_RATE, CUT_PASSES, UGAL_FACTOR, FLOW_RATE, DEFAULT_MAX_WORK_MINUTES } from '../../src/traffic/work.js';

/** docs/performance.md: model bytes = 120 MB + 700 B per node + 800 B per edge */
function ft2Bytes(k: number, gpusPerHost = 8): number {
  const endpoints = (k * k) / 2; // k leaves × k/2 ports down
  const switches = k + k / 2; // k leaves, k/2 spines
  const hosts = Math.ceil(endpoints / gpusPerHost);
  const links = (k * k) / 2; // every leaf's k/2 up ports
  return 120e6 + (endpoints + switches + hosts) * 700 + (2 * endpoints + links) * 800;
}

describe('the memory guard at its boundary', () => {
  it('the largest ft2 accepted under --max-memory 0.15 runs to completion; the next is refused', () => {
    const limit = 0.15 * 2 ** 30;
    let k = 4;
    while (k + 2 <= 1024 && ft2Bytes(k + 2) <= limit) k += 2;
    expect(k).toBeGreaterThan(100); // the boundary is a real fabric, not the smallest one
    const ok = cli(['analyze', `ft2:k=${k}`, '--max-memory', '0.15', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).counts.endpoints).toBe((k * k) / 2);
    const over = cli(['analyze', `ft2:k=${k + 2}`, '--max-memory', '0.15']);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(new RegExp(`ft2:k=${k + 2}: the model needs about ${(ft2Bytes(k + 2) / 2 ** 30).toFixed(1)} GiB, over the 0\\.15 GiB limit; raise it with --max-memory`));
  }, 180_000);
});

describe('the largest ft2 under the default guards (8 GiB, 5 min)', () => {
  // The ft2 schema allows radix k ≤ 1024 and oversubscription r ≤ 64 (also ≤ k − 1); a leaf of radix k at r:1 has
  // d = ⌊k·r/(r + 1)⌋ ports down (the rest up), so the largest ft2 is k = 1024, r = 64: 1024 leaves × 1008 ports
  // down = 1,032,192 endpoints, and with one GPU per host the most nodes (a host per endpoint). Every larger
  // parameter is refused by the schema, so this is the largest fabric of the family; both guards accept it.
  const k = 1024;
  const down = Math.floor((k * 64) / 65);
  const endpoints = k * down;
  const up = k - down;
  const spines = up; // every leaf's up ports, one to each spine
  const links = k * up;
  const nodes = endpoints + (k + spines) + endpoints; // endpoints, switches, hosts of one GPU
  const edges = 2 * endpoints + links; // endpoint links, NVLink spokes, switch links
  const spec = `ft2:k=${k},oversubscription=64,gpusPerHost=1`;

  it('is accepted by both guards by the documented formulas, and runs to completion', () => {
    // docs/performance.md: 120 MB + 700 B per node + 800 B per edge; analyze's work = the build, (nodes + edges) /
    // BUILD_RATE, plus path statistics (⌈√leaves⌉ BFS passes) and 5 max-flow cuts of CUT_PASSES sweeps each, a
    // pass visiting every switch and both directions of every link and endpoint link
    const bytes = 120e6 + nodes * 700 + edges * 800;
    expect(bytes).toBeLessThan(8 * 2 ** 30);
    const pass = k + spines + 2 * (links + endpoints);
    const seconds = (nodes + edges) / BUILD_RATE + ((Math.ceil(Math.sqrt(k)) + 5 * CUT_PASSES) * pass) / VISIT_RATE;
    expect(seconds).toBeLessThan(DEFAULT_MAX_WORK_MINUTES * 60);
    expect(seconds).toBeGreaterThan(SUPERVISE_SECONDS); // so the run also goes through the supervised child
    const t0 = performance.now();
    const r = cli(['analyze', spec, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(a.counts.endpoints).toBe(endpoints);
    expect(a.counts.switches).toBe(k + spines);
    expect(a.counts.links).toBe(links);
    expect(performance.now() - t0).toBeLessThan(60_000);
  }, 120_000);

  it('every next size up is refused with exit 2, naming the field and what is allowed', () => {
    for (const [ref, pattern] of [
      [`ft2:k=${k + 2},oversubscription=64,gpusPerHost=1`, /ft2\.k = 1026: .*(1024|even integer from 4 to 1024)/],
      [`ft2:k=${k},oversubscription=65,gpusPerHost=1`, /ft2\.oversubscription = 65: .*64/],
      [`ft2:k=${k},oversubscription=64,endpoints=${endpoints + 1}`, new RegExp(`ft2\\.endpoints = ${endpoints + 1}: at most ${endpoints} endpoints fit`)],
    ] as const) {
      const r = cli(['analyze', ref]);
      expect(r.code, ref).toBe(2);
      expect(r.stderr, ref).toMatch(pattern);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('the work estimate', () => {
  // ft3:k=64 by hand: 65,536 endpoints, 8,192 hosts, 5,120 switches (2,048 leaves), 131,072 links
  const ft3k64 = { endpoints: 65536, hosts: 8192, switches: 5120, switchesByTier: { tier1: 2048, tier2: 2048, tier3: 1024 }, links: 131072, endpointLinks: 65536 };
  const elements = 65536 * 3 + 5120 + 8192 + 131072;
  const passVisits = 5120 + 2 * (131072 + 65536);

  it('build only: elements / BUILD_RATE', () => {
    expect(estimateWork({ counts: ft3k64 }).seconds).toBeCloseTo(elements / BUILD_RATE, 9);
  });

  it('uniform traffic folds to √leaves passes; --no-symmetry routes every leaf', () => {
    const folded = estimateWork({ counts: ft3k64, workload: 'uniform' }).seconds - elements / BUILD_RATE;
    expect(folded).toBeCloseTo((Math.ceil(Math.sqrt(2048)) * passVisits) / VISIT_RATE, 9);
    const every = estimateWork({ counts: ft3k64, workload: 'uniform', symmetry: false }).seconds - elements / BUILD_RATE;
    expect(every).toBeCloseTo((2048 * passVisits) / VISIT_RATE, 9);
  });

  it('failure trials: (trials + 1) runs of every-leaf routing × FAIL_FACTOR', () => {
    const s = estimateWork({ counts: ft3k64, failTrials: 9 }).seconds - elements / BUILD_RATE;
    expect(s).toBeCloseTo((10 * 2048 * passVisits * FAIL_FACTOR) / VISIT_RATE, 6);
  });

  it('sampled gating: gpus × drawn tokens × (experts + ep), plus the ep² count matrix per group', () => {
    const small = { endpoints: 32, hosts: 4, switches: 12, switchesByTier: { tier1: 8, tier2: 4 }, links: 32, endpointLinks: 32 };
    const w = { kind: 'ep', ep: 32, experts: 256, sharedExperts: 1, topk: 8, maxHostsPerToken: 4, tokensPerGpu: 1e6, hidden: 7168, dispatchBytes: 1, combineBytes: 2, expertPlacement: 'contiguous', gating: 'sampled', skew: 0, sampleTokensPerGpu: 1e6, forwarding: 'nvlink' } as const;
    const e = estimateWork({ counts: small, workload: w as never });
    const draws = 32 * 1e6 * (256 + 32) + 1 * 32 * 32;
    expect(e.detail).toBe('9.2e9 gating draws');
    expect(e.seconds).toBeGreaterThan(draws / SAMPLE_RATE);
    expect(e.seconds).toBeLessThan(draws / SAMPLE_RATE + 1);
  });

  it('ECMP hashing: one BFS per destination leaf, then trials × flows × hops × 2 × degree lane-scan steps', () => {
    const build = elements / BUILD_RATE;
    // permutation on ft3:k=64: 65,536 flows; a pinned flow climbs and descends 2 tiers (4 hops), scanning each
    // switch's arcs twice; mean switch degree 2·links / switches
    const steps = 100 * 65536 * 4 * 2 * ((2 * 131072) / 5120);
    const e = estimateWork({ counts: ft3k64, workload: 'permutation', routing: 'ecmp-hash', hashTrials: 100 });
    expect(e.seconds - build).toBeCloseTo((2048 * passVisits) / VISIT_RATE + steps / HASH_RATE, 6);
    // uniform: N·(N − G) pairs, capped at the 500,000 the router samples
    const u = estimateWork({ counts: ft3k64, workload: 'uniform', routing: 'ecmp-hash', hashTrials: 5 });
    expect(u.seconds - build).toBeCloseTo((2048 * passVisits) / VISIT_RATE + (5 * 500_000 * 4 * 2 * ((2 * 131072) / 5120)) / HASH_RATE, 6);
  });

  it('flow model: phases × events × classes × DAG links per class', () => {
    // ep 64 over all 65,536 GPUs of ft3:k=64 (8 per host): K = 65,536 · (64/8 − 1) classes per phase, 2 phases;
    // links per class between two leaves: 2 + 2·(u + u²), u = 32 endpoints per leaf; sampled gating: K/4 events
    const w = { kind: 'ep', ep: 64, experts: 256, sharedExperts: 1, topk: 8, maxHostsPerToken: 4, tokensPerGpu: 4096, hidden: 7168, dispatchBytes: 1, combineBytes: 2, expertPlacement: 'contiguous', gating: 'sampled', skew: 1, sampleTokensPerGpu: 1, forwarding: 'nvlink' } as const;
    const K = 65536 * 7;
    const flow = 2 * (K / 4) * K * (2 + 2 * (32 + 32 * 32));
    const withFlow = estimateWork({ counts: ft3k64, workload: w as never, model: 'flow' });
    const bound = estimateWork({ counts: ft3k64, workload: w as never });
    expect(withFlow.seconds - bound.seconds).toBeCloseTo(flow / FLOW_RATE, 3);
    expect(withFlow.detail).toBe(`${flow.toExponential(1).replace('e+', 'e')} flow-model steps`);
  });

  it('plan: per candidate the build, path BFS, two natural cuts; with a workload both routings and the one-down run', () => {
    const orbit = Math.ceil(Math.sqrt(2048)) * passVisits;
    const boundOnly = elements / BUILD_RATE + orbit / VISIT_RATE + (2 * CUT_PASSES * passVisits) / VISIT_RATE;
    expect(estimatePlanWork({ candidates: [{ counts: ft3k64, routers: false }] }).seconds).toBeCloseTo(boundOnly, 9);
    // two candidates add; a budget adds 8 bound-only evaluations of the largest
    expect(estimatePlanWork({ candidates: [{ counts: ft3k64, routers: false }, { counts: ft3k64, routers: false }], budget: true }).seconds).toBeCloseTo(10 * boundOnly, 9);
    // --routed: uniform, copies fill the fabric; adaptive folds by symmetry (⌈√leaves⌉ passes), the one-down run
    // routes every leaf, ECMP runs one BFS per leaf and hashes 5 trials of 500,000 sampled flows
    const hashSteps = 5 * 500_000 * 4 * 2 * ((2 * 131072) / 5120);
    const routed = elements / BUILD_RATE + orbit / VISIT_RATE + (CUT_PASSES * passVisits) / VISIT_RATE + orbit / VISIT_RATE + ((2048 * passVisits) / VISIT_RATE + hashSteps / HASH_RATE) + (2048 * passVisits) / VISIT_RATE;
    expect(estimatePlanWork({ candidates: [{ counts: ft3k64, routers: false }], routed: true }).seconds).toBeCloseTo(routed, 6);
    // on a router network the adaptive figure is one UGAL run: UGAL_FACTOR times the routing passes
    const ugal = routed + (UGAL_FACTOR - 1) * (orbit / VISIT_RATE + (2048 * passVisits) / VISIT_RATE);
    expect(estimatePlanWork({ candidates: [{ counts: ft3k64, routers: true }], routed: true }).seconds).toBeCloseTo(ugal, 6);
  });

  it('compare --workload: the main row plus the routing pair (adaptive, and ECMP hashing × 5 trials)', () => {
    const build = elements / BUILD_RATE;
    const orbit = Math.ceil(Math.sqrt(2048)) * passVisits;
    const ecmp = (2048 * passVisits) / VISIT_RATE + (5 * 500_000 * 4 * 2 * ((2 * 131072) / 5120)) / HASH_RATE;
    // a fat-tree's adaptive figure is ideal routing: folded uniform, the same as the main row
    expect(estimateWork({ counts: ft3k64, workload: 'uniform', pair: true }).seconds).toBeCloseTo(build + 2 * (orbit / VISIT_RATE) + ecmp, 6);
  });

  it("plan --help's examples are accepted by the default work guard; a 4× larger training plan is not", () => {
    const est = (gpus: number, workload?: string, budget = false) => {
      const set = enumerateCandidates({ gpus, gpusPerHost: 8, nicGbps: 400, radix: 64, maxOversubscription: budget ? 2 : 1 });
      const candidates = set.candidates.map((c) => ({ counts: closedCounts(c.spec), routers: adaptiveCandidates(c.spec.family).length > 1 }));
      return estimatePlanWork({ candidates, workload: workload ? loadWorkload(workload) : undefined, budget }).seconds;
    };
    const limit = DEFAULT_MAX_WORK_MINUTES * 60;
    expect(est(2048)).toBeLessThan(limit);
    // measured 127 s on the loaded reference machine (docs/performance.md, "Work guard")
    expect(est(16384, 'deepseek-v3-training')).toBeLessThan(limit);
    expect(est(4096, undefined, true)).toBeLessThan(limit);
    expect(est(65536, 'deepseek-v3-training')).toBeGreaterThan(limit);
  });

  it('generate: the build and the export, each (nodes + edges) / BUILD_RATE', () => {
    expect(estimateGenerateWork(ft3k64).seconds).toBeCloseTo((2 * elements) / BUILD_RATE, 9);
  });
});
