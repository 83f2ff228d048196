import { updateIncident } from '../../db/repositories/incidents.js';
import { audit, findProposals, stopOpenProposals } from '../../db/repositories/proposals.js';
import { findTimelineEventByKey, insertTimelineEvent, linkAnnouncement } from '../../db/repositories/timeline.js';
import { cancelWatches } from '../../db/repositories/watches.js';
import type { RemediationProposalRow } from '../../db/schema/index.js';
import type { Incident } from '../../domain/incident.js';
import type { ServiceDeps } from '../deps.js';
import { incidentInChannel } from '../incident-context.js';
import { postOnce, type RequestRef, stepKey } from '../request-once.js';
import { redrawProposal } from './proposal-view.js';

/**
 * Break-glass, by anyone in the channel, no confirmation: automation is disabled for the incident,
 * every proposal not yet sent to an executor is cancelled, and the channel is told. The database
 * work comes first (one transaction) so nothing can start executing after this returns; the
 * messages follow. Only the IC can re-enable. With a request key, the request carried out again
 * after a crash finds its STOP recorded (the timeline event is keyed) and its post, and does neither twice.
 */
export async function stopAutomation(
  deps: ServiceDeps,
  args: { channelId: string; actorId: string } & RequestRef,
): Promise<{ cancelled: number }> {
  const { incident } = await incidentInChannel(deps.db, args.channelId);
  const key = stepKey(args, 'stop');
  const done = key ? await findTimelineEventByKey(deps.db, incident.id, key) : undefined;
  const stopped = done
    ? await findProposals(deps.db, (done.data as { cancelled: string[] }).cancelled)
    : await stop(deps, incident, args.actorId, key);
  const notice = { kind: 'automation-stopped' as const, incident, actorId: args.actorId, cancelled: stopped.length };
  const announced = await postOnce(deps, incident.channelId!, notice, key, args);
  if (!announced.found) await linkAnnouncement(deps.db, incident.id, ['automation_stopped'], announced.ts);
  if (deps.remediation) for (const p of stopped) await redrawProposal(deps, deps.remediation, p);
  return { cancelled: stopped.length };
}

async function stop(
  deps: ServiceDeps,
  incident: Incident,
  actorId: string,
  key: string | null,
): Promise<RemediationProposalRow[]> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    await updateIncident(tx, incident.id, { automationStoppedAt: now, automationStoppedBy: actorId });
    const cancelled = await stopOpenProposals(tx, incident.id, actorId, now);
    // A human is in charge now: no verification goes on, so no automatic rollback can follow.
    const watches = await cancelWatches(tx, incident.id, now);
    await audit(tx, {
      incidentId: incident.id,
      event: 'stopped',
      actorId,
      at: now,
      detail: { cancelled: cancelled.length, watchesCancelled: watches.length },
    });
    await insertTimelineEvent(tx, {
      incidentId: incident.id,
      kind: 'automation_stopped',
      actorId,
      at: now,
      text: `STOP: automation disabled, ${cancelled.length} proposal(s) cancelled`,
      data: { cancelled: cancelled.map((c) => c.id) },
      dedupeKey: key,
    });
    return cancelled;
  });
}
