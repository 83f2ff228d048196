import type { App } from '@slack/bolt';
import type { ListenerContext } from '../../context.js';
import { VIEWS } from '../../ids.js';
import { handleActionItemSubmission } from './action-item-submission.js';
import { handleDeclareSubmission } from './declare-submission.js';
import { handleRejectSubmission } from './reject-submission.js';
import { handleStatusPageSubmission } from './status-page-submission.js';
import { handleTrustCommentSubmission } from './trust-comment-submission.js';
import { handleUpdateSubmission } from './update-submission.js';

export function registerViews(app: App, ctx: ListenerContext): void {
  app.view(VIEWS.declare, handleDeclareSubmission(ctx));
  app.view(VIEWS.statusUpdate, handleUpdateSubmission(ctx));
  app.view(VIEWS.rejectProposal, handleRejectSubmission(ctx));
  app.view(VIEWS.actionItem, handleActionItemSubmission(ctx));
  app.view(VIEWS.trustComment, handleTrustCommentSubmission(ctx));

  app.view(VIEWS.statusPage, handleStatusPageSubmission(ctx));
}
