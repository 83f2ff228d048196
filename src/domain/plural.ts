/** `1 action item`, `2 action items`, `0 action items`: a count with its noun, singular only for exactly one. */
export const countOf = (n: number, singular: string, plural = `${singular}s`): string =>
  `${n} ${n === 1 ? singular : plural}`;
