import type OpenAI from 'openai';
import { buildAnalysisContext } from '../ai/context.js';
import { analyzeWithModel, createModelClient } from '../ai/model-engine.js';
import { analyzeWithRules } from '../ai/rules-engine.js';
import type { Env } from '../config/env.js';
import type { ConfigFile } from '../config/file.js';
import type { Logger } from '../observability/logger.js';
import type { RunbookCatalog } from '../runbooks/catalog.js';
import { loadRunbooks } from '../runbooks/load-runbooks.js';
import type {
  ChartPort,
  EnginePort,
  ExecutorPort,
  MetricsPort,
  RemediationDeps,
} from '../services/remediation/ports.js';
import { createExecutors, isExecutorName } from './executors/registry.js';

// docs/domain.md: a proposal nobody answers in half an hour is stale; the incident has moved on.
const PROPOSAL_TTL_MS = 30 * 60_000;

/**
 * Builds analysis, proposals and execution from configuration: the runbook catalogue (validated at
 * start-up: a bad runbook stops start-up naming the file and field), the executors, the rules
 * engine, and the model engine when OPENAI_API_KEY is set. Undefined when `ai.mode` is off.
 */
export async function createRemediation(args: {
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
