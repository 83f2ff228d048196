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
  chooseProposalTarget: 'proposal_target',
  declareFromAlert: 'alert_declare',
  /** Followed by `:<page id>`: one Retry per failed page in the same message. */
  retryPage: 'page_retry',
  pageOnCall: 'page_on_call',
  markMitigated: 'status_mitigated',
  /** Followed by `:<score>` (0–10): one button per answer of the trust survey; the value is the survey id. */
  trustScore: 'trust_score',
  trustComment: 'trust_comment',

  /** On a customer-facing update: the status page form, prefilled with that text. */
  openStatusPage: 'statuspage_open',
  retryPublication: 'statuspage_retry',
  /** value: the action item id. */
  closeActionItem: 'action_item_done',
  retryTracker: 'tracker_retry',
} as const;

/** A trust-survey answer button's action id: `trust_score:<0-10>` (action ids must differ within a block). */
export const trustScore = {
  encode: (score: number): string => `${ACTIONS.trustScore}:${score}`,
  parse: (actionId: string): number | undefined => {
    const m = /^trust_score:(\d{1,2})$/.exec(actionId);
    return m ? Number(m[1]) : undefined;
  },
};

/** A proposal's target choice travels as one select option value: `<proposal id>:<service>`. */
export const proposalTarget = {
  encode: (proposalId: string, service: string): string => `${proposalId}:${service}`,
  parse: (value: string): { proposalId: string; service: string } | undefined => {
    const at = value.indexOf(':');
    return at > 0 ? { proposalId: value.slice(0, at), service: value.slice(at + 1) } : undefined;
  },
};

export const VIEWS = {
  declare: 'declare_incident',
  statusUpdate: 'status_update',
  rejectProposal: 'proposal_reject_reason',
  actionItem: 'action_item',
  trustComment: 'trust_survey_comment',

  statusPage: 'status_page_publish',
} as const;

/** Block and action ids of the status page form; a component's select is `component:<service>`. */
export const STATUS_PAGE_FIELDS = {
  name: 'public_name',
  message: 'public_message',
  phase: 'public_phase',
  componentPrefix: 'component:',
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
