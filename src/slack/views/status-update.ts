import type { Incident } from '../../domain/incident.js';
import { incidentRef } from '../../domain/incident.js';
import { STATUS_LABEL } from '../../domain/lifecycle.js';
import { severityLabel } from '../../domain/severity.js';
import { renderTemplate } from '../../domain/templates.js';
import type { Notice } from '../../services/ports.js';
import { ACTIONS } from '../ids.js';
import { actions, button, context, type SlackMessage, section } from './blocks.js';
import { escapeText, slackTime, userRef } from './format.js';
import { incidentVars } from './incident-status.js';

type StatusUpdate = Extract<Notice, { kind: 'status-update' }>;

const changesText = (changes: string[]) =>
  changes.length ? changes.map((c) => `• ${c}`).join('\n') : '• No change since the last update';

/**
 * A status update. The automatic one is the configured internal template (with `{changes}` if the
 * template asks for it, else a "since the last update" list after it); a human's words come first
 * with the incident's state under them. SEV0/SEV1 always say when the next update comes.
 */
export function buildStatusUpdate(n: StatusUpdate, template: string): SlackMessage {
  const vars = { ...incidentVars(n.incident, n.roles, n.nextUpdateAt), changes: changesText(n.changes) };
  const next = n.nextUpdateAt ? `Next update: ${slackTime(n.nextUpdateAt)}` : undefined;
  if (n.text === undefined) {
    const body = renderTemplate(template, vars);
    const since = template.includes('{changes}') ? [] : [`*Since the last update*\n${vars.changes}`];
    const text = [`📣 Status update · ${incidentRef(n.incident)}`, body, ...since].join('\n');
    return { text, blocks: [section(text, 'status_update'), context('Automatic update: nobody posted one in time.')] };
  }
  const state = `${severityLabel(n.incident.severity)} · ${STATUS_LABEL[n.incident.status]} · IC ${userRef(n.roles.ic)}`;
  const text = [
    `📣 Status update · ${incidentRef(n.incident)}: ${escapeText(n.incident.title)}`,
    escapeText(n.text),
    state,
    ...(next ? [next] : []),
  ].join('\n');
  return {
    text,
    blocks: [section(text, 'status_update'), context(`Posted by ${userRef(n.authorId)}`)],
  };
}

/**
 * The customer-facing text, shown in the channel as what a status page would say (kept apart in
 * storage). With the status page set up, it offers to publish it (through the form, by the comms lead or IC).
 */
export function buildCustomerUpdate(text: string, authorId: string, statusUpdateId?: string): SlackMessage {
  const body = `🌐 *Customer-facing update* (what a status page would publish)\n>${escapeText(text).replace(/\n/g, '\n>')}`;
  return {
    text: `🌐 Customer-facing update: ${escapeText(text)}`,
    blocks: [
      section(body, 'customer_update'),
      context(`by ${userRef(authorId)}`),
      ...(statusUpdateId
        ? [
            actions('customer_update_actions', [
              button('Publish to status page', ACTIONS.openStatusPage, statusUpdateId),
            ]),
          ]
        : []),
    ],
  };
}

/** Before an update is due: the comms lead (or the IC) is asked, with a button to the update form. */
export function buildUpdateReminder(incident: Incident, mention: string[], dueAt: Date, missed: boolean): SlackMessage {
  const who = mention.length ? mention.map((u) => userRef(u)).join(' ') : '<!here>';
  const late = missed ? ' The last update was missed and had to be posted automatically.' : '';
  const text = `⏰ ${who} a status update for ${incidentRef(incident)} is due ${slackTime(dueAt)}.${late} If nobody posts one, I will post the template.`;
  return {
    text,
    blocks: [
      section(text, 'update_reminder'),
      actions('update_reminder_actions', [button('Post update', ACTIONS.postUpdate, incident.id, 'primary')]),
    ],
  };
}
