import { createHash } from 'node:crypto';

/**
 * A stable key for a proposed action item: the same description, give or take case, punctuation and
 * spacing, gives the same key on every re-draft, so recording proposed items is idempotent.
 */
export function actionItemKey(description: string): string {
  const normal = description
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return `pm-${createHash('sha256').update(normal).digest('hex').slice(0, 12)}`;
}
