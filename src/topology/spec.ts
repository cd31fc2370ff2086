/**
 * Topology references: a preset name (topologies/*.yaml), a path to a YAML/JSON spec, or an inline
 * expression `family:key=value,...`. All three resolve to a validated TopoSpec.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORBIDDEN_KEYS, readInputFile, readStructuredFile } from './input-file.js';
import { z } from 'zod';
import { SpecError, UsageError, showValue } from '../errors.js';
import { familyNames, getFamily } from './registry.js';
import { sniffFormat, type InputFormat } from './import/detect.js';

export interface TopoSpec {
  name: string;
  family: string;
  /** validated parameters with defaults */
  params: Record<string, unknown>;
  description?: string;
  /** where the spec came from (preset, file, inline) */
  source: string;
}

/** The package's preset folder, found from this module so it works from src/ and dist/src/. */
export function presetDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'topologies')) && existsSync(join(dir, 'package.json'))) return join(dir, 'topologies');
    dir = dirname(dir);
  }
  throw new Error('topologies/ preset folder not found');
}

export function presetNames(): string[] {
  return readdirSync(presetDir())
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => basename(f, '.yaml'))
    .sort();
}

/** Parses `family:key=value,...`; numbers become numbers, `true`/`false` booleans. */
export function parseInline(expr: string): Record<string, unknown> {
  const colon = expr.indexOf(':');
  const family = colon < 0 ? expr : expr.slice(0, colon);
  // A null-prototype object: a key such as __proto__ is data here, then refused by name.
  const raw: Record<string, unknown> = Object.create(null);
  raw.family = family;
  if (colon >= 0 && expr.slice(colon + 1).trim() !== '') {
    for (const part of expr.slice(colon + 1).split(',')) {
      const eq = part.indexOf('=');
      if (eq <= 0) throw new UsageError(`topology ${showValue(expr)}: expected key=value, got ${showValue(part)} (form: family:key=value,...)`);
      const key = part.slice(0, eq).trim();
      const v = part.slice(eq + 1).trim();
      if (FORBIDDEN_KEYS.has(key)) throw new SpecError(`${family}.${key}`, v, 'not an allowed key; keys may not be __proto__, constructor or prototype');
      if (key === 'family' || Object.hasOwn(raw, key)) throw new SpecError(`${family}.${key}`, v, `given twice in ${showValue(expr)}; give each key once`);
      if (v === '') throw new SpecError(`${family}.${key}`, v, 'an empty value; give key=value');
      raw[key] = parseScalar(v);
    }
  }
  return { ...raw };
}

function parseScalar(v: string): unknown {
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(v) || v === 'NaN' || /^[-+]?Infinity$/.test(v)) return Number(v);
  return v;
}

function readSpecFile(path: string): unknown {
  return readStructuredFile(path, { what: 'topology file', json: extname(path).toLowerCase() === '.json' });
}

/** Formats the first zod issue as `family.field = value: what is allowed`. */
export function zodToSpecError(prefix: string, err: z.ZodError, input: Record<string, unknown>): SpecError {
  const issue = err.issues[0];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    return new SpecError(`${prefix}.${key}`, input[key], `unknown key; allowed keys: ${allowedKeys(prefix)}`);
  }
  const path = issue.path.map(String).join('.');
  let value = issue.path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[String(k)] : undefined), input);
  if (value === undefined && issue.path.length === 1) value = defaultOf(prefix, String(issue.path[0]));
  return new SpecError(path ? `${prefix}.${path}` : prefix, value, humanize(issue));
}

/** The schema default of a family's field, so a message can show the value that was in effect. */
function defaultOf(family: string, key: string): unknown {
  const shape = findShape(getFamily(family)?.schema) as Record<string, { safeParse?: (v: unknown) => { success: boolean; data?: unknown } }> | undefined;
  const r = shape && Object.hasOwn(shape, key) ? shape[key]?.safeParse?.(undefined) : undefined;
  return r?.success ? r.data : undefined;
}

function allowedKeys(family: string): string {
  const f = getFamily(family);
  const schema = f?.schema as unknown as { shape?: Record<string, unknown>; def?: any };
  const shape = findShape(schema);
  return shape ? Object.keys(shape).join(', ') : '(see docs/topologies.md)';
}

function findShape(s: any): Record<string, unknown> | undefined {
  for (let i = 0; s && i < 6; i++) {
    if (s.shape) return s.shape;
    s = s.def?.in ?? s.def?.schema ?? s.def?.innerType;
  }
  return undefined;
}

