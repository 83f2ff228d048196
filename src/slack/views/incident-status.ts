import type { Incident, RoleHolders } from '../../domain/incident.js';
import { incidentRef } from '../../domain/incident.js';
import { STATUS_LABEL } from '../../domain/lifecycle.js';
import { severityLabel } from '../../domain/severity.js';
import { DEFAULT_TEMPLATES, renderTemplate, type TemplateVars } from '../../domain/templates.js';
import { ACTIONS } from '../ids.js';
import { button, context, type SlackMessage, section } from './blocks.js';
import { channelRef, escapeText, slackLink, slackTime, userRef } from './format.js';

/** The slots of docs/templates.md's templates, filled for Slack (mentions, channel links, local times). */
export function incidentVars(incident: Incident, roles: RoleHolders, nextUpdateAt: Date | null): TemplateVars {
  return {
    title: escapeText(incident.title),
    ref: incidentRef(incident),
    severity: severityLabel(incident.severity),
    status: STATUS_LABEL[incident.status],
    impact: escapeText(incident.impact ?? 'Being assessed'),
    ic: userRef(roles.ic),
    channel: channelRef(incident.channelId, incident.channelName),
    ...(nextUpdateAt && { next_update: slackTime(nextUpdateAt) }),
  };
}

// With their article: "declared from an Alertmanager alert".
const FROM_ALERT: Record<string, string> = {
  alertmanager: 'an Alertmanager alert',
  grafana: 'a Grafana alert',
  pagerduty: 'a PagerDuty incident',
};

/** Who or what declared it, and the alert's link when there is one. */
function declaredLine(incident: Incident): string {
  const alert = slackLink(incident.sourceUrl, 'open the alert');
  const link = alert ? `: ${alert}` : '';
  return incident.declaredFrom
    ? `${incidentRef(incident)} declared from ${FROM_ALERT[incident.declaredFrom] ?? 'an alert'}${link}`
    : `${incidentRef(incident)} declared by ${userRef(incident.declaredBy)}${link ? ` from an alert${link}` : ''}`;
}

/** The first status message in the incident channel: docs/templates.md's internal first notification. */
export function buildIncidentOpened(
  incident: Incident,
  roles: RoleHolders,
  nextUpdateAt: Date | null,
  template: string = DEFAULT_TEMPLATES.internal,
): SlackMessage {
  const body = renderTemplate(template, incidentVars(incident, roles, nextUpdateAt));
  const text = incident.isDrill ? `🧪 DRILL (practice incident)\n${body}` : body;
  const notes = [
    declaredLine(incident),
    ...(incident.isDrill ? ['🧪 *Drill*: a practice incident'] : []),
    ...(incident.isPrivate ? ['🔒 Private incident'] : []),
  ];
  return {
    text,
    blocks: [
      section(text, 'incident_status'),
      context(notes.join(' · ')),
      // Until someone is IC, the declarer is asked right here: no extra message, no extra call.
      ...(roles.ic
        ? []
        : [
            section(
              incident.declaredFrom
                ? 'Who is the Incident Commander? Take it, or assign it.'
                : `${userRef(incident.declaredBy)}, who is the Incident Commander?`,
              'ic_prompt',
            ),
            {
              type: 'actions' as const,
              block_id: 'ic_actions',
              elements: [
                button("I'll be IC", ACTIONS.takeIc, incident.id, 'primary'),
                {
                  type: 'users_select' as const,
                  action_id: ACTIONS.assignIc,
                  placeholder: { type: 'plain_text' as const, text: 'Assign IC to…' },
                },
              ],
            },
          ]),
    ],
  };
}
