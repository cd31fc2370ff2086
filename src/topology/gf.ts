/**
 * Finite fields GF(q), q = r^m a prime power, as addition and multiplication tables over the integers
 * 0..q−1 (element = polynomial over GF(r) with base-r digits as coefficients, reduced modulo a monic
 * irreducible polynomial of degree m). Small q only (Slim Fly needs q < 100).
 */

export interface Field {
  q: number;
  /** characteristic r and degree m: q = r^m */
  r: number;
  m: number;
  add: Int32Array;
  mul: Int32Array;
  neg: Int32Array;
  /** a primitive element: its powers run over every non-zero element */
  primitive: number;
}

export function primePowerOf(q: number): { r: number; m: number } | null {
  if (!Number.isInteger(q) || q < 2) return null;
  let r = 2;
  while (q % r !== 0) r++;
  let m = 0;
  let x = q;
  while (x % r === 0) {
    x /= r;
    m++;
  }
  return x === 1 ? { r, m } : null;
}

const digits = (x: number, r: number, m: number) => Array.from({ length: m }, (_, i) => Math.floor(x / r ** i) % r);
const undigits = (d: number[], r: number) => d.reduce((acc, v, i) => acc + v * r ** i, 0);

/** Multiplies two polynomials over GF(r) (coefficient lists, low degree first) modulo monic `mod` of degree m. */
function polyMulMod(a: number[], b: number[], mod: number[], r: number, m: number): number[] {
  const prod = new Array<number>(2 * m - 1).fill(0);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) prod[i + j] = (prod[i + j] + a[i] * b[j]) % r;
  for (let d = 2 * m - 2; d >= m; d--) {
    const c = prod[d];
    if (c === 0) continue;
    for (let i = 0; i <= m; i++) prod[d - m + i] = (((prod[d - m + i] - c * mod[i]) % r) + r) % r;
  }
  return prod.slice(0, m);
}

/** A monic irreducible polynomial of degree m over GF(r): one with no factor of degree <= m/2. */
function irreducible(r: number, m: number): number[] {
  for (let code = 0; code < r ** m; code++) {
    const poly = [...digits(code, r, m), 1];
    if (poly[0] === 0) continue;
    let reducible = false;
    for (let d = 1; d <= Math.floor(m / 2) && !reducible; d++)
      for (let fc = 0; fc < r ** d && !reducible; fc++) if (dividesBy(poly, [...digits(fc, r, d), 1], r)) reducible = true;
    if (!reducible) return poly;
  }
  throw new Error(`no irreducible polynomial of degree ${m} over GF(${r})`);
}

function dividesBy(p: number[], f: number[], r: number): boolean {
  const rem = [...p];
  for (let d = rem.length - 1; d >= f.length - 1; d--) {
    const c = rem[d];
    if (c === 0) continue;
    for (let i = 0; i < f.length; i++) rem[d - f.length + 1 + i] = (((rem[d - f.length + 1 + i] - c * f[i]) % r) + r) % r;
  }
  return rem.slice(0, f.length - 1).every((x) => x === 0);
}

export function galoisField(q: number): Field {
  const pp = primePowerOf(q);
  if (!pp) throw new Error(`GF(${q}) does not exist: ${q} is not a prime power`);
  const { r, m } = pp;
  const add = new Int32Array(q * q);
  const mul = new Int32Array(q * q);
  const neg = new Int32Array(q);
  const mod = m > 1 ? irreducible(r, m) : [0, 1];
  for (let a = 0; a < q; a++) {
    const da = digits(a, r, m);
    neg[a] = undigits(da.map((x) => (r - x) % r), r);
    for (let b = 0; b < q; b++) {
      const db = digits(b, r, m);
      add[a * q + b] = undigits(da.map((x, i) => (x + db[i]) % r), r);
      mul[a * q + b] = m === 1 ? (a * b) % r : undigits(polyMulMod(da, db, mod, r, m), r);
    }
  }
  let primitive = -1;
  for (let g = 2; g < q && primitive < 0; g++) {
    let x = g;
    let order = 1;
    while (x !== 1 && order < q) {
      x = mul[x * q + g];
      order++;
    }
    if (order === q - 1) primitive = g;
  }
  if (q === 2) primitive = 1;
  if (q === 3) primitive = 2;
  return { q, r, m, add, mul, neg, primitive };
}

/** ξ^e for the field's primitive element. */
export function power(f: Field, e: number): number {
  let x = 1;
  for (let i = 0; i < e; i++) x = f.mul[x * f.q + f.primitive];
  return x;
}
