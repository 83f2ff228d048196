import { insertTimelineEvents } from '../../db/repositories/timeline.js';
import type { Incident } from '../../domain/incident.js';
import type { ServiceDeps } from '../deps.js';

// Subtypes that are not conversation: joins, topic changes, and Firebreak's own file shares.
const SKIP = new Set(['channel_join', 'channel_leave', 'channel_topic', 'channel_purpose', 'bot_add', 'file_share']);

/**
 * Fills in what the event listener missed (the app was down, an event was dropped) from the channel
 * history, thread replies included. Messages already recorded are skipped by their dedupe key
 * (`msg:<ts>`, the same one live capture uses), so running it twice adds nothing.
 */
export async function completeTimeline(deps: ServiceDeps, incident: Incident): Promise<number> {
  const channelId = incident.channelId!;
  const oldest = String(Math.floor(incident.declaredAt.getTime() / 1000) - 60);
  const messages = await deps.chat.readChannel(channelId, { oldest });
  const rows = messages
    .filter((m) => !(m.subtype && SKIP.has(m.subtype)))
    .map((m) => {
      const isBot = !!m.botId || m.userId === deps.chat.botUserId;
      return {
        incidentId: incident.id,
        kind: 'message',
        actorId: m.userId ?? null,
        actorType: isBot ? 'bot' : 'human',
        at: new Date(Number(m.ts) * 1000),
        text: m.text,
        data: { recovered: true, ...(m.threadTs && { threadTs: m.threadTs }) },
        messageTs: m.ts,
        dedupeKey: `msg:${m.ts}`,
      };
    });
  return insertTimelineEvents(deps.db, rows);
}
