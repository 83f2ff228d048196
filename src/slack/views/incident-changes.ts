import type { Incident } from '../../domain/incident.js';
import { incidentRef } from '../../domain/incident.js';
import { type IncidentStatus, STATUS_LABEL } from '../../domain/lifecycle.js';
import { countOf } from '../../domain/plural.js';
import { ROLE_DUTIES, ROLE_NAME, type Role } from '../../domain/roles.js';
import { type Severity, severityLabel } from '../../domain/severity.js';
import { context, type SlackMessage, section } from './blocks.js';
import { channelRef, escapeText, slackTime, userRef } from './format.js';

/** One announcement line plus who did it: the shape of every in-channel change notice. */
function change(text: string, actorId: string, blockId: string): SlackMessage {
  return { text, blocks: [section(text, blockId), context(`by ${userRef(actorId)}`)] };
}

export function buildRoleAssigned(role: Role, from: string | undefined, to: string, actorId: string): SlackMessage {
  const name = role === 'ic' ? 'IC' : ROLE_NAME[role];
  const text = from ? `🔁 ${name} handed from <@${from}> to <@${to}>` : `👤 <@${to}> is now ${name}`;
  return change(text, actorId, 'role_assigned');
}

/** The ephemeral card a new role holder gets: what the role owns. */
export function buildRoleCard(incident: Incident, role: Role): SlackMessage {
  const text = `You are the ${ROLE_NAME[role]} of ${incidentRef(incident)}. ${ROLE_DUTIES[role]}`;
  return {
    text,
    blocks: [
      section(
        `*You are the ${ROLE_NAME[role]}* of ${incidentRef(incident)}: ${escapeText(incident.title)}`,
        'role_card',
      ),
      section(ROLE_DUTIES[role], 'role_duties'),
    ],
  };
}

export function buildSeverityChanged(incident: Incident, from: Severity, actorId: string): SlackMessage {
  const arrow = incident.severity < from ? '⬆️ Escalated' : '⬇️ Downgraded';
  const next = incident.nextUpdateAt ? ` Next update ${slackTime(incident.nextUpdateAt)}.` : '';
  return change(
    `${arrow}: ${severityLabel(from)} → ${severityLabel(incident.severity)}.${next}`,
    actorId,
    'severity_changed',
  );
}

/** Broadcast when an incident becomes SEV0/SEV1: more people need to know. */
export function buildSeverityEscalated(incident: Incident, from: Severity, actorId: string): SlackMessage {
  const text = `⬆️ ${incidentRef(incident)} escalated ${severityLabel(from)} → ${severityLabel(incident.severity)}: ${escapeText(incident.title)} — ${channelRef(incident.channelId, incident.channelName)}`;
  return change(text, actorId, 'severity_escalated');
}

export function buildStatusChanged(incident: Incident, from: IncidentStatus, actorId: string): SlackMessage {
  return change(`🔄 Status: ${STATUS_LABEL[from]} → *${STATUS_LABEL[incident.status]}*`, actorId, 'status_changed');
}

export function buildReopened(incident: Incident, actorId: string): SlackMessage {
  return change(`♻️ ${incidentRef(incident)} reopened: back to ${STATUS_LABEL[incident.status]}`, actorId, 'reopened');
}

export function buildNoteAdded(text: string, actorId: string): SlackMessage {
  return {
    text: `📝 Note: ${escapeText(text)}`,
    blocks: [section(`📝 *Note:* ${escapeText(text)}`, 'note'), context(`by ${userRef(actorId)}`)],
  };
}

export function buildIcReminder(incident: Incident, minutes: number): SlackMessage {
  const text = `⏰ Nobody has taken IC of ${incidentRef(incident)} for ${countOf(minutes, 'minute')}. Someone: \`/incident ic @you\`, or use the buttons on the first message.`;
  return { text, blocks: [section(`<!here> ${text}`, 'ic_reminder')] };
}
