/**
 * mapFlows (the forwarding rule: NVLink inside a host, the fabric between hosts, PXN relay to the NIC on the
 * destination's plane, failover over the other NIC indices when a pair has no path) against the rule written
 * out here from the fabric's host / GPU / plane attributes and a reachability BFS of its own over live links.
 */
import { describe, expect, it } from 'vitest';
import { resolveTopology } from '../../src/topology/spec.js';
import { compile, type Compiled } from '../../src/topology/compiled.js';
import { MEDIUM_FABRIC } from '../../src/topology/csr.js';
import { hostIndex } from '../../src/traffic/hosts.js';
import { FlowList } from '../../src/traffic/flows.js';
import { emptyMapped, mapFlows, sendingNic } from '../../src/traffic/forward.js';
import { reachUnder } from '../../src/traffic/reach.js';
import { prng } from '../helpers/reference-router.js';

const build = (ref: string) => compile(resolveTopology(ref)[0]);

interface Expected {
  fabric: Map<string, number>;
  nvUp: number[];
  nvDown: number[];
  nvlinkBytes: number;
  pxnBytes: number;
  failoverBytes: number;
  unreachableBytes: number;
  unreachablePairs: number;
}

/** The rule, from the endpoints' attributes; `up(a, b)`: NIC a can reach NIC b over the fabric. */
function expected(c: Compiled, flows: FlowList, up: (a: number, b: number) => boolean, failover: boolean): Expected {
  const S = c.csr.switches;
  const N = c.csr.endpoints;
  const host = (e: number) => c.csr.host[S + e];
  const gpu = (e: number) => c.csr.gpu[S + e];
  const plane = (e: number) => c.csr.plane[S + e];
  const at = (h: number, g: number) => {
    for (let e = 0; e < N; e++) if (host(e) === h && gpu(e) === g) return e;
    return -1;
  };
  const out: Expected = { fabric: new Map(), nvUp: new Array(N).fill(0), nvDown: new Array(N).fill(0), nvlinkBytes: 0, pxnBytes: 0, failoverBytes: 0, unreachableBytes: 0, unreachablePairs: 0 };
  const nv = (a: number, b: number, x: number) => {
    out.nvUp[a] += x;
    out.nvDown[b] += x;
    out.nvlinkBytes += x;
  };
  const fab = (a: number, b: number, x: number) => out.fabric.set(`${a}>${b}`, (out.fabric.get(`${a}>${b}`) ?? 0) + x);
  for (let i = 0; i < flows.length; i++) {
    const [a, b, x] = [flows.src[i], flows.dst[i], flows.bytes[i]];
    if (host(a) === host(b)) {
      nv(a, b, x);
      continue;
    }
    const na = plane(a) === plane(b) ? a : at(host(a), gpu(b));
    if (up(na, b)) {
      if (na !== a) {
        nv(a, na, x);
        out.pxnBytes += x;
      }
      fab(na, b, x);
      continue;
    }
    const ks: Array<[number, number]> = [];
    if (failover)
      for (let g = 0; g < c.fabric.getAttribute('gpusPerHost'); g++) {
        const [sa, sb] = [at(host(a), g), at(host(b), g)];
        if (sa >= 0 && sb >= 0 && up(sa, sb)) ks.push([sa, sb]);
      }
    if (ks.length === 0) {
      out.unreachableBytes += x;
      out.unreachablePairs++;
      continue;
    }
    out.failoverBytes += x;
    for (const [sa, sb] of ks) {
      if (sa !== a) nv(a, sa, x / ks.length);
      fab(sa, sb, x / ks.length);
      if (sb !== b) nv(sb, b, x / ks.length);
    }
  }
  return out;
}

/** NIC a reaches NIC b: both NIC links up and a path of live fabric links between their leaves (BFS here). */
function reachability(c: Compiled, failed?: Uint8Array) {
  const n = c.csr.n;
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (let e = 0; e < c.csr.edges; e++) {
    if (c.csr.medium[e] !== MEDIUM_FABRIC || failed?.[e]) continue;
    adj[c.csr.arcTail[2 * e]].push(c.csr.arcHead[2 * e]);
    adj[c.csr.arcHead[2 * e]].push(c.csr.arcTail[2 * e]);
  }
  const S = c.csr.switches;
  const comp = new Array<number>(n).fill(-1);
  for (let s = 0; s < n; s++) {
    if (comp[s] >= 0) continue;
    comp[s] = s;
    const q = [s];
    for (let h = 0; h < q.length; h++)
      for (const v of adj[q[h]])
        if (comp[v] < 0) {
          comp[v] = s;
          q.push(v);
        }
  }
  return (a: number, b: number) => comp[S + a] === comp[S + b];
}

