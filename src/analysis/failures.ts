/**
 * Failure what-ifs: choose links (lanes), switches, a plane or named elements to remove (seeded), and say what
 * that does to connectivity (inside the fabric, and with NVLink forwarding over the hosts' other NICs),
 * bisection, uniform all-to-all time and a workload's time, each against the healthy fabric.
 * A failed lane lowers its edge's `lanes`; an edge with no lane left, or touching a failed switch, is down.
 * The healthy model is never modified: each trial works on a copy of the lanes and a failure mask.
 */
import { UsageError } from '../errors.js';
import type { Compiled } from '../topology/compiled.js';
import { bisection } from '../topology/bisection.js';
import { rng } from '../topology/paths.js';
import { reachUnder } from '../traffic/reach.js';
import { runTraffic } from '../traffic/run.js';
import type { RoutingName } from '../traffic/routing.js';
import type { Workload } from '../traffic/workload.js';

export interface Amount {
  count?: number;
  percent?: number;
}

export interface FailureScenario {
  links?: Amount;
  switches?: Amount;
  /** restrict --switches (and --links, to links touching it) to a tier: 1 leaf, 2 spine, 3 core */
  tier?: 1 | 2 | 3;
  plane?: number;
  /** node ids (switches) or edge keys (`a~b`) */
  remove?: string[];
}

export interface FailedState {
  failedEdges: Uint8Array;
  lanes: Float64Array;
  removedLinks: number;
  removedSwitches: string[];
}

const TIERS: Record<number, string> = { 1: 'leaf', 2: 'spine', 3: 'core' };

function howMany(a: Amount | undefined, total: number, what: string): number {
  if (!a) return 0;
  const n = a.percent !== undefined ? Math.round((a.percent / 100) * total) : (a.count ?? 0);
  if (n > total) throw new UsageError(`--${what} = ${a.count ?? `${a.percent}%`}: only ${total} ${what} can fail in this fabric`);
  return n;
}

/** k distinct integers from [0, n), seeded (Floyd's algorithm keeps it O(k)). */
function sample(n: number, k: number, r: () => number): number[] {
  const chosen = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = Math.floor(r() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b);
}

export function applyFailures(c: Compiled, s: FailureScenario, seed: number): FailedState {
  const { csr } = c;
  const S = csr.switches;
  const failedEdges = new Uint8Array(csr.edges);
  const lanes = Float64Array.from(csr.lanes);
  const r = rng(seed);
  const downSwitch = new Uint8Array(S);
  const removedSwitches: string[] = [];
  const failSwitch = (u: number) => {
    if (downSwitch[u]) return;
    downSwitch[u] = 1;
    removedSwitches.push(csr.ids[u]);
  };
  if (s.plane !== undefined) {
    const planes = c.fabric.getAttribute('planes');
    if (planes <= 1 || s.plane < 0 || s.plane >= planes) throw new UsageError(`--plane = ${s.plane}: ${c.spec.name} has ${planes > 1 ? `planes 0..${planes - 1}` : 'no planes'}`);
    for (let u = 0; u < S; u++) if (csr.plane[u] === s.plane) failSwitch(u);
  }
  if (s.switches) {
    const pool: number[] = [];
    for (let u = 0; u < S; u++) if (!downSwitch[u] && (s.tier === undefined || csr.tier[u] === s.tier)) pool.push(u);
    const n = howMany(s.switches, pool.length, s.tier ? `${TIERS[s.tier]} switches` : 'switches');
    for (const i of sample(pool.length, n, r)) failSwitch(pool[i]);
  }
  for (const id of s.remove ?? []) {
    const u = csr.index.get(id);
    if (u !== undefined && u < S) failSwitch(u);
    else if (c.fabric.hasEdge(id)) {
      const e = csr.edgeKeys.indexOf(id);
      failedEdges[e] = 1;
    } else throw new UsageError(`--remove ${JSON.stringify(id)}: no switch or link with that id (switch ids like ${csr.ids[0]}, link ids like ${csr.edgeKeys.find((k) => k.includes('~') && csr.index.get(k.split('~')[0])! < S && csr.index.get(k.split('~')[1])! < S) ?? 'a~b'})`);
  }
  for (let e = 0; e < csr.edges; e++) if (downSwitch[csr.arcTail[2 * e]] && csr.arcTail[2 * e] < S) failedEdges[e] = 1;
  for (let e = 0; e < csr.edges; e++) if (csr.arcHead[2 * e] < S && downSwitch[csr.arcHead[2 * e]]) failedEdges[e] = 1;
  let removedLinks = 0;
  if (s.links) {
    // Lanes of live switch-to-switch edges (optionally touching the tier), numbered consecutively.
    const edges: number[] = [];
    const start: number[] = [];
    let total = 0;
    for (let e = 0; e < csr.edges; e++) {
      const u = csr.arcTail[2 * e];
      const v = csr.arcHead[2 * e];
      if (u >= S || v >= S || failedEdges[e]) continue;
      if (s.tier !== undefined && csr.tier[u] !== s.tier && csr.tier[v] !== s.tier) continue;
      edges.push(e);
      start.push(total);
      total += lanes[e];
    }
    const n = howMany(s.links, total, 'links');
    let k = 0;
    for (const lane of sample(total, n, r)) {
      while (k + 1 < start.length && start[k + 1] <= lane) k++;
      const e = edges[k];
      lanes[e]--;
      removedLinks++;
      if (lanes[e] <= 0) {
        lanes[e] = 1; // keep capacity arithmetic finite; the mask is what stops traffic
        failedEdges[e] = 1;
      }
    }
  }
  return { failedEdges, lanes, removedLinks, removedSwitches };
}

