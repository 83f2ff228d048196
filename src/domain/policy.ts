import type { RoleHolders } from './incident.js';

/**
 * Who may do what during an incident (issue rules in one place). Anyone in the channel may
 * declare, add notes, take or hand off roles, change severity and status, resolve — recorded with
 * the actor. Reopening and re-enabling automation belong to the IC; approving a remediation to the
 * IC, the ops lead or a configured approver. Automation can be stopped by anyone (break-glass).
 */
export type Action =
  | 'declare'
  | 'note'
  | 'assign-role'
  | 'change-severity'
  | 'change-status'
  | 'resolve'
  | 'reopen'
  | 'approve-remediation'
  | 'reject-remediation'
  | 'roll-back-remediation'
  | 'stop-automation'
  | 'enable-automation';

export interface PolicyContext {
  actorId: string;
  roles: RoleHolders;
  approvers: readonly string[];
}

/**
 * A refusal's `reason` is plain text; who holds the role it names is an id (`icId`), for the Slack
 * side to name them (domain/ writes no Slack markup).
 */
export type Decision = { allowed: true } | { allowed: false; reason: string; icId?: string };

const ALLOW: Decision = { allowed: true };

export function decide(action: Action, ctx: PolicyContext): Decision {
  const isIc = ctx.roles.ic === ctx.actorId;
  switch (action) {
    case 'reopen':
      return isIc ? ALLOW : icOnly('reopen a resolved incident', ctx.roles.ic);
    case 'enable-automation':
      return isIc ? ALLOW : icOnly('re-enable automation after a STOP', ctx.roles.ic);
    case 'approve-remediation':
    case 'reject-remediation':
    case 'roll-back-remediation': {
      const may = isIc || ctx.roles.ops === ctx.actorId || ctx.approvers.includes(ctx.actorId);
      const verb = {
        'approve-remediation': 'approve',
        'reject-remediation': 'reject',
        'roll-back-remediation': 'roll back',
      }[action];
      return may ? ALLOW : deny(`Only the IC, the ops lead or a configured approver can ${verb} a remediation.`);
    }
    default:
      return ALLOW;
  }
}

const deny = (reason: string): Decision => ({ allowed: false, reason });
const icOnly = (what: string, icId: string | undefined): Decision =>
  icId
    ? { allowed: false, reason: `Only the IC can ${what}.`, icId }
    : deny(`Only the IC, once someone takes the role, can ${what}.`);
