import {
  claimTrackerItem,
  recordTrackerFailure,
  recordTrackerIssue,
  recordTrackerUpdated,
  releaseTrackerItem,
  setTrackerState,
} from '../../db/repositories/action-item-trackers.js';
import { findActionItem } from '../../db/repositories/action-items.js';
import { findIncidentById, toIncident } from '../../db/repositories/incidents.js';
import { findLatestPostmortem } from '../../db/repositories/postmortems.js';
import { insertTimelineEvent } from '../../db/repositories/timeline.js';
import type { ActionItemRow } from '../../db/schema/index.js';
import type { Priority } from '../../domain/action-item.js';
import { type Incident, incidentRef } from '../../domain/incident.js';
import { TRACKER_MAX_ATTEMPTS, trackerBackoffMs, trackerIssueDraft } from '../../domain/tracker.js';
import type { TrackerIssue, TrackerPort, TrackerResult } from '../../integrations/trackers/ports.js';
import { toActionItemView } from '../add-action-item.js';
import type { ServiceDeps } from '../deps.js';
import { showActionItem } from './show-action-item.js';
import { trackerLabel, trackerView } from './tracker-of-item.js';

// Longer than the few tracker calls of a creation at their 10 s timeout; a crashed worker's claim frees by expiry.
const LEASE_MS = 90_000;

type Failure = Extract<TrackerResult<unknown>, { ok: false }>;

/**
 * Does what one item still needs in its tracker, under a claim (of two replicas or a retry racing
 * the tick, one talks to the tracker): create it — after looking for its marker, so a creation a
 * crash cut off is found, not repeated — or close it. The tracker id is recorded by a conditional
 * update, once. A failure is stored with the next attempt (backoff, at least Retry-After) and said
 * in the channel. Returns whether it did anything.
 */
export async function syncTrackerItem(deps: ServiceDeps, itemId: string): Promise<boolean> {
  let item = await claimTrackerItem(deps.db, itemId, deps.now(), LEASE_MS);
  if (!item) return false;
  try {
    const row = await findIncidentById(deps.db, item.incidentId);
    if (!row) return true;
    const incident = toIncident(row);
    const port = deps.trackers?.[item.tracker as keyof NonNullable<ServiceDeps['trackers']>];
    // Create, then close or rewrite if that is also wanted: a few steps under one claim.
    for (let step = 0; item && step < MAX_STEPS; step++) {
      const next = nextStep(item);
      if (!next) break;
      const outcome: TrackerResult<unknown> = !port
        ? { ok: false, retryable: false, reason: `${trackerLabel(item.tracker!)} is not configured in this Firebreak` }
        : next === 'create'
          ? await create(deps, port, incident, item)
          : next === 'close'
            ? await close(deps, port, item)
            : await rewrite(deps, port, incident, item);
      if (!outcome.ok) {
        await recordFailure(deps, incident, item, outcome);
        break;
      }
      item = await findActionItem(deps.db, itemId);
    }
    await showActionItem(deps, incident, itemId);
    return true;
  } finally {
    await releaseTrackerItem(deps.db, itemId);
  }
}

const MAX_STEPS = 3;

/** The SQL twin of `hasTrackerWork` in the repository, as the next thing to do. */
function nextStep(item: ActionItemRow): 'create' | 'close' | 'update' | undefined {
  if (!item.tracker || item.trackerFailedAt) return undefined;
  if (!item.trackerId) return 'create';
  if (item.status === 'done' && item.closedVia === 'slack' && item.trackerState === 'open') return 'close';
  if (item.trackerUpdateWanted) return 'update';
  return undefined;
}

