import { z } from 'zod';
import { updateIncident } from '../db/repositories/incidents.js';
import { wantAcknowledged } from '../db/repositories/pages.js';
import { findRoleHolders, replaceRoleHolder } from '../db/repositories/roles.js';
import { findTimelineEventByKey, insertTimelineEvent, linkAnnouncement } from '../db/repositories/timeline.js';
import { DomainError } from '../domain/errors.js';
import type { Incident, RoleHolders } from '../domain/incident.js';
import { ROLE_NAME, ROLES } from '../domain/roles.js';
import type { ServiceDeps } from './deps.js';
import { incidentInChannel } from './incident-context.js';
import { deliverIncidentPages } from './paging/deliver-incident-pages.js';
import { parseInput } from './parse-input.js';
import { postOnce, RequestFields, stepKey } from './request-once.js';
import { requirePerson } from './require-person.js';
import { syncTopic } from './sync-topic.js';

const ROLE_HOLDER = {
  self: 'I cannot hold an incident role myself; name a person.',
  need: 'incident roles need a person',
};

export const AssignRoleInput = z.object({
  channelId: z.string().min(1),
  role: z.enum(ROLES),
  userId: z.string().min(1),
  actorId: z.string().min(1),
  ...RequestFields,
});
export type AssignRoleInput = z.input<typeof AssignRoleInput>;

export interface AssignRoleResult {
  incident: Incident;
  roles: RoleHolders;
  previous?: string;
}

/**
 * Gives a role to someone. One holder per role: a second assignment is a handoff, announced as
 * such. The first IC marks the incident acknowledged (MTTA). The holder is invited and gets a card
 * with what the role owns; the topic follows.
 */
export async function assignRole(deps: ServiceDeps, raw: AssignRoleInput): Promise<AssignRoleResult> {
  const input = parseInput(AssignRoleInput, raw);
  const { incident, roles } = await incidentInChannel(deps.db, input.channelId);
  const dedupeKey = stepKey(input, 'role');
  // Carried out again after a crash: assigned already; what follows is done again, each step once.
  const done = dedupeKey ? await findTimelineEventByKey(deps.db, incident.id, dedupeKey) : undefined;
  const at = deps.now();
  const updated = done
    ? {
        previous: ((done.data as { from?: string | null }).from ?? undefined) as string | undefined,
        acknowledgedAt: incident.acknowledgedAt,
      }
    : await record(deps, input, incident, roles, { at, dedupeKey });

  const current = { ...incident, acknowledgedAt: updated.acknowledgedAt };
  const holders = await findRoleHolders(deps.db, incident.id);
  const channelId = incident.channelId!;
  await deps.chat.invite(channelId, [input.userId]);
  const notice = {
    kind: 'role-assigned' as const,
    incident: current,
    role: input.role,
    ...(updated.previous && { from: updated.previous }),
    to: input.userId,
    actorId: input.actorId,
  };
  const announced = await postOnce(deps, channelId, notice, dedupeKey, input);
  if (!announced.found) {
    await linkAnnouncement(deps.db, incident.id, ['role_assigned', 'role_handoff'], announced.ts);
    // Ephemeral, so it cannot be looked up: shown with the announcement, not again.
    await deps.chat.postEphemeral(channelId, input.userId, { kind: 'role-card', incident: current, role: input.role });
  }
  await syncTopic(deps, current, holders);
  if (input.role === 'ic') await redrawFirstStatus(deps, current, holders);
  if (input.role === 'ic') await deliverIncidentPages(deps, incident.id);
  return { incident: current, roles: holders, ...(updated.previous && { previous: updated.previous }) };
}

/** The first status message asked for an IC; once there is one, it shows them and drops the buttons. */
async function redrawFirstStatus(deps: ServiceDeps, incident: Incident, roles: RoleHolders): Promise<void> {
  if (!incident.statusMessageTs || !incident.channelId) return;
  try {
    await deps.chat.update(incident.channelId, incident.statusMessageTs, {
      kind: 'incident-opened',
      incident,
      roles,
      nextUpdateAt: incident.nextUpdateAt,
    });
  } catch (err) {
    deps.logger.warn({ err, incidentId: incident.id }, 'could not redraw the first status message');
  }
}

/** The assignment itself, in one transaction: the holder, the acknowledgement, the pages and the timeline. */
async function record(
  deps: ServiceDeps,
  input: z.output<typeof AssignRoleInput>,
  incident: Incident,
  roles: RoleHolders,
  args: { at: Date; dedupeKey: string | null },
): Promise<{ previous: string | undefined; acknowledgedAt: Date | null }> {
  await requirePerson(deps, input.userId, ROLE_HOLDER);
  if (roles[input.role] === input.userId)
    throw new DomainError('CONFLICT', `<@${input.userId}> is already the ${ROLE_NAME[input.role]}.`);
  const { at, dedupeKey } = args;
  return deps.db.transaction(async (tx) => {
    const previous = await replaceRoleHolder(tx, { ...input, incidentId: incident.id, assignedBy: input.actorId, at });
    const acknowledge = input.role === 'ic' && !incident.acknowledgedAt;
    if (acknowledge) await updateIncident(tx, incident.id, { acknowledgedAt: at });
    // The IC has the incident: the pages that called people in are acknowledged in their name.
    if (input.role === 'ic') await wantAcknowledged(tx, incident.id, input.userId, at);
    await insertTimelineEvent(tx, {
      incidentId: incident.id,
      kind: previous ? 'role_handoff' : 'role_assigned',
      actorId: input.actorId,
      at,
      text: `${ROLE_NAME[input.role]}: ${previous ? `<@${previous}> → ` : ''}<@${input.userId}>`,
      data: { role: input.role, from: previous ?? null, to: input.userId },
      dedupeKey,
    });
    return { previous, acknowledgedAt: acknowledge ? at : incident.acknowledgedAt };
  });
}
