import { z } from 'zod';
import { updateIncident } from '../db/repositories/incidents.js';
import { insertTimelineEvent, linkAnnouncement } from '../db/repositories/timeline.js';
import { DomainError } from '../domain/errors.js';
import type { Incident } from '../domain/incident.js';
import { TEXT_LIMITS } from '../domain/limits.js';
import type { ServiceDeps } from './deps.js';
import { incidentInChannel } from './incident-context.js';
import { parseInput } from './parse-input.js';
import { syncTopic } from './sync-topic.js';

export const ResolveIncidentInput = z.object({
  channelId: z.string().min(1),
  actorId: z.string().min(1),
  summary: z
    .string()
    .trim()
    .max(TEXT_LIMITS.summary, `Keep the summary under ${TEXT_LIMITS.summary} characters.`)
    .optional(),
  /** "Not an incident": counted as a false alarm by the digest. */
  falseAlarm: z.boolean().default(false),
});

/**
 * Resolves: stores the resolved milestone (and mitigated, if it was skipped: a resolved incident is
 * mitigated too), stops timed updates, and posts DOMAIN.md's resolution message with the real
 * duration in the channel and the broadcast channel (unless private).
 */
export async function resolveIncident(deps: ServiceDeps, raw: z.input<typeof ResolveIncidentInput>): Promise<Incident> {
  const input = parseInput(ResolveIncidentInput, raw);
  const { incident, roles } = await incidentInChannel(deps.db, input.channelId);
  if (incident.status === 'resolved')
    throw new DomainError('CONFLICT', 'The incident is already resolved. The IC can `/incident reopen` it.');

  const at = deps.now();
  const resolution = input.falseAlarm ? 'false_alarm' : 'fixed';
  const updated = await deps.db.transaction(async (tx) => {
    const row = await updateIncident(tx, incident.id, {
      status: 'resolved',
      resolvedAt: at,
      mitigatedAt: incident.mitigatedAt ?? at,
      resolution,
      summary: input.summary ?? incident.summary,
      nextUpdateAt: null,
    });
    await insertTimelineEvent(tx, {
      incidentId: incident.id,
      kind: 'resolved',
      actorId: input.actorId,
      at,
      text: input.summary ?? (input.falseAlarm ? 'Not an incident' : 'Resolved'),
      data: { resolution, from: incident.status },
    });
    return {
      ...incident,
      status: 'resolved' as const,
      resolvedAt: at,
      mitigatedAt: row.mitigatedAt,
      resolution,
      summary: row.summary,
      nextUpdateAt: null,
    };
  });

  const announced = await deps.chat.post(incident.channelId!, {
    kind: 'incident-resolved',
    incident: updated,
    roles,
    actorId: input.actorId,
  });
  await linkAnnouncement(deps.db, incident.id, ['resolved'], announced);
  const broadcast = deps.config.channels.broadcast;
  if (broadcast && !incident.isPrivate)
    await deps.chat.post(broadcast, { kind: 'incident-resolved', incident: updated, roles, actorId: input.actorId });
  await syncTopic(deps, updated, roles);
  return updated;
}
