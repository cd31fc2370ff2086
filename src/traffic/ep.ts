/**
 * MoE expert-parallel dispatch and combine (DeepSeek-V3 scheme).
 *
 * EP groups of `ep` GPUs tile the job in host order; experts are split evenly and contiguously over a
 * group's GPUs, so host j of the group holds expert group j. With node-limited routing a token picks
 * M of the group's n hosts, then top-k experts among those hosts' experts.
 * - `expected` gating: the exact expectation under uniform gating (closed forms in docs/traffic.md).
 * - `sampled` gating: seeded Monte Carlo, with Zipf-skewed expert popularity.
 * - `topm` gating: seeded Monte Carlo of DeepSeek-V3's node-limited routing (topmSelect).
 * Forwarding `nvlink`: a token crosses the fabric at most once per destination host, to the GPU with the
 * same local index, which copies it over NVLink to the host's other GPUs holding its experts. Forwarding
 * `none`: the token is sent to each selected expert's GPU directly (cross-plane sends relay via PXN).
 * Combine retraces dispatch in reverse with `combineBytes`. Shared experts are local: no traffic.
 */
import { UsageError } from '../errors.js';
import { rng } from '../topology/paths.js';
import { FlowList } from './flows.js';
import type { HostIndex } from './hosts.js';
import type { EpWorkload } from './workload.js';

/** C(a, k) / C(b, k) for a <= b, computed as a product to stay exact in floating point. */
export function binomRatio(a: number, b: number, k: number): number {
  if (k > a) return 0;
  let r = 1;
  for (let i = 0; i < k; i++) r *= (a - i) / (b - i);
  return r;
}

export interface EpLayout {
  /** hosts per EP group (n) */
  hostsPerGroup: number;
  groups: number;
  /** GPUs per group (ep) */
  ep: number;
  /** experts on each GPU rank of a group (length ep) */
  expertsOnRank: Int32Array;
  /** experts per host (e = experts / n) */
  expertsPerHost: number;
  /** M' = the number of hosts a token chooses */
  chosenHosts: number;
}

export function epLayout(w: EpWorkload, gpus: number, G: number): EpLayout {
  if (w.ep > gpus) throw new UsageError(`workload.ep = ${w.ep}: larger than the ${gpus} GPUs available`);
  if (w.ep > G && w.ep % G !== 0) throw new UsageError(`workload.ep = ${w.ep}: must be a multiple of gpusPerHost (${G}) when a group spans hosts`);
  const n = Math.max(1, w.ep / G);
  if (w.experts % n !== 0) throw new UsageError(`workload.experts = ${w.experts}: must be divisible by the ${n} hosts of an EP group (node-limited routing groups experts by host)`);
  const expertsOnRank = new Int32Array(w.ep);
  for (let x = 0; x < w.experts; x++) expertsOnRank[Math.floor((x * w.ep) / w.experts)]++;
  const chosen = w.maxHostsPerToken === 0 ? n : Math.min(w.maxHostsPerToken, n);
  const e = w.experts / n;
  if (w.topk > chosen * e) throw new UsageError(`workload.topk = ${w.topk}: more than the ${chosen * e} experts on the ${chosen} hosts a token may reach`);
  return { hostsPerGroup: n, groups: Math.floor(gpus / w.ep), ep: w.ep, expertsOnRank, expertsPerHost: e, chosenHosts: chosen };
}

/** Closed forms under uniform gating (derived in docs/traffic.md). */
export function epExpectations(L: EpLayout, topk: number) {
  const n = L.hostsPerGroup;
  const pool = L.chosenHosts * L.expertsPerHost;
  const pChosen = L.chosenHosts / n;
  const pHostUsed = pChosen * (1 - binomRatio(pool - L.expertsPerHost, pool, topk));
  const pRank = (x: number) => (x === 0 ? 0 : pChosen * (1 - binomRatio(pool - x, pool, topk)));
  return {
    /** probability a given host of the group receives a given token */
    pHostUsed,
    /** expected hosts a token reaches, its own included */
    hostsPerToken: n * pHostUsed,
    /** expected remote hosts (fabric destinations) per token */
    remoteHostsPerToken: (n - 1) * pHostUsed,
    pRank,
  };
}

/** Rank r of group g -> endpoint. Groups tile hosts in order. */
function endpointOfRank(hi: HostIndex, L: EpLayout, g: number, r: number, G: number): number {
  const gpu = g * L.ep + r;
  return hi.endpointOf[Math.floor(gpu / G) * hi.gpusPerHost + (gpu % G)];
}

