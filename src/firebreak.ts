import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { WebClient } from '@slack/web-api';
import { createModelClient } from './ai/model-engine.js';
import { createPostmortemWriter } from './ai/postmortem/writer.js';
import { ConfigError } from './config/env.js';
import type { Config } from './config/load.js';
import { type Database, openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { createPagingProviders } from './integrations/paging/index.js';
import { createPrometheusClient } from './integrations/prometheus/client.js';
import { createScheduler, type Job } from './jobs/scheduler.js';
import { toSlackLogger } from './observability/bolt-logger.js';
import { Inflight } from './observability/inflight.js';
import type { Logger } from './observability/logger.js';
import { startMemoryTrim } from './observability/memory-trim.js';
import { createMetrics } from './observability/metrics.js';
import { createRemediation } from './remediation/wire.js';
import { processPendingAlerts } from './services/alerts/process-pending-alerts.js';
import type { ServiceDeps } from './services/deps.js';
import { sendDueDigests } from './services/digest/send-due-digests.js';
import { countUnfinishedRequests, pruneFinishedRequests } from './services/inbox/manage-inbox.js';
import { deliverDuePages } from './services/paging/deliver-incident-pages.js';
import { postDueUpdates } from './services/post-due-updates.js';
import { checkVerifications } from './services/remediation/check-verifications.js';
import { expireProposals } from './services/remediation/expire-proposals.js';
import { sweepStuckExecutions } from './services/remediation/sweep-stuck-executions.js';
import { remindDueUpdates } from './services/remind-due-updates.js';
import { remindMissingIc } from './services/remind-missing-ic.js';
import { remindMissingPostmortems } from './services/remind-missing-postmortems.js';
import { remindOverdueActionItems } from './services/remind-overdue-action-items.js';
import { alertIntakeRoutes } from './slack/alert-intake-routes.js';
import { createSlackApp } from './slack/app.js';
import { SlackChatPort } from './slack/chat-port.js';
import { creatingClientOptions, webClientOptions } from './slack/client-options.js';
import { operationalRoutes } from './slack/http-routes.js';

export interface FirebreakOptions {
  config: Config;
  logger: Logger;
  /** An open database to use instead of opening one from config (tests share one per file). */
  database?: Database;
  /** The clock every service and job uses; tests move it. */
  now?: () => Date;
  /** Overrides PORT (0 = any free port). */
  port?: number;
  /** Start the cron tick (default true). Tests turn it off and call `tick()` with a moved clock. */
  scheduler?: boolean;
  /** A fetch for outgoing HTTP (the LLM and remediation webhooks); tests pass one nock intercepts. */
  fetchImpl?: typeof fetch;
}

export interface Firebreak {
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:3000 */
  url: string;
  port: number;
  services: ServiceDeps;
  database: Database;
  /** Runs the scheduled jobs once, now. */
  tick(): Promise<void>;
  /** Requests and jobs still working after their answer went out (0 = idle); tests wait for 0. */
  busy(): number;
  /** Slack requests stored but not carried out yet (0 = the durable inbox has caught up). */
  unfinishedRequests(): Promise<number>;
  stop(): Promise<void>;
}

/** Composition root: database → Slack identity → services → Bolt app → listen. */
export async function startFirebreak(opts: FirebreakOptions): Promise<Firebreak> {
  const { config, logger } = opts;
  const env = config.env;
  if (!env.SLACK_BOT_TOKEN) throw new ConfigError('SLACK_BOT_TOKEN is required (a bot token starting with xoxb-)');
  if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET)
    throw new ConfigError('SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');

  const ownsDatabase = !opts.database;
  const database =
    opts.database ?? (await openDatabase({ url: env.DATABASE_URL, dataDir: env.FIREBREAK_DATA_DIR, logger }));
  await migrate(database);

  const client = new WebClient(env.SLACK_BOT_TOKEN, {
    ...webClientOptions(env.SLACK_API_URL),
    logger: toSlackLogger(logger),
  });
  const identity = await whoAmI(client);
  const prometheus = config.file.metrics.prometheus;
  const remediation = await createRemediation({
    env,
    file: config.file,
    logger,
    ...(opts.fetchImpl && { fetchImpl: opts.fetchImpl }),
    metrics:
      prometheus &&
      createPrometheusClient({
        url: prometheus.url,
        timeoutMs: prometheus.timeout,
        token: env.FIREBREAK_PROMETHEUS_TOKEN,
        logger,
        ...(opts.fetchImpl && { fetchImpl: opts.fetchImpl }),
      }),
  });
  // Built once, after nock in tests (openai-node captures fetch at construction).
  const llm = createModelClient(env, opts.fetchImpl);
  const metrics = createMetrics();
  const paging = createPagingProviders({
    env,
    file: config.file,
    ...(opts.fetchImpl && { fetchImpl: opts.fetchImpl }),
  });
  const services: ServiceDeps = {
    db: database.db,
    chat: new SlackChatPort(
      client,
      identity.userId,
      { templates: config.file.templates },
      identity.url,
      new WebClient(env.SLACK_BOT_TOKEN, {
        ...creatingClientOptions(env.SLACK_API_URL),
        logger: toSlackLogger(logger),
      }),
    ),
    config: config.file,
    now: opts.now ?? (() => new Date()),
    logger,
    ...(remediation && { remediation }),
    ...(paging && { paging }),
    ...(llm && {
      postmortemWriter: createPostmortemWriter({
        client: llm,
        model: env.OPENAI_MODEL,
        budgetTokens: config.file.postmortem.token_budget,
      }),
    }),
  };
  const port = opts.port ?? env.PORT;
  const inflight = new Inflight();
  const stopMemoryTrim = startMemoryTrim({ inflight, logger });
  const { app, inbox } = createSlackApp({
    env,
    botToken: env.SLACK_BOT_TOKEN,
    botId: identity.botId,
    botUserId: identity.userId,
    port,
    routes: [
      ...operationalRoutes(database, metrics, () => countUnfinishedRequests(services)),
      ...alertIntakeRoutes({ env, services, logger, inflight }),
    ],
    listeners: { services, config, metrics, logger },
    logger,
    inflight,
    inbox: {
      deps: services,
      intake: database.intake,
      settings: config.file.inbox,
      owner: `${hostname()}:${process.pid}:${randomUUID()}`,
    },
  });
  const scheduler = createScheduler({
    tickMs: config.file.scheduler.tick,
    jobs: [
      { name: 'remind-missing-ic', run: () => remindMissingIc(services) },
      { name: 'remind-due-updates', run: () => remindDueUpdates(services) },
      { name: 'post-due-updates', run: () => postDueUpdates(services) },
      { name: 'expire-proposals', run: () => expireProposals(services) },
      { name: 'sweep-stuck-executions', run: () => sweepStuckExecutions(services) },
      { name: 'check-verifications', run: () => checkVerifications(services) },
      { name: 'remind-overdue-action-items', run: () => remindOverdueActionItems(services) },
      { name: 'remind-missing-postmortems', run: () => remindMissingPostmortems(services) },
      { name: 'send-due-digests', run: () => sendDueDigests(services) },
      { name: 'process-pending-alerts', run: () => processPendingAlerts(services) },
      { name: 'deliver-due-pages', run: () => deliverDuePages(services) },
      { name: 'sweep-inbox', run: () => inbox.sweep() },
      { name: 'prune-inbox', run: () => pruneFinishedRequests(services, config.file.inbox.retention) },
    ].map((job): Job => ({ name: job.name, run: () => inflight.track<unknown>(job.run) })),
    logger,
    autoStart: opts.scheduler ?? true,
  });
  const server = await app.start(port);
  // Requests a previous run acknowledged but did not finish (a crash): carried out now, not a tick later.
  inbox.sweep().catch((err) => logger.error({ err }, 'the inbox sweep at start failed; the next tick tries again'));
  // Both receivers hand back the server of our routes (in Socket Mode: /healthz, /metrics, webhooks only).
  const actualPort = (server.address() as AddressInfo).port;
  logger.info(
    { port: actualPort, database: database.kind, mode: env.SLACK_APP_TOKEN ? 'socket' : 'http', config: config.source },
    'firebreak started',
  );
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    services,
    database,
    tick: () => scheduler.tick(),
    busy: () => inflight.size,
    unfinishedRequests: () => countUnfinishedRequests(services),
    async stop() {
      scheduler.stop();
      stopMemoryTrim();
      await app.stop();
      // No new requests now; let the work already acknowledged finish before the database goes.
      if (!(await inflight.drain(SHUTDOWN_DRAIN_MS)))
        logger.warn({ inflight: inflight.size }, 'stopping with work still in flight after the drain timeout');
      if (ownsDatabase) await database.close();
    },
  };
}

// Longer than a declaration's Slack steps with bounded retries; shorter than a typical orchestrator's kill grace.
const SHUTDOWN_DRAIN_MS = 20_000;

/** auth.test once at start-up: a bad token fails here with one line, not on the first user's request. */
async function whoAmI(client: WebClient): Promise<{ userId: string; botId: string; url: string }> {
  try {
    const auth = await client.auth.test();
    return { userId: auth.user_id!, botId: auth.bot_id!, url: auth.url ?? 'https://slack.com/' };
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error ?? (err as Error).message;
    throw new ConfigError(`SLACK_BOT_TOKEN was refused by Slack's auth.test (${code})`);
  }
}
