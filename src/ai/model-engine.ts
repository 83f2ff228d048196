import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { classifyModelError, invalidAnswer, ModelUnavailableError, retryWait } from './model-failure.js';
import { type ModelAnswer, ModelAnswerSchema, paramsFromPairs } from './model-schema.js';
import { buildMessages, type CatalogView } from './prompt.js';
import { redact } from './redact.js';
import type { Analysis, AnalysisContext, Hypothesis, ProposalDraft } from './types.js';

export type { CatalogView } from './prompt.js';

export const DEFAULT_TIMEOUT_MS = 20_000;
// How every failure sentence ends: the incident goes on without the model.
const FALLBACK = 'analysis continues without it';
const MAX_PROPOSALS = 3;
const MAX_HYPOTHESES = 5;
const MAX_TEXT = 500;

// A 429's Retry-After is honoured up to this; longer means the quota is gone for this incident.

export { type ModelFailure, ModelUnavailableError } from './model-failure.js';

/** Where discarded proposals are reported; pino's `Logger` fits. Only ids and reasons are logged. */
export interface EngineLog {
  warn(obj: object, msg: string): void;
}

export interface ModelEngineOptions {
  /** Built by `createModelClient` (no retries of its own: this module retries once, explicitly). */
  client: OpenAI;
  model: string;
  /** Per request (default 20 s). */
  timeoutMs?: number;
  log?: EngineLog;
}

/**
 * An OpenAI client for the model engine, or `undefined` without `OPENAI_API_KEY` (the rules engine
 * answers then). `maxRetries: 0` because `analyzeWithModel` does its single retry itself.
 */
export function createModelClient(
  env: { OPENAI_API_KEY?: string | undefined; OPENAI_BASE_URL?: string | undefined },
  fetchImpl?: typeof fetch,
): OpenAI | undefined {
  if (!env.OPENAI_API_KEY) return undefined;
  return new OpenAI({
    apiKey: env.OPENAI_API_KEY,
    ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}),
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
    maxRetries: 0,
    timeout: DEFAULT_TIMEOUT_MS,
  });
}

/**
 * Asks the model for hypotheses and runbook proposals over the (already redacted) context, with
 * strict structured output. One retry on timeout, 429 or 5xx. The answer is then held to the
 * contract: proposals must name a catalogue runbook with parameters it accepts, evidence must cite
 * context items, confidences are clamped to 0..1, at most three proposals survive.
 * @throws ModelUnavailableError when no usable answer came (the message is for the channel).
 */
export async function analyzeWithModel(
  ctx: AnalysisContext,
  catalog: CatalogView,
  opts: ModelEngineOptions,
): Promise<Analysis> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const body = {
    model: opts.model,
    messages: buildMessages(ctx, catalog),
    response_format: zodResponseFormat(ModelAnswerSchema, 'incident_analysis'),
  };
  const request = () => opts.client.chat.completions.parse(body, { timeout: timeoutMs, maxRetries: 0 });

  let completion: Awaited<ReturnType<typeof request>>;
  try {
    completion = await request();
  } catch (first) {
    const failure = classifyModelError(first, timeoutMs, FALLBACK);
    if (!failure.retry) throw failure.error;
    await sleep(retryWait(first));
    try {
      completion = await request();
    } catch (second) {
      throw classifyModelError(second, timeoutMs, FALLBACK).error;
    }
  }

  const message = completion.choices[0]?.message;
  if (message?.refusal)
    throw new ModelUnavailableError(
      'refused',
      'The AI model declined to analyse this incident; analysis continues without it.',
    );
  if (!message?.parsed) throw invalidAnswer(FALLBACK);
  return checkAnswer(message.parsed, ctx, catalog, opts.log);
}

/** Holds a parsed answer to the contract. Exported for tests of the rules, not for callers. */
export function checkAnswer(
  answer: ModelAnswer,
  ctx: AnalysisContext,
  catalog: CatalogView,
  log?: EngineLog,
): Analysis {
  const known = new Set([...ctx.timeline.map((i) => i.id), ...(ctx.metrics ?? []).map((m) => m.id)]);
  const evidence = (ids: readonly string[]) => [...new Set(ids.filter((id) => known.has(id)))];
  const runbooks = new Set(catalog.list().map((r) => r.id));

  const hypotheses: Hypothesis[] = answer.hypotheses
    .map((h) => ({ cause: text(h.cause), evidence: evidence(h.evidence), confidence: clamp(h.confidence) }))
    .filter((h) => h.cause.length > 0)
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, MAX_HYPOTHESES);

  const proposals: ProposalDraft[] = [];
  const seen = new Set<string>();
  let unknown = 0;
  let invalid = 0;
  for (const p of answer.proposals) {
    if (!runbooks.has(p.runbook_id)) {
      // The id is model output: not logged, it could be anything the channel fed it.
      unknown++;
      continue;
    }
    const pairs = paramsFromPairs(p.params);
    const checked = pairs ? catalog.validateParams(p.runbook_id, pairs) : undefined;
    if (!checked?.ok) {
      invalid++;
      log?.warn({ runbookId: p.runbook_id }, 'model proposal discarded: parameters rejected by the runbook');
      continue;
    }
    const key = JSON.stringify([p.runbook_id, Object.entries(checked.params).sort()]);
    if (seen.has(key)) continue;
    seen.add(key);
    proposals.push({
      runbookId: p.runbook_id,
      params: checked.params,
      hypothesis: text(p.hypothesis),
      evidence: evidence(p.evidence),
      confidence: clamp(p.confidence),
    });
  }
  if (unknown) log?.warn({ discarded: unknown }, 'model proposals discarded: runbook not in the catalogue');
  proposals.sort((a, b) => b.confidence - a.confidence);

  const analysis: Analysis = { source: 'model', hypotheses, proposals: proposals.slice(0, MAX_PROPOSALS) };
  if (analysis.proposals.length === 0)
    analysis.abstainReason =
      unknown + invalid > 0
        ? `The AI model's ${unknown + invalid === 1 ? 'proposal was' : `${unknown + invalid} proposals were`} not a catalogue runbook with valid parameters, so nothing is proposed.`
        : 'The AI model found no runbook in the catalogue that fits.';
  return analysis;
}

/** Model text goes to Slack: bounded, and redacted in case the model echoes something secret-shaped. */
function text(value: string): string {
  const clean = redact(value.trim()).text;
  return clean.length > MAX_TEXT ? `${clean.slice(0, MAX_TEXT - 1)}…` : clean;
}

function clamp(n: number): number {
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
