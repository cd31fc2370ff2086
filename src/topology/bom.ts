/**
 * The bill of materials' shape: switches by radix and tier, NICs, cables by type and layer, transceivers
 * (two per optical cable), cable length. bom-plan.ts fills it from a cable plan on the rack grid.
 */

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
