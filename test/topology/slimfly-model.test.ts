/**
 * Slim Fly's model beyond the MMS graph itself, through public functions: δ and k', sizing, the message for a
 * q with no MMS graph, the cable plan's rack-pair split (against links counted on the compiled graph),
 * notes, orbits and the parameter checks. Prime powers and δ are computed here by trial division.
 */
import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { compile } from '../../src/topology/compiled.js';
import { familyOf } from '../../src/topology/registry.js';
import { sfDelta, sfNetworkRadix, slimFlyShape, buildableQ, generatorSets, slimflyUnbuildable, type SlimflyParams } from '../../src/topology/families/slimfly.js';
import { galoisField, power } from '../../src/topology/gf.js';
import { ROLES, LAYERS } from '../../src/topology/engine.js';

const spec = (ref: string) => resolveTopology(ref)[0];
const sf = familyOf({ family: 'slimfly' });
const params = (ref: string) => spec(ref).params as SlimflyParams;

/** q = r^e for a prime r, by trial division. */
function isPrimePower(q: number): boolean {
  if (q < 2) return false;
  let r = 2;
  while (q % r !== 0) r++;
  while (q % r === 0) q /= r;
  return q === 1;
}
const delta = (q: number) => [0, 1, null, -1][q % 4];
const buildable = (q: number) => q >= 3 && isPrimePower(q) && delta(q) !== null;

describe('δ, k\' and which q are buildable', () => {
  it('q = 4w + δ: δ ∈ {−1, 0, 1}, none for q ≡ 2 (mod 4); k\' = (3q − δ)/2; buildable = prime power with a δ', () => {
    for (let q = 3; q <= 130; q++) {
      expect(sfDelta(q), `q=${q}`).toBe(delta(q));
      if (delta(q) !== null) expect(sfNetworkRadix(q)).toBe((3 * q - delta(q)!) / 2);
      expect(buildableQ(q), `q=${q}`).toBe(buildable(q));
      const s = slimFlyShape(q);
      if (buildable(q)) expect(s).toEqual({ q, delta: delta(q), kPrime: (3 * q - delta(q)!) / 2, p: Math.ceil((3 * q - delta(q)!) / 4) });
      else expect(s, `q=${q}`).toBeNull();
    }
    expect(sfDelta(-1)).toBe(-1); // negative q: the residue is taken mod 4 in [0, 4)
    expect(slimFlyShape(2)).toBeNull();
  });
});

describe('sizing: the smallest buildable q that holds N and fits the radix', () => {
  const req = (gpus: number, radix = 64) => ({ gpus, radix, gpusPerHost: 8, nicGbps: 400, maxOversubscription: 1 });
  /** brute force over q: 2q²·p endpoints, radix p + k' */
  function smallest(N: number, k: number) {
    let largest = 0;
    for (let q = 3; q < 200; q++) {
      if (!buildable(q)) continue;
      const kp = (3 * q - delta(q)!) / 2;
      const p = Math.ceil(kp / 2);
      if (p + kp > k) break;
      largest = q;
      if (2 * q * q * p >= N) return { q, p };
    }
    return { largest };
  }
  it.each([
    [100, 64],
    [2048, 64],
    [30_618, 64],
    [3000, 32],
    [1, 8],
  ])('%i GPUs at radix %i', (N, k) => {
    const want = smallest(N, k);
    expect('q' in want).toBe(true);
    const { q, p } = want as { q: number; p: number };
    expect(sf.sizing!(req(N, k))).toEqual([{ design: `Slim Fly (q=${q})`, params: { k, q, p }, capacity: 2 * q * q * p }]);
  });

  it('more than the largest that fits: a reason naming it; a radix too small for any', () => {
    // radix 64: q = 27 is the largest that fits (k' = 41, p = 21, 62 ports), 2·27²·21 = 30,618 endpoints;
    // q = 29 needs 43 + 22 = 65 ports
    expect(smallest(40_000, 64)).toEqual({ largest: 27 });
    expect(sf.sizing!(req(40_000))).toEqual([{ design: 'Slim Fly', reason: 'a Slim Fly that fits radix 64 holds at most 30,618 endpoints (q=27)', largest: 30_618 }]);
    // q = 3: k' = 5, p = 3, 8 ports: radix 6 fits none
    expect(sf.sizing!(req(10, 6))).toEqual([{ design: 'Slim Fly', reason: 'radix 6 is too small for any Slim Fly', largest: 0 }]);
  });
});

