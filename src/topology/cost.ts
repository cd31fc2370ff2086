/**
 * Cost of a bill of materials under a price book (Slim Fly SC14 methodology by default): switches priced
 * linearly in radix, cables per Gb/s linearly in length (electric and optical separately; the optical
 * constant term is the transceiver pair), NICs per Gb/s. TCO adds the energy of the network over the
 * book's service life: kW · PUE · 8,766 h/year · years · $/kWh (GPU servers excluded).
 */
import type { Bom } from './bom.js';
import type { Pricebook } from './pricebook.js';

/** hours in a mean (Julian) year */
export const HOURS_PER_YEAR = 8766;

export interface Cost {
  totalUSD: number;
  perEndpointUSD: number;
  breakdown: { switches: number; cables: number; transceivers: number; nics: number };
  pricebook: string;
  /** how the figure was obtained: the bill of materials on a layout (bom.floor says which) */
  method: 'layout';
  /** the layout convention the lengths come from (bom.floor.label) */
  floor: string;
  /** network power at the wall: IT watts × PUE, kW */
  powerKW: number;
  /** energy over the service life, USD */
  energyUSD: number;
  /** capex (totalUSD) + energyUSD */
  tcoUSD: number;
  tcoPerEndpointUSD: number;
  /** the book's energy terms the TCO used */
  tco: { usdPerKWh: number; pue: number; serviceLifeYears: number; itKW: number };
}

export function switchPrice(book: Pricebook, radix: number): number {
  return book.switch.perPortUSD * radix + book.switch.baseUSD;
}

export function priceBom(bom: Bom, endpoints: number, book: Pricebook): Cost {
  const switches = bom.switches.reduce((a, s) => a + s.count * switchPrice(book, s.radix), 0);
  let cables = 0;
  let transceivers = 0;
  for (const [g, r] of Object.entries(bom.cables.byGbps)) {
    const gbps = Number(g);
    cables += (book.electricCable.perGbpsPerM * r.electric.totalM + book.electricCable.perGbps * r.electric.count) * gbps;
    cables += book.opticalCable.perGbpsPerM * r.optical.totalM * gbps;
    transceivers += book.opticalCable.perGbps * r.optical.count * gbps;
  }
  const nics = bom.nics.count * bom.nics.gbps * book.nic.perGbps;
  const total = switches + cables + transceivers + nics;
  const e = book.energy;
  const itKW = bom.power.watts / 1e3;
  const powerKW = itKW * e.pue;
  const energyUSD = powerKW * HOURS_PER_YEAR * e.serviceLifeYears * e.usdPerKWh;
  return {
    totalUSD: total,
    perEndpointUSD: total / endpoints,
    breakdown: { switches, cables, transceivers, nics },
    pricebook: book.name,
    method: 'layout',
    floor: bom.floor.label,
    powerKW,
    energyUSD,
    tcoUSD: total + energyUSD,
    tcoPerEndpointUSD: (total + energyUSD) / endpoints,
    tco: { usdPerKWh: e.usdPerKWh, pue: e.pue, serviceLifeYears: e.serviceLifeYears, itKW },
  };
}
