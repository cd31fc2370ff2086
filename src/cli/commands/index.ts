/** Every CLI command registers itself; main.ts wires them in this order. */
import type { Command } from 'commander';
import { register as analyze } from './analyze.js';
import { register as generate } from './generate.js';
import { register as presets } from './presets.js';
import { register as traffic } from './traffic.js';
import { register as tpot } from './tpot.js';
import { register as compare } from './compare.js';
import { register as plan } from './plan.js';
import { register as report } from './report.js';
import { register as fail } from './fail.js';

export const commands: Array<(p: Command) => void> = [analyze, generate, presets, traffic, tpot, compare, plan, report, fail];