function randomFlows(c: Compiled, n: number, seed: number) {
  const r = prng(seed);
  const f = new FlowList(n);
  while (f.length < n) f.push(Math.floor(r() * c.csr.endpoints), Math.floor(r() * c.csr.endpoints), 1 + Math.floor(r() * 1000));
  return f;
}

function expectMapped(c: Compiled, got: ReturnType<typeof mapFlows>, want: Expected) {
  const fabric = new Map<string, number>();
  for (let i = 0; i < got.fabric.length; i++) {
    const k = `${got.fabric.src[i]}>${got.fabric.dst[i]}`;
    fabric.set(k, (fabric.get(k) ?? 0) + got.fabric.bytes[i]);
  }
  expect(fabric.size).toBe(want.fabric.size);
  for (const [k, x] of want.fabric) expect(fabric.get(k), k).toBeCloseTo(x, 6);
  for (let e = 0; e < c.csr.endpoints; e++) {
    expect(got.nvUp[e], `nvUp ${e}`).toBeCloseTo(want.nvUp[e], 6);
    expect(got.nvDown[e], `nvDown ${e}`).toBeCloseTo(want.nvDown[e], 6);
  }
  for (const k of ['nvlinkBytes', 'pxnBytes', 'failoverBytes', 'unreachableBytes'] as const) expect(got[k], k).toBeCloseTo(want[k], 6);
  expect(got.unreachablePairs).toBe(want.unreachablePairs);
}

/** Every fabric link of the NICs for which `pick(endpoint)` holds, and the switch links of switches `sw`. */
function failNics(c: Compiled, pick: (e: number) => boolean) {
  const failed = new Uint8Array(c.csr.edges);
  for (let e = 0; e < c.csr.endpoints; e++) if (pick(e) && c.csr.endpointUpArc[e] >= 0) failed[c.csr.endpointUpArc[e] >> 1] = 1;
  return failed;
}

