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

export const pricebookSchema = z
  .object({
    name: z.string(),
    description: z.string().optional(),
    sources: z.array(z.string()).optional(),
    /** switch price = perPortUSD · radix + baseUSD */
    switch: z.object({ perPortUSD: usd, baseUSD: intercept }).strict(),
    /** electric (copper, DAC) cable price = (perGbpsPerM · m + perGbps) · Gb/s */
    electricCable: z.object({ perGbpsPerM: nonneg, perGbps: nonneg }).strict(),
    /** optical cable: fibre (perGbpsPerM · m · Gb/s) plus a transceiver pair (perGbps · Gb/s, one per end) */
    opticalCable: z.object({ perGbpsPerM: nonneg, perGbps: nonneg }).strict(),
    /** NIC price per Gb/s of port rate */
    nicPerGbps: nonneg,
    /** longest electric cable, metres, by lane rate (Gb/s); `default` for other rates */
    electricReachM: z.record(z.string(), z.number().positive()).refine((r) => Object.hasOwn(r, 'default'), { message: "needs a 'default' entry" }),
    layout: z
      .object({
        hostsPerRack: z.number().int().min(1),
        /** racks per row, or 'square': as many as make the hall about as wide as it is deep */
        racksPerRow: z.union([z.number().int().min(1), z.literal('square')]),
        rackWidthM: z.number().positive(),
        rowPitchM: z.number().positive(),
        /** added to every cable that leaves its rack: vertical runs and service loops */
        slackM: nonneg,
        /** length of a cable inside one rack */
        intraRackM: z.number().positive(),
      })
      .strict(),
    latency: z
      .object({
        /** NIC-to-NIC fixed part (both NICs and software), µs */
        endpointUs: nonneg,
        perSwitchUs: nonneg,
        /** propagation in fibre or copper, ns per metre */
        perMetreNs: nonneg,
        source: z.string().optional(),
      })
      .strict(),
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
  const k = String(gbps);
  return Object.hasOwn(b.electricReachM, k) ? b.electricReachM[k] : b.electricReachM.default;
}
