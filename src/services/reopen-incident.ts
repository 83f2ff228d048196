import { z } from 'zod';
import { updateIncident } from '../db/repositories/incidents.js';
import { insertTimelineEvent, linkAnnouncement } from '../db/repositories/timeline.js';
import { nextUpdateAt } from '../domain/cadence.js';
import { DomainError } from '../domain/errors.js';
import type { Incident } from '../domain/incident.js';
import { decide } from '../domain/policy.js';
import { cadencePolicy } from './cadence-policy.js';
import type { ServiceDeps } from './deps.js';
import { incidentInChannel } from './incident-context.js';
import { parseInput } from './parse-input.js';
import { syncTopic } from './sync-topic.js';

export const ReopenIncidentInput = z.object({ channelId: z.string().min(1), actorId: z.string().min(1) });

/**
 * The IC reopens a resolved incident (the fix did not hold). The earlier resolution stays in the
 * timeline; the resolved milestone is cleared so durations run to the real end.
 */
export async function reopenIncident(deps: ServiceDeps, raw: z.input<typeof ReopenIncidentInput>): Promise<Incident> {
  const input = parseInput(ReopenIncidentInput, raw);
  const { incident, roles } = await incidentInChannel(deps.db, input.channelId);
  if (incident.status !== 'resolved')
    throw new DomainError('CONFLICT', 'The incident is not resolved; there is nothing to reopen.');
  const decision = decide('reopen', { actorId: input.actorId, roles, approvers: deps.config.approvers });
  if (!decision.allowed) throw new DomainError('FORBIDDEN', decision.reason);

  const at = deps.now();
  const next = nextUpdateAt(incident.severity, at, cadencePolicy(deps.config));
  const updated = await deps.db.transaction(async (tx) => {
    await updateIncident(tx, incident.id, {
      status: 'investigating',
      resolvedAt: null,
      resolution: null,
      nextUpdateAt: next,
    });
    await insertTimelineEvent(tx, {
      incidentId: incident.id,
      kind: 'reopened',
      actorId: input.actorId,
      at,
      text: 'Reopened',
      data: { previousResolvedAt: incident.resolvedAt?.toISOString() ?? null },
    });
    return { ...incident, status: 'investigating' as const, resolvedAt: null, resolution: null, nextUpdateAt: next };
  });
  const announced = await deps.chat.post(incident.channelId!, {
    kind: 'incident-reopened',
    incident: updated,
    actorId: input.actorId,
  });
  await linkAnnouncement(deps.db, incident.id, ['reopened'], announced);
  await syncTopic(deps, updated, roles);
  return updated;
}
