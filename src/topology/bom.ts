/**
 * The bill of materials' shape: switches by radix and tier, NICs, cables by type and layer, transceivers
 * (two per optical cable), cable length, and per item its watts and rack units, with the racks of the
 * floor. bom-plan.ts fills it from a closed-form cable plan under the paper's convention; floor.ts fills it
 * from a built graph placed on the floor plan. Power and space come from one function (`powerAndSpace`),
 * so both conventions count them the same way.
 */
import { transceiverWatts, type Pricebook } from './pricebook.js';

export interface CableClass {
  count: number;
  totalM: number;
}

/** One row of the bill: what, how many, watts each and in total, rack units in total. */
export interface BomItem {
  item: string;
  count: number;
  wattsEach: number;
  watts: number;
  rackUnits: number;
}

/** Which layout produced the lengths and racks, in words the output shows. */
export interface FloorInfo {
  convention: 'paper' | 'floor plan';
  label: string;
  /** host (GPU server) racks and switch (network) racks on the floor */
  hostRacks: number;
  switchRacks: number;
  rows: number;
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
  /** all racks: host racks plus switch racks (floor.hostRacks + floor.switchRacks) */
  racks: number;
  floor: FloorInfo;
  /** per row of the bill: switches by radix and tier, transceivers by rate, NICs, cables (no power) */
  items: BomItem[];
  /** network power, W: switches without optics, transceivers, NICs (GPU servers excluded) */
  power: { watts: number; switches: number; transceivers: number; nics: number };
  /** rack units of the switches, and the racks */
  space: { rackUnits: number; hostRacks: number; switchRacks: number; racks: number };
}

export type BomCore = Omit<Bom, 'items' | 'power' | 'space' | 'racks' | 'floor'>;

export function switchWatts(book: Pricebook, radix: number): number {
  return book.switch.wattsPerPort * radix + book.switch.wattsBase;
}

/** Items, watts and rack units of a bill, from the book's per-item figures. */
export function powerAndSpace<T extends BomCore>(core: T, book: Pricebook, floor: FloorInfo): T & Pick<Bom, 'items' | 'power' | 'space' | 'racks' | 'floor'> {
  const items: BomItem[] = [];
  let sw = 0;
  let ru = 0;
  for (const s of core.switches) {
    const w = switchWatts(book, s.radix);
    items.push({ item: `switch, ${s.radix} ports, tier ${s.tier}`, count: s.count, wattsEach: w, watts: s.count * w, rackUnits: s.count * book.switch.rackUnits });
    sw += s.count * w;
    ru += s.count * book.switch.rackUnits;
  }
  let tx = 0;
  for (const [g, n] of Object.entries(core.transceivers.byGbps)) {
    const w = transceiverWatts(book, Number(g));
    items.push({ item: `transceiver, ${g} Gb/s`, count: n, wattsEach: w, watts: n * w, rackUnits: 0 });
    tx += n * w;
  }
  const nics = core.nics.count * book.nic.watts;
  items.push({ item: `NIC port, ${core.nics.gbps} Gb/s`, count: core.nics.count, wattsEach: book.nic.watts, watts: nics, rackUnits: 0 });
  items.push({ item: 'electric cable (passive copper)', count: core.cables.electric.count, wattsEach: 0, watts: 0, rackUnits: 0 });
  items.push({ item: 'optical cable (fibre)', count: core.cables.optical.count, wattsEach: 0, watts: 0, rackUnits: 0 });
  const racks = floor.hostRacks + floor.switchRacks;
  return {
    ...core,
    racks,
    floor,
    items,
    power: { watts: sw + tx + nics, switches: sw, transceivers: tx, nics },
    space: { rackUnits: ru, hostRacks: floor.hostRacks, switchRacks: floor.switchRacks, racks },
  };
}

export interface BomLine {
  layer: string;
  placement: string;
  gbps: number;
  electric: number;
  optical: number;
  electricM: number;
  opticalM: number;
}

/** Sums cable classes into the bill's cable, transceiver and length sections (two transceivers per optical cable). */
export class CableTally {
  private readonly lineMap = new Map<string, BomLine>();
  add(layer: string, placement: string, gbps: number, electric: number, optical: number, electricM: number, opticalM: number): void {
    const key = `${layer}|${placement}|${gbps}`;
    const l = this.lineMap.get(key) ?? { layer, placement, gbps, electric: 0, optical: 0, electricM: 0, opticalM: 0 };
    l.electric += electric;
    l.optical += optical;
    l.electricM += electricM;
    l.opticalM += opticalM;
    this.lineMap.set(key, l);
  }
  get lines(): BomLine[] {
    return [...this.lineMap.values()];
  }
  sections(): Pick<Bom, 'cables' | 'transceivers' | 'cableLengthM'> & { endpointCables: number } {
    const electric = { count: 0, totalM: 0 };
    const optical = { count: 0, totalM: 0 };
    const byLayer: Bom['cables']['byLayer'] = {};
    const byGbps: Bom['cables']['byGbps'] = {};
    const tx: Record<string, number> = {};
    let endpointCables = 0;
    for (const c of this.lineMap.values()) {
      const { electric: e, optical: o, electricM: eM, opticalM: oM } = c;
      if (c.layer === 'endpoint') endpointCables += e + o;
      electric.count += e;
      electric.totalM += eM;
      optical.count += o;
      optical.totalM += oM;
      const l = (byLayer[c.layer] ??= { electric: 0, optical: 0, totalM: 0 });
      l.electric += e;
      l.optical += o;
      l.totalM += eM + oM;
      const g = (byGbps[String(c.gbps)] ??= { electric: { count: 0, totalM: 0 }, optical: { count: 0, totalM: 0 } });
      g.electric.count += e;
      g.electric.totalM += eM;
      g.optical.count += o;
      g.optical.totalM += oM;
      if (o > 0) tx[String(c.gbps)] = (tx[String(c.gbps)] ?? 0) + 2 * o;
    }
    const cables = electric.count + optical.count;
    const total = electric.totalM + optical.totalM;
    return {
      cables: { electric, optical, byLayer, byGbps },
      transceivers: { count: 2 * optical.count, byGbps: tx },
      cableLengthM: { total, electric: electric.totalM, optical: optical.totalM, mean: total / Math.max(1, cables) },
      endpointCables,
    };
  }
}