describe('a q with no MMS graph', () => {
  it.each([
    [28, 64, 27, 29],
    [12, 64, 11, 13],
    [15, 128, 13, 16],
    [21, 128, 19, 23],
  ])('q=%i (radix %i): formula-only, naming q=%i below and q=%i above with their size and radix', (q, k, below, above) => {
    const p = params(`slimfly:q=${q},k=${k}`);
    const fit = (x: number) => {
      const kp = (3 * x - delta(x)!) / 2;
      const radix = kp + Math.ceil(kp / 2);
      const n = (v: number) => v.toLocaleString('en-US');
      return `q=${x} (${n(2 * x * x)} routers, ${n(2 * x * x * Math.ceil(kp / 2))} endpoints, radix ${radix}${radix > k ? `: exceeds ${k} ports` : `, fits ${k} ports`})`;
    };
    expect(sf.unbuildable!(p)).toBe(
      `no Slim Fly (MMS graph) exists for q=${q}: ${q} is not a prime power, so GF(${q}) does not exist; counts are closed-form only. Nearest buildable: ${fit(below)} and ${fit(above)}`,
    );
  });

  it('prime powers are buildable (no message); below q = 3 there is nothing to name', () => {
    for (const q of [3, 4, 5, 7, 8, 9, 27, 29]) expect(sf.unbuildable!(params(`slimfly:q=${q},k=128`))).toBeNull();
    // q = 3..5 are all buildable, so a q with nothing buildable below cannot be written; the message's
    // 'none below' branch is reached only by q < 3, which the schema refuses
    expect(() => spec('slimfly:q=2')).toThrow(/slimfly\.q = 2/);
  });
});

describe('cable plan: rack pair x holds group x of both subgraphs', () => {
  it.each([3, 4, 5, 7])('q=%i: in-cell and between-cell router links as counted on the built graph', (q) => {
    const ref = `slimfly:q=${q},k=64,gpusPerHost=1`;
    const p = params(ref);
    const c = compile(spec(ref));
    const cell = (u: number) => Number(/^sf[01]\.(\d+)\.\d+$/.exec(c.csr.ids[u])![1]);
    let inCell = 0;
    let between = 0;
    for (let e = 0; e < c.csr.edges; e++) {
      const [u, v] = [c.csr.arcTail[2 * e], c.csr.arcHead[2 * e]];
      if (u >= c.csr.switches || v >= c.csr.switches) continue;
      if (cell(u) === cell(v)) inCell++;
      else between++;
    }
    const plan = sf.cablePlan!(p);
    const kp = (3 * q - delta(q)!) / 2;
    expect(plan.switches).toEqual([{ tier: 1, role: 'router', radix: 64, count: 2 * q * q }]);
    expect(plan.cables.map((x) => [x.layer, x.cables, x.blockEndpoints])).toEqual([
      ['endpoint', 2 * q * q * p.p, p.p],
      ['router', inCell, 2 * q * p.p],
      ['router', between, 2 * q * q * p.p],
    ]);
    expect(inCell + between).toBe(q * q * kp);
    expect(plan.cables.map((x) => x.placement)).toEqual(['NIC to its router', 'inside a rack pair (group x of both subgraphs)', 'between rack pairs']);
  });
});

describe('notes, construction, orbits, parameter checks', () => {
  it('notes name the field, δ, k\' and p; construction names q; one orbit of every router', () => {
    const p = params('slimfly:q=7,k=32');
    expect(sf.notes!(p)).toEqual(["MMS graph over GF(7), δ = -1, network radix k' = 11, 6 endpoints per router"]);
    expect(sf.construction!(p)).toBe('MMS q=7');
    expect(sf.orbits!(p)).toEqual([{ leaf: 'sf0.0.0', size: 98 }]);
    expect(params('slimfly:q=5,p=2,k=16').p).toBe(2);
  });

  it.each([
    ['slimfly:q=6', "slimfly.q = 6: must be 4w + δ with δ ∈ {−1, 0, 1} (q ≡ 2 mod 4 has no Slim Fly)"],
    ['slimfly:q=29,k=64', "slimfly.k = 64: router radix p + k' = 22 + 43 = 65 exceeds the switch radix"],
    ['slimfly:q=5,p=10,k=16', "slimfly.k = 16: router radix p + k' = 10 + 7 = 17 exceeds the switch radix"],
  ])('%s', (ref, message) => {
    expect(() => spec(ref)).toThrow(message);
  });

  it('radix exactly p + k\' is accepted', () => {
    expect(spec('slimfly:q=5,p=9,k=16').params).toMatchObject({ q: 5, p: 9 });
  });
});