function humanize(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? 'must be an integer' : `must be a ${issue.expected}`;
    case 'too_small':
      return `must be ${issue.inclusive === false ? '>' : '>='} ${issue.minimum}`;
    case 'too_big':
      return `must be ${issue.inclusive === false ? '<' : '<='} ${issue.maximum}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      if (issue.message.startsWith('Invalid input: expected int')) return 'must be an integer';
      return issue.message;
  }
}

/** Validates a raw spec object (from YAML, JSON or inline) into a TopoSpec. */
export function validateSpec(raw: unknown, source: string, fallbackName: string): TopoSpec {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`${source}: a topology spec must be a mapping with a 'family' key`);
  for (const k of Object.keys(raw)) if (FORBIDDEN_KEYS.has(k)) throw new SpecError(k, (raw as Record<string, unknown>)[k], 'not an allowed key; keys may not be __proto__, constructor or prototype');
  const { family, name, description, ...rest } = raw as Record<string, unknown>;
  const fam = typeof family === 'string' ? getFamily(family) : undefined;
  if (typeof family !== 'string' || !fam) throw new SpecError('family', family, `unknown family; allowed: ${familyNames().join(', ')}`);
  if (name !== undefined && typeof name !== 'string') throw new SpecError('name', name, 'must be a string');
  const parsed = fam.schema.safeParse(rest);
  if (!parsed.success) throw zodToSpecError(family as string, parsed.error, rest);
  return { name: name ?? fallbackName, family: family as string, params: parsed.data, description: typeof description === 'string' ? description : undefined, source };
}

/**
 * Resolves a topology reference to one or more specs (a preset group such as `table3` expands to
 * its members).
 */
export function resolveTopology(ref: string, chain: string[] = [], opts: { inputFormat?: InputFormat } = {}): TopoSpec[] {
  if (typeof ref !== 'string' || ref.trim() === '') throw new UsageError(`topology ${showValue(ref)}: empty; give a preset, a spec file or family:key=value,...`);
  const imported = (format: InputFormat = 'auto') => [validateSpec({ family: 'imported', file: resolve(ref), format }, resolve(ref), basename(ref))];
  const fmt = opts.inputFormat ?? 'auto';
  if (fmt !== 'auto') {
    if (!isFile(ref)) throw new UsageError(`topology file ${showValue(ref)}: not found (--input-format ${fmt} takes a file)`);
    return imported(fmt);
  }
  if (/\.(graphml|topo)$/i.test(ref)) return imported();
  // A simulator topology file (SimAI, htsim) is recognised by its content, whatever its name.
  if (!/\.(ya?ml|json)$/i.test(ref) && isFile(ref) && !(/^[\w.-]+$/.test(ref) && existsSync(join(presetDir(), `${ref}.yaml`)))) {
    const kind = sniffFormat(readInputFile(ref, { what: 'topology file' }));
    if (kind === 'simai' || kind === 'htsim-fattree' || kind === 'htsim-generic') return imported();
  }
  const looksLikePath = /\.(ya?ml|json)$/i.test(ref) || ref.includes('/') || ref.startsWith('.');
  if (looksLikePath) {
    const doc = readSpecFile(enter(chain, resolve(ref), ref));
    // A graph document (graphology JSON: nodes + edges) is a fabric, not a spec.
    if (doc && typeof doc === 'object' && Array.isArray((doc as any).nodes) && Array.isArray((doc as any).edges))
      return [validateSpec({ family: 'imported', file: resolve(ref) }, resolve(ref), basename(ref))];
    return fromDocument(doc, resolve(ref), basename(ref).replace(/\.(ya?ml|json)$/i, ''), [...chain, resolve(ref)]);
  }
  const presetFile = join(presetDir(), `${ref}.yaml`);
  if (/^[\w.-]+$/.test(ref) && existsSync(presetFile)) return fromDocument(readSpecFile(enter(chain, presetFile, ref)), `preset ${ref}`, ref, [...chain, presetFile]);
  const family = ref.split(':')[0];
  if (!getFamily(family)) {
    throw new UsageError(
      `topology ${showValue(ref)}: not a preset, file or family; presets: ${presetNames().join(', ')}; families: ${familyNames().join(', ')} (inline form family:key=value,...)`,
    );
  }
  return [validateSpec(parseInline(ref), `inline ${ref}`, ref)];
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Deepest chain of preset groups / spec files including one another. */
export const MAX_INCLUDE_DEPTH = 16;

/** Refuses a file already on the include chain (a cycle) or a chain too deep, naming the chain. */
function enter(chain: string[], key: string, ref: string): string {
  const show = (k: string) => basename(k);
  if (chain.includes(key)) throw new UsageError(`topology ${showValue(ref)}: include cycle ${[...chain.slice(chain.indexOf(key)), key].map(show).join(' → ')}; a group may not include itself`);
  if (chain.length >= MAX_INCLUDE_DEPTH) throw new UsageError(`topology ${showValue(ref)}: groups nested ${chain.length + 1} deep (${[...chain, key].map(show).join(' → ')}); allowed: at most ${MAX_INCLUDE_DEPTH}`);
  return key;
}

function fromDocument(doc: unknown, source: string, fallbackName: string, chain: string[] = []): TopoSpec[] {
  if (doc && typeof doc === 'object' && !Array.isArray(doc) && Array.isArray((doc as any).members)) {
    return ((doc as any).members as unknown[]).flatMap((m) => {
      if (typeof m !== 'string') throw new SpecError(`${source}.members`, m, 'each member must be a topology reference string');
      return resolveTopology(m, chain);
    });
  }
  return [validateSpec(doc, source, fallbackName)];
}
