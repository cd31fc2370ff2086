/**
 * The topology families topoplan knows. Adding a family = one file in families/ + one line here, or a call
 * to `registerFamily` from outside (a plug-in or a test). A Map, so a name such as `__proto__` or
 * `constructor` is simply unknown rather than a prototype property.
 */
import type { Family } from './family.js';
import { ft2 } from './families/ft2.js';
import { ft3 } from './families/ft3.js';
import { mpft } from './families/mpft.js';
import { mrft } from './families/mrft.js';
import { railonly } from './families/railonly.js';
import { imported } from './families/imported.js';
import { dragonfly } from './families/dragonfly.js';
import { slimfly } from './families/slimfly.js';

const registry = new Map<string, Family<any>>();

/**
 * Adds a family (or replaces the one of the same name). Every command reaches it by name afterwards:
 * specs, build, analyze, compare, traffic, fail, plan and report ask the family, never switch on its name.
 */
export function registerFamily<P extends Record<string, unknown>>(family: Family<P>): void {
  if (!/^[a-z][a-z0-9-]*$/.test(family.name)) throw new Error(`family name ${JSON.stringify(family.name)}: use lower-case letters, digits and dashes`);
  registry.set(family.name, family as Family<any>);
}

/** Removes a registered family (for tests that register a toy family). */
export function unregisterFamily(name: string): boolean {
  return registry.delete(name);
}

/** The family called `name`, or undefined; safe for any string. */
export function getFamily(name: string): Family<any> | undefined {
  return registry.get(name);
}

/** The family of a validated spec (its name was checked when the spec was made). */
export function familyOf(spec: { family: string }): Family<any> {
  const f = registry.get(spec.family);
  if (!f) throw new Error(`family ${JSON.stringify(spec.family)} is not registered`);
  return f;
}

export function familyNames(): string[] {
  return [...registry.keys()];
}

export function allFamilies(): Family<any>[] {
  return [...registry.values()];
}

for (const f of [ft2, ft3, mpft, mrft, railonly, dragonfly, slimfly, imported] as Family<any>[]) registerFamily(f);
