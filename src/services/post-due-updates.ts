import { and, asc, eq, isNotNull, lte, ne, sql } from 'drizzle-orm';
import { findIncidentById, toIncident } from '../db/repositories/incidents.js';
import { findRoleHolders } from '../db/repositories/roles.js';
import { claimStatusSlot, findInterruptedUpdates, markStatusPosted } from '../db/repositories/status-updates.js';
import { insertTimelineEvent } from '../db/repositories/timeline.js';
import type { StatusUpdateRow } from '../db/schema/index.js';
import { incidents, statusUpdates } from '../db/schema/index.js';
import { nextUpdateAt } from '../domain/cadence.js';
import { cadencePolicy } from './cadence-policy.js';
import type { ServiceDeps } from './deps.js';
import { changesSince } from './what-changed.js';

// One tick handles at most this many due incidents; the rest stay due for the next tick.
const BATCH = 100;
// A claimed update not marked posted after this long was interrupted (a crash, Slack down): recover it.
const INTERRUPTED_AFTER_MS = 60_000;
// Posts run this many at a time: fast for a burst of due updates, gentle with Slack's rate limits.
const CONCURRENCY = 4;

export interface DueUpdatesResult {
  claimed: number;
  posted: number;
  recovered: number;
}

/**
 * The scheduler's status-update job. Due updates are rows in the database (incidents.next_update_at),
 * so a restart loses nothing. Claiming happens in one short transaction: due incidents are locked
 * with FOR UPDATE SKIP LOCKED (another replica skips them), a slot row keyed (incident, due time) is
 * inserted (a unique key: a second claim of the same slot is a no-op), and the clock moves on.
 * Posting happens after the commit, each post carrying the slot key as Slack metadata; a post that
 * was interrupted is recovered on a later tick by looking for that key in the channel first, so a
 * crash between posting and recording it never posts twice.
 */
export async function postDueUpdates(deps: ServiceDeps): Promise<DueUpdatesResult> {
  const now = deps.now();
  const claimed = await claimDueSlots(deps, now);
  const recovered = await findInterruptedUpdates(deps.db, new Date(now.getTime() - INTERRUPTED_AFTER_MS));
  const work = [
    ...claimed.map((slot) => ({ slot, recovering: false })),
    ...recovered.filter((r) => !claimed.some((c) => c.id === r.id)).map((slot) => ({ slot, recovering: true })),
  ];
  let posted = 0;
  for (let i = 0; i < work.length; i += CONCURRENCY) {
    const results = await Promise.allSettled(
      work.slice(i, i + CONCURRENCY).map((w) => publishSlot(deps, w.slot, w.recovering)),
    );
    for (const [j, r] of results.entries()) {
      if (r.status === 'fulfilled') posted++;
      else
        deps.logger.warn(
          { err: r.reason, slot: work[i + j]!.slot.slotKey },
          'status update not posted; will retry on a later tick',
        );
    }
  }
  return { claimed: claimed.length, posted, recovered: recovered.length };
}

async function claimDueSlots(deps: ServiceDeps, now: Date): Promise<StatusUpdateRow[]> {
  const policy = cadencePolicy(deps.config);
  return deps.db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(incidents)
      .where(
        and(
          isNotNull(incidents.nextUpdateAt),
          lte(incidents.nextUpdateAt, now),
          ne(incidents.status, 'resolved'),
          eq(incidents.declareState, 'complete'),
        ),
      )
      .orderBy(asc(incidents.nextUpdateAt))
      .limit(BATCH)
      // NO KEY UPDATE, not UPDATE: inserting a timeline event takes a KEY SHARE lock on its incident
      // (the foreign key), and FOR UPDATE SKIP LOCKED would skip every incident with chatter in flight.
      .for('no key update', { skipLocked: true });
    const slots: StatusUpdateRow[] = [];
    for (const row of due) {
      const dueAt = row.nextUpdateAt!;
      const slot = await claimStatusSlot(tx, {
        incidentId: row.id,
        slotKey: `${row.id}:${dueAt.toISOString()}`,
        source: 'automatic',
        dueAt,
        claimedAt: now,
        text: 'Automatic status update',
      });
      await tx
        .update(incidents)
        .set({
          nextUpdateAt: nextUpdateAt(row.severity as 0 | 1 | 2 | 3, now, policy),
          lastUpdateMissed: true,
          updatedAt: sql`now()`,
        })
        .where(eq(incidents.id, row.id));
      if (slot) slots.push(slot);
    }
    return slots;
  });
}

/**
 * Posts one claimed slot in the channel and the broadcast channel, each once, then records it.
 * Only a recovered slot (claimed by an earlier tick, never recorded) may already be in Slack, so only
 * then is the channel searched for its key first; a fresh claim costs no extra call.
 */
async function publishSlot(deps: ServiceDeps, slot: StatusUpdateRow, recovering: boolean): Promise<void> {
  const row = await findIncidentById(deps.db, slot.incidentId);
  if (!row?.channelId) return;
  if (row.status === 'resolved') {
    // Resolved between claim and post: the resolution message was the last word; close the slot unposted.
    await deps.db
      .update(statusUpdates)
      .set({ postedAt: deps.now(), onTime: null })
      .where(eq(statusUpdates.id, slot.id));
    return;
  }
  const incident = toIncident(row);
  const roles = await findRoleHolders(deps.db, row.id);
  const since = incident.lastUpdateAt ?? incident.declaredAt;
  const changes = await changesSince(deps.db, row.id, since);
  const notice = { kind: 'status-update' as const, incident, roles, changes, nextUpdateAt: incident.nextUpdateAt };
  const existing = async (channel: string, key: string) =>
    recovering ? deps.chat.findPosted(channel, key) : undefined;
  const channelTs =
    (await existing(row.channelId, slot.slotKey)) ??
    (await deps.chat.post(row.channelId, notice, { key: slot.slotKey }));
  const broadcast = deps.config.channels.broadcast;
  let broadcastTs: string | null = null;
  if (broadcast && !row.isPrivate) {
    const key = `${slot.slotKey}:broadcast`;
    broadcastTs = (await existing(broadcast, key)) ?? (await deps.chat.post(broadcast, notice, { key }));
  }
  const postedAt = deps.now();
  // Automatic updates are on time when posted within a tick or so of the due time (late: the bot was down).
  const grace = Math.max(60_000, 2 * deps.config.scheduler.tick);
  const onTime = postedAt.getTime() - slot.dueAt!.getTime() <= grace;
  await deps.db.transaction(async (tx) => {
    await markStatusPosted(tx, slot.id, {
      postedAt,
      channelTs,
      broadcastTs,
      onTime,
      text: `Automatic update: ${changes.join('; ') || 'no change'}`,
    });
    await tx.update(incidents).set({ lastUpdateAt: postedAt }).where(eq(incidents.id, row.id));
    await insertTimelineEvent(tx, {
      incidentId: row.id,
      kind: 'status_update',
      actorType: 'bot',
      actorId: deps.chat.botUserId,
      at: postedAt,
      text: 'Automatic status update',
      messageTs: channelTs,
      data: { source: 'automatic', onTime, dueAt: slot.dueAt!.toISOString() },
      dedupeKey: `status:${slot.slotKey}`,
    });
  });
}
