import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { compile } from '../../src/topology/compiled.js';
import { runTraffic } from '../../src/traffic/run.js';
import { parseWorkload, type Workload } from '../../src/traffic/workload.js';
import { collectiveGroups } from '../../src/traffic/collective.js';
import type { CollectiveWorkload } from '../../src/traffic/workload.js';

// ft2:k=8: 8 leaves × 4 GPUs, 4 spines, one link from every leaf to every spine; 4 hosts of 8 GPUs, host h on
// leaves 2h (GPUs 0–3) and 2h+1 (GPUs 4–7). A group of 4 ranks 8 GPUs apart puts one rank on each host, each
// sending to the GPU with the same local index on the next host: another leaf, through a spine.
const ft = compile(resolveTopology('ft2:k=8')[0]);
const S = 64e6;
const wl = (o: Record<string, unknown>) => parseWorkload(JSON.parse(JSON.stringify({ kind: 'collective', op: 'all-reduce', group: 'dp', size: 4, stride: 8, bytes: S, ...o })), 'test');

/** Per-lane bytes on every directed link of each class, from the routed arc loads. */
function byClass(w: Workload, routing: 'ideal' | 'ecmp-hash' = 'ideal') {
  const r = runTraffic(ft, w, { keepArcLoads: true, routing });
  const { csr } = ft;
  const cls: Record<string, number[]> = { nicUp: [], nicDown: [], leafToSpine: [], spineToLeaf: [] };
  for (const [i, p] of r.phases.entries()) {
    if (i > 0) throw new Error('one phase expected');
    const load = p.arcLoad!;
    for (let e = 0; e < csr.endpoints; e++) {
      cls.nicUp.push(load[csr.endpointUpArc[e]]);
      cls.nicDown.push(load[csr.endpointDownArc[e]]);
    }
    for (let a = 0; a < 2 * csr.edges; a++) {
      const u = csr.arcTail[a];
      const v = csr.arcHead[a];
      if (u >= csr.switches || v >= csr.switches) continue;
      (csr.tier[u] === 1 ? cls.leafToSpine : cls.spineToLeaf).push(load[a] / csr.lanes[a >> 1]);
    }
  }
  return { r, cls };
}

describe('collectives: bytes per rank on every link class of a small fat-tree (hand figures)', () => {
  const cases: Array<[string, Record<string, unknown>, number]> = [
    ['ring all-reduce: 2(n−1)/n·S', { op: 'all-reduce', algorithm: 'ring' }, (2 * 3 * S) / 4],
    ['ring all-gather: (n−1)/n·S', { op: 'all-gather', algorithm: 'ring' }, (3 * S) / 4],
    ['ring reduce-scatter: (n−1)/n·S', { op: 'reduce-scatter', algorithm: 'ring' }, (3 * S) / 4],
    ['direct all-gather: S/n to each of n−1 peers', { op: 'all-gather', algorithm: 'direct' }, (3 * S) / 4],
    ['direct all-reduce: 2S/n to each of n−1 peers', { op: 'all-reduce', algorithm: 'direct' }, (2 * 3 * S) / 4],
  ];
  for (const [name, o, X] of cases)
    it(name, () => {
      const { r, cls } = byClass(wl(o));
      // 32 ranks (8 groups... 8 offsets × 4 ranks) each send X: every NIC up and down carries X
      expect(cls.nicUp.every((x) => Math.abs(x - X) < 1e-6 * X)).toBe(true);
      expect(cls.nicDown.every((x) => Math.abs(x - X) < 1e-6 * X)).toBe(true);
      // each leaf sends 4 ranks × X to other leaves over its 4 uplinks, and receives as much: X per link
      for (const k of ['leafToSpine', 'spineToLeaf']) {
        expect(cls[k].length).toBe(32);
        for (const x of cls[k]) expect(x).toBeCloseTo(X, 0);
      }
      expect(r.demand.fabricBytes).toBeCloseTo(32 * X, 0);
      expect(r.congestion.timeSeconds).toBeCloseTo(X / 50e9, 9);
    });

  it('tree all-reduce: a child sends S up and receives S down; the root sends S to each of its two children', () => {
    const { cls } = byClass(wl({ op: 'all-reduce', algorithm: 'tree' }));
    // ranks 0..3: parent(1) = parent(2) = 0, parent(3) = 1. NIC up of rank 0 carries 2S (two children), rank 1 carries S + S.
    const up = [...cls.nicUp].sort((a, b) => b - a);
    expect(up[0]).toBeCloseTo(2 * S, 0);
    expect(cls.nicUp.reduce((a, b) => a + b, 0)).toBeCloseTo(8 * 2 * 3 * S, 0); // 8 groups, 3 edges, S each way
  });

  it('hierarchical all-reduce: NVLink reduce-scatter, the ring on S/l across hosts, NVLink all-gather', () => {
    // groups of 16 ranks, stride 1: 2 hosts × l = 8 local ranks; across hosts, rings of m = 2 on S/8
    const w = wl({ op: 'all-reduce', algorithm: 'ring', hierarchical: true, size: 16, stride: 1 });
    const r = runTraffic(ft, w, {});
    expect(r.phases.map((p) => p.name)).toEqual(['all-reduce nvlink-rs', 'all-reduce fabric', 'all-reduce nvlink-ag']);
    // NVLink steps: each GPU sends S/l to each of l − 1 local peers: 7/8·S, fabric 0
    expect(r.phases[0].demand.fabricBytes).toBe(0);
    expect(r.phases[0].demand.nvlinkBytes).toBeCloseTo(32 * (7 / 8) * S, 0);
    // fabric: ring all-reduce over 2 ranks on S/8 → 2·(1/2)·S/8 per rank
    expect(r.phases[1].demand.fabricBytes).toBeCloseTo(32 * (S / 8), 0);
  });

  it('groups tile the job: dp stride defaults to job GPUs / size; ep groups are consecutive', () => {
    const g = collectiveGroups(wl({ stride: undefined, size: 4 }) as CollectiveWorkload, 32);
    expect(g[0]).toEqual([0, 8, 16, 24]);
    expect(g).toHaveLength(8);
    expect(collectiveGroups(wl({ group: 'ep', stride: undefined, size: 8 }) as CollectiveWorkload, 32)[1]).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
    expect(() => collectiveGroups(wl({ size: 3, stride: 8 }) as CollectiveWorkload, 32)).toThrow(/must tile/);
  });

  it('ZeRO-1 in the DeepSeek-V3 training preset: DP2 reduce-scatter and all-gather sized from 671B parameters', async () => {
    const { loadWorkload } = await import('../../src/traffic/workload.js');
    const w = loadWorkload('deepseek-v3-training');
    if (w.kind !== 'composite') throw new Error('composite expected');
    const dp = w.components.filter((c) => c.kind === 'collective') as CollectiveWorkload[];
    expect(dp.map((c) => c.op).sort()).toEqual(['all-gather', 'reduce-scatter']);
    // 671e9 parameters over PP16 × EP64 shards, BF16, amortised over 120 micro-batches per step (docs/traffic.md)
    for (const c of dp) {
      expect(c.size).toBe(2);
      expect(c.stride).toBe(64);
      expect(c.bytes).toBeCloseTo(((671e9 / (16 * 64)) * 2) / 120, -3);
    }
  });
});
