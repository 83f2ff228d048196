/**
 * apps.connections.open: the Socket Mode handshake. Takes the app-level token (xapp-), not the bot token,
 * and answers a one-time WebSocket URL on the emulator's own port.
 */
import { defineMethod, type MethodContext } from '../method.js';

export const appsConnectionsOpen = defineMethod({
  name: 'apps.connections.open',
  token: 'app',
  errors: [],
  handle(ctx: MethodContext) {
    const ticket = ctx.core.socketTickets.issue();
    const base = ctx.core.baseUrl.replace(/^http/, 'ws');
    // Slack answers wss://wss-primary.slack.com/link/?ticket=…&app_id=…; the emulator is plain ws on 127.0.0.1.
    return { url: `${base}/link/?ticket=${ticket}&app_id=${ctx.config.appId}` };
  },
});
