/**
 * Slim Fly's model beyond the MMS graph itself, through public functions: δ and k', sizing, the message for a
 * q with no MMS graph, the cable plan's rack-pair split (against links counted on the compiled graph),
 * notes, orbits and the parameter checks. Prime powers and δ are computed here by trial division.
 */
import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { compile } from '../../src/topology/compiled.js';
import { familyOf } from '../../src/topology/registry.js';
import { sfDelta, sfNetworkRadix, slimFlyShape, buildableQ, type SlimflyParams } from '../../src/topology/families/slimfly.js';

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
