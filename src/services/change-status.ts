import { z } from 'zod';
import { updateIncident } from '../db/repositories/incidents.js';
import { insertTimelineEvent, linkAnnouncement } from '../db/repositories/timeline.js';
import type { NewIncidentRow } from '../db/schema/index.js';
import type { Incident } from '../domain/incident.js';
import { assertTransition, STATUS_LABEL, STATUSES } from '../domain/lifecycle.js';
import type { ServiceDeps } from './deps.js';
import { incidentInChannel } from './incident-context.js';
import { parseInput } from './parse-input.js';
import { resolveIncident } from './resolve-incident.js';
import { syncTopic } from './sync-topic.js';

export const ChangeStatusInput = z.object({
  channelId: z.string().min(1),
  status: z.enum(STATUSES),
  actorId: z.string().min(1),
});

/**
 * Moves the lifecycle. `resolved` goes through resolveIncident (it has its own message).
 * Milestones are stored once, at the first time they are reached: a mitigation that did not hold
 * and is reached again later keeps the first time (that is when the bleeding first stopped).
 */
export async function changeStatus(deps: ServiceDeps, raw: z.input<typeof ChangeStatusInput>): Promise<Incident> {
  const input = parseInput(ChangeStatusInput, raw);
  if (input.status === 'resolved') return resolveIncident(deps, { channelId: input.channelId, actorId: input.actorId });
  const { incident, roles } = await incidentInChannel(deps.db, input.channelId);
  assertTransition(incident.status, input.status);

  const at = deps.now();
  const milestones: Partial<NewIncidentRow> = {};
  if (input.status === 'identified' && !incident.identifiedAt) milestones.identifiedAt = at;
  if (input.status === 'mitigated' && !incident.mitigatedAt) milestones.mitigatedAt = at;
  const from = incident.status;
  const updated = await deps.db.transaction(async (tx) => {
    const row = await updateIncident(tx, incident.id, { status: input.status, ...milestones });
    await insertTimelineEvent(tx, {
      incidentId: incident.id,
      kind: 'status_changed',
      actorId: input.actorId,
      at,
      text: `${STATUS_LABEL[from]} → ${STATUS_LABEL[input.status]}`,
      data: { from, to: input.status },
    });
    return { ...incident, status: input.status, identifiedAt: row.identifiedAt, mitigatedAt: row.mitigatedAt };
  });
  const announced = await deps.chat.post(incident.channelId!, {
    kind: 'status-changed',
    incident: updated,
    from,
    actorId: input.actorId,
  });
  await linkAnnouncement(deps.db, incident.id, ['status_changed'], announced);
  await syncTopic(deps, updated, roles);
  return updated;
}
