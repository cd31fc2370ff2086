/**
 * Bill of materials of a built fabric: switches by radix and tier, NICs, cables by type and layer,
 * transceivers (two per optical cable), and cable length, from the physical layout.
 */
import { KIND_ENDPOINT, KIND_SWITCH, MEDIUM_NVLINK, type FabricCsr } from './csr.js';
import type { Fabric } from './model.js';
import { layoutFabric } from './layout.js';
import { electricReach, type Pricebook } from './pricebook.js';

export interface CableClass {
  count: number;
  totalM: number;
}

export interface Bom {
  switches: Array<{ radix: number; tier: number; count: number }>;
  nics: { count: number; gbps: number };
  cables: {
    electric: CableClass;
    optical: CableClass;
    /** by fabric layer (endpoint, leaf-spine, spine-core, local, global, router) */
    byLayer: Record<string, { electric: number; optical: number; totalM: number }>;
    /** by lane rate, Gb/s: used by pricing */
    byGbps: Record<string, { electric: CableClass; optical: CableClass }>;
  };
  transceivers: { count: number; byGbps: Record<string, number> };
  cableLengthM: { total: number; electric: number; optical: number; mean: number };
  racks: number;
}

export function billOfMaterials(f: Fabric, c: FabricCsr, book: Pricebook): Bom {
  const lay = layoutFabric(c, book.layout, f.getAttribute('gpusPerHost'));
  const sw = new Map<string, { radix: number; tier: number; count: number }>();
  for (let u = 0; u < c.switches; u++) {
    if (c.kind[u] !== KIND_SWITCH) continue;
    const key = `${c.radix[u]}/${c.tier[u]}`;
    const s = sw.get(key) ?? { radix: c.radix[u], tier: c.tier[u], count: 0 };
    s.count++;
    sw.set(key, s);
  }
  const electric: CableClass = { count: 0, totalM: 0 };
  const optical: CableClass = { count: 0, totalM: 0 };
  const byLayer: Bom['cables']['byLayer'] = {};
  const byGbps: Bom['cables']['byGbps'] = {};
  const tx: Record<string, number> = {};
  let txCount = 0;
  for (let e = 0; e < c.edges; e++) {
    if (c.medium[e] === MEDIUM_NVLINK) continue;
    const n = c.lanes[e];
    const len = lay.lengthM[e];
    const g = c.gbps[e];
    const isElectric = len <= electricReach(book, g);
    const layer = f.getEdgeAttribute(c.edgeKeys[e], 'layer');
    const l = (byLayer[layer] ??= { electric: 0, optical: 0, totalM: 0 });
    const r = (byGbps[String(g)] ??= { electric: { count: 0, totalM: 0 }, optical: { count: 0, totalM: 0 } });
    const cls = isElectric ? electric : optical;
    cls.count += n;
    cls.totalM += n * len;
    (isElectric ? r.electric : r.optical).count += n;
    (isElectric ? r.electric : r.optical).totalM += n * len;
    if (isElectric) l.electric += n;
    else {
      l.optical += n;
      tx[String(g)] = (tx[String(g)] ?? 0) + 2 * n;
      txCount += 2 * n;
    }
    l.totalM += n * len;
  }
  let nics = 0;
  for (let u = 0; u < c.n; u++) if (c.kind[u] === KIND_ENDPOINT) nics++;
  const total = electric.totalM + optical.totalM;
  return {
    switches: [...sw.values()].sort((a, b) => a.tier - b.tier || a.radix - b.radix),
    nics: { count: nics, gbps: f.getAttribute('nicGbps') },
    cables: { electric, optical, byLayer, byGbps },
    transceivers: { count: txCount, byGbps: tx },
    cableLengthM: { total, electric: electric.totalM, optical: optical.totalM, mean: total / Math.max(1, electric.count + optical.count) },
    racks: lay.racks,
  };
}
