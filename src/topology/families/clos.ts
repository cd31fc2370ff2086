/**
 * The shared folded-Clos builder behind ft2, ft3, mpft and mrft. A family decides how many leaves
 * there are and how endpoints attach; this module decides the spine (and core) layers with the
 * fewest switches, bundling parallel uplinks as lanes. Sizing and building share one function so the
 * closed-form counts and the built graph cannot drift apart.
 */
import type { Engine, SwitchInit } from '../engine.js';
import { ceilDiv } from '../family.js';

export interface ClosShape {
  /** leaf switches */
  leaves: number;
  /** uplinks per leaf */
  up: number;
  radix: number;
  /** 2: leaf-spine. 3: pods of `podLeaves` leaves, pod spines (aggregation) and a core layer. */
  tiers: 2 | 3;
  podLeaves?: number;
  /** two-tier only: the user's spine count (`spines=N`), instead of the even-split rule */
  spines?: number;
}

export interface ClosSize {
  spines: number;
  cores: number;
  pods: number;
  /** aggregation (tier-2) switches per pod, 3-tier only */
  podSpines: number[];
  /** cores in each core group j (group j serves spine j of every pod) */
  coreGroups: number[];
  /** switch-to-switch lanes */
  links: number;
}

/** Tier-2 switches of a 3-tier Clos split their ports evenly: half down, half up. */
function aggDown(radix: number): number {
  return radix / 2;
}

/** The fewest spines that give every leaf uplink a spine port. */
export function portMinimumSpines(leaves: number, up: number, radix: number): number {
  return ceilDiv(leaves * up, radix);
}

/**
 * Two-tier spine rule: the smallest count at or above the port minimum that divides each leaf's uplinks,
 * so every leaf has equal bundles to every spine (NVIDIA DGX SuperPOD B200 and B300-XDR compute fabric
 * tables: 4 SUs of 72 hosts at radix 144 use 18 spines, not the 16 that ports alone need). `up` itself
 * always qualifies when the leaves fit one tier (leaves <= radix), so the search ends by `up`.
 */
export function evenSpines(leaves: number, up: number, radix: number): number {
  const min = portMinimumSpines(leaves, up, radix);
  for (let s = min; s < up; s++) if (up % s === 0) return s;
  return Math.max(min, up);
}

/** Bundle sizes a leaf's `up` uplinks make over `spines` spines (round-robin): one size when even. */
export function bundleSizes(up: number, spines: number): number[] {
  const lo = Math.floor(up / spines);
  return up % spines === 0 ? [lo] : lo === 0 ? [0, 1] : [lo, lo + 1];
}

/**
 * The note a two-tier Clos with an uneven spine choice carries: its bundle sizes, and the effective
 * bisection of uniform traffic split evenly over the spines (ECMP per next hop), which the thinnest bundle
 * limits to floor(up/S) / (up/S) of the NIC rate.
 */
export function unevenSpineNote(up: number, spines: number): string | null {
  const b = bundleSizes(up, spines);
  if (b.length === 1) return null;
  const eff = Math.floor(up / spines) / (up / spines);
  return (
    `spines=${spines} splits each leaf's ${up} uplinks unevenly into bundles of ${b.join(' and ')} links: ` +
    `with ECMP spreading evenly over the spines, effective bisection ≈ ${(eff * 100).toFixed(1)}% of the cut ` +
    `(the thinnest bundle carries ${b[0]} of ${(up / spines).toFixed(2)} links' share; analyze --effective routes it); ` +
    `the default spine rule picks a count that divides ${up}`
  );
}

/** Why a user's `spines=N` cannot build a two-tier Clos of these leaves, or null when it can. */
export function spinesProblem(spines: number, leaves: number, up: number, radix: number): string | null {
  const min = portMinimumSpines(leaves, up, radix);
  if (spines < min) return `at least ${min}: ${leaves} leaves × ${up} uplinks need ${leaves * up} spine ports of radix ${radix}`;
  if (spines > up) return `at most ${up} (each leaf's uplinks): more spines would leave some without a link from every leaf`;
  return null;
}

