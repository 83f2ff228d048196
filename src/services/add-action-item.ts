import { z } from 'zod';
import { findActionItemByRequestKey, insertActionItem, setActionItemMessage } from '../db/repositories/action-items.js';
import { insertTimelineEvent } from '../db/repositories/timeline.js';
import type { ActionItemRow } from '../db/schema/index.js';
import { ACTION_TYPES, actionItemRef, defaultDue, dueAtEndOf, dueDateOf, PRIORITIES } from '../domain/action-item.js';
import type { Incident } from '../domain/incident.js';
import { TEXT_LIMITS } from '../domain/limits.js';
import type { ServiceDeps } from './deps.js';
import { incidentInChannel } from './incident-context.js';
import { parseInput } from './parse-input.js';
import type { ActionItemView } from './ports.js';
import { postOnce, RequestFields, stepKey } from './request-once.js';
import { requirePerson } from './require-person.js';
import { syncIncidentTrackerItems } from './trackers/sync-due-tracker-items.js';
import { trackerFields, trackerView } from './trackers/tracker-of-item.js';

export const AddActionItemInput = z.object({
  channelId: z.string().min(1),
  actorId: z.string().min(1),
  ownerId: z.string().min(1, 'An action item needs an owner.'),
  /** `YYYY-MM-DD`; absent → the end of the fifth business day from now. */
  due: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'The due date must look like 2026-12-01.')
    .optional(),
  description: z
    .string()
    .trim()
    .min(3, 'Say what must be done.')
    .max(
      TEXT_LIMITS.actionItem,
      `Keep an action item under ${TEXT_LIMITS.actionItem} characters; link a ticket for the details.`,
    ),
  type: z.enum(ACTION_TYPES).default('prevent'),
  priority: z.enum(PRIORITIES).default('P1'),
  validation: z
    .string()
    .trim()
    .max(TEXT_LIMITS.validation, `Keep "done when" under ${TEXT_LIMITS.validation} characters.`)
    .optional(),
  origin: z.enum(['command', 'modal']),
  ...RequestFields,
});

/** An action item as messages show it; `timeZone` is the team's (the due day is a day there). */
export const toActionItemView = (
  incident: Pick<Incident, 'number'>,
  row: ActionItemRow,
  timeZone: string,
): ActionItemView => ({
  id: row.id,
  ref: actionItemRef(incident.number, row.seq),
  type: row.type,
  priority: row.priority,
  description: row.description,
  ownerId: row.ownerId,
  due: dueDateOf(row.dueOn, timeZone),
  status: row.status,
  validation: row.validation,
  closedVia: row.closedVia,
  ...(row.tracker && { tracker: trackerView(row) }),
});

/**
 * Records follow-up work on an incident (docs/domain.md's fields), shows it in the channel and tells
 * the owner in a DM. The owner must be a real, active person. With a request key, carrying the same
 * request out again adds no second item and no second message.
 */
export async function addActionItem(
  deps: ServiceDeps,
  raw: z.input<typeof AddActionItemInput>,
): Promise<ActionItemView> {
  const input = parseInput(AddActionItemInput, raw);
  const { incident } = await incidentInChannel(deps.db, input.channelId);
  await requirePerson(deps, input.ownerId, {
    self: 'I cannot own an action item; name a person.',
    need: 'action items need a person to own them',
  });
  const now = deps.now();
  const dueOn = input.due ? dueAtEndOf(input.due, deps.config.timezone, now) : defaultDue(now, deps.config.timezone);
  const requestKey = input.requestKey ?? null;
  const inserted = await insertActionItem(deps.db, {
    incidentId: incident.id,
    type: input.type,
    description: input.description,
    ownerId: input.ownerId,
    priority: input.priority,
    dueOn,
    validation: input.validation || null,
    origin: input.origin,
    createdBy: input.actorId,
    createdAt: now,
    ...trackerFields(deps, incident, now),
    requestKey,
  });
  const row = (inserted ?? (requestKey ? await findActionItemByRequestKey(deps.db, requestKey) : undefined))!;
  const item = toActionItemView(incident, row, deps.config.timezone);
  await insertTimelineEvent(deps.db, {
    incidentId: incident.id,
    kind: 'action_item_added',
    actorId: input.actorId,
    at: now,
    text: `${item.ref} (${item.priority}, ${item.type}) for <@${input.ownerId}>: ${item.description}`,
    data: { actionItemId: row.id, ownerId: input.ownerId, dueOn: dueOn.toISOString() },
    dedupeKey: `action:${row.id}`,
  });
  const notice = { kind: 'action-item-added' as const, item, actorId: input.actorId };
  const shown = await postOnce(deps, incident.channelId!, notice, stepKey(input, 'action'), input);
  // Firebreak cannot read its DMs (no im:history scope), so a DM cannot be looked up. It follows the
  // channel message: when that was already there, the DM may have gone too, and is not risked twice
  // (the channel message names the owner).
  if (shown.found) deps.logger.warn({ incidentId: incident.id }, 'the owner may have had the DM already; not resent');
  else await deps.chat.post(input.ownerId, { kind: 'action-item-assigned', incident, item, actorId: input.actorId });
  await setActionItemMessage(deps.db, row.id, shown.ts);
  // Stored above: a tracker that is down only delays this, the tick retries it.
  await syncIncidentTrackerItems(deps, incident.id);
  return item;
}
