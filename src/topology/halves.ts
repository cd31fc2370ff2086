/** Balanced halves of a row of leaves: shared by the max-flow cut and the families' closed forms. */

/**
 * How many of the leaves, taken in order, form side A: the prefix whose endpoint count is nearest to half
 * (ties: the shorter). The natural halves and the closed forms share this rule, so they describe one cut.
 */
export function balancedPrefix(sizes: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < sizes.length; i++) total += sizes[i];
  let acc = 0;
  let i = 0;
  // adding leaf i brings 2·acc − total closer to 0 exactly when 2·acc + size < total
  while (i < sizes.length && 2 * acc + sizes[i] < total) acc += sizes[i++];
  return i;
}
