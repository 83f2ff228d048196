import { z } from 'zod';
import { updateIncident } from '../db/repositories/incidents.js';
import { findTimelineEventByKey, insertTimelineEvent, linkAnnouncement } from '../db/repositories/timeline.js';
import type { NewIncidentRow } from '../db/schema/index.js';
import type { Incident, RoleHolders } from '../domain/incident.js';
import { assertTransition, type IncidentStatus, STATUS_LABEL, STATUSES } from '../domain/lifecycle.js';
import type { ServiceDeps } from './deps.js';
import { incidentInChannel } from './incident-context.js';
import { parseInput } from './parse-input.js';
import { postOnce, RequestFields, type RequestRef, stepKey } from './request-once.js';
import { resolveIncident } from './resolve-incident.js';
import { syncTopic } from './sync-topic.js';

export const ChangeStatusInput = z.object({
  channelId: z.string().min(1),
  status: z.enum(STATUSES),
  actorId: z.string().min(1),
  ...RequestFields,
});

/**
 * Moves the lifecycle. `resolved` goes through resolveIncident (it has its own message).
 * Milestones are stored once, at the first time they are reached: a mitigation that did not hold
 * and is reached again later keeps the first time (that is when the bleeding first stopped).
 */
export async function changeStatus(deps: ServiceDeps, raw: z.input<typeof ChangeStatusInput>): Promise<Incident> {
  const input = parseInput(ChangeStatusInput, raw);
  if (input.status === 'resolved') {
    const { status: _status, ...rest } = input;
    return resolveIncident(deps, rest);
  }
  const { incident, roles } = await incidentInChannel(deps.db, input.channelId);
  const key = stepKey(input, 'status');
  // Carried out again after a crash: recorded already; only what follows is done again, once.
  const done = key ? await findTimelineEventByKey(deps.db, incident.id, key) : undefined;
  if (done) {
    const from = (done.data as { from: IncidentStatus }).from;
    return announce(deps, { incident, roles, from, actorId: input.actorId, key, req: input });
  }
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
      dedupeKey: key,
    });
    return { ...incident, status: input.status, identifiedAt: row.identifiedAt, mitigatedAt: row.mitigatedAt };
  });
  return announce(deps, { incident: updated, roles, from, actorId: input.actorId, key, req: input });
}

async function announce(
  deps: ServiceDeps,
  a: {
    incident: Incident;
    roles: RoleHolders;
    from: IncidentStatus;
    actorId: string;
    key: string | null;
    req: RequestRef;
  },
): Promise<Incident> {
  const notice = { kind: 'status-changed' as const, incident: a.incident, from: a.from, actorId: a.actorId };
  const announced = await postOnce(deps, a.incident.channelId!, notice, a.key, a.req);
  if (!announced.found) await linkAnnouncement(deps.db, a.incident.id, ['status_changed'], announced.ts);
  await syncTopic(deps, a.incident, a.roles);
  return a.incident;
}
