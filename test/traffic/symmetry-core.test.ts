/**
 * switchRotation (symmetry.ts) against brute force. A rotation it returns is checked here arc by arc from the
 * fabric's own edge list (graphology's walk of the built graph, numbered as the CSR documents: switches first,
 * in insertion order; arc 2e = edge e as stored): σ renames pod/group i to i + 1 (mod the count) keeping the
 * rest of the name, fixes every other switch, has order = the count, maps every switch arc onto an arc between
 * the images with the same lanes and rate, and keeps each leaf's endpoint count. A refusal is checked the same
 * way: the name rotation, built here, breaks one of these.
 */
import { describe, expect, it } from 'vitest';
import { UndirectedGraph } from 'graphology';
import { resolveTopology } from '../../src/topology/spec.js';
import { buildFabric } from '../../src/topology/build.js';
import { compileCsr } from '../../src/topology/csr.js';
import type { Compiled } from '../../src/topology/compiled.js';
import type { Fabric } from '../../src/topology/model.js';
import { switchRotation, type Rotation } from '../../src/traffic/symmetry.js';

type Attrs = Record<string, unknown>;

/** Switches (CSR numbering), their attributes, switch-to-switch edges and endpoints per switch, read off the graph. */
function switchView(g: Fabric) {
  const names: string[] = [];
  const attrs: Attrs[] = [];
  g.forEachNode((id, a) => {
    if (a.kind === 'switch') {
      names.push(id);
      attrs.push(a as Attrs);
    }
  });
  const at = new Map(names.map((id, i) => [id, i]));
  const S = names.length;
  const arcs: Array<{ arc: number; tail: number; head: number; lanes: number; gbps: number }> = [];
  const endpointsOf = new Array(S).fill(0);
  let edges = 0;
  g.forEachEdge((_k, a, s, t) => {
    const e = edges++;
    const u = at.get(s);
    const v = at.get(t);
    if (u !== undefined && v !== undefined) {
      arcs.push({ arc: 2 * e, tail: u, head: v, lanes: a.lanes, gbps: a.gbps });
      arcs.push({ arc: 2 * e + 1, tail: v, head: u, lanes: a.lanes, gbps: a.gbps });
    } else if (a.medium === 'fabric') endpointsOf[(u ?? v)!]++;
  });
  return { names, attrs, at, S, arcs, endpointsOf, edges };
}
type View = ReturnType<typeof switchView>;

/** The name rotation i -> i + 1 (mod order) over `attr`, or why it cannot be formed. */
function nameRotation(v: View, attr: 'group' | 'pod', tag: string): { perm: number[]; order: number } | string {
  const labels = v.attrs.map((a) => (typeof a[attr] === 'number' ? (a[attr] as number) : -1));
  const order = Math.max(0, ...labels.map((l) => l + 1));
  const perm: number[] = [];
  for (let u = 0; u < v.S; u++) {
    if (labels[u] < 0) {
      perm.push(u);
      continue;
    }
    const prefix = `${tag}${labels[u]}.`;
    if (!v.names[u].startsWith(prefix)) return `${v.names[u]} is not named ${prefix}…`;
    const image = v.at.get(`${tag}${(labels[u] + 1) % order}.${v.names[u].slice(prefix.length)}`);
    if (image === undefined) return `${v.names[u]} has no image`;
    perm.push(image);
  }
  return { perm, order };
}

/** What breaks σ as a symmetry of the switch graph and its leaves, or null when nothing does. */
function violation(v: View, perm: number[]): string | null {
  const byEnds = new Map(v.arcs.map((a) => [`${a.tail}>${a.head}`, a]));
  for (const a of v.arcs) {
    const b = byEnds.get(`${perm[a.tail]}>${perm[a.head]}`);
    if (!b) return `${v.names[a.tail]}–${v.names[a.head]} maps to a non-link`;
    if (b.lanes !== a.lanes || b.gbps !== a.gbps) return `${v.names[a.tail]}–${v.names[a.head]} maps to a link of other lanes or rate`;
  }
  for (let u = 0; u < v.S; u++) if (v.endpointsOf[perm[u]] !== v.endpointsOf[u]) return `${v.names[u]} maps to a switch with other endpoints`;
  return null;
}

