import { once } from 'node:events';
import type { Server } from 'node:http';
import {
  App,
  type CustomRoute,
  HTTPReceiver,
  type Receiver,
  SocketModeReceiver,
  type SocketModeReceiverOptions,
} from '@slack/bolt';
import type { Env } from '../config/env.js';
import { toSlackLogger } from '../observability/bolt-logger.js';
import type { Inflight } from '../observability/inflight.js';
import { wasLogged } from '../observability/logged-errors.js';
import type { Logger } from '../observability/logger.js';
import { socketModeClientOptions, webClientOptions } from './client-options.js';
import type { ListenerContext } from './context.js';
import { type InboxOptions, installInbox, type SlackInbox } from './inbox/install-inbox.js';
import { registerListeners } from './listeners/index.js';

export interface SlackAppOptions {
  env: Env;
  botToken: string;
  botId: string;
  botUserId: string;
  port: number;
  routes: CustomRoute[];
  listeners: ListenerContext;
  logger: Logger;
  /** Counts every listener run, so shutdown can wait for the slow work after an ack. */
  inflight: Inflight;
  /** The durable inbox: every request stored before its ack (see inbox/install-inbox.ts). */
  inbox: Omit<InboxOptions, 'logger' | 'inflight'>;
}

/**
 * The Bolt app: HTTP mode (Slack-signed POST /slack/events) or Socket Mode when SLACK_APP_TOKEN is
 * set; our own routes (src/http/: /healthz, /metrics, webhooks) are served in both. botId and botUserId come
 * from the start-up auth.test, so Bolt never calls it lazily inside a request's 3-second window.
 */
export function createSlackApp(opts: SlackAppOptions): { app: App; inbox: SlackInbox } {
  const slackLogger = toSlackLogger(opts.logger);
  const receiver = createReceiver(opts, slackLogger);
  const app = new App({
    token: opts.botToken,
    botId: opts.botId,
    botUserId: opts.botUserId,
    receiver,
    logger: slackLogger,
    clientOptions: webClientOptions(opts.env.SLACK_API_URL),
    // Our own posts in incident channels belong in the timeline (as bot events), so we see them too.
    ignoreSelf: false,
    // Bolt's conversation store is unused here; by default it looks every request's channel up in memory
    // and builds an Error (with its stack) for each miss.
    convoStore: false,
  });
  // Before any other middleware: nothing is acknowledged or processed until it is stored.
  const inbox = installInbox(app, { ...opts.inbox, logger: opts.logger, inflight: opts.inflight });
  // A listener chain resolves only when its handler's work after the ack is done.
  app.use(({ next }) => opts.inflight.track(next));
  registerListeners(app, opts.listeners);
  app.error(async (error) => {
    // Platform, rate-limit and HTTP errors from the Web API, or a bug in a listener: all logged, none
    // silent, and once — the error mapper has already logged a listener's bug with its context.
    if (wasLogged(error)) return;
    opts.logger.error({ err: error, code: (error as { code?: string }).code }, 'unhandled error in a Slack listener');
  });
  return { app, inbox };
}

function createReceiver(opts: SlackAppOptions, logger: ReturnType<typeof toSlackLogger>): Receiver {
  if (opts.env.SLACK_APP_TOKEN) {
    return new ListeningSocketModeReceiver({
      appToken: opts.env.SLACK_APP_TOKEN,
      logger,
      customRoutes: opts.routes,
      // The Web API options reach the Socket Mode client through installerOptions.clientOptions: without them
      // apps.connections.open goes to slack.com whatever SLACK_API_URL says (GovSlack, a proxy, the emulator).
      installerOptions: { port: opts.port, clientOptions: socketModeClientOptions(opts.env.SLACK_API_URL) },
    });
  }
  return new HTTPReceiver({
    signingSecret: opts.env.SLACK_SIGNING_SECRET!,
    endpoints: '/slack/events',
    logger,
    customRoutes: opts.routes,
    // Ack is sent as soon as a listener calls ack(); the slow work continues after the response.
    processBeforeResponse: false,
  });
}

/**
 * Bolt's SocketModeReceiver serves our routes (/healthz, /metrics, webhooks) on its own HTTP server, but
 * calls listen() without waiting for it or reporting errors, and its start() answers the Socket Mode
 * handshake instead of the server. This wrapper starts like the HTTPReceiver: resolved with the routes'
 * server once the socket said hello and the routes listen (so PORT=0 can be read back), rejected if the
 * port is taken; stop() waits for both to close.
 */
class ListeningSocketModeReceiver implements Receiver {
  private readonly inner: SocketModeReceiver;

  constructor(options: SocketModeReceiverOptions) {
    this.inner = new SocketModeReceiver(options);
  }

  init(app: App): void {
    this.inner.init(app);
  }

  async start(): Promise<Server> {
    const server = this.routesServer();
    if (!server) throw new Error('Socket Mode receiver built without routes: nothing would serve /healthz');
    const listening = once(server, 'listening');
    const connected = this.inner.start();
    try {
      await listening;
    } catch (error) {
      // Port taken: do not leave a live socket behind a process that failed to start.
      connected.catch(() => undefined);
      await this.inner.client.disconnect();
      throw error;
    }
    try {
      await connected;
    } catch (error) {
      // apps.connections.open refused (a bad app token): nothing left listening either.
      await closeServer(server);
      throw error;
    }
    return server;
  }

  async stop(): Promise<void> {
    await Promise.all([closeServer(this.routesServer()), this.inner.client.disconnect()]);
  }

  /** Bolt builds it (for custom routes) but declares it private. */
  private routesServer(): Server | undefined {
    return (this.inner as unknown as { httpServer?: Server }).httpServer;
  }
}

function closeServer(server: Server | undefined): Promise<void> {
  if (!server?.listening) return Promise.resolve();
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
