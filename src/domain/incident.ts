import type { IncidentStatus } from './lifecycle.js';
import type { Role } from './roles.js';
import type { Severity } from './severity.js';

/** An incident as the rules and the views see it (no storage details). */
export interface Incident {
  id: string;
  number: number;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  impact: string | null;
  description: string | null;
  services: string[];
  isPrivate: boolean;
  isDrill: boolean;
  resolution: string | null;
  summary: string | null;
  /** The alert that declared it (a link people can open), when it came from alert intake. */
  sourceUrl: string | null;
  /** The alert source that declared it (alertmanager, grafana, pagerduty); null when a person did. */
  declaredFrom: string | null;
  /** The alert source it came from, whoever declared it (absent on incidents built by hand in tests). */
  alertSource?: string | null;
  declaredBy: string;
  channelId: string | null;
  channelName: string | null;
  /** The first status message, redrawn when the IC is found. */
  statusMessageTs: string | null;
  nextUpdateAt: Date | null;
  lastUpdateAt: Date | null;
  /** Break-glass: while set, nothing is proposed or executed for this incident. */
  automationStoppedAt: Date | null;
  declaredAt: Date;
  acknowledgedAt: Date | null;
  identifiedAt: Date | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
}

/** Current role holders of one incident. */
export type RoleHolders = Partial<Record<Role, string>>;

/** `INC-42`: how people refer to an incident in conversation. */
export const incidentRef = (i: Pick<Incident, 'number'>): string => `INC-${i.number}`;