/** Everything a Rotation promises, checked against the edge list. */
function expectRotation(r: Rotation | null, v: View, attr: 'group' | 'pod', tag: string, order: number) {
  expect(r).not.toBeNull();
  const rot = r!;
  const want = nameRotation(v, attr, tag);
  if (typeof want === 'string') throw new Error(want);
  expect(rot.order).toBe(order);
  expect(want.order).toBe(order);
  expect(Array.from(rot.perm)).toEqual(want.perm);
  expect(violation(v, want.perm)).toBeNull();
  // σ^order = identity; a rotated switch's orbit has exactly `order` switches
  for (let u = 0; u < v.S; u++) {
    let x = u;
    const orbit = new Set<number>();
    for (let i = 0; i < order; i++) {
      orbit.add(x);
      x = rot.perm[x];
    }
    expect(x).toBe(u);
    expect(orbit.size).toBe(rot.perm[u] === u ? 1 : order);
  }
  // arcPerm: every switch arc onto the arc between the images (same lanes and rate); −1 elsewhere; a bijection
  expect(rot.arcPerm.length).toBe(2 * v.edges);
  const switchArc = new Map(v.arcs.map((a) => [a.arc, a]));
  const byEnds = new Map(v.arcs.map((a) => [`${a.tail}>${a.head}`, a]));
  const images = new Set<number>();
  for (let a = 0; a < 2 * v.edges; a++) {
    const sa = switchArc.get(a);
    if (!sa) {
      if (rot.arcPerm[a] !== -1) expect(rot.arcPerm[a], `arc ${a} is not a switch arc`).toBe(-1);
      continue;
    }
    const b = byEnds.get(`${rot.perm[sa.tail]}>${rot.perm[sa.head]}`)!;
    if (rot.arcPerm[a] !== b.arc) expect(rot.arcPerm[a], `arc ${a}`).toBe(b.arc);
    expect([b.lanes, b.gbps]).toEqual([sa.lanes, sa.gbps]);
    images.add(b.arc);
  }
  expect(images.size).toBe(v.arcs.length);
}

const compiled = (g: Fabric) => ({ csr: compileCsr(g) }) as Compiled;
/** A built fabric, compiled from its engine, and the graph walk of a second build of it. */
function built(ref: string) {
  const spec = resolveTopology(ref)[0];
  const graph = buildFabric(spec);
  graph.nodes(); // graphology's graph
  return { c: compiled(buildFabric(spec)), v: switchView(graph) };
}

describe('switchRotation on built fabrics, against brute force', () => {
  it('ft3:k=8: pod p -> p + 1, cores fixed, order 8', () => {
    const { c, v } = built('ft3:k=8,gpusPerHost=4');
    expectRotation(switchRotation(c), v, 'pod', 'pod', 8);
    // the k²/4 = 16 cores are the fixed switches
    const r = switchRotation(c)!;
    expect(Array.from(r.perm).filter((x, u) => x === u).length).toBe(16);
  });

  it('dragonfly:p=2,a=4,h=2 (palm tree): group i -> i + 1, order a·h + 1 = 9', () => {
    const { c, v } = built('dragonfly:p=2,a=4,h=2');
    expectRotation(switchRotation(c), v, 'group', 'g', 9);
  });

  it('dragonfly:p=2,a=2,h=2,g=4 (fewer groups than a·h + 1, palm tree)', () => {
    const { c, v } = built('dragonfly:p=2,a=2,h=2,g=4');
    const want = nameRotation(v, 'group', 'g');
    if (typeof want === 'string') throw new Error(want);
    const r = switchRotation(c);
    // whatever brute force says of the name rotation, switchRotation says the same
    if (violation(v, want.perm) === null) expectRotation(r, v, 'group', 'g', 4);
    else expect(r).toBeNull();
  });

  it.each([
    // consecutive arrangement: router r of group i reaches groups in an order that does not rotate
    ['dragonfly:p=3,a=4,h=2,arrangement=consecutive', 'group', 'g'],
    // a partial fat-tree: the last pod has fewer endpoints
    ['ft3:k=8,endpoints=100', 'pod', 'pod'],
  ] as const)('%s: refused, and brute force finds what breaks the name rotation', (ref, attr, tag) => {
    const { c, v } = built(ref);
    const candidate = nameRotation(v, attr, tag);
    const broken = typeof candidate === 'string' ? candidate : violation(v, candidate.perm);
    expect(broken).not.toBeNull();
    expect(switchRotation(c)).toBeNull();
  });

  // every family: switchRotation finds the rotation exactly when brute force verifies one (groups tried first).
  // Brute force finds one on full fat-trees (order k, the pods: k³/4 = 54 endpoints is full at k = 6) and on
  // palm-tree Dragonflies with g = a·h + 1 (order g); on none of the others.
  it.each([
    ['ft2:k=8', null],
    ['slimfly:q=5', null],
    ['mpft:k=8,planes=2', null],
    ['mrft:k=8,suHosts=4,sus=2,gpusPerHost=4', null],
    ['railonly:k=8,gpusPerHost=4', null],
    ['ft3:k=4', 4],
    ['ft3:k=6,endpoints=54', 6],
    ['dragonfly:p=2,a=2,h=1,g=3', 3],
    ['dragonfly:p=1,a=4,h=1,g=5', 5],
  ] as const)('%s: found exactly when brute force verifies it', (ref, order) => {
    const { c, v } = built(ref);
    const found = switchRotation(c);
    for (const [attr, tag] of [['group', 'g'], ['pod', 'pod']] as const) {
      const candidate = nameRotation(v, attr, tag);
      if (typeof candidate !== 'string' && candidate.order >= 2 && violation(v, candidate.perm) === null) {
        expect(candidate.order).toBe(order);
        expectRotation(found, v, attr, tag, candidate.order);
        return;
      }
    }
    expect(order).toBeNull();
    expect(found).toBeNull();
  });
});

