import type { Incident, RoleHolders } from './incident.js';
import { STATUS_LABEL } from './lifecycle.js';
import { severityLabel } from './severity.js';

/** What the channel topic says about an incident; `slack/views/topic.ts` writes it for Slack. */
export interface IncidentTopic {
  drill: boolean;
  /** `SEV1` */
  severity: string;
  /** `Investigating` */
  status: string;
  /** The IC's user id, or null while nobody holds the role. */
  icId: string | null;
  /** As the person typed it (text, not markup). */
  title: string;
}

/** `SEV1 · Investigating · IC @bob · title`: the channel topic's facts, kept in sync with the incident. */
export function incidentTopic(
  incident: Pick<Incident, 'severity' | 'status' | 'isDrill' | 'title'>,
  roles: RoleHolders,
): IncidentTopic {
  return {
    drill: incident.isDrill,
    severity: severityLabel(incident.severity),
    status: STATUS_LABEL[incident.status],
    icId: roles.ic ?? null,
    title: incident.title,
  };
}