/** The compiled fabric seen through a failure state (lanes reduced; the mask is passed separately). */
export function degraded(c: Compiled, st: FailedState): Compiled {
  return { ...c, csr: { ...c.csr, lanes: st.lanes } };
}

export interface Connectivity {
  /** ordered pairs of endpoints on different hosts */
  pairs: number;
  /** of those, pairs with no path inside the fabric */
  fabricDisconnected: number;
  /** of the disconnected, pairs whose hosts still reach each other over another NIC index (NVLink forwarding) */
  viaNvlink: number;
  /** neither */
  unreachable: number;
}

/** Endpoint-pair connectivity, by classes of hosts with the same NIC components (few, so this is cheap). */
export function connectivity(c: Compiled, failedEdges: Uint8Array): Connectivity {
  const { csr } = c;
  const S = csr.switches;
  const reach = reachUnder(csr, failedEdges);
  const G = c.fabric.getAttribute('gpusPerHost');
  const sig = new Map<number, number[]>();
  for (let e = 0; e < csr.endpoints; e++) {
    const h = csr.host[S + e];
    const v = sig.get(h) ?? new Array<number>(G).fill(-2); // −2: no NIC at this index
    v[csr.gpu[S + e]] = reach.alive[e] ? reach.component[csr.endpointLeaf[e]] : -1;
    sig.set(h, v);
  }
  const classes = new Map<string, { v: number[]; n: number }>();
  for (const v of sig.values()) {
    const k = v.join(',');
    const cl = classes.get(k);
    if (cl) cl.n++;
    else classes.set(k, { v, n: 1 });
  }
  const list = [...classes.values()];
  let pairs = 0;
  let connected = 0;
  let viaNvlink = 0;
  for (const a of list)
    for (const b of list) {
      const hostPairs = a === b ? a.n * (a.n - 1) : a.n * b.n;
      if (hostPairs === 0) continue;
      const ga = a.v.filter((x) => x !== -2).length;
      const gb = b.v.filter((x) => x !== -2).length;
      let direct = 0;
      for (const x of a.v) for (const y of b.v) if (x >= 0 && x === y) direct++;
      let anyIndex = false;
      for (let j = 0; j < G; j++) if (a.v[j] >= 0 && a.v[j] === b.v[j]) anyIndex = true;
      pairs += hostPairs * ga * gb;
      connected += hostPairs * direct;
      if (anyIndex) viaNvlink += hostPairs * (ga * gb - direct);
    }
  return { pairs, fabricDisconnected: pairs - connected, viaNvlink, unreachable: pairs - connected - viaNvlink };
}