async function create(
  deps: ServiceDeps,
  port: TrackerPort,
  incident: Incident,
  item: ActionItemRow,
): Promise<TrackerResult<unknown>> {
  const place = item.trackerPlace!;
  const view = toActionItemView(incident, item, deps.config.timezone);
  const draftArgs = await draftContext(deps, incident, item);
  const draft = trackerIssueDraft({ ...draftArgs, owner: draftArgs.owner?.name ?? null, assigned: false });
  const found = await port.findByMarker(place, draft.marker);
  if (!found.ok) return found;
  let issue: TrackerIssue | undefined = found.value;
  if (!issue) {
    const assignee = draftArgs.owner?.email ? await port.findUser(draftArgs.owner.email) : undefined;
    // A lookup the tracker refuses (no permission to browse users) leaves the item unassigned; a tracker that is down retries.
    if (assignee && !assignee.ok && assignee.retryable) return assignee;
    const accountId = assignee?.ok ? assignee.value : undefined;
    const created = await port.create(
      place,
      trackerIssueDraft({ ...draftArgs, owner: draftArgs.owner?.name ?? null, assigned: !!accountId }),
      accountId,
    );
    if (!created.ok) return created;
    issue = created.value;
  }
  const recorded = await recordTrackerIssue(deps.db, item.id, issue, deps.now());
  if (recorded)
    await insertTimelineEvent(deps.db, {
      incidentId: incident.id,
      kind: 'action_item_tracked',
      actorType: 'bot',
      actorId: deps.chat.botUserId,
      at: deps.now(),
      text: `${view.ref} is ${issue.key} in ${port.label}`,
      data: { actionItemId: item.id, tracker: port.name, trackerId: issue.id, url: issue.url },
      dedupeKey: `tracker:${item.id}:created`,
    });
  // Closed in Firebreak while the tracker was down: the close is the next step, due now.
  return { ok: true, value: undefined };
}

/** The issue's text again, now with the postmortem's link. */
async function rewrite(
  deps: ServiceDeps,
  port: TrackerPort,
  incident: Incident,
  item: ActionItemRow,
): Promise<TrackerResult<unknown>> {
  const context = await draftContext(deps, incident, item);
  // The owner's lookup happened at creation; the text keeps naming them without asking again.
  const draft = trackerIssueDraft({ ...context, owner: context.owner?.name ?? null, assigned: true });
  const updated = await port.update(item.trackerPlace!, item.trackerId!, draft);
  if (updated.ok) await recordTrackerUpdated(deps.db, item.id);
  return updated;
}

async function close(deps: ServiceDeps, port: TrackerPort, item: ActionItemRow): Promise<TrackerResult<unknown>> {
  const closed = await port.close(item.trackerPlace!, item.trackerId!);
  if (closed.ok) await setTrackerState(deps.db, item.id, 'closed', deps.now());
  return closed;
}

/** Everything the issue text needs: refs, links, and the owner's name and email from Slack. */
async function draftContext(deps: ServiceDeps, incident: Incident, item: ActionItemRow) {
  const view = toActionItemView(incident, item, deps.config.timezone);
  const owner = item.ownerId ? await deps.chat.findUser(item.ownerId).catch(() => undefined) : undefined;
  const postmortem = await findLatestPostmortem(deps.db, incident.id);
  const channelTs = item.messageTs ?? incident.statusMessageTs;
  return {
    actionItemId: item.id,
    ref: view.ref,
    incidentRef: incidentRef(incident),
    incidentTitle: incident.isPrivate ? 'private incident: details in its Slack channel' : incident.title,
    description: item.description,
    type: item.type,
    priority: item.priority as Priority,
    due: view.due,
    validation: item.validation,
    owner: owner && { name: owner.name, email: owner.email },
    channelName: incident.channelName,
    channelUrl: incident.channelId && channelTs ? deps.chat.messageLink(incident.channelId, channelTs) : null,
    postmortemUrl:
      incident.channelId && postmortem?.summaryTs
        ? deps.chat.messageLink(incident.channelId, postmortem.summaryTs)
        : null,
  };
}

async function recordFailure(deps: ServiceDeps, incident: Incident, item: ActionItemRow, outcome: Failure) {
  const at = deps.now();
  const attempts = item.trackerAttempts + 1;
  const giveUp = !outcome.retryable || attempts >= TRACKER_MAX_ATTEMPTS;
  const retryAt = giveUp ? null : new Date(at.getTime() + trackerBackoffMs(attempts, outcome.retryAfterMs));
  const row = await recordTrackerFailure(deps.db, item.id, { error: outcome.reason, attempts, retryAt, at });
  deps.logger.warn(
    { module: 'trackers', incidentId: incident.id, actionItemId: item.id, tracker: item.tracker, attempts, giveUp },
    `action item not synced: ${outcome.reason}`,
  );
  // Said when retries start and when they stop, not on every attempt in between.
  if ((attempts === 1 || giveUp) && incident.channelId) {
    const view = toActionItemView(incident, row, deps.config.timezone);
    await deps.chat.post(
      incident.channelId,
      { kind: 'tracker-problem', item: view, tracker: trackerView(row) },
      { key: `tracker:${item.id}:${attempts}:${giveUp ? 'stop' : 'retry'}` },
    );
  }
}
