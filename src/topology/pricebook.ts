/**
 * Price books: YAML files in pricebooks/ (or a path), validated by one zod schema. Every price can be
 * overridden with `key.path=value` strings (CLI `--price`). Missing entries exit 2 naming the entry.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FORBIDDEN_KEYS, readStructuredFile } from './input-file.js';
import { z } from 'zod';
import { SpecError, UsageError, showValue } from '../errors.js';
import { presetDir } from './spec.js';

/** a price per port is positive: zero or less would make a bigger fabric cheaper or free */
const usd = z.number().finite().positive();
/** a linear fit's intercept (price = perPort · radix + base) may be negative */
const intercept = z.number().finite();
const nonneg = z.number().finite().min(0);

/**
 * Where an item's figures come from: a `source` (datasheet, paper, URL) with the `date` it was read, or
 * `estimate: true` when no source exists. Every item of a price book carries one or the other, so a
 * proposal can say which of its numbers are quoted and which are guesses.
 */
const provenance = {
  source: z.string().min(1).optional(),
  date: z.string().min(4).optional(),
  estimate: z.literal(true).optional(),
  /** why the value is what it is, for the reader */
  note: z.string().optional(),
};
function hasProvenance(v: { source?: string; date?: string; estimate?: true }): boolean {
  return v.estimate === true || (typeof v.source === 'string' && typeof v.date === 'string');
}
function item<T extends z.ZodRawShape>(shape: T) {
  return z
    .object({ ...shape, ...provenance })
    .strict()
    .refine((v) => hasProvenance(v as { source?: string; date?: string; estimate?: true }), {
      message: 'needs `source` and `date`, or `estimate: true`',
    });
}

/** a number per lane rate (Gb/s) as a string key, with a `default` for other rates */
const byGbps = (v: z.ZodNumber) => z.record(z.string(), v).refine((r) => Object.hasOwn(r, 'default'), { message: "needs a 'default' entry" });

export const pricebookSchema = z
  .object({
    name: z.string(),
    description: z.string().optional(),
    sources: z.array(z.string()).optional(),
    /**
     * true for the book of DeepSeek-V3's Table 3 (SC14 methodology): only with it does `compare` show the
     * paper's figures and our difference to them
     */
    paperBook: z.boolean().optional(),
    /** switch price = perPortUSD · radix + baseUSD; power = wattsPerPort · radix + wattsBase (no optics) */
    switch: item({ perPortUSD: usd, baseUSD: intercept, wattsPerPort: nonneg, wattsBase: nonneg, rackUnits: z.number().positive() }),
    /** electric (copper, DAC) cable price = (perGbpsPerM · m + perGbps) · Gb/s; passive: no power */
    electricCable: item({ perGbpsPerM: nonneg, perGbps: nonneg }),
    /** optical cable: fibre (perGbpsPerM · m · Gb/s) plus a transceiver pair (perGbps · Gb/s, one per end) */
    opticalCable: item({ perGbpsPerM: nonneg, perGbps: nonneg }),
    /** watts of one transceiver (one cable end) by lane rate */
    transceiver: item({ watts: byGbps(nonneg) }),
    /** NIC price per Gb/s of port rate, and watts per NIC port */
    nic: item({ perGbps: nonneg, watts: nonneg }),
    /** longest electric cable, metres, by lane rate (Gb/s); `default` for other rates */
    electricReach: item({ metres: byGbps(z.number().positive()) }),
    /** running the fabric: TCO = capex + kW · PUE · hours per year · years · $/kWh */
    energy: item({ usdPerKWh: nonneg, pue: z.number().min(1).max(5), serviceLifeYears: z.number().positive().max(50) }),
    layout: item({
      hostsPerRack: z.number().int().min(1),
      /** paper's convention: racks per row, or 'square': as many as make the hall about as wide as it is deep */
      racksPerRow: z.union([z.number().int().min(1), z.literal('square')]),
      /** floor plan: host racks per row; the row's switch racks stand in its middle */
      hostRacksPerRow: z.number().int().min(1),
      /** floor plan: rack units of a switch rack that hold switches (the rest: patch panels, PDUs) */
      switchRackUnits: z.number().int().min(1),
      rackWidthM: z.number().positive(),
      rowPitchM: z.number().positive(),
      /** added to every cable that leaves its rack: vertical runs and service loops */
      slackM: nonneg,
      /** length of a cable inside one rack */
      intraRackM: z.number().positive(),
    }),
    latency: item({
      /** NIC-to-NIC fixed part (both NICs and software), µs */
      endpointUs: nonneg,
      perSwitchUs: nonneg,
      /** propagation in fibre or copper, ns per metre */
      perMetreNs: nonneg,
    }),
    /** `--price` overrides applied (filled by loadPricebook, not read from the file) */
    overrides: z.array(z.string()).optional(),
  })
  .strict();