export function closSize(s: ClosShape): ClosSize {
  if (s.tiers === 2) {
    const spines = s.spines ?? evenSpines(s.leaves, s.up, s.radix);
    return { spines, cores: 0, pods: 1, podSpines: [spines], coreGroups: [], links: s.leaves * s.up };
  }
  const podLeaves = s.podLeaves ?? s.radix / 2;
  const pods = ceilDiv(s.leaves, podLeaves);
  const podSpines: number[] = [];
  for (let p = 0; p < pods; p++) {
    const lp = Math.min(podLeaves, s.leaves - p * podLeaves);
    podSpines.push(ceilDiv(lp * s.up, aggDown(s.radix)));
  }
  const aggUp = s.radix - aggDown(s.radix);
  const coreGroups: number[] = [];
  if (pods > 1) {
    const groups = Math.max(...podSpines);
    for (let j = 0; j < groups; j++) {
      const podsWithJ = podSpines.filter((a) => a > j).length;
      coreGroups.push(ceilDiv(podsWithJ * aggUp, s.radix));
    }
  }
  const spines = podSpines.reduce((a, b) => a + b, 0);
  const cores = coreGroups.reduce((a, b) => a + b, 0);
  return { spines, cores, pods, podSpines, coreGroups, links: s.leaves * s.up + (pods > 1 ? spines * aggUp : 0) };
}

/** Spreads `count` uplinks starting at global offset `start` round-robin over `targets` targets. */
function spread(count: number, start: number, targets: number): Int32Array {
  const lanes = new Int32Array(targets);
  for (let i = 0; i < count; i++) lanes[(start + i) % targets]++;
  return lanes;
}

/**
 * Adds the spine/core layers above the existing leaves first .. first + s.leaves − 1 (pods are consecutive
 * runs). Round-robin over a global uplink counter keeps every spine within its radix and gives every leaf
 * floor/ceil(up/spines) lanes to each spine. Every leaf–spine and spine–core pair is linked once, so no
 * lookup is needed.
 */
export function buildClos(b: Engine, s: ClosShape, firstLeaf: number, prefix: string, gbps: number, attrs: Partial<SwitchInit> = {}): void {
  const size = closSize(s);
  if (s.tiers === 2) {
    const first = b.switches(size.spines, (j) => `${prefix}spine${j}`, () => ({ tier: 2, role: 'spine', radix: s.radix, ...attrs }));
    for (let l = 0; l < s.leaves; l++) {
      const lanes = spread(s.up, l * s.up, size.spines);
      lanes.forEach((n, j) => n > 0 && b.link(firstLeaf + l, first + j, n, gbps, 'leaf-spine'));
    }
    return;
  }
  const podLeaves = s.podLeaves ?? s.radix / 2;
  const aggUp = s.radix - aggDown(s.radix);
  const groupCores: number[] = size.coreGroups.map((c, j) => b.switches(c, (i) => `${prefix}core${j}.${i}`, () => ({ tier: 3, role: 'core', radix: s.radix, ...attrs })));
  const groupCounter = new Array<number>(size.coreGroups.length).fill(0);
  for (let p = 0; p < size.pods; p++) {
    const aggs = b.switches(size.podSpines[p], (j) => `${prefix}pod${p}.spine${j}`, () => ({ tier: 2, role: 'spine', radix: s.radix, pod: p, ...attrs }));
    for (let j = 0; j < size.podSpines[p]; j++) {
      if (size.pods > 1) {
        const lanes = spread(aggUp, groupCounter[j], size.coreGroups[j]);
        groupCounter[j] += aggUp;
        lanes.forEach((n, c) => n > 0 && b.link(aggs + j, groupCores[j] + c, n, gbps, 'spine-core'));
      }
    }
    const podEnd = Math.min(s.leaves, (p + 1) * podLeaves);
    for (let l = p * podLeaves; l < podEnd; l++) {
      b.setAttr(firstLeaf + l, 'pod', p);
      const lanes = spread(s.up, (l - p * podLeaves) * s.up, size.podSpines[p]);
      lanes.forEach((n, j) => n > 0 && b.link(firstLeaf + l, aggs + j, n, gbps, 'leaf-spine'));
    }
  }
}
