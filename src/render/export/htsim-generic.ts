/**
 * htsim GenericTopology file (Broadcom/csg-htsim sim/datacenter/generic_topology.cpp, GenericTopology::load):
 * three header lines (`Hosts`, `Switches`, `Links`), then `host`, `switch`, `queue` and `pipe` lines whose
 * attributes are comma-separated. Every physical link becomes one `pipe` with a `reverse` twin and two egress
 * queues (one per direction); a switch lists its egress queues as its ports, a host its NIC queue.
 * Every fabric maps onto it; NVLink does not (htsim models the scale-out network only).
 */
import { UsageError } from '../../errors.js';
import { defaultTiming, type ExportView, type LinkTiming } from './view.js';

export interface HtsimGenericOptions extends Partial<LinkTiming> {
  /** egress queue size, bytes */
  queueBytes?: number;
}

/** GenericTopology::load reads lines with fgets(line, 255): longer lines are cut and mis-parsed. */
export const HTSIM_GENERIC_LINE_LIMIT = 254;

const safe = (id: string) => id.replace(/[^A-Za-z0-9._-]/g, '_');

export function* htsimGeneric(v: ExportView, opts: HtsimGenericOptions = {}, notes: string[] = []): Generator<string> {
  const t = { ...defaultTiming, ...opts };
  const queueBytes = opts.queueBytes ?? 1_000_000;
  if (!(t.linkLatencyNs > 0)) throw new UsageError(`--link-latency-ns = ${t.linkLatencyNs}: htsim's pipes need a latency > 0`);
  // Names: hosts by export number (the connection matrix's node ids), switches by their fabric id.
  const names = new Set<string>();
  const swName = v.switches.map((s, i) => {
    let n = safe(s.id);
    if (names.has(n) || /^h\d+$/.test(n)) n = `${n}~${i}`;
    names.add(n);
    return n;
  });
  const hostName = (e: number) => `h${e}`;
  const ports: string[][] = v.switches.map(() => []);
  const hostQueue: string[] = [];
  let q = 0;
  const nextQueue = () => `q${(q++).toString(36)}`;
  let pipes = 0;
  const body: string[] = [];
  const link = (fromName: string, toName: string, gbps: number) => {
    const there = nextQueue();
    const back = nextQueue();
    const p = `p${(pipes++).toString(36)}`;
    body.push(`queue ${there}, type composite, speed ${gbps} Gbps, size ${queueBytes}, dst ${p}`);
    body.push(`queue ${back}, type composite, speed ${gbps} Gbps, size ${queueBytes}, dst ${p}r`);
    body.push(`pipe ${p}, latency ${t.linkLatencyNs} ns, reverse ${p}r, src ${fromName}, dst ${toName}`);
    return { there, back };
  };
  v.endpoints.forEach((e, i) => {
    if (e.leaf < 0) return;
    const { there, back } = link(hostName(i), swName[e.leaf], e.gbps);
    hostQueue[i] = there;
    ports[e.leaf].push(back);
  });
  for (const l of v.links)
    for (let k = 0; k < l.lanes; k++) {
      const { there, back } = link(swName[l.a], swName[l.b], l.gbps);
      ports[l.a].push(there);
      ports[l.b].push(back);
    }
  yield `Hosts ${v.endpoints.length}\nSwitches ${v.switches.length}\nLinks ${pipes}\n`;
  yield `# htsim GenericTopology written by topoplan from ${v.name} (family ${v.family}); h<i> = endpoint i (the htsim-cm node id), switches by topoplan id\n`;
  yield `# every physical link: two egress queues (one per direction) and a pipe with its reverse twin; NVLink is not part of this file\n`;
  let long = 0;
  const out: string[] = [];
  const push = (line: string) => {
    if (line.length > HTSIM_GENERIC_LINE_LIMIT) long++;
    out.push(line);
  };
  v.endpoints.forEach((_e, i) => push(hostQueue[i] ? `host ${hostName(i)}, queue ${hostQueue[i]}` : `host ${hostName(i)}`));
  v.switches.forEach((_s, i) => push([`switch ${swName[i]}`, ...ports[i].map((p) => `queue ${p}`)].join(', ')));
  yield out.join('\n') + '\n';
  for (let i = 0; i < body.length; i += 20000) yield body.slice(i, i + 20000).join('\n') + '\n';
  if (long > 0)
    notes.push(
      `htsim-generic: ${long} switch line(s) exceed ${HTSIM_GENERIC_LINE_LIMIT} characters; GenericTopology::load reads lines with fgets(line, 255), so enlarge its line buffer before loading this file (docs/interop.md)`,
    );
}
