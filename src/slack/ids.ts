/**
 * Every action_id and callback_id Firebreak puts in Slack, in one place: listeners match on these
 * and builders emit them, so a rename cannot leave a button without a handler.
 */
export const ACTIONS = {
  retryDeclaration: 'declaration_retry',
  takeIc: 'ic_take',
  assignIc: 'ic_assign',
  takeRole: 'role_take',
  declareFromHome: 'home_declare',
  postUpdate: 'update_open',
  approveProposal: 'proposal_approve',
  rejectProposal: 'proposal_reject',
  stopAutomation: 'automation_stop',
  enableAutomation: 'automation_enable',
  rollBackProposal: 'proposal_rollback',
  declareFromAlert: 'alert_declare',
  markMitigated: 'status_mitigated',
} as const;

export const VIEWS = {
  declare: 'declare_incident',
  statusUpdate: 'status_update',
  rejectProposal: 'proposal_reject_reason',
  actionItem: 'action_item',
} as const;

export const SHORTCUTS = {
  addToTimeline: 'add_to_timeline',
} as const;

/** Block and action ids of the declare modal; the submission parser reads the same names. */
export const DECLARE_FIELDS = {
  title: 'title',
  severity: 'severity',
  services: 'services',
  impact: 'impact',
  description: 'description',
  options: 'options',
} as const;