export type Pricebook = z.output<typeof pricebookSchema>;

export function pricebookDir(): string {
  return join(dirname(presetDir()), 'pricebooks');
}

export function pricebookNames(): string[] {
  return readdirSync(pricebookDir())
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => basename(f, '.yaml'))
    .sort();
}

export const defaultPricebook = 'slimfly-sc14';

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const bad = keys.find((k) => FORBIDDEN_KEYS.has(k) || k === '');
  if (bad !== undefined) throw new SpecError(`--price ${path}`, bad, 'not a price-book entry; keys may not be empty, __proto__, constructor or prototype');
  let o: Record<string, unknown> = obj;
  for (const k of keys.slice(0, -1)) {
    if (!Object.hasOwn(o, k) || !o[k] || typeof o[k] !== 'object' || Array.isArray(o[k])) throw new UsageError(`--price ${path}: unknown entry ${JSON.stringify(k)}; see pricebooks/${defaultPricebook}.yaml for the keys`);
    o = o[k] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (!Object.hasOwn(o, last) || (o[last] !== null && typeof o[last] === 'object')) throw new UsageError(`--price ${path}: unknown entry ${JSON.stringify(last)}; see pricebooks/${defaultPricebook}.yaml for the keys`);
  o[last] = value;
}

/** Loads a price book by name or path and applies `key.path=value` overrides. */
export function loadPricebook(ref: string = defaultPricebook, overrides: string[] = []): Pricebook {
  const named = join(pricebookDir(), `${ref}.yaml`);
  if (typeof ref !== 'string' || ref.trim() === '') throw new UsageError(`--pricebook ${showValue(ref)}: empty; allowed: ${pricebookNames().join(', ')} or a YAML file`);
  const path = /^[\w.-]+$/.test(ref) && existsSync(named) ? named : ref;
  if (!existsSync(path)) throw new UsageError(`price book ${showValue(ref)}: not found; built-in: ${pricebookNames().join(', ')}`);
  const raw = readStructuredFile(path, { what: 'price book', json: false });
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`price book ${showValue(path)}: must be a mapping`);
  const doc = structuredClone(raw) as Record<string, unknown>;
  for (const o of overrides) {
    const eq = o.indexOf('=');
    if (eq <= 0) throw new UsageError(`--price ${showValue(o)}: expected key.path=value, e.g. switch.perPortUSD=300`);
    const text = o.slice(eq + 1).trim();
    const v = Number(text);
    if (text === '' || !Number.isFinite(v)) throw new SpecError(`--price ${o.slice(0, eq)}`, o.slice(eq + 1), 'must be a number');
    if (v < 0 && o.slice(0, eq).trim() !== 'switch.baseUSD') throw new SpecError(`--price ${o.slice(0, eq)}`, v, 'must be >= 0 (a price, length or latency; only switch.baseUSD, a fit intercept, may be negative)');
    setPath(doc, o.slice(0, eq), v);
  }
  if (overrides.length) doc.overrides = [...overrides];
  const parsed = pricebookSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.');
    if (issue.code === 'invalid_type' && issue.message.includes('undefined'))
      throw new SpecError(`pricebook ${basename(path)}: ${field}`, undefined, `missing entry; every price book needs ${field}`);
    const value = issue.path.reduce<unknown>((acc, k) => (acc && typeof acc === 'object' ? (acc as Record<string, unknown>)[String(k)] : undefined), doc);
    throw new SpecError(`pricebook ${basename(path)}: ${field}`, value, issue.message.replace(/^Invalid input: /, ''));
  }
  return parsed.data;
}

export function electricReach(b: Pricebook, gbps: number): number {
  return Object.hasOwn(b.electricReach.metres, String(gbps)) ? b.electricReach.metres[String(gbps)] : b.electricReach.metres.default;
}

export function transceiverWatts(b: Pricebook, gbps: number): number {
  return Object.hasOwn(b.transceiver.watts, String(gbps)) ? b.transceiver.watts[String(gbps)] : b.transceiver.watts.default;
}

/** The paper's own book, unmodified: the only one whose figures are comparable with DeepSeek-V3's Table 3. */
export function isPaperBook(b: Pricebook): boolean {
  return b.paperBook === true && !b.overrides?.length;
}
