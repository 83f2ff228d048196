import { zodResponseFormat } from 'openai/helpers/zod';
import { actionItemKey } from '../../domain/postmortem/action-item-key.js';
import { citeOf } from '../../domain/postmortem/timeline-entries.js';
import type { ActionItem, Cite, Claim, Section, TimelineEntry } from '../../domain/postmortem/types.js';
import type { EventIndex } from '../../domain/postmortem/verify.js';
import { dataJson } from '../prompt.js';
import type { ModelRequest } from './call-model.js';
import { requestTokens } from './call-model.js';
import { type Budgeted, lineTokens } from './chunk-timeline.js';
import { clean } from './clean.js';
import { reduceMessages } from './prompts.js';
import { PostmortemSections } from './schema.js';
import { fitToBudget } from './select.js';

const FORMAT = zodResponseFormat(PostmortemSections, 'postmortem_sections');
const MAX_EVENT_TEXT = 300;
const MAX_CLAIM = 600;
const MAX_LIST = 6;
const MAX_WHYS = 5;
const MAX_ACTIONS = 8;

interface ReduceItem extends Budgeted {
  line: string;
}

export interface ReducePlan {
  body: ModelRequest<PostmortemSections>;
  tokens: number;
  /** Events left out to stay within the budget. */
  sampledOut: number;
}

/**
 * The reduce request: incident facts plus the condensed events — the record's timeline first (it is
 * the skeleton), then the model's picks from the chatter — trimmed so the request costs at most
 * `budget` tokens. Undefined when even the bare request does not fit.
 */
export function planReduce(
  facts: Record<string, unknown>,
  record: readonly TimelineEntry[],
  picked: readonly TimelineEntry[],
  opts: { model: string; budget: number },
): ReducePlan | undefined {
  const item = (e: TimelineEntry, tier: 0 | 1): ReduceItem & { at: number } => {
    const line = dataJson({
      eventId: e.eventId,
      at: e.at.toISOString(),
      category: e.category,
      text: clean(e.text, MAX_EVENT_TEXT),
    });
    return { line, tokens: lineTokens(line), tier, at: e.at.getTime() };
  };
  const items = [...record.map((e) => item(e, 0)), ...picked.map((e) => item(e, 1))].sort((a, b) => a.at - b.at);
  const { built, left } = fitToBudget(items, opts.budget, (selected) => {
    const body: ModelRequest<PostmortemSections> = {
      model: opts.model,
      messages: reduceMessages(facts, selected),
      response_format: FORMAT,
    };
    return { body, tokens: requestTokens(body) };
  });
  return built.tokens <= opts.budget ? { ...built, sampledOut: left } : undefined;
}

/** The model's sections as a draft's, each claim citing what it named (unknown ids kept for `verifyDraft`). */
export function toSections(answer: PostmortemSections, index: EventIndex) {
  const citeFor = (id: string): Cite => {
    if (index.permalinks.has(id)) return id;
    const e = index.byId.get(id);
    return e ? citeOf(e) : `record:${id}`;
  };
  const claim = (c: { text: string; cites: string[] }): Claim => ({
    text: clean(c.text, MAX_CLAIM),
    cites: [...new Set(c.cites.map(citeFor))],
  });
  const written = (list: { text: string; cites: string[] }[], max = MAX_LIST): Section => ({
    needsHuman: false,
    origin: 'model',
    claims: list
      .slice(0, max)
      .map(claim)
      .filter((c) => c.text.length > 0),
  });
  const actionItems = new Map<string, ActionItem>();
  for (const a of answer.actionItems.slice(0, MAX_ACTIONS)) {
    const description = clean(a.description, MAX_CLAIM);
    const key = actionItemKey(description);
    if (!description || actionItems.has(key)) continue;
    actionItems.set(key, {
      key,
      type: a.type,
      description,
      priority: a.priority,
      validation: clean(a.validation, MAX_CLAIM),
      cites: [...new Set(a.cites.map(citeFor))],
    });
  }
  return {
    summary: written([answer.summary]),
    rootCause: written([answer.rootCause]),
    fiveWhys: written(answer.fiveWhys, MAX_WHYS),
    contributingFactors: written(answer.contributingFactors),
    detectionHow: written(answer.detectionHow),
    resolutionHow: written(answer.resolutionHow),
    wentWell: written(answer.wentWell),
    wentWrong: written(answer.wentWrong),
    gotLucky: written(answer.gotLucky),
    actionItems: [...actionItems.values()],
  };
}