describe('mapFlows applies the forwarding rule', () => {
  // planes=4 with 8 GPUs: GPUs i and i+4 share a plane, so a same-plane transfer between different GPU indices
  // must leave from its own NIC (no relay)
  it.each(['mpft:k=8,planes=4,gpusPerHost=4', 'mpft:k=8,planes=4,gpusPerHost=8', 'mpft:k=8,planes=8', 'ft2:k=8,gpusPerHost=4', 'mrft:k=8,gpusPerHost=4,suHosts=4'])('%s, intact: NVLink in a host, PXN across planes, the fabric otherwise', (ref) => {
    const c = build(ref);
    const hi = hostIndex(c.csr, c.fabric.getAttribute('gpusPerHost'));
    const f = randomFlows(c, 800, 41);
    const want = expected(c, f, reachability(c), true);
    expectMapped(c, mapFlows(c.csr, hi, f), want);
    expect(want.nvlinkBytes).toBeGreaterThan(0);
  });

  it('multi-plane, a NIC link and a whole plane down: failover splits equally over the indices whose pair still has a path', () => {
    const c = build('mpft:k=8,planes=4,gpusPerHost=4');
    const hi = hostIndex(c.csr, 4);
    const S = c.csr.switches;
    // NIC 1 of host 0 and every NIC of plane 2
    const failed = failNics(c, (e) => (c.csr.host[S + e] === 0 && c.csr.gpu[S + e] === 1) || c.csr.plane[S + e] === 2);
    const f = randomFlows(c, 1500, 42);
    for (const failover of [true, false]) {
      const want = expected(c, f, reachability(c, failed), failover);
      expect(failover ? want.failoverBytes : want.unreachableBytes).toBeGreaterThan(0.1 * f.total());
      expectMapped(c, mapFlows(c.csr, hi, f, { reach: reachUnder(c.csr, failed), failover }), want);
    }
    // failover is the default
    expectMapped(c, mapFlows(c.csr, hi, f, { reach: reachUnder(c.csr, failed) }), expected(c, f, reachability(c, failed), true));
  });

  it('a host whose every NIC is down: its remote transfers are unreachable pairs, its intra-host ones still use NVLink', () => {
    const c = build('mpft:k=8,planes=4,gpusPerHost=4');
    const hi = hostIndex(c.csr, 4);
    const S = c.csr.switches;
    const failed = failNics(c, (e) => c.csr.host[S + e] === 3);
    const f = randomFlows(c, 1500, 43);
    const want = expected(c, f, reachability(c, failed), true);
    let pairs = 0;
    for (let i = 0; i < f.length; i++) if ((c.csr.host[S + f.src[i]] === 3) !== (c.csr.host[S + f.dst[i]] === 3)) pairs++;
    expect(want.unreachablePairs).toBe(pairs);
    expectMapped(c, mapFlows(c.csr, hi, f, { reach: reachUnder(c.csr, failed) }), want);
  });

  it('a partial last host (30 endpoints, 4-GPU hosts: host 7 has GPUs 0 and 1): failover only over indices both hosts have', () => {
    const c = build('ft2:k=8,gpusPerHost=4,endpoints=30');
    const hi = hostIndex(c.csr, 4);
    const S = c.csr.switches;
    // GPU 0's NIC down on every host: transfers to or from a GPU 0 fail over to GPUs 1..3 of both hosts,
    // and with host 7 only to GPU 1
    const failed = failNics(c, (e) => c.csr.gpu[S + e] === 0);
    const f = randomFlows(c, 1500, 45);
    const want = expected(c, f, reachability(c, failed), true);
    expect(want.failoverBytes).toBeGreaterThan(0.2 * f.total());
    expectMapped(c, mapFlows(c.csr, hi, f, { reach: reachUnder(c.csr, failed) }), want);
  });

  it('results accumulate into a given Mapped: mapping two halves equals mapping the whole', () => {
    const c = build('mpft:k=8,planes=4,gpusPerHost=4');
    const hi = hostIndex(c.csr, 4);
    const f = randomFlows(c, 400, 44);
    const [h1, h2] = [new FlowList(), new FlowList()];
    for (let i = 0; i < f.length; i++) (i < 200 ? h1 : h2).push(f.src[i], f.dst[i], f.bytes[i]);
    const into = emptyMapped(c.csr.endpoints);
    mapFlows(c.csr, hi, h1, {}, into);
    const got = mapFlows(c.csr, hi, h2, {}, into);
    expect(got).toBe(into);
    expectMapped(c, got, expected(c, f, reachability(c), true));
  });
});

describe('sendingNic', () => {
  it('own NIC on the same plane or without planes; the NIC with the destination GPU index otherwise; an error if the host lacks it', () => {
    const c = build('mpft:k=8,planes=4,gpusPerHost=4');
    const S = c.csr.switches;
    const hi = hostIndex(c.csr, 4);
    const find = (h: number, g: number) => Array.from({ length: c.csr.endpoints }, (_, e) => e).find((e) => c.csr.host[S + e] === h && c.csr.gpu[S + e] === g)!;
    const a = find(0, 1);
    expect(sendingNic(c.csr, hi, a, 1, c.csr.plane[S + a])).toBe(a);
    expect(sendingNic(c.csr, hi, a, 3, c.csr.plane[S + find(1, 3)])).toBe(find(0, 3));
    expect(sendingNic(c.csr, hi, a, 3, -1)).toBe(a);
    // a host index that lacks host 0's GPU 3, or maps it to a NIC on another plane: refused, not misrouted
    const holed = { ...hi, endpointOf: hi.endpointOf.slice() };
    holed.endpointOf[3] = -1;
    expect(() => sendingNic(c.csr, holed, a, 3, c.csr.plane[S + find(1, 3)])).toThrow(/host 0 has no NIC on plane/);
    holed.endpointOf[3] = find(0, 2);
    expect(() => sendingNic(c.csr, holed, a, 3, c.csr.plane[S + find(1, 3)])).toThrow(/host 0 has no NIC on plane/);
  });
});
