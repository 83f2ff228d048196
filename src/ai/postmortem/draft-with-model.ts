import type OpenAI from 'openai';
import { checkBlameless } from '../../domain/postmortem/blameless.js';
import { draftDeterministic } from '../../domain/postmortem/deterministic-draft.js';
import { getSection, mapSections } from '../../domain/postmortem/sections.js';
import type { NamePerson } from '../../domain/postmortem/timeline-entries.js';
import type { PostmortemDraft, PostmortemInput, TimelineEntry } from '../../domain/postmortem/types.js';
import { eventOf, indexEvents, verifyDraft } from '../../domain/postmortem/verify.js';
import { severityLabel } from '../../domain/severity.js';
import { ModelUnavailableError } from '../model-engine.js';
import { redact } from '../redact.js';
import { type CallContext, callStructured } from './call-model.js';
import { prepareTimeline } from './chunk-timeline.js';
import { clean } from './clean.js';
import { mapEntries, planMap, runMap } from './map-pass.js';
import type { IncidentFacts } from './prompts.js';
import { planReduce, toSections } from './reduce-pass.js';

export const DEFAULT_BUDGET_TOKENS = 60_000;
export const DEFAULT_CHUNK_TOKENS = 8_000;
export const DEFAULT_DRAFT_TIMEOUT_MS = 30_000;
const DEFAULT_CONCURRENCY = 3;
const MAX_FACT = 1_000;

export interface ModelDraftOptions {
  /** Built by `createModelClient` (no retries of its own: each request is retried once here). */
  client: OpenAI;
  model: string;
  /** Total estimated input tokens across every request of this draft (default 60,000). */
  budgetTokens?: number;
  /** Per request (default 30 s). */
  timeoutMs?: number;
  /** Timeline tokens per map request (default 8,000). */
  chunkTokens?: number;
  /** Map requests in flight at once (default 3). */
  concurrency?: number;
  /** How the recorded timeline names people (see `draftDeterministic`). */
  person?: NamePerson;
}

/** The reduce pass gets a quarter of the budget, within sensible bounds; the map pass what the map leaves. */
const reduceReserve = (budget: number) => Math.min(15_000, Math.max(3_000, Math.floor(budget / 4)));

function incidentFacts(input: PostmortemInput, counter: { redactions: number }) {
  const i = input.incident;
  const text = (v: string | null) => (v ? clean(v, MAX_FACT, counter) : null);
  const map: IncidentFacts = {
    ref: i.ref,
    title: clean(i.title, MAX_FACT, counter),
    severity: severityLabel(i.severity),
    services: i.services,
  };
  const reduce = {
    ...map,
    status: i.status,
    drill: i.isDrill,
    resolution: i.resolution,
    impact: text(i.impact),
    description: text(i.description),
    summary: text(i.summary),
  };
  return { map, reduce };
}

const time = (e: TimelineEntry) => (Number.isNaN(e.at.getTime()) ? Number.POSITIVE_INFINITY : e.at.getTime());

/**
 * A postmortem draft whose analytic sections are written by the model, map-reduce: the redacted
 * timeline goes out in time-windowed chunks (map: one request each, returning the moments that
 * matter, citing event ids), then one request drafts summary, root cause and 5 whys, contributing
 * factors, detection, resolution, went well / wrong / lucky and action items from the condensed
 * events. The sum of all requests' input stays within `budgetTokens`: when the timeline is too long,
 * chatter is sampled evenly and milestones, pins, notes and status updates are kept. Header,
 * durations and the recorded timeline come from `draftDeterministic`; everything the model wrote
 * goes through `verifyDraft`, so fabricated events and claims are dropped (and counted in `stats`),
 * and sections left empty fall back to the human prompts. Blameless warnings cover the final text.
 * @throws ModelUnavailableError on timeout, a 429 or 5xx after one retry, an unreadable answer, or a
 * budget too small for even one request; its message is a sentence for the channel, and the caller
 * falls back to `draftDeterministic`.
 */
export async function draftWithModel(input: PostmortemInput, opts: ModelDraftOptions): Promise<PostmortemDraft> {
  const budget = opts.budgetTokens ?? DEFAULT_BUDGET_TOKENS;
  const base = draftDeterministic(input, {
    scrub: (t) => redact(t).text,
    ...(opts.person && { person: opts.person }),
  });
  const index = indexEvents(input);
  const counter = { redactions: 0 };
  const facts = incidentFacts(input, counter);
  const prepared = prepareTimeline(input.events);

  const reserve = reduceReserve(budget);
  if (budget <= reserve || !planReduce(facts.reduce, [], [], { model: opts.model, budget: reserve }))
    throw new ModelUnavailableError(
      'rejected',
      `The token budget (${budget}) is too small for an AI-drafted postmortem; the postmortem is drafted from the timeline alone.`,
    );
  const plan = planMap(prepared.items, facts.map, {
    model: opts.model,
    budget: budget - reserve,
    chunkTokens: opts.chunkTokens ?? DEFAULT_CHUNK_TOKENS,
  });

  let inputTokens = 0;
  let calls = 0;
  const ctx: CallContext = {
    client: opts.client,
    timeoutMs: opts.timeoutMs ?? DEFAULT_DRAFT_TIMEOUT_MS,
    onSend: (tokens) => {
      inputTokens += tokens;
      calls++;
    },
  };
  const answers = await runMap(plan, ctx, opts.concurrency ?? DEFAULT_CONCURRENCY);

  const recorded = new Set(base.timeline.map((e) => e.eventId));
  const picked = mapEntries(answers, index).filter((e) => !recorded.has(e.eventId));
  // Only events that hold up reach the reduce pass; the others stay in the draft for verifyDraft to count.
  const condensed = picked.filter((e) => eventOf(e, index));
  // The reduce pass may use whatever the map pass left of the budget.
  const reduce = planReduce(facts.reduce, base.timeline, condensed, {
    model: opts.model,
    budget: budget - plan.tokens,
  })!;
  const sections = toSections(await callStructured(ctx, reduce.body, reduce.tokens), index);

  const draft: PostmortemDraft = {
    ...base,
    source: 'model',
    timeline: [...base.timeline, ...picked].sort((a, b) => time(a) - time(b)),
    summary: sections.summary,
    rootCause: { statement: sections.rootCause, fiveWhys: sections.fiveWhys },
    contributingFactors: sections.contributingFactors,
    detection: { ...base.detection, how: sections.detectionHow },
    resolution: { ...base.resolution, how: sections.resolutionHow },
    wentWell: sections.wentWell,
    wentWrong: sections.wentWrong,
    gotLucky: sections.gotLucky,
    actionItems: sections.actionItems,
    stats: {
      ...base.stats,
      inputTokens,
      calls,
      chunks: plan.calls.length,
      sampledOut: plan.sampledOut,
      redactions: prepared.redactions + counter.redactions,
    },
  };
  const verified = verifyDraft(draft, input);
  // A section the model left empty (or whose every claim was dropped) goes back to the human prompt.
  const final = mapSections(verified, (s, key) =>
    !s.needsHuman && s.origin === 'model' && s.claims.length === 0 ? getSection(base, key) : s,
  );
  return { ...final, warnings: checkBlameless(final, input.names) };
}
