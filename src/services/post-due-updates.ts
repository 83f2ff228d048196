import { claimDueUpdateSlots, type PostedUpdate, recordPostedUpdates } from '../db/queries/update-slots.js';
import { findIncidentsByIds, toIncident } from '../db/repositories/incidents.js';
import { findRoleHoldersOf } from '../db/repositories/roles.js';
import { findInterruptedUpdates } from '../db/repositories/status-updates.js';
import type { StatusUpdateRow } from '../db/schema/index.js';
import { nextUpdateAt } from '../domain/cadence.js';
import { SEVERITIES } from '../domain/severity.js';
import { cadencePolicy } from './cadence-policy.js';
import type { ServiceDeps } from './deps.js';
import type { Notice } from './ports.js';
import { changesSinceLastUpdate } from './what-changed.js';

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

const isHuman = (slot: StatusUpdateRow) => slot.source !== 'automatic';

/**
 * The scheduler's status-update job. Due updates are rows in the database (incidents.next_update_at,
 * indexed), so a restart loses nothing and a tick costs what is due, not what is open. Claiming is
 * one statement: due incidents are locked FOR NO KEY UPDATE SKIP LOCKED (another replica skips them),
 * their clocks move on, and a slot row keyed (incident, due time) is inserted — a unique key, so a
 * second claim of the same slot is a no-op. Posting happens after that commit, each post carrying
 * the slot key as Slack metadata; a post interrupted before it was recorded is recovered on a later
 * tick by looking for its key in the channel first, so a crash in between never posts twice. A
 * human's update cut off by a crash is recovered the same way, in their words.
 */
export async function postDueUpdates(deps: ServiceDeps): Promise<DueUpdatesResult> {
  const now = deps.now();
  const policy = cadencePolicy(deps.config);
  const next = SEVERITIES.map((sev) => nextUpdateAt(sev, now, policy));
  const claimed = await claimDueUpdateSlots(deps.db, { now, limit: BATCH, next });
  const interrupted = await findInterruptedUpdates(deps.db, new Date(now.getTime() - INTERRUPTED_AFTER_MS));
  const recovering = new Set(interrupted.filter((r) => !claimed.some((c) => c.id === r.id)).map((r) => r.id));
  const slots = [...claimed, ...interrupted.filter((r) => recovering.has(r.id))];
  if (!slots.length) return { claimed: 0, posted: 0, recovered: 0 };

  const ids = [...new Set(slots.map((s) => s.incidentId))];
  const [rows, roles, changes] = await Promise.all([
    findIncidentsByIds(deps.db, ids),
    findRoleHoldersOf(deps.db, ids),
    changesSinceLastUpdate(deps.db, ids),
  ]);
  const posted: PostedUpdate[] = [];
  const closed: string[] = [];
  for (let i = 0; i < slots.length; i += CONCURRENCY) {
    const batch = slots.slice(i, i + CONCURRENCY);
    const results = await Promise.allSettled(
      batch.map(async (slot) => {
        const row = rows.get(slot.incidentId);
        // Resolved between claim and post: the resolution message was the last word.
        if (!row?.channelId || row.status === 'resolved') return void closed.push(slot.id);
        const incident = toIncident(row);
        const human = isHuman(slot);
        const notice: Notice = {
          kind: 'status-update',
          incident,
          roles: roles.get(row.id) ?? {},
          changes: changes.get(row.id) ?? [],
          nextUpdateAt: row.nextUpdateAt,
          ...(human && { text: slot.text, ...(slot.postedBy && { authorId: slot.postedBy }) }),
        };
        const once = async (channel: string, key: string, what: Notice = notice) =>
          (recovering.has(slot.id) ? await deps.chat.findPosted(channel, key) : undefined) ??
          (await deps.chat.post(channel, what, { key }));
        const channelTs = await once(row.channelId, slot.slotKey);
        const broadcast = deps.config.channels.broadcast;
        const broadcastTs = broadcast && !row.isPrivate ? await once(broadcast, `${slot.slotKey}:broadcast`) : null;
        if (human && slot.customerText && slot.postedBy)
          await once(row.channelId, `${slot.slotKey}:customer`, {
            kind: 'customer-update',
            incident,
            text: slot.customerText,
            authorId: slot.postedBy,
            statusUpdateId: slot.id,
          });
        // A human's update was on time if claimed by the due time; an automatic one if posted within a
        // tick or so of it (late: the bot was down).
        const grace = Math.max(60_000, 2 * deps.config.scheduler.tick);
        const onTime = human
          ? !slot.dueAt || slot.claimedAt <= slot.dueAt
          : deps.now().getTime() - slot.dueAt!.getTime() <= grace;
        const text = human ? slot.text : `Automatic update: ${notice.changes.join('; ') || 'no change'}`;
        posted.push({ slot, human, channelTs, broadcastTs, onTime, text });
      }),
    );
    for (const [j, r] of results.entries())
      if (r.status === 'rejected')
        deps.logger.warn(
          { err: r.reason, slot: batch[j]!.slotKey },
          'status update not posted; will retry on a later tick',
        );
  }
  await recordPostedUpdates(deps.db, { now: deps.now(), botUserId: deps.chat.botUserId, posted, closed });
  return { claimed: claimed.length, posted: posted.length, recovered: recovering.size };
}
