/**
 * Keysight InfraGraph infrastructure (Keysight/infragraph schema/infrastructure.yaml, device.yaml, component.yaml,
 * instance.yaml, edge.yaml, link.yaml), the input ASTRA-sim 3.0 reads through InfraGraph. YAML:
 *   devices:   a `server` (xpu × G, nic × G, one NVSwitch) and one switch device per radix (asic + ports);
 *   links:     one per link rate (physical.bandwidth in Gb/s, physical.latency in ns);
 *   instances: `host` (count = hosts) and one per switch role and radix (leaf, spine, core, router);
 *   edges:     one `one2one` edge per physical link, ep = instance[i] + component[j] in slice notation.
 */
import { defaultTiming, type ExportView, type LinkTiming } from './view.js';

const q = (s: string) => JSON.stringify(s);
const num = (x: number) => String(x);

export function* infragraph(v: ExportView, opts: Partial<LinkTiming> = {}): Generator<string> {
  const t = { ...defaultTiming, ...opts };
  const G = v.gpusPerHost;
  const hostRank = new Map<number, number>();
  for (const h of [...new Set(v.endpoints.map((e) => e.host))].sort((a, b) => a - b)) hostRank.set(h, hostRank.size);
  const radices = [...new Set(v.switches.map((s) => s.radix))].sort((a, b) => a - b);
  const device = (radix: number) => `switch-r${radix}`;
  // Instances: one per (role, radix); a role with one radix keeps the plain role name.
  const roleRadices = new Map<string, Set<number>>();
  for (const s of v.switches) roleRadices.set(s.role, (roleRadices.get(s.role) ?? new Set()).add(s.radix));
  const instOf = v.switches.map((s) => (roleRadices.get(s.role)!.size > 1 ? `${s.role}-r${s.radix}` : s.role));
  const instCount = new Map<string, number>();
  const instIndex = v.switches.map((_s, i) => {
    const n = instCount.get(instOf[i]) ?? 0;
    instCount.set(instOf[i], n + 1);
    return n;
  });
  const instDevice = new Map(v.switches.map((s, i) => [instOf[i], device(s.radix)]));
  const linkName = (gbps: number) => `eth-${String(gbps).replace('.', 'p')}g`;
  const rates = [...new Set([...v.endpoints.map((e) => e.gbps), ...v.links.map((l) => l.gbps)])].sort((a, b) => a - b);

  yield `# Keysight InfraGraph infrastructure written by topoplan from ${v.name} (family ${v.family})\n`;
  yield `name: ${q(v.name)}\ndescription: ${q(`topoplan ${v.family} fabric: ${v.endpoints.length} endpoints, ${v.switches.length} switches`)}\n`;
  yield 'devices:\n';
  yield `  - name: server\n    description: ${q(`host of ${G} GPUs, one scale-out NIC per GPU, NVLink to one NVSwitch`)}\n`;
  yield `    components:\n      - {name: xpu, count: ${G}, choice: xpu}\n      - {name: nic, count: ${G}, choice: nic}\n      - {name: nvswitch, count: 1, choice: switch}\n`;
  yield `    links:\n      - {name: pcie}\n      - {name: nvlink, physical: {bandwidth: {choice: gigabits_per_second, gigabits_per_second: ${num(v.nvlinkGbps)}}}}\n`;
  yield `    edges:\n      - {ep1: {component: xpu}, ep2: {component: nic}, scheme: one2one, link: pcie}\n      - {ep1: {component: xpu}, ep2: {component: nvswitch}, scheme: many2many, link: nvlink}\n`;
  for (const r of radices) {
    yield `  - name: ${device(r)}\n    description: ${q(`switch of ${r} ports`)}\n`;
    yield `    components:\n      - {name: asic, count: 1, choice: switch}\n      - {name: port, count: ${r}, choice: port}\n`;
    yield `    links:\n      - {name: ic}\n    edges:\n      - {ep1: {component: asic}, ep2: {component: port}, scheme: many2many, link: ic}\n`;
  }
  yield 'links:\n';
  for (const g of rates)
    yield `  - {name: ${linkName(g)}, physical: {bandwidth: {choice: gigabits_per_second, gigabits_per_second: ${num(g)}}, latency: {choice: ns, ns: ${num(t.linkLatencyNs)}}}}\n`;
  yield 'instances:\n';
  yield `  - {name: host, device: server, count: ${hostRank.size}}\n`;
  for (const [name, count] of instCount) yield `  - {name: ${name}, device: ${instDevice.get(name)}, count: ${count}}\n`;
  yield 'edges:\n';
  const nextPort = new Int32Array(v.switches.length);
  const sw = (i: number) => `{instance: ${q(`${instOf[i]}[${instIndex[i]}]`)}, component: ${q(`port[${nextPort[i]++}]`)}}`;
  let out: string[] = [];
  for (const e of v.endpoints) {
    if (e.leaf < 0) continue;
    out.push(`  - {ep1: {instance: ${q(`host[${hostRank.get(e.host)}]`)}, component: ${q(`nic[${e.gpu}]`)}}, ep2: ${sw(e.leaf)}, scheme: one2one, link: ${linkName(e.gbps)}}`);
    if (out.length >= 20000) {
      yield out.join('\n') + '\n';
      out = [];
    }
  }
  for (const l of v.links)
    for (let k = 0; k < l.lanes; k++) {
      out.push(`  - {ep1: ${sw(l.a)}, ep2: ${sw(l.b)}, scheme: one2one, link: ${linkName(l.gbps)}}`);
      if (out.length >= 20000) {
        yield out.join('\n') + '\n';
        out = [];
      }
    }
  if (out.length) yield out.join('\n') + '\n';
}
