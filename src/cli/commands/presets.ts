import type { Command } from 'commander';
import { presetNames, resolveTopology } from '../../topology/spec.js';
import { allFamilies } from '../../topology/registry.js';
import { renderTable } from '../../render/table.js';
import { emit } from '../common.js';

export function register(program: Command): void {
  program
    .command('presets')
    .description('list the built-in preset topologies and the families')
    .option('--json', 'print { presets: [...], families: [...] }')
    .action((o: { json?: boolean }) => {
      const presets = presetNames().map((n) => {
        const specs = resolveTopology(n);
        return specs.length > 1
          ? { name: n, family: null, members: specs.map((s) => s.name), description: `group of ${specs.length}: ${specs.map((s) => s.name).join(', ')}` }
          : { name: n, family: specs[0].family, params: specs[0].params, description: specs[0].description ?? '' };
      });
      const fams = allFamilies().map((f) => ({ name: f.name, summary: f.summary }));
      if (o.json) return emit(JSON.stringify({ presets, families: fams }, null, 2) + '\n');
      emit(
        renderTable(['preset', 'family', 'description'], presets.map((p) => [p.name, p.family ?? 'group', p.description])) +
          '\n\n' +
          renderTable(['family', 'summary'], fams.map((f) => [f.name, f.summary])) +
          '\n',
      );
    });
}
