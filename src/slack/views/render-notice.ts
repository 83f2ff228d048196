import type { TemplateName } from '../../domain/templates.js';
import type { Notice } from '../../services/ports.js';
import { buildActionItemClosed, buildTrackerProblem } from './action-item-tracker.js';
import { buildAlertReceived, buildAlertResolved } from './alerts.js';
import type { SlackMessage } from './blocks.js';
import { buildDigestMessage } from './digest.js';
import {
  buildActionItemAdded,
  buildActionItemAssigned,
  buildActionItemOverdue,
  buildPostmortemPublished,
  buildPostmortemReminder,
} from './follow-up.js';
import { clip } from './format.js';
import { buildIncidentAnnounced } from './incident-announced.js';
import {
  buildIcReminder,
  buildNoteAdded,
  buildReopened,
  buildRoleAssigned,
  buildRoleCard,
  buildSeverityChanged,
  buildSeverityEscalated,
  buildStatusChanged,
} from './incident-changes.js';
import { buildIncidentResolved } from './incident-resolved.js';
import { buildIncidentOpened } from './incident-status.js';
import { buildPagedPerson, buildPaging } from './paging.js';
import {
  buildAnalysisSummary,
  buildAutomationEnabled,
  buildAutomationStopped,
  buildProposal,
  buildRemediationUnconfirmed,
} from './proposal.js';
import { buildPublicationRecord } from './status-page.js';
import { buildCustomerUpdate, buildStatusUpdate, buildUpdateReminder } from './status-update.js';
import { buildTrustSurvey } from './trust-survey.js';
import { buildRegressed, buildVerified } from './verification.js';

/** What rendering needs from configuration. */
export interface RenderOptions {
  templates: Record<TemplateName, string>;
  /** `status_page` is configured: customer-facing updates offer "Publish to status page". */
  statusPage?: boolean;
}

// The fallback `text` is for notifications and old clients; Slack refuses past 40,000 characters, and
// text people wrote (a note, an update) can come close with the words around it.
const FALLBACK_MAX = 3000;

/** Draws a service's notice with its builder. Exhaustive: a new notice kind without a builder fails to compile. */
export function renderNotice(notice: Notice, opts: RenderOptions): SlackMessage {
  const message = draw(notice, opts);
  return { ...message, text: clip(message.text, FALLBACK_MAX) };
}

function draw(notice: Notice, opts: RenderOptions): SlackMessage {
  switch (notice.kind) {
    case 'incident-opened':
      return buildIncidentOpened(notice.incident, notice.roles, notice.nextUpdateAt, opts.templates.internal);
    case 'incident-announced':
      return buildIncidentAnnounced(notice.incident, notice.roles);
    case 'role-assigned':
      return buildRoleAssigned(notice.role, notice.from, notice.to, notice.actorId);
    case 'role-card':
      return buildRoleCard(notice.incident, notice.role);
    case 'severity-changed':
      return buildSeverityChanged(notice.incident, notice.from, notice.actorId);
    case 'severity-escalated':
      return buildSeverityEscalated(notice.incident, notice.from, notice.actorId);
    case 'status-changed':
      return buildStatusChanged(notice.incident, notice.from, notice.actorId);
    case 'incident-resolved':
      return buildIncidentResolved(notice.incident, notice.roles, notice.actorId, opts.templates.resolution);
    case 'incident-reopened':
      return buildReopened(notice.incident, notice.actorId);
    case 'note-added':
      return buildNoteAdded(notice.text, notice.actorId);
    case 'ic-reminder':
      return buildIcReminder(notice.incident, notice.minutes);
    case 'status-update':
      return buildStatusUpdate(notice, opts.templates.internal);
    case 'customer-update':
      return buildCustomerUpdate(notice.text, notice.authorId, opts.statusPage ? notice.statusUpdateId : undefined);
    case 'status-page-published':
      return buildPublicationRecord(notice.publication);
    case 'update-reminder':
      return buildUpdateReminder(notice.incident, notice.mention, notice.dueAt, notice.missed);
    case 'remediation-proposal':
      return buildProposal(notice.proposal);
    case 'analysis-summary':
      return buildAnalysisSummary(notice);
    case 'remediation-verified':
      return buildVerified(notice);
    case 'remediation-regressed':
      return buildRegressed(notice);
    case 'automation-stopped':
      return buildAutomationStopped(notice.actorId, notice.cancelled);
    case 'automation-enabled':
      return buildAutomationEnabled(notice.actorId);
    case 'remediation-unconfirmed':
      return buildRemediationUnconfirmed(notice.runbookTitle, notice.reason);
    case 'action-item-added':
      return buildActionItemAdded(notice.item, notice.actorId);
    case 'action-item-assigned':
      return buildActionItemAssigned(notice.incident, notice.item, notice.actorId);
    case 'action-item-overdue':
      return buildActionItemOverdue(notice.incident, notice.item);
    case 'action-item-closed':
      return buildActionItemClosed(notice.item, notice.actorId);
    case 'tracker-problem':
      return buildTrackerProblem(notice.item, notice.tracker);
    case 'postmortem-reminder':
      return buildPostmortemReminder(notice.incident, notice.dueAt);
    case 'postmortem-published':
      return buildPostmortemPublished(notice.summary);
    case 'alert-received':
      return buildAlertReceived(notice.group, notice.declared);
    case 'alert-resolved':
      return buildAlertResolved(notice.incident, notice.alerts);
    case 'paging':
      return buildPaging(notice.incident, notice.pages);
    case 'paged-person':
      return buildPagedPerson(notice.incident, notice.actorId);
    case 'trust-survey':
      return buildTrustSurvey(notice);
    case 'digest':
      return buildDigestMessage(notice.digest, {
        title: notice.title,
        periodLabel: notice.periodLabel,
        ...(notice.definitionsUrl && { definitionsUrl: notice.definitionsUrl }),
      });
  }
}
