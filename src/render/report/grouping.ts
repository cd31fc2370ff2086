/**
 * Groups a fabric for drawing: switches into containers (plane or rail, pod, SU, Dragonfly group,
 * from their attributes) and per-role buckets inside them; endpoints into hosts, hosts with the
 * same set of leaf switches into host groups; runs of more than `maxChildren` siblings into blocks.
 * Links are kept at atom level (switch or host ends, parallel lanes summed) so the view can bundle
 * them at any granularity. Pure function of the model: same fabric, same tree.
 */
import { MEDIUM_NVLINK, type FabricCsr } from '../../topology/csr.js';
import { ROLES as ENGINE_ROLES } from '../../topology/engine.js';
import { KIND_BLOCK, KIND_BUCKET, KIND_CONTAINER, KIND_HOSTGROUP, KIND_ROOT, viewConfig, type ViewLinks, type ViewTree } from './view.js';

export const ROLES = ['leaf', 'spine', 'core', 'router'] as const;
const ROLE_PLURAL: Record<string, string> = { leaf: 'leaves', spine: 'spines', core: 'cores', router: 'routers' };
const SEGMENT_LABEL: Record<string, string> = { plane: 'plane', rail: 'rail', pod: 'pod', su: 'SU', group: 'group' };

export interface Grouping {
  tree: ViewTree;
  links: ViewLinks & { gbps: Float32Array };
  /** per group: stable id (without prefix) and label */
  groupIds: string[];
  groupLabels: string[];
  /** per switch atom: fabric node id, role index into ROLES, radix */
  switchNames: string[];
  switchRole: Uint8Array;
  switchRadix: Int32Array;
  /** per host atom: host number and scale-out NICs */
  hostNumber: Int32Array;
  hostNics: Int32Array;
  /** per CSR edge: atom link index (-1 for NVLink) and 1 when the link's a-end is the edge's target */
  linkOfEdge: Int32Array;
  flipOfEdge: Uint8Array;
  /** tree index of each CSR node (endpoints map to their host; NVLink hubs to -1) */
  atomOfNode: Int32Array;
}

interface GroupNode {
  id: string;
  label: string;
  kind: number;
  multi: boolean;
  row: number;
  children: GroupNode[];
  /** atoms directly under this group (tree indices assigned later), as [switch local index] or [host local index] */
  switches: number[];
  hostList: number[];
  index: number;
  sortKey: number[];
}

function group(id: string, label: string, kind: number, multi: boolean, row: number, sortKey: number[]): GroupNode {
  return { id, label, kind, multi, row, children: [], switches: [], hostList: [], index: -1, sortKey };
}

/** the switch's containers, read from the engine's columns (−1 = the switch has no such attribute) */
function segmentsOf(c: FabricCsr, u: number): Array<[string, number]> {
  const s: Array<[string, number]> = [];
  const plane = c.plane[u];
  if (plane >= 0) s.push([c.rail[u] === plane ? 'rail' : 'plane', plane]);
  if (c.pod[u] >= 0) s.push(['pod', c.pod[u]]);
  if (c.su[u] >= 0) s.push(['su', c.su[u]]);
  if (c.group[u] >= 0) s.push(['group', c.group[u]]);
  return s;
}

