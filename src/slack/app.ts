import { App, type CustomRoute, HTTPReceiver, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { Env } from '../config/env.js';
import { toSlackLogger } from '../observability/bolt-logger.js';
import type { Inflight } from '../observability/inflight.js';
import type { Logger } from '../observability/logger.js';
import { webClientOptions } from './client-options.js';
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
 * set; our own routes (/healthz, /metrics, webhooks) are served in both. botId and botUserId come
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
  });
  // Before any other middleware: nothing is acknowledged or processed until it is stored.
  const inbox = installInbox(app, { ...opts.inbox, logger: opts.logger, inflight: opts.inflight });
  // A listener chain resolves only when its handler's work after the ack is done.
  app.use(({ next }) => opts.inflight.track(next));
  registerListeners(app, opts.listeners);
  app.error(async (error) => {
    // Platform, rate-limit and HTTP errors from the Web API, or a bug in a listener: all logged, none silent.
    opts.logger.error({ err: error, code: (error as { code?: string }).code }, 'unhandled error in a Slack listener');
  });
  return { app, inbox };
}

function createReceiver(opts: SlackAppOptions, logger: ReturnType<typeof toSlackLogger>): Receiver {
  if (opts.env.SLACK_APP_TOKEN) {
    return new SocketModeReceiver({
      appToken: opts.env.SLACK_APP_TOKEN,
      logger,
      customRoutes: opts.routes,
      installerOptions: { port: opts.port },
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
