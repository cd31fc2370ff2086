/**
 * `plan` candidates: every family sized to hold N GPUs with the fewest switches, or excluded with the
 * reason. Pure functions of the request; the closed-form counts of each family do the sizing.
 */
import { families } from '../topology/registry.js';
import { validateSpec, type TopoSpec } from '../topology/spec.js';
import { UsageError } from '../errors.js';

export interface PlanRequest {
  gpus: number;
  gpusPerHost: number;
  nicGbps: number;
  radix: number;
  /** largest leaf oversubscription r (r:1) the user accepts; 1 = full bisection only */
  maxOversubscription: number;
}

export interface Candidate {
  /** short design label, e.g. "FT2", "MRFT (3-tier)" */
  design: string;
  spec: TopoSpec;
  /** endpoints the design holds without adding a tier (or changing q / groups) */
  capacity: number;
  /** extra GPUs that fit without adding a tier */
  headroom: number;
}

export interface Exclusion {
  design: string;
  reason: string;
}

export interface CandidateSet {
  candidates: Candidate[];
  excluded: Exclusion[];
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** Fewer groups than this is a couple of router meshes joined by global links, not a Dragonfly worth ranking. */
const MIN_DF_GROUPS = 4;

function spec(design: string, family: string, params: Record<string, unknown>): TopoSpec {
  return validateSpec({ family, name: design, ...params }, `plan ${design}`, design);
}

/** Prime powers: q = r^m for a prime r. */
export function isPrimePower(q: number): boolean {
  if (q < 2 || !Number.isInteger(q)) return false;
  let r = 2;
  while (q % r !== 0) r++;
  while (q % r === 0) q /= r;
  return q === 1;
}

/** Slim Fly (MMS) parameters for q, or null when q is not buildable: q = 4w + δ, δ ∈ {−1, 0, 1}. */
export function slimFlyShape(q: number): { q: number; delta: number; kPrime: number; p: number } | null {
  if (!isPrimePower(q) || q < 3) return null;
  const m = q % 4;
  const delta = m === 0 ? 0 : m === 1 ? 1 : m === 3 ? -1 : NaN;
  if (Number.isNaN(delta)) return null;
  const kPrime = (3 * q - delta) / 2;
  return { q, delta, kPrime, p: Math.ceil(kPrime / 2) };
}

function tierCapacity(tiers: number, k: number): number {
  return tiers === 1 ? k : tiers === 2 ? (k * k) / 2 : (k * k * k) / 4;
}

export function enumerateCandidates(r: PlanRequest): CandidateSet {
  const { gpus: N, gpusPerHost: G, radix: k } = r;
  if (!Number.isInteger(N) || N < 1) throw new UsageError(`--gpus = ${N}: must be a positive integer`);
  if (N % G !== 0) throw new UsageError(`--gpus = ${N}: must be a multiple of --gpus-per-host (${G}); nearest: ${Math.floor(N / G) * G || G} or ${Math.ceil(N / G) * G}`);
  const common = { gpusPerHost: G, nicGbps: r.nicGbps };
  const out: CandidateSet = { candidates: [], excluded: [] };
  const add = (design: string, family: string, params: Record<string, unknown>, capacity: number) => {
    if (!(family in families)) {
      out.excluded.push({ design, reason: `family ${family} is not available in this build` });
      return;
    }
    out.candidates.push({ design, spec: spec(design, family, { ...params, ...common }), capacity, headroom: capacity - N });
  };
  const exclude = (design: string, reason: string) => out.excluded.push({ design, reason });

  const ft2Max = (k * k) / 2;
  if (N <= ft2Max) add('FT2', 'ft2', { k, endpoints: N }, ft2Max);
  else exclude('FT2', `FT2 holds at most ${fmt(ft2Max)} endpoints at radix ${k}`);

  if (r.maxOversubscription > 1) {
    const ratio = r.maxOversubscription;
    const down = Math.floor((k * ratio) / (ratio + 1) + 1e-9);
    const cap = k * down;
    const label = `FT2 ${fmt(down / (k - down))}:1`;
    if (N <= cap) add(label, 'ft2', { k, endpoints: N, oversubscription: ratio }, cap);
    else exclude(label, `a ${ratio}:1 oversubscribed FT2 holds at most ${fmt(cap)} endpoints at radix ${k}`);
  }

  const ft3Max = (k * k * k) / 4;
  // Below the FT2 limit an FT3's pods hold every GPU and it builds two tiers: that is FT2, not an FT3.
  if (N <= ft2Max) exclude('FT3', `${fmt(N)} GPUs fit a two-layer fat-tree at radix ${k}; an FT3 would build only two tiers (see FT2)`);
  else if (N <= ft3Max) add('FT3', 'ft3', { k, endpoints: N }, ft3Max);
  else exclude('FT3', `FT3 holds at most ${fmt(ft3Max)} endpoints at radix ${k}`);

  const mpftMax = G * ft2Max;
  if (N <= mpftMax) add('MPFT', 'mpft', { k, planes: G, endpoints: N }, mpftMax);
  else exclude('MPFT', `MPFT (${G} planes of two-layer fat-trees) holds at most ${fmt(mpftMax)} endpoints at radix ${k}`);

  // DGX SuperPOD units of 32 hosts; smaller switches take k/2 hosts per unit (a rail leaf needs k/2 up)
  const suHosts = Math.min(32, k / 2);
  const suGpus = suHosts * G;
  const mrft2Max = Math.floor(k / G) * suGpus;
  const mrft3Max = G <= k / 2 ? k * Math.max(1, Math.floor(k / 2 / G)) * suGpus : 0;
  if (N <= mrft2Max) add('MRFT (2-tier)', 'mrft', { k, suHosts, endpoints: N }, mrft2Max);
  else if (N <= mrft3Max) add('MRFT (3-tier)', 'mrft', { k, suHosts, endpoints: N }, mrft3Max);
  else exclude('MRFT', `a rail-optimized fat-tree holds at most ${fmt(Math.max(mrft2Max, mrft3Max))} endpoints at radix ${k}`);

  const perRail = N / G;
  const railTiers = perRail <= k ? 1 : perRail <= ft2Max ? 2 : perRail <= ft3Max ? 3 : 0;
  if (railTiers === 2) exclude('Rail-only', `at ${fmt(N)} GPUs each rail is a two-layer fat-tree: the same network as MPFT (see MPFT)`);
  else if (railTiers) add(`Rail-only (${railTiers}-tier rails)`, 'railonly', { k, endpoints: N }, G * tierCapacity(railTiers, k));
  else exclude('Rail-only', `rail-only holds at most ${fmt(G * ft3Max)} endpoints at radix ${k} (three-tier rails)`);

  // Balanced Dragonfly fitted to the radix: a = 2p = 2h, router radix 4p − 1 <= k.
  const p = Math.floor((k + 1) / 4);
  const a = 2 * p;
  const h = p;
  const gMax = a * h + 1;
  const groups = Math.ceil(N / (p * a));
  if (p < 1) exclude('Dragonfly', `radix ${k} is too small for a balanced Dragonfly`);
  else if (groups > gMax) exclude('Dragonfly', `a balanced Dragonfly holds at most ${fmt(p * a * gMax)} endpoints at radix ${k} (p=${p}, a=${a}, h=${h}, g=${gMax})`);
  else if (groups < MIN_DF_GROUPS)
    exclude('Dragonfly', `at radix ${k} one Dragonfly group holds ${fmt(p * a)} endpoints, so ${fmt(N)} GPUs need only ${groups} group${groups === 1 ? '' : 's'}; a Dragonfly needs at least ${MIN_DF_GROUPS} groups to be one`);
  else add(`Dragonfly (g=${groups})`, 'dragonfly', { k, p, a, h, g: groups }, p * a * gMax);

  // Slim Fly at the smallest buildable q that holds N and fits the radix.
  let sf: ReturnType<typeof slimFlyShape> = null;
  let largest: ReturnType<typeof slimFlyShape> = null;
  for (let q = 3; ; q++) {
    const s = slimFlyShape(q);
    if (!s) continue;
    if (s.p + s.kPrime > k) break;
    largest = s;
    if (2 * q * q * s.p >= N) {
      sf = s;
      break;
    }
  }
  if (sf) add(`Slim Fly (q=${sf.q})`, 'slimfly', { k, q: sf.q, p: sf.p }, 2 * sf.q * sf.q * sf.p);
  else
    exclude(
      'Slim Fly',
      largest
        ? `a Slim Fly that fits radix ${k} holds at most ${fmt(2 * largest.q ** 2 * largest.p)} endpoints (q=${largest.q})`
        : `radix ${k} is too small for any Slim Fly`,
    );

  if (out.candidates.length === 0) {
    const best = Math.max(ft3Max, mpftMax, mrft3Max, G * ft3Max, p * a * gMax);
    throw new UsageError(`--gpus = ${N}: no family reaches ${fmt(N)} GPUs at radix ${k}; the largest possible is ${fmt(best)}`);
  }
  return out;
}
