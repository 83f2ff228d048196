import { sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import type { StatusUpdateRow } from '../schema/index.js';
import { rowsOf } from './digest-scope.js';

/**
 * Claims the automatic status updates due at `now`, at most `limit`, in one statement: due incidents
 * are locked FOR NO KEY UPDATE SKIP LOCKED (another replica skips them), each clock moves on to
 * `next[severity]` and a slot keyed (incident, due time) is inserted — a unique key, so a second
 * claim of the same slot is a no-op. Returns the slots this call won.
 */
export async function claimDueUpdateSlots(
  db: Db,
  a: { now: Date; limit: number; next: readonly (Date | null)[] },
): Promise<StatusUpdateRow[]> {
  const { now, next } = a;
  const result = await db.execute(sql`
    with due as (
      select id, next_update_at from incidents
      where next_update_at is not null and next_update_at <= ${now}
        and status <> 'resolved' and declare_state = 'complete'
      order by next_update_at
      limit ${a.limit}
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
  return rowsOf<Record<string, unknown>>(result).map((r) => ({
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

/** One status update posted in a tick: its slot, where it went and what it said. */
export interface PostedUpdate {
  slot: StatusUpdateRow;
  /** A person's update (recorded on the timeline at its claim) rather than the automatic one. */
  human: boolean;
  channelTs: string;
  broadcastTs: string | null;
  onTime: boolean;
  text: string;
}

/**
 * Records every post of a tick in one statement: the slots (posted, where, on time), the incidents'
 * last update, the automatic updates' timeline events (keyed `status:<slot>`), and a recovered
 * human update's timeline event pointed at its message. Slots in `closed` (resolved meanwhile) are
 * marked done without a post.
 */
export async function recordPostedUpdates(
  db: Db,
  a: { now: Date; botUserId: string; posted: readonly PostedUpdate[]; closed: readonly string[] },
): Promise<void> {
  const { now, posted, closed } = a;
  if (closed.length)
    await db.execute(
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
      human: p.human,
      slot_key: p.slot.slotKey,
      due_at: p.slot.dueAt!.toISOString(),
      channel_ts: p.channelTs,
      broadcast_ts: p.broadcastTs,
      on_time: p.onTime,
      text: p.text,
    })),
  );
  await db.execute(sql`
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
    select incident_id, 'status_update', 'bot', ${a.botUserId}, ${now}, 'Automatic status update', channel_ts,
           jsonb_build_object('source', 'automatic', 'onTime', on_time, 'dueAt', due_at), 'status:' || slot_key
    from v where not v.human
    on conflict (incident_id, dedupe_key) do nothing`);
}
