/**
 * What customers see: the public phase of an incident and each public component's status, with the
 * names Atlassian Statuspage uses (so one publication means the same on the built-in page and there).
 */
export const PUBLIC_PHASES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type PublicPhase = (typeof PUBLIC_PHASES)[number];

/** Best first: the order is how bad it is (the worst status of a day colours its bar). */
export const COMPONENT_STATUSES = [
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const PHASE_LABEL: Record<PublicPhase, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

export const STATUS_LABEL: Record<ComponentStatus, string> = {
  operational: 'Operational',
  under_maintenance: 'Under maintenance',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

export const isPublicPhase = (v: string): v is PublicPhase => (PUBLIC_PHASES as readonly string[]).includes(v);
export const isComponentStatus = (v: string): v is ComponentStatus =>
  (COMPONENT_STATUSES as readonly string[]).includes(v);

const rank = (s: ComponentStatus): number => COMPONENT_STATUSES.indexOf(s);
export const worse = (a: ComponentStatus, b: ComponentStatus): ComponentStatus => (rank(b) > rank(a) ? b : a);
export const worstOf = (all: ComponentStatus[]): ComponentStatus => all.reduce(worse, 'operational');

/** The public phase an incident's internal status suggests, for a first publication. */
export function phaseForStatus(status: string): PublicPhase {
  if (status === 'identified') return 'identified';
  if (status === 'mitigated') return 'monitoring';
  if (status === 'resolved') return 'resolved';
  return 'investigating';
}

/** The overall state in one sentence, from the components' current statuses. */
export function overallState(
  current: ComponentStatus[],
  activeIncidents: number,
): { status: ComponentStatus; text: string } {
  const status = worstOf(current);
  if (status === 'major_outage') return { status, text: 'Major outage' };
  if (status === 'partial_outage') return { status, text: 'Partial outage' };
  if (status === 'degraded_performance') return { status, text: 'Degraded performance' };
  if (status === 'under_maintenance') return { status, text: 'Under maintenance' };
  return {
    status,
    text: activeIncidents ? 'All systems operational; an incident is being handled' : 'All systems operational',
  };
}
