import { findIncidentById, toIncident } from '../../db/repositories/incidents.js';
import {
  claimNextPublication,
  incidentsWithUndonePublications,
  releasePublication,
  setPublicationRecord,
} from '../../db/repositories/status-publications.js';
import type { StatusPublicationRow } from '../../db/schema/index.js';
import type { Incident } from '../../domain/incident.js';
import type { ServiceDeps } from '../deps.js';
import type { PublicationView } from '../ports.js';
import { destinations, publicServices } from './require-publisher.js';
import { sendToStatuspage } from './send-to-statuspage.js';

// Longer than three Statuspage attempts with their waits; a crashed worker's claim frees by expiry.
const LEASE_MS = 120_000;

/**
 * Carries out an incident's stored publications in order, each under a claim: the channel's record
 * (a keyed post, looked for first when recovering) and the Statuspage delivery, whose outcome
 * redraws the record. A failed delivery stops here: its record offers Retry.
 */
export async function deliverPublications(deps: ServiceDeps, incidentId: string, recovering = false): Promise<void> {
  for (;;) {
    const row = await claimNextPublication(deps.db, incidentId, deps.now(), LEASE_MS);
    if (!row) return;
    try {
      const found = await findIncidentById(deps.db, incidentId);
      if (!found?.channelId) return;
      const incident = toIncident(found);
      let current = row;
      if (!current.channelTs) {
        const key = `statuspage:${row.id}`;
        const seen = recovering
          ? await deps.chat.findPosted(incident.channelId!, key).catch(() => undefined)
          : undefined;
        const ts = seen ?? (await deps.chat.post(incident.channelId!, recordNotice(deps, incident, current), { key }));
        current = await setPublicationRecord(deps.db, row.id, ts);
      }
      if (current.statuspageState !== 'pending') continue;
      current = await sendToStatuspage(deps, found, current);
      await deps.chat
        .update(incident.channelId!, current.channelTs!, recordNotice(deps, incident, current))
        .catch((err: unknown) =>
          deps.logger.warn(
            { err, module: 'status-page', publicationId: row.id },
            'could not redraw the publication record',
          ),
        );
      if (current.statuspageState === 'failed') return;
    } finally {
      await releasePublication(deps.db, row.id);
    }
  }
}

/** The delivery job: publications a crash (or a replica stopping) left unfinished. */
export async function deliverPendingPublications(deps: ServiceDeps): Promise<void> {
  for (const incidentId of await incidentsWithUndonePublications(deps.db))
    await deliverPublications(deps, incidentId, true).catch((err: unknown) =>
      deps.logger.error(
        { err, module: 'status-page', incidentId },
        'publication delivery failed; the next tick tries again',
      ),
    );
}

export function recordNotice(deps: ServiceDeps, incident: Incident, row: StatusPublicationRow) {
  return { kind: 'status-page-published' as const, incident, publication: publicationView(deps, row) };
}

function publicationView(deps: ServiceDeps, row: StatusPublicationRow): PublicationView {
  const names = new Map(publicServices(deps).map((s) => [s.service, s.component]));
  return {
    id: row.id,
    name: row.name,
    message: row.message,
    phase: row.phase,
    components: Object.entries(row.components)
      .filter(([service, status]) => names.has(service) && (status !== 'operational' || row.phase === 'resolved'))
      .map(([service, status]) => ({ component: names.get(service)!, status })),
    publishedBy: row.publishedBy,
    where: destinations(deps),
    statuspage:
      row.statuspageState === 'none'
        ? null
        : {
            state: row.statuspageState as 'pending' | 'sent' | 'failed',
            error: row.statuspageError,
            attempts: row.statuspageAttempts,
          },
  };
}