export interface TrialMetrics {
  fabricDisconnectedPairs: number;
  nvlinkReachablePairs: number;
  unreachablePairs: number;
  bisectionGbps: number;
  uniformSeconds: number;
  uniformUnreachableBytes: number;
  workloadSeconds?: number;
  workloadUnreachableBytes?: number;
}

export interface Trial {
  seed: number;
  removedLinks: number;
  removedSwitches: string[];
  metrics: TrialMetrics;
}

export interface Summary {
  healthy: number;
  mean: number;
  p5: number;
  p95: number;
  /** mean / healthy − 1 (null when healthy is 0) */
  change: number | null;
}

export interface FailureReport {
  topology: string;
  scenario: FailureScenario;
  trials: number;
  seed: number;
  failover: boolean;
  /** routing model of the uniform and workload times */
  routing: RoutingName;
  healthy: TrialMetrics;
  perTrial: Trial[];
  summary: Record<keyof TrialMetrics, Summary>;
  notes: string[];
}

export interface FailureOptions {
  trials?: number;
  seed?: number;
  workload?: Workload;
  /** fail over to another plane / NIC index through NVLink (default true) */
  failover?: boolean;
  bytesPerPair?: number;
  /** routing model of the traffic figures (default ideal) */
  routing?: RoutingName;
  onTrial?: (done: number, total: number) => void;
}

function measure(c: Compiled, failedEdges: Uint8Array, o: FailureOptions): TrialMetrics {
  const conn = connectivity(c, failedEdges);
  const uni = runTraffic(c, 'uniform', { failedEdges, failover: o.failover ?? true, bytesPerPair: o.bytesPerPair ?? 1 << 20, topN: 1, routing: o.routing, seed: o.seed });
  const m: TrialMetrics = {
    fabricDisconnectedPairs: conn.fabricDisconnected,
    nvlinkReachablePairs: conn.viaNvlink,
    unreachablePairs: conn.unreachable,
    bisectionGbps: bisection(c, { failedEdges, trials: 0 }).cutGbps,
    uniformSeconds: uni.congestion.timeSeconds,
    uniformUnreachableBytes: uni.demand.unreachableBytes,
  };
  if (o.workload) {
    const w = runTraffic(c, o.workload, { failedEdges, failover: o.failover ?? true, topN: 1, routing: o.routing, seed: o.seed });
    m.workloadSeconds = w.congestion.timeSeconds;
    m.workloadUnreachableBytes = w.demand.unreachableBytes;
  }
  return m;
}

/** Nearest-rank percentile. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export function failureAnalysis(c: Compiled, s: FailureScenario, o: FailureOptions = {}): FailureReport {
  if (!s.links && !s.switches && s.plane === undefined && !(s.remove && s.remove.length))
    throw new UsageError('nothing to fail: give --links, --switches, --plane or --remove');
  const trials = o.trials ?? 1;
  const seed = o.seed ?? 1;
  const healthy = measure(c, new Uint8Array(c.csr.edges), o);
  const perTrial: Trial[] = [];
  for (let t = 0; t < trials; t++) {
    const trialSeed = seed + t * 7919;
    const st = applyFailures(c, s, trialSeed);
    perTrial.push({ seed: trialSeed, removedLinks: st.removedLinks, removedSwitches: st.removedSwitches, metrics: measure(degraded(c, st), st.failedEdges, o) });
    o.onTrial?.(t + 1, trials);
  }
  const keys = Object.keys(healthy) as Array<keyof TrialMetrics>;
  const summary = {} as Record<keyof TrialMetrics, Summary>;
  for (const k of keys) {
    const xs = perTrial.map((p) => p.metrics[k] as number);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const h = healthy[k] as number;
    summary[k] = { healthy: h, mean, p5: percentile(xs, 5), p95: percentile(xs, 95), change: h !== 0 ? mean / h - 1 : null };
  }
  const random = Boolean(s.links || s.switches);
  return {
    topology: c.spec.name,
    scenario: s,
    trials,
    seed,
    failover: o.failover ?? true,
    routing: o.routing ?? 'ideal',
    healthy,
    perTrial,
    summary,
    notes: random ? [] : ['the scenario has no random element: every trial is the same'],
  };
}

/**
 * Parses a scenario written as `key=value,...` (keys: links, switches, tier, plane, remove (ids joined
 * with +), trials, seed), as `report --fail` takes it.
 */
