import type { App } from '@slack/bolt';
import type { ListenerContext } from '../../context.js';
import { handleIncidentCommand } from './incident.js';

export function registerCommands(app: App, ctx: ListenerContext): void {
  app.command('/incident', handleIncidentCommand(ctx));
}