export function groupFabric(c: FabricCsr): Grouping {
  const cfg = viewConfig();
  const root = group('', 'fabric', KIND_ROOT, true, 1, []);
  const containers = new Map<string, GroupNode>([['', root]]);
  const buckets = new Map<string, GroupNode>();
  const containerOf = (segs: Array<[string, number]>): GroupNode => {
    let path = '';
    let node = root;
    for (const [k, v] of segs) {
      const next = path ? `${path}/${k}=${v}` : `${k}=${v}`;
      let g = containers.get(next);
      if (!g) {
        g = group(next, `${SEGMENT_LABEL[k]} ${v}`, KIND_CONTAINER, true, 1, [0, v]);
        containers.set(next, g);
        node.children.push(g);
      }
      node = g;
      path = next;
    }
    return node;
  };
  const bucketOf = (cont: GroupNode, role: string, tier: number): GroupNode => {
    const id = cont.id ? `${cont.id}/${ROLE_PLURAL[role] ?? role}` : ROLE_PLURAL[role] ?? role;
    let b = buckets.get(id);
    if (!b) {
      b = group(id, ROLE_PLURAL[role] ?? role, KIND_BUCKET, false, tier, [1, -tier]);
      buckets.set(id, b);
      cont.children.push(b);
    }
    return b;
  };

  // Switches.
  const S = c.switches;
  const switchCont: GroupNode[] = new Array(S);
  const switchRole = new Uint8Array(S);
  const switchRadix = new Int32Array(S);
  const switchTier = new Uint8Array(S);
  for (let s = 0; s < S; s++) {
    const cont = containerOf(segmentsOf(c, s));
    switchCont[s] = cont;
    const roleName = ENGINE_ROLES[c.role[s]];
    const role = ROLES.indexOf(roleName as (typeof ROLES)[number]);
    switchRole[s] = role < 0 ? 0 : role;
    switchRadix[s] = c.radix[s];
    switchTier[s] = Math.min(3, Math.max(1, c.tier[s]));
    bucketOf(cont, roleName, switchTier[s]).switches.push(s);
  }

  // Hosts: numbered by their `host` attribute, in order of first appearance.
  const hostIx = new Map<number, number>();
  const hostNumber: number[] = [];
  const hostLeaves: number[][] = [];
  const hostNics: number[] = [];
  // host atom (local index) of every endpoint, so the link pass below needs no lookup
  const hostOfEndpoint = new Int32Array(c.endpoints);
  let lastHost = NaN;
  let lastK = -1;
  for (let e = 0; e < c.endpoints; e++) {
    const h = c.host[S + e];
    // endpoints of one host are usually consecutive: skip the Map for them
    let k = h === lastHost ? lastK : hostIx.get(h);
    if (k === undefined) {
      k = hostNumber.length;
      hostIx.set(h, k);
      hostNumber.push(h);
      hostLeaves.push([]);
      hostNics.push(0);
    }
    hostNics[k]++;
    hostOfEndpoint[e] = k;
    lastHost = h;
    lastK = k;
    const leaf = c.endpointLeaf[e];
    if (leaf >= 0 && !hostLeaves[k].includes(leaf)) hostLeaves[k].push(leaf);
  }
  const H = hostNumber.length;
  const parentOfCont = new Map<GroupNode, GroupNode>();
  for (const g of containers.values()) for (const ch of g.children) if (ch.kind === KIND_CONTAINER) parentOfCont.set(ch, g);
  const chain = (g: GroupNode): GroupNode[] => {
    const out: GroupNode[] = [];
    for (let x: GroupNode | undefined = g; x; x = parentOfCont.get(x)) out.unshift(x);
    return out;
  };
  const hostGroups = new Map<string, GroupNode>();
  // hosts on one leaf (most hosts of most fabrics): their group found by container and leaf, no string keys
  const hostBucket = new Map<GroupNode, GroupNode>();
  const oneLeafGroup = new Map<GroupNode, Map<number, GroupNode>>();
  for (let k = 0; k < H; k++) {
    const leaves = hostLeaves[k].sort((x, y) => x - y);
    let cont: GroupNode;
    // one leaf: the deepest common container is the leaf's own
    if (leaves.length <= 1) cont = leaves.length ? switchCont[leaves[0]] : root;
    else {
      let common: GroupNode[] = chain(switchCont[leaves[0]]);
      for (const l of leaves.slice(1)) {
        const ch = chain(switchCont[l]);
        let i = 0;
        while (i < common.length && i < ch.length && common[i] === ch[i]) i++;
        common = common.slice(0, i);
      }
      cont = common[common.length - 1];
    }
    let bucket = hostBucket.get(cont);
    if (!bucket) hostBucket.set(cont, (bucket = bucketOf(cont, 'hosts', 0)));
    let byLeaf = leaves.length === 1 ? oneLeafGroup.get(bucket) : undefined;
    if (leaves.length === 1 && !byLeaf) oneLeafGroup.set(bucket, (byLeaf = new Map()));
    const sig = byLeaf ? '' : `${bucket.id}|${leaves.join(',')}`;
    let hg = byLeaf ? byLeaf.get(leaves[0]) : hostGroups.get(sig);
    if (!hg) {
      const id = `${bucket.id}/h${hostNumber[k]}`;
      hg = group(id, '', KIND_HOSTGROUP, false, 0, [2, hostNumber[k]]);
      if (byLeaf) byLeaf.set(leaves[0], hg);
      else hostGroups.set(sig, hg);
      bucket.children.push(hg);
    }
    hg.hostList.push(k);
  }
  for (const hg of [...hostGroups.values(), ...[...oneLeafGroup.values()].flatMap((m) => [...m.values()])]) {
    const first = hostNumber[hg.hostList[0]];
    const last = hostNumber[hg.hostList[hg.hostList.length - 1]];
    hg.label = hg.hostList.length === 1 ? `host ${first}` : `hosts ${first}–${last}`;
  }

  // Order children: containers by number, then switch buckets from the top tier down, then hosts.
  const order = (g: GroupNode) => {
    g.children.sort((x, y) => x.sortKey[0] - y.sortKey[0] || x.sortKey[1] - y.sortKey[1]);
    g.children.forEach(order);
  };
  order(root);

  // Blocks: runs of more than maxChildren siblings of one kind.
  const switchLabel = (s: number) => c.nameOf(s);
  const hostLabel = (k: number) => `host ${hostNumber[k]}`;
  const chunk = <T>(items: T[], make: (part: T[], j: number) => GroupNode): GroupNode[] => {
    const B = Math.ceil(items.length / cfg.maxChildren);
    const size = Math.ceil(items.length / B);
    const out: GroupNode[] = [];
    for (let j = 0; j * size < items.length; j++) out.push(make(items.slice(j * size, (j + 1) * size), j));
    return out;
  };
  const blockify = (g: GroupNode) => {
    g.children.forEach(blockify);
    const subs = g.children.filter((x) => x.kind === KIND_CONTAINER || (x.kind === KIND_BLOCK && x.multi));
    if (subs.length > cfg.maxChildren) {
      const rest = g.children.filter((x) => !subs.includes(x));
      let blocks = subs;
      while (blocks.length > cfg.maxChildren)
        blocks = chunk(blocks, (part, j) => {
          const b = group(`${g.id}#${j}`, `${part[0].label} … ${part[part.length - 1].label}`, KIND_BLOCK, true, part[0].row, [0, j]);
          b.children = part;
          return b;
        });
      g.children = [...blocks, ...rest];
    }
    const groupKids = g.children.filter((x) => x.kind === KIND_HOSTGROUP);
    if (groupKids.length > cfg.maxChildren) {
      let blocks = groupKids;
      while (blocks.length > cfg.maxChildren)
        blocks = chunk(blocks, (part, j) => {
          const b = group(`${g.id}#${j}`, `${part[0].label.replace(/–.*/, '')} … ${part[part.length - 1].label.replace(/^hosts? \d+–/, 'host ')}`, KIND_BLOCK, false, 0, [2, j]);
          b.children = part;
          return b;
        });
      g.children = [...g.children.filter((x) => x.kind !== KIND_HOSTGROUP), ...blocks];
    }
    for (const [list, label] of [
      [g.switches, switchLabel],
      [g.hostList, hostLabel],
    ] as const) {
      if (list.length <= cfg.maxChildren) continue;
      const isSw = list === g.switches;
      let blocks: GroupNode[] = chunk(list, (part, j) => {
        const b = group(`${g.id}#${j}`, `${label(part[0])} … ${label(part[part.length - 1])}`, KIND_BLOCK, false, g.row, [3, j]);
        if (isSw) b.switches = part;
        else b.hostList = part;
        return b;
      });
      let level = 1;
      while (blocks.length > cfg.maxChildren) {
        blocks = chunk(blocks, (part, j) => {
          const b = group(`${g.id}#${level}.${j}`, `${part[0].label.split(' … ')[0]} … ${part[part.length - 1].label.split(' … ')[1]}`, KIND_BLOCK, false, g.row, [3, j]);
          b.children = part;
          return b;
        });
        level++;
      }
      if (isSw) g.switches = [];
      else g.hostList = [];
      g.children.push(...blocks);
    }
  };
  blockify(root);

  // Number the tree: groups in preorder, then switches, then hosts (parents before children).
  const groups: GroupNode[] = [];
  const visit = (g: GroupNode) => {
    g.index = groups.length;
    groups.push(g);
    g.children.forEach(visit);
  };
  visit(root);
  const Gn = groups.length;
  const n = Gn + S + H;
  const parent = new Int32Array(n).fill(-1);
  const kind = new Uint8Array(Gn);
  const multi = new Uint8Array(Gn);
  const row = new Uint8Array(n);
  const switchAtom = new Int32Array(S);
  const hostAtom = new Int32Array(H);
  const switchOrder: number[] = [];
  const hostOrder: number[] = [];
  for (const g of groups) {
    kind[g.index] = g.kind;
    multi[g.index] = g.multi ? 1 : 0;
    row[g.index] = g.row;
    for (const ch of g.children) parent[ch.index] = g.index;
    for (const s of g.switches) {
      switchAtom[s] = Gn + switchOrder.length;
      switchOrder.push(s);
      parent[switchAtom[s]] = g.index;
      row[switchAtom[s]] = switchTier[s];
    }
  }
  for (const g of groups)
    for (const k of g.hostList) {
      hostAtom[k] = Gn + S + hostOrder.length;
      hostOrder.push(k);
      parent[hostAtom[k]] = g.index;
      row[hostAtom[k]] = 0;
    }
  // Collapsed multi-tier groups sit in the middle of the tiers they span.
  const lo = new Uint8Array(n).fill(9);
  const hi = new Uint8Array(n);
  for (let i = n - 1; i > 0; i--) {
    if (i >= Gn) lo[i] = hi[i] = row[i];
    const p = parent[i];
    if (lo[i] < lo[p]) lo[p] = lo[i];
    if (hi[i] > hi[p]) hi[p] = hi[i];
  }
  for (let i = 0; i < Gn; i++) if (multi[i] && lo[i] <= hi[i]) row[i] = Math.floor((lo[i] + hi[i] + 1) / 2);

  // Atom links: fabric edges with their ends mapped to switches and hosts, parallel lanes summed.
  const atomOfNode = new Int32Array(c.n).fill(-1);
  for (let s = 0; s < S; s++) atomOfNode[s] = switchAtom[s];
  for (let e = 0; e < c.endpoints; e++) atomOfNode[S + e] = hostAtom[hostOfEndpoint[e]];
  const { edges: E, medium, arcTail, arcHead } = c;
  const linkOfEdge = new Int32Array(E).fill(-1);
  const flipOfEdge = new Uint8Array(E);
  // Parallel edges between the same two atoms become one link, numbered in order of their first edge. Edges are
  // bucketed by their lower atom (stable), so a stamp per higher atom finds each pair's first edge: O(E + n).
  const lowOf = new Int32Array(E).fill(-1);
  const highOf = new Int32Array(E);
  const start = new Int32Array(n + 1);
  for (let e = 0; e < E; e++) {
    if (medium[e] === MEDIUM_NVLINK) continue;
    const u = atomOfNode[arcTail[2 * e]];
    const v = atomOfNode[arcHead[2 * e]];
    if (u < 0 || v < 0 || u === v) continue;
    lowOf[e] = u < v ? u : v;
    highOf[e] = u < v ? v : u;
    start[lowOf[e] + 1]++;
  }
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const byLow = new Int32Array(start[n]);
  const fill = start.slice(0, n);
  for (let e = 0; e < E; e++) if (lowOf[e] >= 0) byLow[fill[lowOf[e]]++] = e;
  const firstEdge = new Int32Array(E).fill(-1);
  const stamp = new Int32Array(n).fill(-1);
  const firstOf = new Int32Array(n);
  for (let lo = 0; lo < n; lo++)
    for (let i = start[lo]; i < start[lo + 1]; i++) {
      const e = byLow[i];
      const hi = highOf[e];
      if (stamp[hi] !== lo) {
        stamp[hi] = lo;
        firstOf[hi] = e;
      }
      firstEdge[e] = firstOf[hi];
    }
  // at most one link per edge: fill typed arrays, trimmed to the link count below
  const la = new Int32Array(E);
  const lb = new Int32Array(E);
  const lanes = new Int32Array(E);
  const gbps = new Float32Array(E);
  let m = 0;
  for (let e = 0; e < E; e++) {
    if (lowOf[e] < 0) continue;
    const u = atomOfNode[arcTail[2 * e]];
    let k: number;
    if (firstEdge[e] === e) {
      k = m++;
      la[k] = u;
      lb[k] = atomOfNode[arcHead[2 * e]];
      gbps[k] = c.gbps[e];
    } else k = linkOfEdge[firstEdge[e]];
    lanes[k] += c.lanes[e];
    linkOfEdge[e] = k;
    flipOfEdge[e] = la[k] === u ? 0 : 1;
  }

  // Ring: multi-tier siblings linked directly (Dragonfly groups), found at each link's meeting point.
  const ring = new Uint8Array(Gn);
  const depth = new Int32Array(n);
  for (let i = 1; i < n; i++) depth[i] = depth[parent[i]] + 1;
  for (let e = 0; e < m; e++) {
    let x = la[e];
    let y = lb[e];
    while (depth[x] > depth[y]) x = parent[x];
    while (depth[y] > depth[x]) y = parent[y];
    while (parent[x] !== parent[y]) {
      x = parent[x];
      y = parent[y];
    }
    if (x !== y && x < Gn && y < Gn && multi[x] && multi[y]) ring[parent[x]] = 1;
  }

  return {
    tree: { n, groups: Gn, switches: S, hosts: H, parent, kind, multi, ring, row },
    links: { m, a: la.slice(0, m), b: lb.slice(0, m), lanes: lanes.slice(0, m), gbps: gbps.slice(0, m) },
    groupIds: groups.map((g) => g.id),
    groupLabels: groups.map((g) => g.label),
    switchNames: switchOrder.map((s) => c.nameOf(s)),
    switchRole: Uint8Array.from(switchOrder.map((s) => switchRole[s])),
    switchRadix: Int32Array.from(switchOrder.map((s) => switchRadix[s])),
    hostNumber: Int32Array.from(hostOrder.map((k) => hostNumber[k])),
    hostNics: Int32Array.from(hostOrder.map((k) => hostNics[k])),
    linkOfEdge,
    flipOfEdge,
    atomOfNode,
  };
}

