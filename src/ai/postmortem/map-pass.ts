import { zodResponseFormat } from 'openai/helpers/zod';
import { citeOf } from '../../domain/postmortem/timeline-entries.js';
import type { TimelineEntry } from '../../domain/postmortem/types.js';
import type { EventIndex } from '../../domain/postmortem/verify.js';
import { type CallContext, callStructured, type ModelRequest, requestTokens } from './call-model.js';
import { chunkTimeline, type PreparedItem, type TimelineChunk } from './chunk-timeline.js';
import { clean } from './clean.js';
import { type IncidentFacts, mapMessages } from './prompts.js';
import { ChunkEvents } from './schema.js';
import { fitToBudget } from './select.js';

const FORMAT = zodResponseFormat(ChunkEvents, 'postmortem_events');
const MAX_EVENTS_PER_CHUNK = 25;
const MAX_SUMMARY = 300;

export interface MapCall {
  body: ModelRequest<ChunkEvents>;
  tokens: number;
  chunk: TimelineChunk;
}

export interface MapPlan {
  calls: MapCall[];
  /** Sum of the calls' estimated input tokens. */
  tokens: number;
  /** Items left out to stay within the budget. */
  sampledOut: number;
}

/**
 * The map requests for a timeline: time-windowed chunks of at most `chunkTokens` of items each, whose
 * requests together cost at most `budget` tokens. When the whole timeline does not fit, milestones
 * stay, then what people put on record, and the chatter is sampled evenly over time.
 */
export function planMap(
  items: readonly PreparedItem[],
  facts: IncidentFacts,
  opts: { model: string; budget: number; chunkTokens: number },
): MapPlan {
  const { built, left } = fitToBudget(items, opts.budget, (selected) => {
    const chunks = chunkTimeline(selected, opts.chunkTokens);
    const calls = chunks.map((chunk, i) => {
      const body: ModelRequest<ChunkEvents> = {
        model: opts.model,
        messages: mapMessages(facts, chunk, i, chunks.length),
        response_format: FORMAT,
      };
      return { body, tokens: requestTokens(body), chunk };
    });
    return { calls, tokens: calls.reduce((sum, c) => sum + c.tokens, 0) };
  });
  return { ...built, sampledOut: left };
}

/** Runs the map calls, at most `concurrency` at a time; the first failure fails the pass. */
export async function runMap(plan: MapPlan, ctx: CallContext, concurrency: number): Promise<ChunkEvents[]> {
  const answers: ChunkEvents[] = new Array(plan.calls.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < plan.calls.length) {
      const i = next++;
      const call = plan.calls[i]!;
      try {
        answers[i] = await callStructured(ctx, call.body, call.tokens);
      } catch (err) {
        // Calls already in flight finish; no new one starts.
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, plan.calls.length) }, worker));
  return answers;
}

/**
 * The model's events as timeline entries. An id that is not an input event still becomes an entry
 * (cited `record:<id>`), so `verifyDraft` drops and counts it rather than it vanishing silently.
 */
export function mapEntries(answers: readonly ChunkEvents[], index: EventIndex): TimelineEntry[] {
  const seen = new Set<string>();
  const entries: TimelineEntry[] = [];
  for (const answer of answers)
    for (const e of answer.events.slice(0, MAX_EVENTS_PER_CHUNK)) {
      if (seen.has(e.eventId)) continue;
      seen.add(e.eventId);
      const event = index.byId.get(e.eventId);
      entries.push({
        at: new Date(e.at),
        text: clean(e.summary, MAX_SUMMARY),
        eventId: e.eventId,
        cite: event ? citeOf(event) : `record:${e.eventId}`,
        kind: event?.kind ?? 'unknown',
        category: e.category,
        origin: 'model',
      });
    }
  return entries;
}
