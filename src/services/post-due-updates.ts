import { sql } from 'drizzle-orm';
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

interface Posted {
  slot: StatusUpdateRow;
  channelTs: string;
  broadcastTs: string | null;
  onTime: boolean;
  text: string;
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
  const claimed = await claimDueSlots(deps, now);
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
  const posted: Posted[] = [];
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
        posted.push({ slot, channelTs, broadcastTs, onTime, text });
      }),
    );
    for (const [j, r] of results.entries())
      if (r.status === 'rejected')
        deps.logger.warn(
          { err: r.reason, slot: batch[j]!.slotKey },
          'status update not posted; will retry on a later tick',
        );
  }
  await recordPosted(deps, posted, closed);
  return { claimed: claimed.length, posted: posted.length, recovered: recovering.size };
}

/** One statement: lock what is due, move each clock on, insert the slots; returns the slots this call won. */
async function claimDueSlots(deps: ServiceDeps, now: Date): Promise<StatusUpdateRow[]> {
  const policy = cadencePolicy(deps.config);
  const next = SEVERITIES.map((sev) => nextUpdateAt(sev, now, policy));
  const result = await deps.db.execute(sql`
    with due as (
      select id, next_update_at from incidents
      where next_update_at is not null and next_update_at <= ${now}
        and status <> 'resolved' and declare_state = 'complete'
      order by next_update_at
      limit ${BATCH}
      -- NO KEY UPDATE, not UPDATE: inserting a timeline event takes a KEY SHARE lock on its incident
      -- (the foreign key), and FOR UPDATE SKIP LOCKED would skip every incident with chatter in flight.
      for no key update skip locked
    ), moved as (
      update incidents i
      set next_update_at = case i.severity
            when 0 then ${next[0]}::timestamptz when 1 then ${next[1]}::timestamptz
            when 2 then ${next[2]}::timestamptz else ${next[3]}::timestamptz end,
          last_update_missed = true,
          updated_at = now()
      from due where i.id = due.id
    )
    insert into status_updates (incident_id, slot_key, source, due_at, claimed_at, text)
    select id, id::text || ':' || to_char(next_update_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'automatic', next_update_at, ${now}, 'Automatic status update'
    from due
    on conflict (slot_key) do nothing
    returning id, incident_id, slot_key, due_at, claimed_at`);
  return rowsOf(result).map((r) => ({
    id: r.id as string,
    incidentId: r.incident_id as string,
    slotKey: r.slot_key as string,
    source: 'automatic',
    postedBy: null,
    dueAt: new Date(r.due_at as string),
    claimedAt: new Date(r.claimed_at as string),
    postedAt: null,
    onTime: null,
    text: 'Automatic status update',
    customerText: null,
    channelTs: null,
    broadcastTs: null,
  }));
}

/** Records every post of the tick in one statement: the slots, the incidents' last update, the timeline. */
async function recordPosted(deps: ServiceDeps, posted: Posted[], closed: string[]): Promise<void> {
  const now = deps.now();
  if (closed.length)
    await deps.db.execute(
      sql`update status_updates set posted_at = ${now} where id in (${sql.join(
        closed.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    );
  if (!posted.length) return;
  const values = JSON.stringify(
    posted.map((p) => ({
      id: p.slot.id,
      incident_id: p.slot.incidentId,
      human: isHuman(p.slot),
      slot_key: p.slot.slotKey,
      due_at: p.slot.dueAt!.toISOString(),
      channel_ts: p.channelTs,
      broadcast_ts: p.broadcastTs,
      on_time: p.onTime,
      text: p.text,
    })),
  );
  await deps.db.execute(sql`
    with v as (
      select * from jsonb_to_recordset(${values}::jsonb)
        as x(id uuid, incident_id uuid, human boolean, slot_key text, due_at text, channel_ts text, broadcast_ts text, on_time boolean, text text)
    ), slots as (
      update status_updates s
      set posted_at = ${now}, channel_ts = v.channel_ts, broadcast_ts = v.broadcast_ts, on_time = v.on_time, text = v.text
      from v where s.id = v.id
    ), last_update as (
      update incidents i set last_update_at = ${now} from v where i.id = v.incident_id
    ), human_events as (
      -- A recovered human update is on the timeline since its claim: point it at its message.
      update timeline_events e set message_ts = v.channel_ts
      from v
      where v.human and e.id = (
        select id from timeline_events
        where incident_id = v.incident_id and kind = 'status_update' and actor_type = 'human'
          and message_ts is null and text = v.text
        order by at desc limit 1
      )
    )
    insert into timeline_events (incident_id, kind, actor_type, actor_id, at, text, message_ts, data, dedupe_key)
    select incident_id, 'status_update', 'bot', ${deps.chat.botUserId}, ${now}, 'Automatic status update', channel_ts,
           jsonb_build_object('source', 'automatic', 'onTime', on_time, 'dueAt', due_at), 'status:' || slot_key
    from v where not v.human
    on conflict (incident_id, dedupe_key) do nothing`);
}

const rowsOf = (result: unknown): Record<string, unknown>[] => (result as { rows: Record<string, unknown>[] }).rows;
