import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { updateIncident } from '../db/repositories/incidents.js';
import { claimStatusSlot, markStatusPosted } from '../db/repositories/status-updates.js';
import { insertTimelineEvent, linkAnnouncement } from '../db/repositories/timeline.js';
import { nextUpdateAt } from '../domain/cadence.js';
import { DomainError } from '../domain/errors.js';
import { cadencePolicy } from './cadence-policy.js';
import type { ServiceDeps } from './deps.js';
import { incidentInChannel } from './incident-context.js';
import { changesSince } from './what-changed.js';

export const PostStatusUpdateInput = z.object({
  channelId: z.string().min(1),
  actorId: z.string().min(1),
  text: z.string().trim().min(1, 'An update needs some text.').max(3000, 'Keep an update under 3000 characters.'),
  customerText: z.string().trim().max(3000, 'Keep the customer-facing text under 3000 characters.').optional(),
  source: z.enum(['manual', 'modal']).default('manual'),
  /** Idempotency key of the request (the modal's view id): a double submit posts once. */
  requestKey: z.string().optional(),
});

/**
 * A human posts a status update: in the channel and the broadcast channel (unless private), with
 * the customer-facing text stored apart. It fulfils the due update, so the automatic one is skipped
 * and the clock restarts from now. On time means no later than the due time.
 */
export async function postStatusUpdate(deps: ServiceDeps, raw: z.input<typeof PostStatusUpdateInput>): Promise<void> {
  const input = PostStatusUpdateInput.parse(raw);
  const { incident, roles } = await incidentInChannel(deps.db, input.channelId);
  if (incident.status === 'resolved')
    throw new DomainError('CONFLICT', 'The incident is resolved; its resolution message was the last update.');
  const now = deps.now();
  const dueAt = incident.nextUpdateAt;
  const next = nextUpdateAt(incident.severity, now, cadencePolicy(deps.config));
  const changes = await changesSince(deps.db, incident.id, incident.lastUpdateAt ?? incident.declaredAt);

  const slot = await deps.db.transaction(async (tx) => {
    const claimed = await claimStatusSlot(tx, {
      incidentId: incident.id,
      slotKey: `${incident.id}:${input.requestKey ?? randomUUID()}`,
      source: input.source,
      postedBy: input.actorId,
      dueAt,
      claimedAt: now,
      text: input.text,
      customerText: input.customerText ?? null,
    });
    if (!claimed) return undefined;
    // Restarting the clock here is what makes the scheduler skip the automatic update for this slot.
    await updateIncident(tx, incident.id, {
      nextUpdateAt: next,
      lastUpdateAt: now,
      lastUpdateMissed: false,
      updateReminderFor: null,
    });
    await insertTimelineEvent(tx, {
      incidentId: incident.id,
      kind: 'status_update',
      actorId: input.actorId,
      at: now,
      text: input.text,
      data: { source: input.source, customerText: input.customerText ?? null, onTime: !dueAt || now <= dueAt },
    });
    return claimed;
  });
  if (!slot) return;

  const current = { ...incident, nextUpdateAt: next };
  const notice = {
    kind: 'status-update' as const,
    incident: current,
    roles,
    text: input.text,
    authorId: input.actorId,
    changes,
    nextUpdateAt: next,
  };
  const channelTs = await deps.chat.post(incident.channelId!, notice, { key: slot.slotKey });
  await linkAnnouncement(deps.db, incident.id, ['status_update'], channelTs);
  const broadcast = deps.config.channels.broadcast;
  const broadcastTs =
    broadcast && !incident.isPrivate
      ? await deps.chat.post(broadcast, notice, { key: `${slot.slotKey}:broadcast` })
      : null;
  if (input.customerText)
    await deps.chat.post(incident.channelId!, {
      kind: 'customer-update',
      incident: current,
      text: input.customerText,
      authorId: input.actorId,
    });
  await markStatusPosted(deps.db, slot.id, {
    postedAt: deps.now(),
    channelTs,
    broadcastTs,
    onTime: !dueAt || now <= dueAt,
  });
}