describe('the MMS generator sets, as published (Besta & Hoefler, SC\'14, §3.1)', () => {
  // ξ^e by repeated multiplication with the field's primitive element (checked below to generate the group)
  const pw = (q: number, e: number) => {
    const f = galoisField(q);
    let x = 1;
    for (let i = 0; i < e; i++) x = f.mul[x * q + f.primitive];
    return x;
  };
  const evens = (from: number, to: number) => Array.from({ length: Math.floor((to - from) / 2) + 1 }, (_, i) => from + 2 * i);
  it.each([3, 4, 5, 7, 8, 9, 11, 13, 16, 17, 19, 23, 25, 27, 29, 32, 49, 64, 81])("q=%i: X and X' are ξ's even and odd powers (δ = ±1, 0), each (q − δ)/2 distinct elements", (q) => {
    const d = delta(q)!;
    const w = (q - d) / 4;
    const X = d === 1 ? evens(0, q - 3) : d === 0 ? evens(0, q - 2) : [...evens(0, 2 * w - 2), ...evens(2 * w - 1, 4 * w - 3)];
    const Xp = d === 1 ? evens(1, q - 2) : d === 0 ? evens(1, q - 1) : [...evens(1, 2 * w - 1), ...evens(2 * w, 4 * w - 2)];
    const got = generatorSets(q);
    expect(got.X).toHaveLength((q - d) / 2);
    expect(got.Xp).toHaveLength((q - d) / 2);
    expect([...got.X].sort((a, b) => a - b)).toEqual(X.map((e) => pw(q, e)).sort((a, b) => a - b));
    expect([...got.Xp].sort((a, b) => a - b)).toEqual(Xp.map((e) => pw(q, e)).sort((a, b) => a - b));
  });

  it('power: ξ^0 = 1, ξ^1 = ξ, and ξ generates every non-zero element before returning to 1 at q − 1', () => {
    for (const q of [2, 3, 4, 5, 7, 8, 9, 16, 25, 27]) {
      const f = galoisField(q);
      expect(power(f, 0)).toBe(1);
      expect(power(f, 1)).toBe(f.primitive);
      const seen = new Set<number>();
      for (let e = 0; e < q - 1; e++) seen.add(power(f, e));
      expect(seen.size, `q=${q}`).toBe(q - 1);
      expect(power(f, q - 1)).toBe(1);
    }
    // GF(2)'s only non-zero element generates its group; GF(3)'s generator is 2 (1 has order 1)
    expect(galoisField(2).primitive).toBe(1);
    expect(galoisField(3).primitive).toBe(2);
  });

  it('GF(q) for a q that is not a prime power is refused with the reason', () => {
    expect(() => galoisField(6)).toThrow('GF(6) does not exist: 6 is not a prime power');
    expect(() => galoisField(12)).toThrow('GF(12) does not exist: 12 is not a prime power');
  });
});

describe('more of the model', () => {
  it('a neighbour needing exactly the switch radix fits it', () => {
    // q = 12 (not a prime power): q = 11 below needs k' = 17 plus p = 9: 26 ports; q = 13 needs 19 + 10 = 29.
    // p = 8 keeps q = 12 itself within k = 26 (8 + 18)
    const msg = slimflyUnbuildable(params('slimfly:q=12,k=26,p=8'))!;
    expect(msg).toContain('q=11 (242 routers, 2,178 endpoints, radix 26, fits 26 ports)');
    expect(msg).toContain('q=13 (338 routers, 3,380 endpoints, radix 29: exceeds 26 ports)');
  });

  it('counts per tier, roles and layers equal the compiled graph', () => {
    const s = spec('slimfly:q=5,k=16,gpusPerHost=2');
    const compiled = compile(s);
    const c = compiled.csr;
    expect(compiled.fabric.getAttribute('family')).toBe('slimfly');
    expect(sf.counts(s.params).switchesByTier).toEqual({ tier1: c.switches });
    for (let u = 0; u < c.switches; u++) expect(ROLES[c.role[u]]).toBe('router');
    // group = one subgraph's column (s, a, ·), numbered s·q + a, from the router names sf<s>.<a>.<b>
    for (let u = 0; u < c.switches; u++) {
      const [, side, a, b] = /^sf([01])\.(\d+)\.(\d+)$/.exec(c.ids[u])!.map(Number);
      expect(c.group[u], c.ids[u]).toBe(side * 5 + a);
      // routers are numbered (side, a, b) → side·q² + a·q + b, as their names say
      expect(side * 25 + a * 5 + b, c.ids[u]).toBe(u);
    }
    const layers = new Map<string, number>();
    for (let e = 0; e < c.edges; e++) layers.set(LAYERS[c.layer[e]], (layers.get(LAYERS[c.layer[e]]) ?? 0) + 1);
    // 2q² routers of p = 4 endpoints; q²·k'/2 router links of k' = 7; every endpoint one NVLink spoke
    expect(layers.get('router')).toBe((25 * 7));
    expect(layers.get('endpoint')).toBe(50 * 4);
    for (let e = 0; e < c.endpoints; e++) expect([c.host[c.switches + e], c.gpu[c.switches + e]]).toEqual([Math.floor(e / 2), e % 2]);
  });

  it('every refusal is a zod custom issue on the field (spec.ts formats those by their message)', () => {
    for (const [raw, path] of [
      [{ q: 6 }, 'q'],
      [{ q: 29, k: 64 }, 'k'],
    ] as const) {
      const r = sf.schema.safeParse(raw);
      expect(r.success).toBe(false);
      expect([r.error!.issues[0].code, r.error!.issues[0].path.join('.')]).toEqual(['custom', path]);
    }
  });
});
