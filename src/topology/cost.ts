/**
 * Cost of a bill of materials under a price book (Slim Fly SC14 methodology by default): switches priced
 * linearly in radix, cables per Gb/s linearly in length (electric and optical separately; the optical
 * constant term is the transceiver pair), NICs per Gb/s.
 */
import type { Bom } from './bom.js';
import type { Pricebook } from './pricebook.js';

export interface Cost {
  totalUSD: number;
  perEndpointUSD: number;
  breakdown: { switches: number; cables: number; transceivers: number; nics: number };
  pricebook: string;
  /** how the figure was obtained: the bill of materials on the rack grid (docs/cost-model.md) */
  method: 'layout';
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
  const nics = bom.nics.count * bom.nics.gbps * book.nicPerGbps;
  const total = switches + cables + transceivers + nics;
  return { totalUSD: total, perEndpointUSD: total / endpoints, breakdown: { switches, cables, transceivers, nics }, pricebook: book.name, method: 'layout' };
}
