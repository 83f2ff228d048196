import { USAGE } from '../../domain/command.js';
import type { Incident } from '../../domain/incident.js';
import { incidentRef } from '../../domain/incident.js';
import { SEVERITIES, SEVERITY_MEANING, severityLabel } from '../../domain/severity.js';
import { ACTIONS } from '../ids.js';
import { actions, button, context, type SlackMessage, section } from './blocks.js';
import { channelRef, escapeText, userRef } from './format.js';

/** An ephemeral one-liner: refusals, usage, confirmations. */
export function buildNotice(text: string): SlackMessage {
  return { text, blocks: [section(text)] };
}

/** A refusal (a DomainError's sentence), naming the IC when the rule it cites is theirs. */
export function buildRefusal(sentence: string, details?: Record<string, unknown>): SlackMessage {
  const icId = details?.icId;
  return buildNotice(typeof icId === 'string' ? `${sentence} The IC is ${userRef(icId)}.` : sentence);
}

/** What the declarer sees once the incident is open. */
export function buildDeclaredReply(incident: Incident, created: boolean): SlackMessage {
  const channel = channelRef(incident.channelId, incident.channelName);
  const verb = created ? 'declared' : 'was already declared';
  const text = `${incidentRef(incident)} ${verb}: ${escapeText(incident.title)} (${severityLabel(incident.severity)}). Head to ${channel}.`;
  return buildNotice(text);
}

/** A declaration that stopped part-way: what happened, and a button that resumes it (never a second channel). */
export function buildDeclarationFailed(reason: string, incidentId: string): SlackMessage {
  const text = `The incident is recorded but not fully set up. ${reason}`;
  return {
    text,
    blocks: [
      section(`⚠️ ${text}`),
      actions('declaration_retry', [button('Retry setup', ACTIONS.retryDeclaration, incidentId, 'primary')]),
      context('Retrying continues where it stopped; it never opens a second channel.'),
    ],
  };
}

/** `/incident help`. */
export function buildHelp(): SlackMessage {
  const lines = [
    '*Declare and run an incident with `/incident`*',
    ...Object.values(USAGE).map((u) => `• ${u}`),
    '',
    '*Severities*',
    ...SEVERITIES.map((s) => `• *${severityLabel(s)}*: ${SEVERITY_MEANING[s]}`),
  ];
  const text = lines.join('\n');
  return { text, blocks: [section(text, 'help')] };
}
