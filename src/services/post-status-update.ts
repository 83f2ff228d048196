import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { updateIncident } from '../db/repositories/incidents.js';
import {
  claimStatusSlot,
  lockUpdateClock,
  markStatusPosted,
  releaseStatusSlot,
} from '../db/repositories/status-updates.js';
import { insertTimelineEvent, linkAnnouncement } from '../db/repositories/timeline.js';
import { nextUpdateAt } from '../domain/cadence.js';
import { DomainError, isDomainError } from '../domain/errors.js';
import { TEXT_LIMITS } from '../domain/limits.js';
import { cadencePolicy } from './cadence-policy.js';
import type { ServiceDeps } from './deps.js';
import { incidentInChannel } from './incident-context.js';
import { parseInput } from './parse-input.js';
import { changesSince } from './what-changed.js';

export const PostStatusUpdateInput = z.object({
  channelId: z.string().min(1),
  actorId: z.string().min(1),
  text: z
    .string()
    .trim()
    .min(1, 'An update needs some text.')
    .max(TEXT_LIMITS.update, `Keep an update under ${TEXT_LIMITS.update} characters.`),
  customerText: z.string().trim().max(3000, 'Keep the customer-facing text under 3000 characters.').optional(),
  source: z.enum(['manual', 'modal']).default('manual'),
  /** Idempotency key of the request (the modal's view id): a double submit posts once. */
  requestKey: z.string().optional(),
});

/**
 * A human posts a status update: in the channel and the broadcast channel (unless private), with
 * the customer-facing text stored apart. It fulfils the due update, so the automatic one is skipped
 * and the clock restarts from now. On time means no later than the due time.
 *
 * The post in the incident channel is the point of no return. If Slack refuses it, the claim is
 * undone (no timeline entry, the clock as it was) and the person is told to send it again — unless
 * Slack cannot even say whether it went out: then the claim stays, the scheduler posts it once, and
 * the person is told not to send it again. If a
 * later post fails (the broadcast channel, the customer text), the update stays recorded and the
 * person is told what did not go out: sending it again would repeat it in the incident channel.
 */
export async function postStatusUpdate(deps: ServiceDeps, raw: z.input<typeof PostStatusUpdateInput>): Promise<void> {
  const input = parseInput(PostStatusUpdateInput, raw);
  const { incident, roles } = await incidentInChannel(deps.db, input.channelId);
  if (incident.status === 'resolved')
    throw new DomainError('CONFLICT', 'The incident is resolved; its resolution message was the last update.');
  const now = deps.now();
  const dueAt = incident.nextUpdateAt;
  const next = nextUpdateAt(incident.severity, now, cadencePolicy(deps.config));
  const changes = await changesSince(deps.db, incident.id, incident.lastUpdateAt ?? incident.declaredAt);

  const claim = await deps.db.transaction(async (tx) => {
    const before = await lockUpdateClock(tx, incident.id);
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
    const event = await insertTimelineEvent(tx, {
      incidentId: incident.id,
      kind: 'status_update',
      actorId: input.actorId,
      at: now,
      text: input.text,
      data: { source: input.source, customerText: input.customerText ?? null, onTime: !dueAt || now <= dueAt },
    });
    return { slot: claimed, before, eventId: event?.id };
  });
  if (!claim) return;
  const { slot } = claim;

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
  let channelTs: string;
  try {
    channelTs = await deps.chat.post(incident.channelId!, notice, { key: slot.slotKey });
  } catch (err) {
    // The answer may be what was lost, not the post: look for it before undoing anything (null:
    // the lookup failed too).
    const landed = await deps.chat.findPosted(incident.channelId!, slot.slotKey).catch(() => null);
    if (landed === null)
      // Not known whether it went out: keep the claim. The scheduler recovers an unposted slot
      // (looking for its key first), so it is posted once; sending it again would post it twice.
      throw new DomainError(
        'UPSTREAM',
        'Slack did not confirm the update; Firebreak will post it once within a few minutes, so do not send it again.',
      );
    if (!landed) {
      await releaseStatusSlot(deps.db, {
        slotId: slot.id,
        eventId: claim.eventId,
        incidentId: incident.id,
        before: claim.before,
        claimedAt: now,
      });
      throw withSentence(err, 'Nothing was posted and the update clock is unchanged; send the update again.');
    }
    channelTs = landed;
  }
  await linkAnnouncement(deps.db, incident.id, ['status_update'], channelTs);

  // Past the point of no return: what fails from here is reported, never undone.
  const missed: unknown[] = [];
  const attempt = <T>(work: () => Promise<T>) =>
    work().catch((err: unknown) => {
      missed.push(err);
      return null;
    });
  const broadcast = deps.config.channels.broadcast;
  const broadcastTs =
    broadcast && !incident.isPrivate
      ? await attempt(() => deps.chat.post(broadcast, notice, { key: `${slot.slotKey}:broadcast` }))
      : null;
  if (input.customerText)
    await attempt(() =>
      deps.chat.post(
        incident.channelId!,
        {
          kind: 'customer-update',
          incident: current,
          text: input.customerText!,
          authorId: input.actorId,
          statusUpdateId: slot.id,
        },
        { key: `${slot.slotKey}:customer` },
      ),
    );
  await markStatusPosted(deps.db, slot.id, {
    postedAt: deps.now(),
    channelTs,
    broadcastTs,
    onTime: !dueAt || now <= dueAt,
  });
  if (missed.length)
    throw withSentence(
      missed[0],
      'The update is posted in the incident channel; post the rest by hand rather than sending it again.',
    );
}

/** The Slack failure's own sentence followed by what it means for this update; a bug passes unchanged. */
function withSentence(err: unknown, sentence: string): unknown {
  return isDomainError(err) ? new DomainError(err.code, `${err.message} ${sentence}`, err.details) : err;
}
