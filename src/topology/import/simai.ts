/**
 * Reads a SimAI / ns-3 topology file (the reader: aliyun/SimAI astra-sim-alibabacloud/astra-sim/network_frontend/
 * ns3/common.h SetupNetwork; the writer: astra-sim-alibabacloud/inputs/topo/gen_Topo_Template.py) into a raw
 * graph carrying topoplan's model attributes, for the `imported` family to validate.
 *   header: node_num gpus_per_server nvswitch_num switch_num link_num gpu_type
 *   then nvswitch_num NVSwitch ids, switch_num switch ids, link_num × (src dst data_rate link_delay error_rate)
 * ns-3 reads the file token by token (operator>>); so do we, keeping line numbers for the messages.
 * Mapping: GPUs (ids on neither list) → endpoints, GPU of rank r on host ⌊r / gpus_per_server⌋ as in the
 * template; NVSwitches → the host's NVLink hub; switches → tiers by hop distance from the GPUs' switches
 * (1 = leaf, 2 = spine, 3 = core); radix = ports in use (the format has no port count). Link latency and error
 * rate are checked and dropped (topoplan's models are bandwidth models).
 */
import { UndirectedGraph } from 'graphology';
import { LineError } from './line-error.js';

interface Tok {
  text: string;
  line: number;
}

function tokens(text: string): Tok[] {
  const out: Tok[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    for (const t of l.split(/\s+/)) if (t !== '') out.push({ text: t, line: i + 1 });
  });
  return out;
}