export interface EpFlows {
  dispatch: FlowList;
  combine: FlowList;
  tokens: number;
  layout: EpLayout;
  /** mean remote hosts per token actually realised (sampled) or expected */
  remoteHostsPerToken: number;
}

export function epFlows(w: EpWorkload, hi: HostIndex, gpus: number, G: number, seed = 1): EpFlows {
  const L = epLayout(w, gpus, G);
  const dispatch = new FlowList(1 << 16);
  const combine = new FlowList(1 << 16);
  const tokenBytes = w.hidden;
  const n = L.hostsPerGroup;
  const perHost = Math.min(G, L.ep);
  const add = (a: number, b: number, tokens: number) => {
    dispatch.push(a, b, tokens * tokenBytes * w.dispatchBytes);
    combine.push(b, a, tokens * tokenBytes * w.combineBytes);
  };
  let remoteHostSum = 0;
  if (w.gating === 'expected') {
    const ex = epExpectations(L, w.topk);
    remoteHostSum = ex.remoteHostsPerToken * w.tokensPerGpu * L.ep * L.groups;
    const T = w.tokensPerGpu;
    for (let g = 0; g < L.groups; g++)
      for (let r = 0; r < L.ep; r++) {
        const src = endpointOfRank(hi, L, g, r, G);
        const h0 = Math.floor(r / perHost);
        const i = r % perHost;
        for (let h = 0; h < n; h++) {
          if (w.forwarding === 'nvlink') {
            // One fabric copy per remote host, to the same local index; NVLink copies on that host.
            const landing = endpointOfRank(hi, L, g, h * perHost + i, G);
            if (h !== h0) add(src, landing, T * ex.pHostUsed);
            for (let j = 0; j < perHost; j++) {
              if (j === i) continue;
              const p = ex.pRank(L.expertsOnRank[h * perHost + j]);
              if (p > 0) add(landing, endpointOfRank(hi, L, g, h * perHost + j, G), T * p);
            }
          } else {
            for (let j = 0; j < perHost; j++) {
              const rr = h * perHost + j;
              if (rr === r) continue;
              const p = ex.pRank(L.expertsOnRank[rr]);
              if (p > 0) add(src, endpointOfRank(hi, L, g, rr, G), T * p);
            }
          }
        }
      }
    return { dispatch, combine, tokens: T * L.ep * L.groups, layout: L, remoteHostsPerToken: ex.remoteHostsPerToken };
  }

  if (w.gating === 'topm') return topmFlows(w, L, hi, G, seed, add, dispatch, combine);

  // Sampled gating: expert popularity w_x ∝ 1/(rank+1)^skew over a seeded random ranking of experts.
  const rand = rng(seed);
  const X = w.experts;
  const e = L.expertsPerHost;
  const weight = new Float64Array(X);
  const perm = Array.from({ length: X }, (_, x) => x);
  for (let i = X - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  for (let x = 0; x < X; x++) weight[perm[x]] = 1 / Math.pow(x + 1, w.skew);
  const rankOfExpert = new Int32Array(X);
  for (let x = 0; x < X; x++) rankOfExpert[x] = Math.floor((x * L.ep) / X);
  const drawn = Math.min(w.sampleTokensPerGpu, Math.ceil(w.tokensPerGpu));
  const scale = w.tokensPerGpu / drawn;
  const hostWeight = new Float64Array(n);
  for (let x = 0; x < X; x++) hostWeight[Math.floor(x / e)] += weight[x];
  const chosen = new Uint8Array(n);
  const picked = new Uint8Array(X);
  const hostHit = new Uint8Array(n);
  const rankHit = new Uint8Array(L.ep);
  const counts = new Float64Array(L.ep * L.ep); // [src rank][dst rank] tokens (dispatch fabric or NVLink hop)
  let tokensDrawn = 0;
  for (let g = 0; g < L.groups; g++) {
    counts.fill(0);
    for (let r = 0; r < L.ep; r++) {
      const h0 = Math.floor(r / perHost);
      const i = r % perHost;
      for (let t = 0; t < drawn; t++) {
        tokensDrawn++;
        chosen.fill(0);
        weightedPick(n, L.chosenHosts, (h) => hostWeight[h], chosen, rand);
        picked.fill(0);
        let poolW = 0;
        for (let x = 0; x < X; x++) if (chosen[Math.floor(x / e)]) poolW += weight[x];
        pickExperts(X, w.topk, weight, (x) => chosen[Math.floor(x / e)] === 1, picked, rand, poolW);
        hostHit.fill(0);
        rankHit.fill(0);
        for (let x = 0; x < X; x++) if (picked[x]) {
          hostHit[Math.floor(x / e)] = 1;
          rankHit[rankOfExpert[x]] = 1;
        }
        // added once per remote host, as before, so the sum is bit-for-bit the same
        for (let k = countToken(counts, L.ep, perHost, n, h0, i, hostHit, rankHit, w.forwarding === 'nvlink'); k > 0; k--) remoteHostSum += scale;
      }
    }
    for (let a = 0; a < L.ep; a++)
      for (let b = 0; b < L.ep; b++) if (counts[a * L.ep + b] > 0) add(endpointOfRank(hi, L, g, a, G), endpointOfRank(hi, L, g, b, G), counts[a * L.ep + b] * scale);
  }
  const tokens = w.tokensPerGpu * L.ep * L.groups;
  return { dispatch, combine, tokens, layout: L, remoteHostsPerToken: remoteHostSum / Math.max(1, tokensDrawn * scale) };
}

/** Marks k of n items without replacement, each draw proportional to weight. */
function weightedPick(n: number, k: number, weightOf: (i: number) => number, out: Uint8Array, rand: () => number): void {
  let total = 0;
  for (let i = 0; i < n; i++) total += weightOf(i);
  for (let d = 0; d < k; d++) {
    let u = rand() * total;
    let pick = -1;
    for (let i = 0; i < n; i++) {
      if (out[i]) continue;
      pick = i;
      u -= weightOf(i);
      if (u <= 0) break;
    }
    out[pick] = 1;
    total -= weightOf(pick);
  }
}

function pickExperts(X: number, k: number, weight: Float64Array, allowed: (x: number) => boolean, out: Uint8Array, rand: () => number, total: number): void {
  for (let d = 0; d < k; d++) {
    let u = rand() * total;
    let pick = -1;
    for (let x = 0; x < X; x++) {
      if (out[x] || !allowed(x)) continue;
      pick = x;
      u -= weight[x];
      if (u <= 0) break;
    }
    out[pick] = 1;
    total -= weight[pick];
  }
}

/** A standard normal draw (Box–Muller) from a uniform generator. */
function normal(rand: () => number): number {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/**
 * DeepSeek-V3 node-limited routing for one token. aff[x] = the affinity of expert x (host ⌊x/e⌋ of n).
 * A host scores the sum of its q = max(1, round(k/M)) highest affinities; the M best hosts are kept (ties: lower
 * index); the token goes to the k highest-affinity experts among theirs. Marks `picked` (length n·e).
 */
export function topmSelect(aff: Float64Array, n: number, e: number, k: number, M: number, picked: Uint8Array): void {
  const q = Math.min(e, Math.max(1, Math.round(k / M)));
  const score = new Float64Array(n);
  const top = new Float64Array(q);
  for (let h = 0; h < n; h++) {
    // the q largest affinities of host h, kept sorted descending in `top`
    top.fill(-Infinity);
    for (let j = 0; j < e; j++) {
      const x = aff[h * e + j];
      if (x <= top[q - 1]) continue;
      let i = q - 1;
      while (i > 0 && top[i - 1] < x) {
        top[i] = top[i - 1];
        i--;
      }
      top[i] = x;
    }
    let sum = 0;
    for (let i = 0; i < q; i++) sum += top[i];
    score[h] = sum;
  }
  const kept: number[] = [];
  const keep = new Uint8Array(n);
  for (let m = 0; m < Math.min(M, n); m++) {
    let best = -1;
    for (let h = 0; h < n; h++) if (!keep[h] && (best < 0 || score[h] > score[best])) best = h;
    keep[best] = 1;
    kept.push(best);
  }
  kept.sort((a, b) => a - b);
  picked.fill(0);
  for (let d = 0; d < k; d++) {
    let best = -1;
    for (const h of kept)
      for (let x = h * e; x < (h + 1) * e; x++) if (!picked[x] && (best < 0 || aff[x] > aff[best])) best = x;
    picked[best] = 1;
  }
}

/**
 * topm gating: every source host draws `sampleTokensPerGpu` tokens (affinities sigmoid(N(0,1)) per expert),
 * routed with topmSelect and sent by each of its GPUs. The counts are drawn once, on group 0, and used for every
 * EP group: groups are statistically identical, and this keeps the cost at hosts · tokens · experts.
 */
function topmFlows(w: EpWorkload, L: EpLayout, hi: HostIndex, G: number, seed: number, add: (a: number, b: number, t: number) => void, dispatch: FlowList, combine: FlowList): EpFlows {
  const { counts, remote, drawn, scale } = topmCounts(w, L, G, seed);
  for (let g = 0; g < L.groups; g++)
    for (let a = 0; a < L.ep; a++)
      for (let b = 0; b < L.ep; b++) if (counts[a * L.ep + b] > 0) add(endpointOfRank(hi, L, g, a, G), endpointOfRank(hi, L, g, b, G), counts[a * L.ep + b] * scale);
  return { dispatch, combine, tokens: w.tokensPerGpu * L.ep * L.groups, layout: L, remoteHostsPerToken: remote / (drawn * L.ep) };
}

interface TopmCounts { counts: Float64Array; remote: number; drawn: number; scale: number }

/**
 * The rank-pair token counts do not depend on where the job sits (the host index only maps ranks to
 * endpoints), so the Monte Carlo is drawn once per (workload, layout, seed) and reused by every data-parallel
 * copy, routing and candidate fabric of a run: `plan` asks for the same job dozens of times. Bounded so a
 * long-lived library user does not grow it without limit; the entries are small (ep² numbers).
 */
const topmMemo = new Map<string, TopmCounts>();
const TOPM_MEMO_ENTRIES = 16;

function topmCounts(w: EpWorkload, L: EpLayout, G: number, seed: number): TopmCounts {
  const key = JSON.stringify([w.experts, w.topk, w.sampleTokensPerGpu, w.tokensPerGpu, w.forwarding, L.ep, L.hostsPerGroup, L.expertsPerHost, L.chosenHosts, G, seed]);
  const hit = topmMemo.get(key);
  if (hit) return hit;
  const rand = rng(seed);
  const n = L.hostsPerGroup;
  const X = w.experts;
  const e = L.expertsPerHost;
  const perHost = Math.min(G, L.ep);
  const rankOfExpert = new Int32Array(X);
  for (let x = 0; x < X; x++) rankOfExpert[x] = Math.floor((x * L.ep) / X);
  const drawn = Math.min(w.sampleTokensPerGpu, Math.ceil(w.tokensPerGpu));
  const scale = w.tokensPerGpu / drawn;
  const aff = new Float64Array(X);
  const picked = new Uint8Array(X);
  const hostHit = new Uint8Array(n);
  const rankHit = new Uint8Array(L.ep);
  const counts = new Float64Array(L.ep * L.ep);
  let remote = 0;
  // A token's routing does not depend on which GPU of its host sends it: one sample per source host serves
  // every rank of that host (the landing GPU keeps the sender's local index).
  for (let h0 = 0; h0 < n; h0++) {
    for (let t = 0; t < drawn; t++) {
      for (let x = 0; x < X; x++) aff[x] = 1 / (1 + Math.exp(-normal(rand)));
      topmSelect(aff, n, e, w.topk, L.chosenHosts, picked);
      hostHit.fill(0);
      rankHit.fill(0);
      for (let x = 0; x < X; x++) if (picked[x]) {
        hostHit[Math.floor(x / e)] = 1;
        rankHit[rankOfExpert[x]] = 1;
      }
      for (let i = 0; i < perHost; i++) {
        remote += countToken(counts, L.ep, perHost, n, h0, i, hostHit, rankHit, w.forwarding === 'nvlink');
      }
    }
  }
  const out = { counts, remote, drawn, scale };
  if (topmMemo.size >= TOPM_MEMO_ENTRIES) topmMemo.delete(topmMemo.keys().next().value as string);
  topmMemo.set(key, out);
  return out;
}

/**
 * Adds one token sent by GPU `i` of host `h0` to the rank-pair counts ([src rank][dst rank]): with NVLink
 * forwarding, one fabric copy to each remote host's landing GPU (same local index) and NVLink hops from there
 * to the other hit ranks of that host; without it, one copy per hit rank. Returns the remote hosts reached.
 * Both gating models (sampled, topm) account for their tokens here.
 */
function countToken(counts: Float64Array, ep: number, perHost: number, n: number, h0: number, i: number, hostHit: Uint8Array, rankHit: Uint8Array, nvlink: boolean): number {
  const r = h0 * perHost + i;
  let remote = 0;
  for (let h = 0; h < n; h++) {
    if (!hostHit[h]) continue;
    if (h !== h0) remote++;
    if (nvlink) {
      const landing = h * perHost + i;
      if (h !== h0) counts[r * ep + landing] += 1;
      for (let j = 0; j < perHost; j++) if (j !== i && rankHit[h * perHost + j]) counts[landing * ep + h * perHost + j] += 1;
    } else {
      for (let j = 0; j < perHost; j++) {
        const rr = h * perHost + j;
        if (rr !== r && rankHit[rr]) counts[r * ep + rr] += 1;
      }
    }
  }
  return remote;
}
