import type { ContextInput } from '../../ai/context.js';
import type { Analysis, AnalysisContext } from '../../ai/types.js';
import type { ChartInput } from '../../integrations/chart/chart-spec.js';
import type { ExecutionRequest } from '../../remediation/executors/types.js';

export type { ContextInput } from '../../ai/context.js';

/** A runbook as the proposal flow needs it (the catalogue in src/runbooks implements the rest). */
export interface RunbookView {
  id: string;
  title: string;
  services: string[];
  confidence: number;
  blast_radius: string;
  reversibility: string;
  auto_approve: boolean;
  prevention: string;
}

export interface RenderedRunbook {
  action: { executor: string; name: string; params: Record<string, string> };
  steps: string[];
  rollback?: { executor: string; name: string; params: Record<string, string> } | undefined;
  evidence: { name: string; query: string; unit: string }[];
  verify?:
    | { query: string; op: '<' | '>'; threshold: number; withinMs: number; holdMs: number; unit: string }
    | undefined;
}

/** One number from the metrics backend, or why there is none (src/integrations/prometheus). */
export type MetricReading =
  | { status: 'ok'; value: number; at: Date; series: number }
  | { status: 'empty'; detail: string }
  | { status: 'error'; detail: string };

/** Every series of a range query, or why there are none. */
export type MetricRange =
  | { status: 'ok'; series: { labels: Record<string, string>; points: { at: Date; value: number }[] }[] }
  | { status: 'empty' | 'error'; detail: string };

/** PromQL queries. Never throws: failures are readings that say why. */
export interface MetricsPort {
  query(promql: string): Promise<MetricReading>;
  queryRange(promql: string, start: Date, end: Date, stepMs: number): Promise<MetricRange>;
}

/** A chart of one query's series: what src/integrations/chart draws, as it defines it. */
export type MetricChart = ChartInput;

/** Draws charts as PNG, server-side. */
export interface ChartPort {
  renderPng(chart: MetricChart): Promise<Uint8Array>;
}

export interface CatalogPort {
  get(id: string): RunbookView | undefined;
  list(): readonly RunbookView[];
  render(id: string, params: Record<string, string>): RenderedRunbook;
  /** Checks parameters against the runbook (a chosen `service` must be one it applies to). */
  validateParams(
    id: string,
    params: unknown,
  ): { ok: true; params: Record<string, string> } | { ok: false; error: string };
  /** Whether a proposal with these parameters still waits for a human to choose its service. */
  needsTarget(id: string, params: Record<string, string>): boolean;
  /** The configured services the runbook applies to. */
  servicesFor(id: string): string[];
}

export interface ExecutionOutcome {
  status: 'accepted' | 'failed' | 'refused';
  detail: string;
}

/** Runs an action through the executor a runbook names (src/remediation/executors). */
export interface ExecutorPort {
  execute(executor: string, req: ExecutionRequest): Promise<ExecutionOutcome>;
}

/** An analysis engine: the model (with a key) or the rules; `label` is what messages say. */
export interface EnginePort {
  label: 'model' | 'rules';
  analyze(ctx: AnalysisContext): Promise<Analysis>;
}

export interface RemediationDeps {
  catalog: CatalogPort;
  executors: ExecutorPort;
  /** The model engine when OPENAI_API_KEY is set, else the rules. */
  engine: EnginePort;
  /** Always available: used for private incidents the model may not see, and when the model fails. */
  rules: EnginePort;
  /** Builds the redacted context an engine sees. */
  buildContext: (input: ContextInput) => AnalysisContext;
  proposalTtlMs: number;
  /** Prometheus, when `metrics.prometheus` is configured: evidence and verification. */
  metrics?: MetricsPort | undefined;
  /** Draws the key series as a PNG for the channel (analysis, verified, rolled back). */
  charts?: ChartPort | undefined;
}
