import { updateIncident } from '../../db/repositories/incidents.js';
import { audit, stopOpenProposals } from '../../db/repositories/proposals.js';
import { insertTimelineEvent, linkAnnouncement } from '../../db/repositories/timeline.js';
import { cancelWatches } from '../../db/repositories/watches.js';
import type { ServiceDeps } from '../deps.js';
import { incidentInChannel } from '../incident-context.js';
import { redrawProposal } from './proposal-view.js';

/**
 * Break-glass, by anyone in the channel, no confirmation: automation is disabled for the incident,
 * every proposal not yet sent to an executor is cancelled, and the channel is told. The database
 * work comes first (two statements) so nothing can start executing after this returns; the
 * messages follow. Only the IC can re-enable.
 */
export async function stopAutomation(
  deps: ServiceDeps,
  args: { channelId: string; actorId: string },
): Promise<{ cancelled: number }> {
  const { incident } = await incidentInChannel(deps.db, args.channelId);
  const now = deps.now();
  const stopped = await deps.db.transaction(async (tx) => {
    await updateIncident(tx, incident.id, { automationStoppedAt: now, automationStoppedBy: args.actorId });
    const cancelled = await stopOpenProposals(tx, incident.id, args.actorId, now);
    // A human is in charge now: no verification goes on, so no automatic rollback can follow.
    const watches = await cancelWatches(tx, incident.id, now);
    await audit(tx, {
      incidentId: incident.id,
      event: 'stopped',
      actorId: args.actorId,
      at: now,
      detail: { cancelled: cancelled.length, watchesCancelled: watches.length },
    });
    await insertTimelineEvent(tx, {
      incidentId: incident.id,
      kind: 'automation_stopped',
      actorId: args.actorId,
      at: now,
      text: `STOP: automation disabled, ${cancelled.length} proposal(s) cancelled`,
      data: { cancelled: cancelled.map((c) => c.id) },
    });
    return cancelled;
  });
  const announced = await deps.chat.post(incident.channelId!, {
    kind: 'automation-stopped',
    incident,
    actorId: args.actorId,
    cancelled: stopped.length,
  });
  await linkAnnouncement(deps.db, incident.id, ['automation_stopped'], announced);
  if (deps.remediation) for (const p of stopped) await redrawProposal(deps, deps.remediation, p);
  return { cancelled: stopped.length };
}
