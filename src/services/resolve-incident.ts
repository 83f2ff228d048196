import { z } from 'zod';
import { updateIncident } from '../db/repositories/incidents.js';
import { wantResolved } from '../db/repositories/pages.js';
import { closeOpenProposals, findProposal } from '../db/repositories/proposals.js';
import { findTimelineEventByKey, insertTimelineEvent, linkAnnouncement } from '../db/repositories/timeline.js';
import type { RemediationProposalRow } from '../db/schema/index.js';
import { DomainError } from '../domain/errors.js';
import type { Incident, RoleHolders } from '../domain/incident.js';
import { TEXT_LIMITS } from '../domain/limits.js';
import type { ServiceDeps } from './deps.js';
import { incidentInChannel } from './incident-context.js';
import { deliverIncidentPages } from './paging/deliver-incident-pages.js';
import { parseInput } from './parse-input.js';
import { redrawProposal } from './remediation/proposal-view.js';
import { record } from './remediation/record-decision.js';
import { postOnce, RequestFields, type RequestRef, stepKey } from './request-once.js';
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
  ...RequestFields,
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
  const key = stepKey(input, 'resolve');
  // Carried out again after a crash: resolved already; what follows is done again, each step once.
  const done = key ? await findTimelineEventByKey(deps.db, incident.id, key) : undefined;
  if (done) {
    const ids = (done.data as { closedProposals?: string[] }).closedProposals ?? [];
    const closed = (await Promise.all(ids.map((id) => findProposal(deps.db, id)))).filter((p) => !!p);
    return announce(deps, { incident, roles, actorId: input.actorId, closed, key, req: input });
  }
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
      data: { resolution, from: incident.status, closedProposals: closed.map((p) => p.id) },
      dedupeKey: key,
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

  return announce(deps, { incident: updated, roles, actorId: input.actorId, closed, key, req: input });
}

async function announce(
  deps: ServiceDeps,
  a: {
    incident: Incident;
    roles: RoleHolders;
    actorId: string;
    closed: RemediationProposalRow[];
    key: string | null;
    req: RequestRef;
  },
): Promise<Incident> {
  const { incident, roles, actorId, key } = a;
  const notice = { kind: 'incident-resolved' as const, incident, roles, actorId };
  const announced = await postOnce(deps, incident.channelId!, notice, key, a.req);
  if (!announced.found) await linkAnnouncement(deps.db, incident.id, ['resolved'], announced.ts);
  const broadcast = deps.config.channels.broadcast;
  if (broadcast && !incident.isPrivate) await postOnce(deps, broadcast, notice, key && `${key}:broadcast`, a.req);
  await syncTopic(deps, incident, roles);
  await closeProposals(deps, a.closed);
  await deliverIncidentPages(deps, incident.id);
  return incident;
}

/** Records each closed proposal and redraws its message: no buttons, "the incident was resolved". */
async function closeProposals(deps: ServiceDeps, closed: RemediationProposalRow[]): Promise<void> {
  for (const p of closed) {
    // Carried out again after a crash: a closing recorded already is not audited twice.
    const recorded = await findTimelineEventByKey(deps.db, p.incidentId, `remediation:${p.id}:closed`);
    if (!recorded) await record(deps, p, 'closed', null, { detail: 'the incident was resolved' });
    if (deps.remediation) await redrawProposal(deps, deps.remediation, p);
  }
}
