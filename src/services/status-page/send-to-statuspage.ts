import {
  listIncidentPublications,
  recordStatuspageOutcome,
  setStatuspageIncident,
} from '../../db/repositories/status-publications.js';
import { insertTimelineEvent } from '../../db/repositories/timeline.js';
import type { IncidentRow, StatusPublicationRow } from '../../db/schema/index.js';
import type { ComponentStatus, PublicPhase } from '../../domain/status-page.js';
import type { StatuspageIncident, StatuspageOutcome } from '../../integrations/statuspage/ports.js';
import type { ServiceDeps } from '../deps.js';

/**
 * One publication to Statuspage: an update of the incident's Statuspage incident when one is stored,
 * else a create. Before a create whose answer was lost, Statuspage is asked whether it exists (the
 * Firebreak id is in its metadata), so a retry never opens a second one. The outcome is stored and
 * written in the timeline.
 */
export async function sendToStatuspage(
  deps: ServiceDeps,
  incident: IncidentRow,
  row: StatusPublicationRow,
): Promise<StatusPublicationRow> {
  const port = deps.statuspage;
  const mapping = deps.config.status_page?.statuspage?.components;
  if (!port || !mapping)
    return record(deps, incident, row, {
      ok: false,
      reason: 'Statuspage is not set up in this Firebreak',
      attempts: 0,
      unsure: false,
    });
  const body = await statuspageIncident(deps, incident, row, mapping);
  let statuspageId = incident.statuspageIncidentId ?? undefined;
  if (!statuspageId && incident.statuspageCreatingAt) {
    const found = await port.findCreated(incident.id);
    if (found === null)
      return record(deps, incident, row, {
        ok: false,
        reason: 'Statuspage could not say whether an earlier attempt created the incident',
        attempts: 1,
        unsure: true,
      });
    if (found)
      await setStatuspageIncident(deps.db, incident.id, { statuspageIncidentId: found, statuspageCreatingAt: null });
    statuspageId = found;
  }
  if (statuspageId) return record(deps, incident, row, await port.update(statuspageId, body));
  // Marked before asking: if the answer is lost (or we crash), the next attempt looks before creating.
  await setStatuspageIncident(deps.db, incident.id, { statuspageCreatingAt: deps.now() });
  const outcome = await port.create(body);
  if (outcome.ok)
    await setStatuspageIncident(deps.db, incident.id, {
      statuspageIncidentId: outcome.incidentId,
      statuspageCreatingAt: null,
    });
  else if (!outcome.unsure) await setStatuspageIncident(deps.db, incident.id, { statuspageCreatingAt: null });
  return record(deps, incident, row, outcome);
}

/** Components mapped to Statuspage: those affected now, and those affected before (set back to operational). */
async function statuspageIncident(
  deps: ServiceDeps,
  incident: IncidentRow,
  row: StatusPublicationRow,
  mapping: Record<string, string>,
): Promise<StatuspageIncident> {
  const earlier = (await listIncidentPublications(deps.db, incident.id)).filter((p) => p.seq < row.seq);
  const touched = (service: string) =>
    earlier.some((p) => p.components[service] && p.components[service] !== 'operational');
  const components: Record<string, ComponentStatus> = {};
  for (const [service, status] of Object.entries(row.components)) {
    const id = mapping[service];
    if (id && (status !== 'operational' || touched(service))) components[id] = status as ComponentStatus;
  }
  return { name: row.name, status: row.phase as PublicPhase, body: row.message, components, firebreakId: incident.id };
}

async function record(
  deps: ServiceDeps,
  incident: IncidentRow,
  row: StatusPublicationRow,
  outcome: StatuspageOutcome,
): Promise<StatusPublicationRow> {
  const at = deps.now();
  const saved = await recordStatuspageOutcome(deps.db, row.id, {
    state: outcome.ok ? 'sent' : 'failed',
    attempts: outcome.attempts,
    error: outcome.ok ? null : outcome.reason,
  });
  if (outcome.ok) {
    await insertTimelineEvent(deps.db, {
      incidentId: incident.id,
      kind: 'status_page_delivered',
      actorType: 'bot',
      actorId: deps.chat.botUserId,
      at,
      text: `Sent to Statuspage (incident ${outcome.incidentId})`,
      data: { publicationId: row.id, statuspageIncidentId: outcome.incidentId },
      dedupeKey: `statuspage:${row.id}:sent`,
    });
  } else {
    deps.logger.warn(
      { module: 'status-page', incidentId: incident.id, publicationId: row.id, attempts: outcome.attempts },
      `Statuspage delivery failed: ${outcome.reason}`,
    );
    await insertTimelineEvent(deps.db, {
      incidentId: incident.id,
      kind: 'status_page_failed',
      actorType: 'bot',
      actorId: deps.chat.botUserId,
      at,
      text: `Could not send to Statuspage: ${outcome.reason}`,
      data: { publicationId: row.id },
      dedupeKey: `statuspage:${row.id}:failed:${at.getTime()}`,
    });
  }
  return saved;
}
