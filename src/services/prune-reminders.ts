import { pruneReminders } from '../db/repositories/reminders.js';
import type { ServiceDeps } from './deps.js';

/**
 * Deletes reminders finished more than `retentionMs` ago: the outbox stays small. Safe because a
 * reminder is owed by its claim (the stamp on the incident or action item), not by its row: a
 * pruned key is never claimed again. Returns how many.
 */
export async function pruneFinishedReminders(deps: Pick<ServiceDeps, 'db' | 'now'>, retentionMs: number) {
  return pruneReminders(deps.db, new Date(deps.now().getTime() - retentionMs));
}
