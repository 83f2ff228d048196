import type { App } from '@slack/bolt';
import type { ListenerContext } from '../../context.js';
import { handleAppHomeOpened } from './app-home.js';
import { handleMessage } from './message.js';
import { handlePinAdded, handleReactionAdded } from './pins-and-reactions.js';

export function registerEvents(app: App, ctx: ListenerContext): void {
  app.event('message', handleMessage(ctx));
  app.event('pin_added', handlePinAdded(ctx));
  app.event('reaction_added', handleReactionAdded(ctx));
  app.event('app_home_opened', handleAppHomeOpened(ctx));
}