export function parseScenario(text: string): { scenario: FailureScenario; trials: number; seed: number } {
  const scenario: FailureScenario = {};
  let trials = 1;
  let seed = 1;
  const amount = (k: string, v: string): Amount => {
    const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(v);
    if (!m || (m[2] === '%' && Number(m[1]) > 100) || (!m[2] && !Number.isInteger(Number(m[1])))) throw new UsageError(`--fail ${k}=${v}: a whole number N or a percentage P% (0–100)`);
    return m[2] ? { percent: Number(m[1]) } : { count: Number(m[1]) };
  };
  const int = (k: string, v: string, min = 0, max = Number.MAX_SAFE_INTEGER) => {
    if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)) || Number(v) < min || Number(v) > max) throw new UsageError(`--fail ${k}=${v}: must be a whole number from ${min} to ${max}`);
    return Number(v);
  };
  const parts = text.split(',').map((x) => x.trim()).filter(Boolean);
  if (parts.length === 0) throw new UsageError(`--fail ${JSON.stringify(text)}: empty; give a scenario such as plane=0 or links=1%,trials=5 (keys: links, switches, tier, plane, remove, trials, seed)`);
  const seen = new Set<string>();
  for (const part of parts) {
    const [k, v = ''] = part.split('=');
    if (seen.has(k)) throw new UsageError(`--fail ${k}=${v}: ${k} given twice; give each key once`);
    seen.add(k);
    if (k === 'links') scenario.links = amount(k, v);
    else if (k === 'switches') scenario.switches = amount(k, v);
    else if (k === 'tier') {
      const t = new Map([['leaf', 1], ['spine', 2], ['core', 3]]).get(v);
      if (!t) throw new UsageError(`--fail tier=${v}: allowed: leaf, spine, core`);
      scenario.tier = t as 1 | 2 | 3;
    } else if (k === 'plane') scenario.plane = int(k, v);
    else if (k === 'remove') scenario.remove = v.split('+').filter(Boolean);
    else if (k === 'trials') trials = int(k, v, 1, 10000);
    else if (k === 'seed') seed = int(k, v);
    else throw new UsageError(`--fail ${JSON.stringify(part)}: unknown key; allowed: links, switches, tier, plane, remove, trials, seed`);
  }
  if (!scenario.links && !scenario.switches && scenario.plane === undefined && !scenario.remove?.length)
    throw new UsageError(`--fail ${JSON.stringify(text)}: nothing to fail; give links, switches, plane or remove`);
  return { scenario, trials, seed };
}

/** The failure report as a small table for the HTML report's failures section. */
export function failureTable(r: FailureReport): { scenario: string; trials: number; seed: number; metrics: Array<Record<string, number | string | null>> } {
  const s = r.scenario;
  const what = [s.links && `links ${s.links.count ?? `${s.links.percent}%`}`, s.switches && `switches ${s.switches.count ?? `${s.switches.percent}%`}`, s.tier && `tier ${s.tier}`, s.plane !== undefined && `plane ${s.plane}`, s.remove?.length && `remove ${s.remove.join(' ')}`].filter(Boolean).join(', ');
  return {
    scenario: `${what} down`,
    trials: r.trials,
    seed: r.seed,
    metrics: (Object.keys(r.summary) as Array<keyof TrialMetrics>).map((k) => ({ metric: k, ...r.summary[k] })),
  };
}

/**
 * The report's failures section for one fabric: the table of `scenario` (text as in `topoplan fail`), or a
 * note saying why the scenario does not apply to this fabric (e.g. a plane it does not have).
 */
export function failureSection(c: Compiled, scenario: string, workload?: Workload): { fail: ReturnType<typeof failureTable> | { scenario: string; note: string } } {
  const f = parseScenario(scenario);
  try {
    return { fail: failureTable(failureAnalysis(c, f.scenario, { trials: f.trials, seed: f.seed, workload })) };
  } catch (e) {
    if (e instanceof UsageError) return { fail: { scenario, note: e.message } };
    throw e;
  }
}
