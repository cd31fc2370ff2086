/** The topology families topoplan knows. Adding a family = one file in families/ + one line here. */
import type { Family } from './family.js';
import { ft2 } from './families/ft2.js';
import { ft3 } from './families/ft3.js';
import { mpft } from './families/mpft.js';
import { mrft } from './families/mrft.js';
import { railonly } from './families/railonly.js';
import { imported } from './families/imported.js';
import { dragonfly } from './families/dragonfly.js';
import { slimfly } from './families/slimfly.js';

export const families: Record<string, Family<any>> = {
  ft2,
  ft3,
  mpft,
  mrft,
  railonly,
  dragonfly,
  slimfly,
  imported,
};

export function familyNames(): string[] {
  return Object.keys(families);
}
