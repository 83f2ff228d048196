import { type Incident, incidentRef } from '../../domain/incident.js';
import type { AlertGroupView } from '../../services/ports.js';
import { ACTIONS } from '../ids.js';
import { actions, button, context, type SlackMessage, section } from './blocks.js';
import { clip, escapeText, slackTime, userRef } from './format.js';

const SOURCE: Record<string, string> = { alertmanager: 'Alertmanager', grafana: 'Grafana', pagerduty: 'PagerDuty' };

/**
 * An alert the routing rules did not declare (or the storm brake held back): what fired, where to
 * look, and a Declare button. Once declared, the button gives way to who declared it and where.
 */
export function buildAlertReceived(group: AlertGroupView, declared?: { by: string; channelId: string }): SlackMessage {
  const text = `🚨 ${SOURCE[group.source] ?? group.source} alert: ${group.title} (${group.severity}${group.service ? `, ${group.service}` : ''})`;
  const link = group.generatorUrl ? `\n<${group.generatorUrl}|Open the alert>` : '';
  return {
    text,
    blocks: [
      section(
        `*${escapeText(text)}*${group.description ? `\n${escapeText(clip(group.description, 2500))}` : ''}${link}`,
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
  const said = escapeText(clip(names.join(', '), 1500));
  const text = `✅ Alert resolved: ${said} (${slackTime(last)}). If the fix is in, consider \`/incident status mitigated\`; ${incidentRef(incident)} stays open until someone resolves it.`;
  return { text, blocks: [section(text)] };
}
