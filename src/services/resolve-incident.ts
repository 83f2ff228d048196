import { z } from 'zod';
import { updateIncident } from '../db/repositories/incidents.js';
import { wantResolved } from '../db/repositories/pages.js';
import { closeOpenProposals } from '../db/repositories/proposals.js';
import { insertTimelineEvent, linkAnnouncement } from '../db/repositories/timeline.js';
import type { RemediationProposalRow } from '../db/schema/index.js';
import { DomainError } from '../domain/errors.js';
import type { Incident } from '../domain/incident.js';
import { TEXT_LIMITS } from '../domain/limits.js';
import type { ServiceDeps } from './deps.js';
import { incidentInChannel } from './incident-context.js';
import { deliverIncidentPages } from './paging/deliver-incident-pages.js';
import { parseInput } from './parse-input.js';
import { redrawProposal } from './remediation/proposal-view.js';
import { record } from './remediation/record-decision.js';
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
 * mitigated too), stops timed updates, and posts the resolution message of docs/templates.md with the real
 * duration in the channel and the broadcast channel (unless private). Proposals still open are
 * closed with it, and their messages lose their Approve/Reject buttons.
 */
export async function resolveIncident(deps: ServiceDeps, raw: z.input<typeof ResolveIncidentInput>): Promise<Incident> {
  const input = parseInput(ResolveIncidentInput, raw);
  const { incident, roles } = await incidentInChannel(deps.db, input.channelId);
  if (incident.status === 'resolved')
    throw new DomainError('CONFLICT', 'The incident is already resolved. The IC can `/incident reopen` it.');

  const at = deps.now();
  const resolution = input.falseAlarm ? 'false_alarm' : 'fixed';
  let closed: RemediationProposalRow[] = [];
  const updated = await deps.db.transaction(async (tx) => {
    const row = await updateIncident(tx, incident.id, {
      status: 'resolved',
      resolvedAt: at,
      mitigatedAt: incident.mitigatedAt ?? at,
      resolution,
      summary: input.summary ?? incident.summary,
      nextUpdateAt: null,
    });
    // In the same transaction: no proposal of a resolved incident can be approved after this commits.
    closed = await closeOpenProposals(tx, incident.id, at);
    await insertTimelineEvent(tx, {
      incidentId: incident.id,
      kind: 'resolved',
      actorId: input.actorId,
      at,
      text: input.summary ?? (input.falseAlarm ? 'Not an incident' : 'Resolved'),
      data: { resolution, from: incident.status },
    });
    await wantResolved(tx, incident.id, at);
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
  await closeProposals(deps, closed);
  await deliverIncidentPages(deps, incident.id);
  return updated;
}

/** Records each closed proposal and redraws its message: no buttons, "the incident was resolved". */
async function closeProposals(deps: ServiceDeps, closed: RemediationProposalRow[]): Promise<void> {
  for (const p of closed) {
    await record(deps, p, 'closed', null, { detail: 'the incident was resolved' });
    if (deps.remediation) await redrawProposal(deps, deps.remediation, p);
  }
}
