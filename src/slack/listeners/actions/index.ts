import type { App } from '@slack/bolt';
import type { ListenerContext } from '../../context.js';
import { ACTIONS } from '../../ids.js';
import { handleRetryDeclaration } from './retry-declaration.js';

export function registerActions(app: App, ctx: ListenerContext): void {
  app.action(ACTIONS.retryDeclaration, handleRetryDeclaration(ctx));
}
