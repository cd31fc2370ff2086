import type { Command } from 'commander';
import { presetNames, resolveTopology } from '../../topology/spec.js';
import { allFamilies } from '../../topology/registry.js';
import { renderTable } from '../../render/table.js';

export function register(program: Command): void {
  program
    .command('presets')
    .description('list the built-in preset topologies and the families')
    .action(() => {
      const rows = presetNames().map((n) => {
        const specs = resolveTopology(n);
        return [n, specs.length > 1 ? `group of ${specs.length}` : specs[0].family, specs.map((s) => s.description ?? '').join('; ').slice(0, 90)];
      });
      process.stdout.write(renderTable(['preset', 'family', 'description'], rows) + '\n\n');
      process.stdout.write(renderTable(['family', 'summary'], allFamilies().map((f) => [f.name, f.summary])) + '\n');
    });
}
