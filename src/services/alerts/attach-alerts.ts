import type { Db } from '../../db/client.js';
import { insertTimelineEvents } from '../../db/repositories/timeline.js';
import type { AlertRow } from '../../db/schema/index.js';

/**
 * Puts alerts on their incident's timeline, once each (`alert:<id>`): the postmortem's detection
 * section and time to detect read them (`startsAt` is when the monitor says it began).
 */
export async function attachAlerts(db: Db, incidentId: string, rows: AlertRow[]): Promise<number> {
  return insertTimelineEvents(
    db,
    rows.map((a) => ({
      incidentId,
      kind: a.status === 'resolved' ? 'alert_resolved' : 'alert_firing',
      actorId: null,
      actorType: 'system',
      at: a.receivedAt,
      text: `${a.title}${a.annotations.summary ? `: ${a.annotations.summary}` : ''} (${a.status})`,
      data: {
        alertId: a.id,
        fingerprint: a.fingerprint,
        labels: a.labels,
        ...(a.generatorUrl && { generatorUrl: a.generatorUrl }),
        ...(a.startsAt && { startsAt: a.startsAt.toISOString() }),
        ...(a.endsAt && { endsAt: a.endsAt.toISOString() }),
      },
      dedupeKey: `alert:${a.id}`,
    })),
  );
}
