import type { Incident, RoleHolders } from '../../domain/incident.js';
import { incidentRef } from '../../domain/incident.js';
import { STATUS_LABEL } from '../../domain/lifecycle.js';
import { severityLabel } from '../../domain/severity.js';
import { context, type SlackMessage, section } from './blocks.js';
import { channelRef, escapeText, userRef } from './format.js';

/** The broadcast-channel announcement: enough to decide whether to join, nothing more. */
export function buildIncidentAnnounced(incident: Incident, roles: RoleHolders): SlackMessage {
  const sev = severityLabel(incident.severity);
  const title = escapeText(incident.title);
  const channel = channelRef(incident.channelId, incident.channelName);
  // Notifications show only `text`: a drill must say so there too, or people get paged for a practice run.
  const text = `${incident.isDrill ? '🧪 DRILL · ' : ''}🔴 ${sev} incident declared: ${title} — join ${channel}`;
  const drill = incident.isDrill ? ' · 🧪 Drill' : '';
  return {
    text,
    blocks: [
      section(`🔴 *${sev} incident declared:* ${title}\nJoin ${channel} to help.`, 'incident_announced'),
      context(
        `${incidentRef(incident)} · ${STATUS_LABEL[incident.status]} · IC ${userRef(roles.ic)} · declared by ${userRef(incident.declaredBy)}${drill}`,
      ),
    ],
  };
}
