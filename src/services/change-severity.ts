import { z } from 'zod';
import { updateIncident } from '../db/repositories/incidents.js';
import { findTimelineEventByKey, insertTimelineEvent, linkAnnouncement } from '../db/repositories/timeline.js';
import { nextUpdateAt } from '../domain/cadence.js';
import { DomainError } from '../domain/errors.js';
import type { Incident } from '../domain/incident.js';
import { type Severity, severityLabel } from '../domain/severity.js';
import { cadencePolicy } from './cadence-policy.js';
import type { ServiceDeps } from './deps.js';
import { incidentInChannel } from './incident-context.js';
import { deliverIncidentPages } from './paging/deliver-incident-pages.js';
import { requestPages } from './paging/request-pages.js';
import { parseInput } from './parse-input.js';
import { postOnce, RequestFields, stepKey } from './request-once.js';
import { syncTopic } from './sync-topic.js';

export const ChangeSeverityInput = z.object({
  channelId: z.string().min(1),
  severity: z.number().int().min(0).max(3),
  actorId: z.string().min(1),
  ...RequestFields,
});

/**
 * Changes severity, announced as old → new. Escalating into SEV0/SEV1 also tells the broadcast
 * channel (unless private): that is when more people must know. The update cadence follows.
 */
export async function changeSeverity(deps: ServiceDeps, raw: z.input<typeof ChangeSeverityInput>): Promise<Incident> {
  const input = parseInput(ChangeSeverityInput, raw);
  const { incident, roles } = await incidentInChannel(deps.db, input.channelId);
  const key = stepKey(input, 'sev');
  // Carried out again after a crash: the change is recorded already (the checks below would now
  // refuse it); what follows it is done again, each step once.
  const done = key ? await findTimelineEventByKey(deps.db, incident.id, key) : undefined;
  const to = input.severity as Severity;
  const from = done ? (done.data as { from: Severity }).from : incident.severity;
  let updated = incident;
  if (!done) {
    if (incident.status === 'resolved') throw new DomainError('CONFLICT', 'The incident is resolved; reopen it first.');
    if (from === to) throw new DomainError('CONFLICT', `The incident is already ${severityLabel(to)}.`);
    const at = deps.now();
    const next = nextUpdateAt(to, at, cadencePolicy(deps.config));
    updated = await deps.db.transaction(async (tx) => {
      const row = await updateIncident(tx, incident.id, { severity: to, nextUpdateAt: next });
      await insertTimelineEvent(tx, {
        incidentId: incident.id,
        kind: 'severity_changed',
        actorId: input.actorId,
        at,
        text: `${severityLabel(from)} → ${severityLabel(to)}`,
        data: { from, to },
        dedupeKey: key,
      });
      // Raising pages what the new severity adds; lowering pages nobody new (nor un-pages anyone).
      if (to < from) await requestPages(tx, deps, { ...incident, severity: to }, { at, by: input.actorId });
      return { ...incident, severity: to, nextUpdateAt: row.nextUpdateAt };
    });
  }

  const notice = { kind: 'severity-changed' as const, incident: updated, from, actorId: input.actorId };
  const announced = await postOnce(deps, incident.channelId!, notice, key, input);
  if (!announced.found) await linkAnnouncement(deps.db, incident.id, ['severity_changed'], announced.ts);
  const broadcast = deps.config.channels.broadcast;
  if (to <= 1 && from > 1 && broadcast && !incident.isPrivate)
    await postOnce(
      deps,
      broadcast,
      { kind: 'severity-escalated', incident: updated, from, actorId: input.actorId },
      key && `${key}:broadcast`,
      input,
    );
  await syncTopic(deps, updated, roles);
  if (to < from) await deliverIncidentPages(deps, incident.id);
  return updated;
}
