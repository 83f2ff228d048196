import { incidentRef } from '../../domain/incident.js';
import { STATUS_LABEL } from '../../domain/lifecycle.js';
import { severityLabel } from '../../domain/severity.js';
import type { IncidentListing } from '../../services/list-incidents.js';
import { context, type SlackMessage, section } from './blocks.js';
import { channelRef, escapeText, userRef } from './format.js';

/** `/incident list`: one line per open incident, newest first. Private incidents are only counted. */
export function buildIncidentList({ incidents, privateCount }: IncidentListing): SlackMessage {
  const lines = incidents.map(
    ({ incident: i, roles }) =>
      `• *${severityLabel(i.severity)}* ${channelRef(i.channelId, i.channelName)} ${escapeText(i.title)} · ${STATUS_LABEL[i.status]} · IC ${userRef(roles.ic)} · ${incidentRef(i)}${i.isDrill ? ' · 🧪 drill' : ''}`,
  );
  const privateLine = privateCount ? [`…and ${privateCount} private incident${privateCount === 1 ? '' : 's'}.`] : [];
  const text = incidents.length
    ? `Open incidents (${incidents.length + privateCount})\n${lines.join('\n')}`
    : privateCount
      ? 'No open public incidents.'
      : 'No open incidents. 🎉';
  return {
    text: [text, ...privateLine].join('\n'),
    blocks: [section(text, 'incident_list'), ...(privateLine.length ? [context(privateLine[0]!)] : [])],
  };
}