const RATE = /^(\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)(k|K|M|G|T|Ki|Mi|Gi|Ti)?(bps|b\/s|Bps|B\/s)$/;
const SI: Record<string, number> = { '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
const TIME = /^\d+(?:\.\d*)?(?:[eE][-+]?\d+)?(s|ms|us|ns|ps|fs|min|h|d)?$/;

/** ns-3 DataRate string → Gb/s. */
export function parseDataRate(s: string): number | undefined {
  const m = RATE.exec(s);
  if (!m) return undefined;
  const bits = Number(m[1]) * SI[m[2] ?? ''] * (m[3].startsWith('B') ? 8 : 1);
  return Number.isFinite(bits) && bits > 0 ? bits / 1e9 : undefined;
}

export function parseSimai(text: string, file: string): UndirectedGraph {
  const toks = tokens(text);
  let at = 0;
  const lastLine = text.split(/\r?\n/).length;
  const next = (what: string): Tok => {
    if (at >= toks.length) throw new LineError(file, lastLine, `expected ${what}, found the end of the file`);
    return toks[at++];
  };
  const int = (what: string, min = 0, max = Number.MAX_SAFE_INTEGER): number => {
    const t = next(what);
    if (!/^\d+$/.test(t.text) || Number(t.text) < min || Number(t.text) > max) throw new LineError(file, t.line, `expected ${what} (an integer from ${min} to ${max}), found ${JSON.stringify(t.text)}`);
    return Number(t.text);
  };
  const nodeNum = int('node_num, the first header field', 1, 1 << 24);
  const G = int('gpus_per_server, the second header field', 1, 1024);
  const nvNum = int('nvswitch_num, the third header field', 0, nodeNum);
  const swNum = int('switch_num, the fourth header field', 0, nodeNum);
  const linkNum = int('link_num, the fifth header field', 0, 1 << 30);
  next('gpu_type, the sixth header field (A100, A800, H100, H800)');
  if (nvNum + swNum >= nodeNum) throw new LineError(file, 1, `node_num ${nodeNum} leaves no GPU after ${nvNum} NVSwitches and ${swNum} switches`);
  const type = new Uint8Array(nodeNum); // 0 GPU, 1 switch, 2 NVSwitch
  for (let i = 0; i < nvNum + swNum; i++) {
    const kind = i < nvNum ? 'NVSwitch' : 'switch';
    const t = toks[at];
    const id = int(`${kind} id ${i < nvNum ? i + 1 : i - nvNum + 1} of ${i < nvNum ? nvNum : swNum}`, 0, nodeNum - 1);
    if (type[id] !== 0) throw new LineError(file, t.line, `node ${id} is listed twice among the NVSwitch and switch ids`);
    type[id] = i < nvNum ? 2 : 1;
  }
  // GPUs in id order; rank r is GPU r % G of server ⌊r / G⌋.
  const gpuRank = new Int32Array(nodeNum).fill(-1);
  let gpus = 0;
  for (let id = 0; id < nodeNum; id++) if (type[id] === 0) gpuRank[id] = gpus++;
  const epKey = (id: number) => `h${Math.floor(gpuRank[id] / G)}.g${gpuRank[id] % G}`;
  const swKey = (id: number) => `sw${id}`;
  const nvHost = new Map<number, { host: number; line: number }>();

  const g = new UndirectedGraph({ multi: false, allowSelfLoops: false });
  const nicOf = new Map<number, { sw: number; gbps: number; line: number }>();
  const nv = new Map<string, { lanes: number; gbps: number }>();
  const fabric = new Map<string, { a: number; b: number; lanes: number; gbps: number; line: number }>();
  for (let i = 0; i < linkNum; i++) {
    const where = `link ${i + 1} of ${linkNum}`;
    const first = toks[at];
    const src = int(`${where}: src node id`, 0, nodeNum - 1);
    const dst = int(`${where}: dst node id`, 0, nodeNum - 1);
    const rt = next(`${where}: data rate (e.g. 400Gbps)`);
    const gbps = parseDataRate(rt.text);
    if (gbps === undefined) throw new LineError(file, rt.line, `${where}: expected an ns-3 data rate such as 400Gbps, found ${JSON.stringify(rt.text)}`);
    const dl = next(`${where}: link delay (e.g. 0.0005ms)`);
    if (!TIME.test(dl.text)) throw new LineError(file, dl.line, `${where}: expected an ns-3 time such as 0.0005ms, found ${JSON.stringify(dl.text)}`);
    const er = next(`${where}: error rate`);
    if (!(Number(er.text) >= 0 && Number(er.text) <= 1)) throw new LineError(file, er.line, `${where}: expected an error rate from 0 to 1, found ${JSON.stringify(er.text)}`);
    const line = first.line;
    if (src === dst) throw new LineError(file, line, `${where} joins node ${src} to itself`);
    const [ts, td] = [type[src], type[dst]];
    const kinds = ['GPU', 'switch', 'NVSwitch'];
    if (ts === 0 && td === 0) throw new LineError(file, line, `${where} joins two GPUs (${src}, ${dst}) directly; expected GPU–switch, GPU–NVSwitch or switch–switch`);
    if (ts === 2 || td === 2) {
      const [gpu, hub] = ts === 2 ? [dst, src] : [src, dst];
      if (type[gpu] !== 0) throw new LineError(file, line, `${where} joins NVSwitch ${hub} to ${kinds[type[gpu]]} ${gpu}; expected NVSwitches to link to GPUs only`);
      const host = Math.floor(gpuRank[gpu] / G);
      const known = nvHost.get(hub);
      if (known && known.host !== host)
        throw new LineError(file, line, `NVSwitch ${hub} joins GPU ${gpu} of server ${host} but also server ${known.host} (line ${known.line}); with gpus_per_server ${G}, GPU rank r is on server r / ${G}`);
      nvHost.set(hub, { host, line });
      const k = epKey(gpu);
      const e = nv.get(k);
      if (e && e.gbps !== gbps) throw new LineError(file, line, `GPU ${gpu} has NVLinks of ${e.gbps} and ${gbps} Gb/s; expected one rate per GPU`);
      nv.set(k, { lanes: (e?.lanes ?? 0) + 1, gbps });
      continue;
    }
    if (ts === 0 || td === 0) {
      const [gpu, sw] = ts === 0 ? [src, dst] : [dst, src];
      const had = nicOf.get(gpu);
      if (had)
        throw new LineError(file, line, `GPU ${gpu} has a second switch link (first on line ${had.line}); topoplan models one NIC link per GPU (dual-ToR files are not supported)`);
      nicOf.set(gpu, { sw, gbps, line });
      continue;
    }
    const [a, b] = src < dst ? [src, dst] : [dst, src];
    const key = `${a}-${b}`;
    const e = fabric.get(key);
    if (e && e.gbps !== gbps) throw new LineError(file, line, `switches ${a} and ${b} are joined at ${e.gbps} Gb/s (line ${e.line}) and ${gbps} Gb/s; expected one rate per switch pair`);
    if (e) e.lanes++;
    else fabric.set(key, { a, b, lanes: 1, gbps, line });
  }
  if (at < toks.length) throw new LineError(file, toks[at].line, `expected the end of the file after ${linkNum} links (link_num in the header), found ${JSON.stringify(toks[at].text)}`);

  // Switch tiers: hops from the switches that GPUs attach to.
  const adj = new Map<number, number[]>();
  const link = (x: number, y: number) => {
    const l = adj.get(x);
    if (l) l.push(y);
    else adj.set(x, [y]);
  };
  for (const { a, b } of fabric.values()) {
    link(a, b);
    link(b, a);
  }
  const tier = new Map<number, number>();
  let frontier = [...new Set([...nicOf.values()].map((n) => n.sw))];
  for (const s of frontier) tier.set(s, 1);
  for (let t = 2; frontier.length; t++) {
    const nextF: number[] = [];
    for (const s of frontier)
      for (const n of adj.get(s) ?? [])
        if (!tier.has(n)) {
          tier.set(n, t);
          nextF.push(n);
        }
    frontier = nextF;
  }
  const ports = new Map<number, number>();
  for (const n of nicOf.values()) ports.set(n.sw, (ports.get(n.sw) ?? 0) + 1);
  for (const { a, b, lanes } of fabric.values()) {
    ports.set(a, (ports.get(a) ?? 0) + lanes);
    ports.set(b, (ports.get(b) ?? 0) + lanes);
  }
  for (let id = 0; id < nodeNum; id++) {
    if (type[id] !== 1) continue;
    const t = tier.get(id);
    if (t === undefined) throw new LineError(file, 2, `switch ${id} is not connected to any switch that a GPU links to; expected a connected fabric`);
    if (t > 3) throw new LineError(file, 2, `switch ${id} is ${t - 1} switch hops above the GPUs' switches; topoplan models up to 3 tiers`);
  }
  // Planes: when the switches fall into several connected components and NIC i of every server lands in the
  // same component, the file is a multi-plane fabric (an MPFT written by topoplan, or by hand): the components
  // become planes, so traffic relays across planes through NVLink (PXN) as for a generated MPFT.
  const component = new Map<number, number>();
  let components = 0;
  for (let id = 0; id < nodeNum; id++) {
    if (type[id] !== 1 || component.has(id)) continue;
    const stack = [id];
    component.set(id, components);
    while (stack.length) for (const n of adj.get(stack.pop()!) ?? []) if (!component.has(n)) (component.set(n, components), stack.push(n));
    components++;
  }
  const planeOfIndex = new Int32Array(G).fill(-1);
  let planar = components > 1;
  for (const [gpu, n] of nicOf) {
    const i = gpuRank[gpu] % G;
    const c = component.get(n.sw)!;
    if (planeOfIndex[i] === -1) planeOfIndex[i] = c;
    else if (planeOfIndex[i] !== c) planar = false;
  }
  const planes = planar ? components : 1;
  const rateCount = new Map<number, number>();
  for (const n of nicOf.values()) rateCount.set(n.gbps, (rateCount.get(n.gbps) ?? 0) + 1);
  const nicGbps = [...rateCount].sort((x, y) => y[1] - x[1])[0]?.[0] ?? 400;
  const nvRates = [...new Set([...nv.values()].map((x) => x.gbps))];
  let radixMax = 0;
  for (const p of ports.values()) radixMax = Math.max(radixMax, p);
  g.replaceAttributes({
    gpusPerHost: G,
    planes,
    nicGbps,
    nvlinkGbps: nvRates[0] ?? 1600,
    radix: radixMax,
    importedAs: 'SimAI topology: GPU rank r on server r / gpus_per_server; switch tiers by hops from the GPUs\' switches; disconnected switch groups that each take one NIC index of every server become planes; radix = ports in use (the format has no port count); latencies and error rates dropped',
  });
  for (let id = 0; id < nodeNum; id++) {
    if (type[id] === 1) {
      const t = tier.get(id)!;
      g.addNode(swKey(id), { kind: 'switch', tier: t, role: t === 1 ? 'leaf' : t === 2 ? 'spine' : 'core', radix: ports.get(id) ?? 0, ...(planar ? { plane: component.get(id) } : {}) });
    } else if (type[id] === 0) {
      if (!nicOf.has(id)) throw new LineError(file, 1, `GPU ${id} has no link to a network switch; expected one NIC link per GPU`);
      g.addNode(epKey(id), { kind: 'endpoint', host: Math.floor(gpuRank[id] / G), gpu: gpuRank[id] % G, ...(planar ? { plane: component.get(nicOf.get(id)!.sw) } : {}) });
    }
  }
  for (const { host } of nvHost.values()) if (!g.hasNode(`h${host}.nv`)) g.addNode(`h${host}.nv`, { kind: 'nvswitch', host });
  for (const [id, n] of nicOf) g.addEdge(epKey(id), swKey(n.sw), { medium: 'fabric', layer: 'endpoint', gbps: n.gbps, lanes: 1 });
  for (const [k, e] of nv) g.addEdge(k, `${k.split('.')[0]}.nv`, { medium: 'nvlink', layer: 'nvlink', gbps: e.gbps, lanes: e.lanes });
  for (const { a, b, lanes, gbps } of fabric.values()) {
    const low = Math.min(tier.get(a)!, tier.get(b)!);
    g.addEdge(swKey(a), swKey(b), { medium: 'fabric', layer: low >= 2 ? 'spine-core' : 'leaf-spine', gbps, lanes });
  }
  return g;
}
