import type { Incident, RoleHolders } from './incident.js';
import { STATUS_LABEL } from './lifecycle.js';
import { severityLabel } from './severity.js';

/** Slack's limit on channel topics. */
export const TOPIC_MAX = 250;

/** `SEV1 · Investigating · IC @bob`: the channel topic, kept in sync with the incident. */
export function incidentTopic(
  incident: Pick<Incident, 'severity' | 'status' | 'isDrill' | 'title'>,
  roles: RoleHolders,
): string {
  const ic = roles.ic ? `IC <@${roles.ic}>` : 'IC unassigned';
  const parts = [
    ...(incident.isDrill ? ['DRILL'] : []),
    severityLabel(incident.severity),
    STATUS_LABEL[incident.status],
    ic,
  ];
  const head = parts.join(' · ');
  const withTitle = `${head} · ${incident.title}`;
  if (withTitle.length <= TOPIC_MAX) return withTitle;
  return `${withTitle.slice(0, TOPIC_MAX - 1)}…`;
}