describe('switchRotation on hand-made graphs', () => {
  /**
   * `groups` groups of two routers, g{i}.rA and g{i}.rB, joined by `local` lanes; rA of each group linked to
   * rA of the next (a ring, 1 lane); one endpoint per router; and a core switch `c` without a group joined to
   * every rB by 2 lanes. `tweak` edits it before the links are laid.
   */
  function ring(groups: number, tweak: { local?: (i: number) => number; gbps?: (i: number) => number; skipLocal?: number; name?: (i: number, r: string) => string; label?: (i: number) => number; extraEndpoint?: number; attr?: 'group' | 'pod'; endpointGroup?: number } = {}) {
    const g = new UndirectedGraph() as unknown as Fabric;
    const name = tweak.name ?? ((i, r) => `g${i}.${r}`);
    const attr = tweak.attr ?? 'group';
    for (let i = 0; i < groups; i++)
      for (const r of ['rA', 'rB']) g.addNode(name(i, r), { kind: 'switch', tier: 1, role: 'router', radix: 16, [attr]: tweak.label?.(i) ?? i } as never);
    g.addNode('c', { kind: 'switch', tier: 2, role: 'core', radix: 64 } as never);
    const link = (a: string, b: string, lanes: number, gbps = 400) => g.addEdgeWithKey(`${a}~${b}`, a, b, { medium: 'fabric', layer: 'local', gbps, lanes } as never);
    for (let i = 0; i < groups; i++) {
      if (tweak.skipLocal !== i) link(name(i, 'rA'), name(i, 'rB'), tweak.local?.(i) ?? 3, tweak.gbps?.(i) ?? 400);
      if (groups > 2 || (groups === 2 && i === 0)) link(name(i, 'rA'), name((i + 1) % groups, 'rA'), 1);
      link('c', name(i, 'rB'), 2);
    }
    let host = 0;
    for (let i = 0; i < groups; i++)
      for (const r of ['rA', 'rB']) {
        const count = tweak.extraEndpoint === i && r === 'rA' ? 2 : 1;
        for (let k = 0; k < count; k++) {
          g.addNode(`h${host}.g0`, { kind: 'endpoint', host, gpu: 0, ...(tweak.endpointGroup === undefined ? {} : { group: tweak.endpointGroup }) } as never);
          g.addEdgeWithKey(`h${host}.g0~${name(i, r)}`, `h${host}.g0`, name(i, r), { medium: 'fabric', layer: 'endpoint', gbps: 400, lanes: 1 } as never);
          host++;
        }
      }
    return g;
  }

  it('a symmetric ring of 3 groups: the rotation, verified arc by arc; the core fixed', () => {
    const g = ring(3);
    expectRotation(switchRotation(compiled(g)), switchView(g), 'group', 'g', 3);
  });

  it('two groups: order 2', () => {
    const g = ring(2);
    expectRotation(switchRotation(compiled(g)), switchView(g), 'group', 'g', 2);
  });

  it('the same ring labelled by pod (names pod{i}.…): found by the second candidate', () => {
    const g = ring(3, { attr: 'pod', name: (i, r) => `pod${i}.${r}` });
    expectRotation(switchRotation(compiled(g)), switchView(g), 'pod', 'pod', 3);
  });

  it('endpoints carrying a group number beyond the switches\' (here 7 of 3): the rotation is read from the switches only', () => {
    const g = ring(3, { endpointGroup: 7 });
    expectRotation(switchRotation(compiled(g)), switchView(g), 'group', 'g', 3);
  });

  it('two groups whose switches have different names (g0.s, g1.t), no links, one endpoint each: no image, refused', () => {
    const g = new UndirectedGraph() as unknown as Fabric;
    g.addNode('g0.s', { kind: 'switch', tier: 1, role: 'router', radix: 4, group: 0 } as never);
    g.addNode('g1.t', { kind: 'switch', tier: 1, role: 'router', radix: 4, group: 1 } as never);
    for (const [h, sw] of [[0, 'g0.s'], [1, 'g1.t']] as const) {
      g.addNode(`h${h}.g0`, { kind: 'endpoint', host: h, gpu: 0 } as never);
      g.addEdgeWithKey(`h${h}.g0~${sw}`, `h${h}.g0`, sw, { medium: 'fabric', layer: 'endpoint', gbps: 400, lanes: 1 } as never);
    }
    const v = switchView(g);
    expect(nameRotation(v, 'group', 'g')).toBe('g0.s has no image');
    expect(switchRotation(compiled(g))).toBeNull();
  });

  it('the missing image\'s name taken by an endpoint (g0.b has no g1.b, but an endpoint is called g1.b): refused', () => {
    // switches g0.a, g0.b (group 0) and g1.a (group 1); g0.a and g1.a hold one endpoint each, g0.b none; no
    // switch links. The endpoint named g1.b is not a switch, so g0.b has no image.
    const g = new UndirectedGraph() as unknown as Fabric;
    g.addNode('g0.a', { kind: 'switch', tier: 1, role: 'router', radix: 4, group: 0 } as never);
    g.addNode('g0.b', { kind: 'switch', tier: 1, role: 'router', radix: 4, group: 0 } as never);
    g.addNode('g1.a', { kind: 'switch', tier: 1, role: 'router', radix: 4, group: 1 } as never);
    for (const [ep, sw] of [['g1.b', 'g0.a'], ['h1.g0', 'g1.a']] as const) {
      g.addNode(ep, { kind: 'endpoint', host: ep === 'g1.b' ? 0 : 1, gpu: 0 } as never);
      g.addEdgeWithKey(`${ep}~${sw}`, ep, sw, { medium: 'fabric', layer: 'endpoint', gbps: 400, lanes: 1 } as never);
    }
    expect(nameRotation(switchView(g), 'group', 'g')).toBe('g0.b has no image');
    expect(switchRotation(compiled(g))).toBeNull();
  });

  it.each([
    ['one group only (order 1)', () => ring(1), 'order'],
    ['local lanes differ in one group', () => ring(3, { local: (i) => (i === 1 ? 4 : 3) }), 'lanes'],
    ['local lanes differ in group 0', () => ring(3, { local: (i) => (i === 0 ? 4 : 3) }), 'lanes'],
    ['a local link of another rate', () => ring(3, { gbps: (i) => (i === 2 ? 200 : 400) }), 'lanes'],
    ['a local link missing in group 1', () => ring(3, { skipLocal: 1 }), 'non-link'],
    ['a local link missing in group 0 (σ of group 2 is switch 0)', () => ring(3, { skipLocal: 0 }), 'non-link'],
    ['a router with one more endpoint', () => ring(3, { extraEndpoint: 1 }), 'endpoints'],
    ['a router with one more endpoint in group 0', () => ring(3, { extraEndpoint: 0 }), 'endpoints'],
    ['names without the group tag', () => ring(3, { name: (i, r) => `x${i}.${r}` }), 'name'],
    ['names whose number is not the group', () => ring(3, { name: (i, r) => `g${(i + 1) % 3}.${r}` }), 'name'],
    ['a group label with no image (labels 0, 1, 3: 3 + 1 mod 4 = 0, but 1 + 1 = 2 has no switch)', () => ring(3, { label: (i) => (i === 2 ? 3 : i), name: (i, r) => `g${i === 2 ? 3 : i}.${r}` }), 'image'],
  ] as const)('%s: refused', (_what, make, why) => {
    const g = make();
    const v = switchView(g);
    const candidate = nameRotation(v, 'group', 'g');
    const broken = typeof candidate === 'string' ? candidate : candidate.order < 2 ? 'order' : violation(v, candidate.perm);
    expect(broken).not.toBeNull();
    expect(broken).toMatch(why === 'lanes' ? /lanes or rate/ : why === 'non-link' ? /non-link/ : why === 'endpoints' ? /endpoints/ : why === 'name' ? /not named/ : why === 'image' ? /no image/ : /order/);
    expect(switchRotation(compiled(g))).toBeNull();
  });
});
