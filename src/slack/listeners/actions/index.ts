import type { App } from '@slack/bolt';
import type { ListenerContext } from '../../context.js';
import { ACTIONS } from '../../ids.js';
import { handleCloseActionItem, handleRetryTracker } from './action-items.js';
import { handleDeclareFromAlert } from './declare-from-alert.js';
import { handleDeclareFromHome } from './declare-from-home.js';
import { handleOpenUpdate } from './open-update.js';
import {
  handleApprove,
  handleChooseTarget,
  handleEnable,
  handleMarkMitigated,
  handleReject,
  handleRollBack,
  handleStopButton,
} from './proposals.js';
import { handleRetryDeclaration } from './retry-declaration.js';
import { handlePageOnCall, handleRetryPage } from './retry-page.js';
import { handleOpenStatusPage, handleRetryPublication } from './status-page.js';
import { handleAssignIc, handleTakeIc, handleTakeRole } from './take-role.js';
import { handleTrustComment, handleTrustScore } from './trust-survey.js';

export function registerActions(app: App, ctx: ListenerContext): void {
  app.action(ACTIONS.retryDeclaration, handleRetryDeclaration(ctx));
  app.action(ACTIONS.takeIc, handleTakeIc(ctx));
  app.action(ACTIONS.assignIc, handleAssignIc(ctx));
  app.action(ACTIONS.declareFromHome, handleDeclareFromHome(ctx));
  app.action(ACTIONS.postUpdate, handleOpenUpdate(ctx));
  app.action(ACTIONS.approveProposal, handleApprove(ctx));
  app.action(ACTIONS.rejectProposal, handleReject(ctx));
  app.action(ACTIONS.stopAutomation, handleStopButton(ctx));
  app.action(ACTIONS.enableAutomation, handleEnable(ctx));
  app.action(ACTIONS.rollBackProposal, handleRollBack(ctx));
  app.action(ACTIONS.chooseProposalTarget, handleChooseTarget(ctx));
  app.action(ACTIONS.markMitigated, handleMarkMitigated(ctx));
  app.action(ACTIONS.declareFromAlert, handleDeclareFromAlert(ctx));
  app.action(new RegExp(`^${ACTIONS.takeRole}:`), handleTakeRole(ctx));
  app.action(new RegExp(`^${ACTIONS.retryPage}:`), handleRetryPage(ctx));
  app.action(ACTIONS.pageOnCall, handlePageOnCall(ctx));
  app.action(new RegExp(`^${ACTIONS.trustScore}:`), handleTrustScore(ctx));
  app.action(ACTIONS.trustComment, handleTrustComment(ctx));

  app.action(ACTIONS.openStatusPage, handleOpenStatusPage(ctx));
  app.action(ACTIONS.retryPublication, handleRetryPublication(ctx));
  app.action(ACTIONS.closeActionItem, handleCloseActionItem(ctx));
  app.action(ACTIONS.retryTracker, handleRetryTracker(ctx));
}
