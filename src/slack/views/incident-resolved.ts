import { formatDuration } from '../../domain/duration-text.js';
import type { Incident, RoleHolders } from '../../domain/incident.js';
import { incidentRef } from '../../domain/incident.js';
import { DEFAULT_TEMPLATES, renderTemplate } from '../../domain/templates.js';
import { context, type SlackMessage, section } from './blocks.js';
import { escapeText, userRef } from './format.js';

/** docs/templates.md's resolution message, with the real duration from the stored milestones. */
export function buildIncidentResolved(
  incident: Incident,
  roles: RoleHolders,
  actorId: string,
  template: string = DEFAULT_TEMPLATES.resolution,
): SlackMessage {
  const end = incident.resolvedAt ?? new Date();
  const falseAlarm = incident.resolution === 'false_alarm';
  const text = renderTemplate(template, {
    title: escapeText(incident.title),
    duration: formatDuration(end.getTime() - incident.declaredAt.getTime()),
    impact: escapeText(incident.impact ?? 'See the incident channel'),
    root_cause: escapeText(
      incident.summary ?? (falseAlarm ? 'Not an incident (false alarm)' : 'To be established in the postmortem'),
    ),
    postmortem: '`/incident postmortem`',
  });
  return {
    text,
    blocks: [
      section(text, 'incident_resolved'),
      context(`${incidentRef(incident)} resolved by ${userRef(actorId)} · IC ${userRef(roles.ic)}`),
    ],
  };
}
