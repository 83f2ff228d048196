import { type Incident, incidentRef } from '../../domain/incident.js';
import type { AlertGroupView } from '../../services/ports.js';
import { ACTIONS } from '../ids.js';
import { actions, button, context, type SlackMessage, section } from './blocks.js';
import { clip, escapeAll, slackLink, slackTime, userRef } from './format.js';

const SOURCE: Record<string, string> = { alertmanager: 'Alertmanager', grafana: 'Grafana', pagerduty: 'PagerDuty' };

/**
 * An alert the routing rules did not declare (or the storm brake held back): what fired, where to
 * look, and a Declare button. Once declared, the button gives way to who declared it and where.
 */
export function buildAlertReceived(group: AlertGroupView, declared?: { by: string; channelId: string }): SlackMessage {
  // Every field is the sender's text: the fallback `text` (notifications) is escaped like the blocks.
  const text = escapeAll(
    `🚨 ${SOURCE[group.source] ?? group.source} alert: ${clip(group.title, 200)} (${group.severity}${group.service ? `, ${clip(group.service, 100)}` : ''})`,
  );
  const link = slackLink(group.generatorUrl, 'Open the alert');
  return {
    text,
    blocks: [
      section(
        `*${text}*${group.description ? `\n${escapeAll(clip(group.description, 2500))}` : ''}${link ? `\n${link}` : ''}`,
      ),
      declared
        ? context(`Declared by ${userRef(declared.by)}: <#${declared.channelId}>`)
        : actions('alert_actions', [button('🚨 Declare incident', ACTIONS.declareFromAlert, group.id, 'primary')]),
    ],
  };
}

/** In the incident channel: alerts that stopped firing. Evidence for mitigation, never a resolution. */
export function buildAlertResolved(incident: Incident, alerts: { title: string; endsAt: Date }[]): SlackMessage {
  const names = [...new Set(alerts.map((a) => a.title))];
  const last = alerts.reduce((t, a) => (a.endsAt > t ? a.endsAt : t), alerts[0]!.endsAt);
  const said = escapeAll(clip(names.join(', '), 1500));
  const text = `✅ Alert resolved: ${said} (${slackTime(last)}). If the fix is in, consider \`/incident status mitigated\`; ${incidentRef(incident)} stays open until someone resolves it.`;
  return { text, blocks: [section(text)] };
}
