import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { WebClient } from '@slack/web-api';
import type OpenAI from 'openai';
import { buildAnalysisContext } from './ai/context.js';
import { analyzeWithModel, createModelClient } from './ai/model-engine.js';
import { createPostmortemWriter } from './ai/postmortem/writer.js';
import { analyzeWithRules } from './ai/rules-engine.js';
import type { Env } from './config/env.js';
import { ConfigError } from './config/env.js';
import type { ConfigFile } from './config/file.js';
import type { Config } from './config/load.js';
import { type Database, openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { alertIntakeRoutes } from './http/alert-intake-routes.js';
import { operationalRoutes } from './http/operational-routes.js';
import { statusPageRoutes } from './http/status-page-routes.js';
import { trackerWebhookRoutes } from './http/tracker-webhooks.js';
import { createChartRenderer } from './integrations/chart/render-chart.js';
import { createPagingProviders } from './integrations/paging/index.js';
import { createPrometheusClient } from './integrations/prometheus/client.js';
import { createStatuspage } from './integrations/statuspage/index.js';
import { createTrackers } from './integrations/trackers/index.js';
import { scheduledJobs } from './jobs/registry.js';
import { createScheduler, type Job } from './jobs/scheduler.js';
import { toSlackLogger } from './observability/bolt-logger.js';
import { Inflight } from './observability/inflight.js';
import type { Logger } from './observability/logger.js';
import { startMemoryTrim } from './observability/memory-trim.js';
import { createMetrics } from './observability/metrics.js';
import { createExecutors, isExecutorName } from './remediation/executors/registry.js';
import type { RunbookCatalog } from './runbooks/catalog.js';
import { loadRunbooks } from './runbooks/load-runbooks.js';
import type { ServiceDeps } from './services/deps.js';
import { countUnfinishedRequests } from './services/inbox/manage-inbox.js';
import type {
  ChartPort,
  EnginePort,
  ExecutorPort,
  MetricsPort,
  RemediationDeps,
} from './services/remediation/ports.js';
import { createSlackApp } from './slack/app.js';
import { SlackChatPort } from './slack/chat-port.js';
import { creatingClientOptions, webClientOptions } from './slack/client-options.js';

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
  /** Statuspage's pace (1 request per second, retry pauses); tests shorten it. */
  statuspagePace?: { intervalMs?: number; sleep?: (ms: number) => Promise<void> };
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
    charts: createChartRenderer(),
  });
  // Built once, after nock in tests (openai-node captures fetch at construction).
  const llm = createModelClient(env, opts.fetchImpl);
  const metrics = createMetrics();
  const paging = createPagingProviders({
    env,
    file: config.file,
    ...(opts.fetchImpl && { fetchImpl: opts.fetchImpl }),
  });
  const statuspage = createStatuspage({
    env,
    file: config.file,
    ...(opts.fetchImpl && { fetchImpl: opts.fetchImpl }),
    ...(opts.statuspagePace && { pace: opts.statuspagePace }),
  });
  const services: ServiceDeps = {
    db: database.db,
    chat: new SlackChatPort(
      client,
      identity.userId,
      { templates: config.file.templates, statusPage: !!config.file.status_page },
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
    ...(statuspage && { statuspage }),
    trackers: createTrackers(config.file.trackers, opts.fetchImpl),
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
      ...(config.file.status_page?.builtin ? statusPageRoutes({ services, logger }) : []),
      ...trackerWebhookRoutes({ services, logger, inflight }),
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
    jobs: scheduledJobs(services, inbox, {
      inbox: config.file.inbox.retention,
      reminders: config.file.reminders.retention,
    }).map((job): Job => ({ name: job.name, run: () => inflight.track<unknown>(job.run) })),
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

// docs/domain.md: a proposal nobody answers in half an hour is stale; the incident has moved on.
const PROPOSAL_TTL_MS = 30 * 60_000;

/**
 * Builds analysis, proposals and execution from configuration: the runbook catalogue (validated at
 * start-up: a bad runbook stops start-up naming the file and field), the executors, the rules
 * engine, and the model engine when OPENAI_API_KEY is set. Undefined when `ai.mode` is off.
 */
async function createRemediation(args: {
  env: Env;
  file: ConfigFile;
  logger: Logger;
  /** For tests: a fetch that nock intercepts (openai-node captures fetch when the client is built). */
  fetchImpl?: typeof fetch;
  /** Prometheus, built by the composition root when `metrics.prometheus` is configured. */
  metrics?: MetricsPort | undefined;
  /** Draws the metric charts posted with analyses and verifications. */
  charts?: ChartPort | undefined;
}): Promise<RemediationDeps | undefined> {
  const { env, file, logger } = args;
  if (file.ai.mode === 'off') return undefined;
  const catalog = await loadRunbooks(
    file.runbooks_dir,
    file.services.map((s) => s.name),
  );
  const registry = createExecutors({
    webhook: file.executors.webhook,
    secret: env.FIREBREAK_EXECUTOR_SECRET,
    logger,
    ...(args.fetchImpl && { fetchImpl: args.fetchImpl }),
  });
  const executors: ExecutorPort = {
    async execute(name, req) {
      if (!isExecutorName(name)) return { status: 'refused', detail: `No executor called ${name} is configured.` };
      return registry.get(name).execute(req);
    },
  };
  const rules: EnginePort = { label: 'rules', analyze: async (ctx) => analyzeWithRules(ctx, catalog) };
  const client = createModelClient(env, args.fetchImpl);
  const engine = client ? modelEngine(client, env.OPENAI_MODEL, catalog) : rules;
  logger.info(
    { runbooks: catalog.list().length, engine: engine.label, mode: file.ai.mode },
    client ? 'AI analysis: model engine' : 'AI analysis: no OPENAI_API_KEY, using the rule-based engine',
  );
  return {
    catalog,
    executors,
    engine,
    rules,
    buildContext: (input) => buildAnalysisContext(input, {}).context,
    proposalTtlMs: PROPOSAL_TTL_MS,
    metrics: args.metrics,
    charts: args.charts,
  };
}

function modelEngine(client: OpenAI, model: string, catalog: RunbookCatalog): EnginePort {
  return { label: 'model', analyze: (ctx) => analyzeWithModel(ctx, catalog, { client, model }) };
}
