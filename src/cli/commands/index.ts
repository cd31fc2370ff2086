/**
 * Every CLI command registers itself; main.ts wires them in this order. Commands are loaded lazily: a run
 * imports only the command it names (start-up is most of a small command's time), help loads them all.
 */
import type { Command } from 'commander';

export type Register = (p: Command) => void;

export const commandLoaders: Array<[name: string, load: () => Promise<Register>]> = [
  ['analyze', async () => (await import('./analyze.js')).register],
  ['generate', async () => (await import('./generate.js')).register],
  ['presets', async () => (await import('./presets.js')).register],
  ['traffic', async () => (await import('./traffic.js')).register],
  ['tpot', async () => (await import('./tpot.js')).register],
  [
    'compare',
    async () => {
      // traffic.ts adds compare's --workload columns when it is imported
      await import('./traffic.js');
      return (await import('./compare.js')).register;
    },
  ],
  ['plan', async () => (await import('./plan.js')).register],
  ['report', async () => (await import('./report.js')).register],
  ['fail', async () => (await import('./fail.js')).register],
];

/** The commands a run needs: the one named first on the command line, or all of them (help, typos). */
export async function commandsFor(argv: string[]): Promise<Register[]> {
  const named = commandLoaders.find(([name]) => name === argv[0]);
  if (named) return [await named[1]()];
  return Promise.all(commandLoaders.map(([, load]) => load()));
}
