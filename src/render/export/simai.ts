/**
 * SimAI / ns-3 topology text (aliyun/SimAI astra-sim-alibabacloud/astra-sim/network_frontend/ns3/common.h,
 * SetupNetwork; written by astra-sim-alibabacloud/inputs/topo/gen_Topo_Template.py):
 *   line 1: node_num gpus_per_server nvswitch_num switch_num link_num gpu_type
 *   line 2: the NVSwitch ids, then the switch ids
 *   then link_num lines: src dst data_rate link_delay error_rate
 * GPUs are the ids not listed on line 2; as in the template, GPU i sits on server ⌊i / gpus_per_server⌋, the
 * NVSwitches follow the GPUs and the network switches follow the NVSwitches. NVLink is modelled as the template
 * does it: one link from each GPU to its server's NVSwitch (topoplan has one NVLink hub per host).
 * ns-3 keeps one interface per node pair (nbr2if[a][b]), so parallel links are written one line each but SimAI
 * routes over only one of them: the exporter says so when the fabric has any.
 */
import { UsageError } from '../../errors.js';
import { defaultTiming, type ExportView, type LinkTiming } from './view.js';

export const SIMAI_GPU_TYPES = ['A100', 'A800', 'H100', 'H800', 'NONE'] as const;
export type SimaiGpuType = (typeof SIMAI_GPU_TYPES)[number];

export interface SimaiOptions extends Partial<LinkTiming> {
  gpuType?: SimaiGpuType;
  /** NVLink latency, ns (the template's nv_latency default is 0.000025 ms = 25 ns) */
  nvlinkLatencyNs?: number;
}

/** node_id_to_ip packs the id into 16 bits (ip_to_node_id reads them back): more nodes would collide. */
export const SIMAI_MAX_NODES = 65536;
/** SetupNetwork numbers link subnets "10.(i/254+1).(i%254+1).0": past this the second octet exceeds 255. */
export const SIMAI_MAX_LINKS = 254 * 255;

const rate = (gbps: number) => `${gbps}Gbps`;

export function* simai(v: ExportView, opts: SimaiOptions = {}, notes: string[] = []): Generator<string> {
  const t = { ...defaultTiming, ...opts };
  const gpuType = opts.gpuType ?? 'H800';
  const nvNs = opts.nvlinkLatencyNs ?? 25;
  const G = v.gpusPerHost;
  // GPUs host-major, so that GPU id / gpus_per_server is the server, as SimAI assumes.
  const gpus = v.endpoints.map((e, i) => ({ e, i })).sort((a, b) => a.e.host - b.e.host || a.e.gpu - b.e.gpu);
  const gpuId = new Int32Array(v.endpoints.length);
  const hostRank = new Map<number, number>();
  let misplaced = 0;
  gpus.forEach((g, id) => {
    gpuId[g.i] = id;
    if (!hostRank.has(g.e.host)) hostRank.set(g.e.host, hostRank.size);
    if (Math.floor(id / G) !== hostRank.get(g.e.host)) misplaced++;
  });
  if (misplaced > 0) notes.push(`simai: some hosts have fewer than ${G} GPUs, so SimAI's server = GPU id / ${G} differs from topoplan's host for ${misplaced} GPUs`);
  const E = v.endpoints.length;
  const hubHosts = v.hubHosts;
  const hubId = new Map(hubHosts.map((h, i) => [h, E + i]));
  const S = v.switches.length;
  const swOrder = v.switches.map((s, i) => ({ s, i })).sort((a, b) => a.s.tier - b.s.tier || a.i - b.i);
  const swId = new Int32Array(S);
  swOrder.forEach((x, k) => (swId[x.i] = E + hubHosts.length + k));
  const nodes = E + hubHosts.length + S;
  if (nodes > SIMAI_MAX_NODES) throw new UsageError(`--format simai: ${nodes} nodes; SimAI's node_id_to_ip addresses at most ${SIMAI_MAX_NODES} (16-bit node ids)`);
  const lines: string[] = [];
  for (const g of gpus) {
    const hub = hubId.get(g.e.host);
    if (hub !== undefined) lines.push(`${gpuId[g.i]} ${hub} ${rate(v.nvlinkGbps)} ${nvNs}ns 0`);
    if (g.e.leaf >= 0) lines.push(`${gpuId[g.i]} ${swId[g.e.leaf]} ${rate(g.e.gbps)} ${t.linkLatencyNs}ns 0`);
  }
  let parallel = 0;
  const links = v.links
    .map((l) => ({ lo: Math.min(swId[l.a], swId[l.b]), hi: Math.max(swId[l.a], swId[l.b]), l }))
    .sort((x, y) => x.lo - y.lo || x.hi - y.hi);
  for (const { lo, hi, l } of links) {
    if (l.lanes > 1) parallel++;
    for (let k = 0; k < l.lanes; k++) lines.push(`${lo} ${hi} ${rate(l.gbps)} ${t.linkLatencyNs}ns 0`);
  }
  if (lines.length > SIMAI_MAX_LINKS)
    notes.push(`simai: ${lines.length} links; SimAI's SetupNetwork gives link i the subnet 10.(i/254+1).(i%254+1).0, valid for at most ${SIMAI_MAX_LINKS} links`);
  if (parallel > 0)
    notes.push(`simai: ${parallel} switch pairs are joined by parallel links, written one line each; ns-3's nbr2if keeps one interface per node pair, so SimAI routes over one of them`);
  const ids = [...hubHosts.map((h) => hubId.get(h)!), ...swOrder.map((x) => swId[x.i])];
  yield `${nodes} ${G} ${hubHosts.length} ${S} ${lines.length} ${gpuType}\n`;
  yield ids.join(' ') + '\n';
  for (let i = 0; i < lines.length; i += 20000) yield lines.slice(i, i + 20000).join('\n') + '\n';
}
