export const ROLES = ['ic', 'comms', 'ops', 'scribe'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAME: Record<Role, string> = {
  ic: 'Incident Commander',
  comms: 'Communications lead',
  ops: 'Operations lead',
  scribe: 'Scribe',
};

/** What each role owns (docs/domain.md), shown on the holder's role card. */
export const ROLE_DUTIES: Record<Role, string> = {
  ic: 'You own the resolution: make decisions, break ties, change severity, call the end. You do not debug.',
  comms: 'You own the status cadence and the stakeholder and customer-facing updates.',
  ops: 'Hands on keyboard: you execute fixes and approve remediations with the IC.',
  scribe: 'You own the timeline: record actions, decisions and evidence as they happen.',
};

export const isRole = (t: string): t is Role => (ROLES as readonly string[]).includes(t);
