import { z } from 'zod';
import { reopenIfResolved } from '../db/repositories/incidents.js';
import { findTimelineEventByKey, insertTimelineEvent, linkAnnouncement } from '../db/repositories/timeline.js';
import { nextUpdateAt } from '../domain/cadence.js';
import { DomainError } from '../domain/errors.js';
import type { Incident, RoleHolders } from '../domain/incident.js';
import { decide } from '../domain/policy.js';
import { cadencePolicy } from './cadence-policy.js';
import type { ServiceDeps } from './deps.js';
import { incidentInChannel } from './incident-context.js';
import { deliverIncidentPages } from './paging/deliver-incident-pages.js';
import { requestPages } from './paging/request-pages.js';
import { parseInput } from './parse-input.js';
import { postOnce, RequestFields, stepKey } from './request-once.js';
import { syncTopic } from './sync-topic.js';

export const ReopenIncidentInput = z.object({
  channelId: z.string().min(1),
  actorId: z.string().min(1),
  ...RequestFields,
});

/**
 * The IC reopens a resolved incident (the fix did not hold). The earlier resolution stays in the
 * timeline; the resolved milestone is cleared so durations run to the real end. Its severity's
 * targets are paged again, once, in a new round with new dedup keys: the previous pages were
 * resolved at the providers, and a new alert is what wakes people (a re-used key would also open
 * a new one, but then the digest could not count both pages).
 */
export async function reopenIncident(deps: ServiceDeps, raw: z.input<typeof ReopenIncidentInput>): Promise<Incident> {
  const input = parseInput(ReopenIncidentInput, raw);
  const { incident, roles } = await incidentInChannel(deps.db, input.channelId);
  const key = stepKey(input, 'reopen');
  // Carried out again after a crash: reopened already; only the announcement may be missing.
  if (key && (await findTimelineEventByKey(deps.db, incident.id, key))) return announce(deps, incident, roles, input);
  if (incident.status !== 'resolved')
    throw new DomainError('CONFLICT', 'The incident is not resolved; there is nothing to reopen.');
  const decision = decide('reopen', { actorId: input.actorId, roles, approvers: deps.config.approvers });
  if (!decision.allowed)
    throw new DomainError('FORBIDDEN', decision.reason, decision.icId ? { icId: decision.icId } : undefined);

  const at = deps.now();
  const next = nextUpdateAt(incident.severity, at, cadencePolicy(deps.config));
  const updated = await deps.db.transaction(async (tx) => {
    const reopened = await reopenIfResolved(tx, incident.id, {
      status: 'investigating',
      resolvedAt: null,
      resolution: null,
      nextUpdateAt: next,
    });
    if (!reopened) throw new DomainError('CONFLICT', 'The incident was reopened already.');
    await insertTimelineEvent(tx, {
      incidentId: incident.id,
      kind: 'reopened',
      actorId: input.actorId,
      at,
      text: 'Reopened',
      data: { previousResolvedAt: incident.resolvedAt?.toISOString() ?? null },
      dedupeKey: key,
    });
    // After the `reopened` event, so these pages count in the new round.
    await requestPages(tx, deps, incident, { at, by: input.actorId });
    return { ...incident, status: 'investigating' as const, resolvedAt: null, resolution: null, nextUpdateAt: next };
  });
  return announce(deps, updated, roles, input);
}

async function announce(
  deps: ServiceDeps,
  incident: Incident,
  roles: RoleHolders,
  input: z.output<typeof ReopenIncidentInput>,
): Promise<Incident> {
  const notice = { kind: 'incident-reopened' as const, incident, actorId: input.actorId };
  const announced = await postOnce(deps, incident.channelId!, notice, stepKey(input, 'reopen'), input);
  if (!announced.found) await linkAnnouncement(deps.db, incident.id, ['reopened'], announced.ts);
  await syncTopic(deps, incident, roles);
  // The new round's pages were stored with the reopening; delivering is once per page, so a rerun is safe.
  await deliverIncidentPages(deps, incident.id);
  return incident;
}
