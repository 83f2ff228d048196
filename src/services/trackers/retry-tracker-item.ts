import { z } from 'zod';
import { retryTrackerItem as retryRow } from '../../db/repositories/action-item-trackers.js';
import { findActionItem } from '../../db/repositories/action-items.js';
import { DomainError } from '../../domain/errors.js';
import type { ServiceDeps } from '../deps.js';
import { parseInput } from '../parse-input.js';
import { syncIncidentTrackerItems } from './sync-due-tracker-items.js';

export const RetryTrackerItemInput = z.object({
  itemId: z.string().uuid('That is not an action item of mine.'),
  actorId: z.string().min(1),
});

/** Retry on an item its tracker would not take: due again now with a fresh count; the item message shows how it went. */
export async function retryTrackerItem(deps: ServiceDeps, raw: z.input<typeof RetryTrackerItemInput>): Promise<void> {
  const input = parseInput(RetryTrackerItemInput, raw);
  const row = await retryRow(deps.db, input.itemId, deps.now());
  if (!row) {
    const existing = await findActionItem(deps.db, input.itemId);
    if (!existing) throw new DomainError('NOT_FOUND', 'That action item no longer exists.');
    throw new DomainError('CONFLICT', 'That action item is already in sync with its tracker, or being sent now.');
  }
  deps.logger.info({ module: 'trackers', actionItemId: input.itemId, actorId: input.actorId }, 'tracker sync retried');
  await syncIncidentTrackerItems(deps, row.incidentId);
}
