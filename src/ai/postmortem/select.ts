import type { Budgeted } from './chunk-timeline.js';

/**
 * Evenly spaced items (by position, so by time for a timeline) whose tokens add up to at most
 * `cap`: the whole span of the incident stays visible, at a lower density.
 */
export function sampleEvenly<T extends Budgeted>(items: readonly T[], cap: number): T[] {
  const total = items.reduce((sum, i) => sum + i.tokens, 0);
  if (total <= cap) return [...items];
  let fraction = cap / total;
  for (let attempt = 0; attempt < 12 && fraction > 0; attempt++) {
    const picked = items.filter((_, k) => Math.floor((k + 1) * fraction) > Math.floor(k * fraction));
    const cost = picked.reduce((sum, i) => sum + i.tokens, 0);
    if (cost <= cap) return picked;
    fraction *= (cap / cost) * 0.97;
  }
  return [];
}

/**
 * The items that fit `cap` tokens, tier by tier: a tier is kept whole while it fits; the first tier
 * that does not is sampled evenly into what is left, and lower tiers are left out. Order is kept.
 */
export function selectWithinBudget<T extends Budgeted>(items: readonly T[], cap: number): T[] {
  const keep = new Set<T>();
  let left = cap;
  for (const tier of [0, 1, 2, 3] as const) {
    const inTier = items.filter((i) => i.tier === tier);
    const cost = inTier.reduce((sum, i) => sum + i.tokens, 0);
    if (cost <= left) {
      for (const i of inTier) keep.add(i);
      left -= cost;
      continue;
    }
    for (const i of sampleEvenly(inTier, left)) keep.add(i);
    break;
  }
  return items.filter((i) => keep.has(i));
}

/**
 * Selects items so that what is actually built from them costs at most `budget`. The cost is
 * measured on the real requests (`build`), not predicted: the allowance for items shrinks by the
 * overshoot until the requests fit. Returns the build of the selection and how many were left out.
 */
export function fitToBudget<T extends Budgeted, R extends { tokens: number }>(
  items: readonly T[],
  budget: number,
  build: (selected: T[]) => R,
): { built: R; left: number } {
  let allowance = budget;
  for (let attempt = 0; attempt < 16 && allowance > 0; attempt++) {
    const selected = selectWithinBudget(items, allowance);
    const built = build(selected);
    if (built.tokens <= budget) return { built, left: items.length - selected.length };
    // The overshoot is framing (per-call overhead) plus estimate drift; a margin avoids creeping.
    allowance -= built.tokens - budget + Math.ceil(budget * 0.01);
  }
  return { built: build([]), left: items.length };
}
