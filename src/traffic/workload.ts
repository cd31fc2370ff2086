/**
 * Workload specs: YAML files in workloads/ (presets), YAML/JSON paths, or patterns from flags.
 * The zod schema is the single source of truth for fields, defaults and error messages.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readStructuredFile } from '../topology/input-file.js';
import { z } from 'zod';
import { UsageError, showValue } from '../errors.js';
import { presetDir, zodToSpecError } from '../topology/spec.js';

const positive = z.number().positive();
const count = z.number().int().min(1);

export const epSchema = z
  .object({
    kind: z.literal('ep'),
    name: z.string().optional(),
    /** GPUs per expert-parallel group; groups tile the job's GPUs in host order */
    ep: count,
    experts: count.default(256),
    sharedExperts: z.number().int().min(0).default(1),
    topk: count.default(8),
    /** M: hosts a token may reach (node-limited routing); 0 = unlimited */
    maxHostsPerToken: z.number().int().min(0).default(4),
    tokensPerGpu: positive.default(4096),
    hidden: count.default(7168),
    dispatchBytes: positive.default(1),
    combineBytes: positive.default(2),
    expertPlacement: z.enum(['contiguous']).default('contiguous'),
    gating: z.enum(['expected', 'sampled']).default('expected'),
    /** Zipf exponent of expert popularity for sampled gating (0 = uniform) */
    skew: z.number().min(0).max(10).default(0),
    /** tokens per GPU actually drawn by sampled gating (the rest is scaled); caps the cost */
    sampleTokensPerGpu: count.default(512),
    forwarding: z.enum(['nvlink', 'none']).default('nvlink'),
    /** GPUs the workload uses, from GPU 0 in host order (default: all) */
    gpus: count.optional(),
  })
  .strict();

export const ppSchema = z
  .object({
    kind: z.literal('pp'),
    name: z.string().optional(),
    pp: count,
    microbatches: count.default(1),
    /** tokens per GPU per micro-batch */
    tokensPerMicrobatch: positive.default(4096),
    hidden: count.default(7168),
    bytes: positive.default(2),
    /** DualPipe: micro-batches fed from both ends, so activations flow both ways at once */
    dualpipe: z.boolean().default(false),
    gpus: count.optional(),
  })
  .strict();

export const uniformSchema = z.object({ kind: z.literal('uniform'), name: z.string().optional(), bytesPerPair: positive.default(1 << 20) }).strict();
export const permutationSchema = z
  .object({ kind: z.literal('permutation'), name: z.string().optional(), bytesPerPair: positive.default(1 << 20), seed: z.number().int().min(0).optional() })
  .strict();

const componentSchema = z.discriminatedUnion('kind', [epSchema, ppSchema, uniformSchema, permutationSchema]);

export const compositeSchema = z
  .object({
    kind: z.literal('composite'),
    name: z.string().optional(),
    description: z.string().optional(),
    source: z.string().optional(),
    /** GPUs the job needs; checked against the fabric */
    gpus: count.optional(),
    components: z.array(componentSchema).min(1),
  })
  .strict();

export const workloadSchema = z.discriminatedUnion('kind', [epSchema, ppSchema, uniformSchema, permutationSchema, compositeSchema]);

export type EpWorkload = z.output<typeof epSchema>;
export type PpWorkload = z.output<typeof ppSchema>;
export type UniformWorkload = z.output<typeof uniformSchema>;
export type PermutationWorkload = z.output<typeof permutationSchema>;
export type CompositeWorkload = z.output<typeof compositeSchema>;
export type Workload = z.output<typeof workloadSchema>;
export type Component = z.output<typeof componentSchema>;

export function workloadDir(): string {
  return join(dirname(presetDir()), 'workloads');
}

export function workloadPresets(): string[] {
  const dir = workloadDir();
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => basename(f, '.yaml')).sort() : [];
}

export function parseWorkload(raw: unknown, source: string): Workload {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`${source}: a workload must be a mapping with a 'kind' key (ep, pp, uniform, permutation, composite)`);
  const r = raw as Record<string, unknown>;
  if (!['ep', 'pp', 'uniform', 'permutation', 'composite'].includes(String(r.kind)))
    throw new UsageError(`workload.kind = ${showValue(r.kind)}: allowed: ep, pp, uniform, permutation, composite`);
  const parsed = workloadSchema.safeParse(raw);
  if (!parsed.success) throw zodToSpecError('workload', parsed.error, r);
  return parsed.data;
}

/** A preset name from workloads/, or a YAML/JSON path. */
export function loadWorkload(ref: string): Workload {
  const preset = join(workloadDir(), `${ref}.yaml`);
  if (typeof ref !== 'string' || ref.trim() === '') throw new UsageError(`workload ${showValue(ref)}: empty; allowed: a preset (${listPresets()}) or a YAML/JSON file`);
  const path = /^[\w.-]+$/.test(ref) && existsSync(preset) ? preset : ref;
  if (!existsSync(path)) throw new UsageError(`workload ${showValue(ref)}: not a preset (${listPresets()}) or an existing file`);
  const doc = readStructuredFile(path, { what: 'workload file', json: /\.json$/i.test(path) });
  const w = parseWorkload(doc, path);
  const out = w.name ? w : { ...w, name: basename(path).replace(/\.(ya?ml|json)$/, '') };
  filled.set(out, defaultsFilled(doc, out));
  return out;
}

const filled = new WeakMap<Workload, Array<{ key: string; value: unknown }>>();

/** The fields of a loaded workload that its file left out and the schema's defaults filled in (for --explain). */
export function workloadDefaults(w: Workload): Array<{ key: string; value: unknown }> {
  return filled.get(w) ?? [];
}

function defaultsFilled(doc: unknown, w: Workload): Array<{ key: string; value: unknown }> {
  const out: Array<{ key: string; value: unknown }> = [];
  const diff = (raw: unknown, parsed: Record<string, unknown>, prefix: string) => {
    const given = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    for (const [k, v] of Object.entries(parsed)) {
      if (k === 'components' || k === 'name') continue;
      if (!Object.hasOwn(given, k) && v !== undefined) out.push({ key: prefix + k, value: v });
    }
  };
  diff(doc, w as unknown as Record<string, unknown>, '');
  if (w.kind === 'composite') {
    const raw = (doc as { components?: unknown[] }).components ?? [];
    w.components.forEach((c, i) => diff(raw[i], c as unknown as Record<string, unknown>, `components[${i}].`));
  }
  return out;
}

function listPresets(): string {
  return workloadPresets().join(', ') || 'none';
}
