import { z } from 'zod';
import { findIncidentByChannel } from '../db/repositories/incidents.js';
import { findTimelineMessage, insertTimelineEvent } from '../db/repositories/timeline.js';
import type { ServiceDeps } from './deps.js';

/** What Slack tells us about a channel message, normalised by the Slack edge. */
export const ChannelActivity = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('message'),
    channelId: z.string(),
    ts: z.string(),
    userId: z.string().optional(),
    isBot: z.boolean(),
    text: z.string(),
    threadTs: z.string().optional(),
    eventId: z.string().optional(),
  }),
  z.object({
    kind: z.literal('edited'),
    channelId: z.string(),
    ts: z.string(),
    editTs: z.string(),
    userId: z.string().optional(),
    text: z.string(),
  }),
  z.object({ kind: z.literal('deleted'), channelId: z.string(), ts: z.string() }),
  z.object({
    kind: z.literal('pinned'),
    channelId: z.string(),
    ts: z.string(),
    userId: z.string(),
    text: z.string().optional(),
  }),
  /** The configured reaction or the "Add to timeline" shortcut: this message matters. */
  z.object({
    kind: z.literal('highlighted'),
    channelId: z.string(),
    ts: z.string(),
    userId: z.string(),
    via: z.enum(['reaction', 'shortcut']),
    text: z.string().optional(),
  }),
]);
export type ChannelActivity = z.infer<typeof ChannelActivity>;

const tsToDate = (ts: string) => new Date(Math.round(Number(ts) * 1000));

/**
 * Records channel activity in the incident's timeline. Idempotent: Slack redelivers events
 * (same event, same message ts) and both a pin and a reaction may flag one message, so every
 * kind has a dedupe key built from the message ts. Activity outside incident channels is ignored.
 * Says whether it was recorded, already known, or not in an incident channel.
 */
export type CaptureOutcome = 'recorded' | 'duplicate' | 'not-incident';

export async function captureActivity(deps: ServiceDeps, raw: ChannelActivity): Promise<CaptureOutcome> {
  const a = ChannelActivity.parse(raw);
  const incident = await findIncidentByChannel(deps.db, a.channelId);
  if (!incident) return 'not-incident';
  const base = { incidentId: incident.id, messageTs: a.ts };
  switch (a.kind) {
    case 'message':
      return inserted(
        insertTimelineEvent(deps.db, {
          ...base,
          kind: 'message',
          actorId: a.userId ?? null,
          // The bot's own posts are part of the record, but never count as a human speaking.
          actorType: a.isBot ? 'bot' : 'human',
          at: tsToDate(a.ts),
          text: a.text,
          data: { ...(a.threadTs && { threadTs: a.threadTs }), ...(a.eventId && { eventId: a.eventId }) },
          dedupeKey: `msg:${a.ts}`,
        }),
      );
    case 'edited':
      return inserted(
        insertTimelineEvent(deps.db, {
          ...base,
          kind: 'message_edited',
          actorId: a.userId ?? null,
          at: tsToDate(a.editTs),
          text: a.text,
          dedupeKey: `edit:${a.ts}:${a.editTs}`,
        }),
      );
    case 'deleted':
      return inserted(
        insertTimelineEvent(deps.db, {
          ...base,
          kind: 'message_deleted',
          at: deps.now(),
          actorType: 'system',
          dedupeKey: `del:${a.ts}`,
        }),
      );
    case 'pinned':
    case 'highlighted': {
      // The moment is when it was said, by who said it; who flagged it (and when) follows in `data`.
      // Pinned at 10:40, a 10:05 message still belongs at 10:05 in the timeline.
      const said = await messageOf(deps, incident.id, a.channelId, a.ts);
      const kind = a.kind === 'pinned' ? 'pinned' : 'highlighted';
      const author = said.userId ?? null;
      return inserted(
        insertTimelineEvent(deps.db, {
          ...base,
          kind,
          actorId: author,
          actorType: !author ? 'system' : author === deps.chat.botUserId ? 'bot' : 'human',
          at: tsToDate(a.ts),
          text: a.text ?? said.text,
          data: {
            markedBy: a.userId,
            markedAt: deps.now().toISOString(),
            ...(a.kind === 'highlighted' && { via: a.via }),
          },
          dedupeKey: `${kind}:${a.ts}`,
        }),
      );
    }
  }
}

/** The text and author of a channel message: from the timeline when it was captured, else from Slack. */
async function messageOf(
  deps: ServiceDeps,
  incidentId: string,
  channelId: string,
  ts: string,
): Promise<{ text: string | null; userId?: string | undefined }> {
  const known = await findTimelineMessage(deps.db, incidentId, ts);
  if (known?.text && known.actorId) return { text: known.text, userId: known.actorId };
  const found = await deps.chat.findMessage(channelId, ts);
  return { text: known?.text ?? found?.text ?? null, userId: known?.actorId ?? found?.userId };
}

const inserted = async (p: Promise<unknown>): Promise<CaptureOutcome> =>
  (await p) !== undefined ? 'recorded' : 'duplicate';
