import { isReviewRecord } from '../../domain/postmortem/timeline-entries.js';
import type { PostmortemEvent } from '../../domain/postmortem/types.js';
import { dataJson } from '../prompt.js';
import { redact } from '../redact.js';
import { estimateTokens } from '../tokens.js';

/** One timeline event as the model sees it: redacted, clipped, quoted as JSON data. */
export interface PromptItem {
  id: string;
  at: string;
  kind: string;
  /** `bot` or `system`; absent for people. */
  actor?: string;
  /** Slack user id of who did it, when a person did. */
  by?: string;
  text: string;
}

/** Lower tiers survive first when the budget is short. */
export type Tier = 0 | 1 | 2 | 3;

/** An item with its line in the prompt and that line's estimated cost. */
export interface Budgeted {
  tier: Tier;
  tokens: number;
}

export interface PreparedItem extends Budgeted {
  item: PromptItem;
  line: string;
}

export interface TimelineChunk {
  /** The window this chunk covers (ISO times of its first and last item). */
  from: string;
  to: string;
  items: PreparedItem[];
  tokens: number;
}

// One pasted log dump must not crowd out the rest of the incident.
export const MAX_ITEM_CHARS = 600;

// Milestones: the skeleton of the incident. Always sent unless they alone exceed the budget.
const MILESTONES = new Set([
  'declared',
  'channel_created',
  'severity_changed',
  'status_changed',
  'role_assigned',
  'role_handoff',
  'automation_stopped',
  'resolved',
  'reopened',
]);
const CHATTER = new Set(['message', 'message_edited']);

// "on it", "+1", "looking": a few words and no number say nothing a postmortem needs.
const acknowledgement = (text: string) => !/\d/.test(text) && text.split(/\s+/).filter(Boolean).length < 4;

/**
 * Milestones and alerts, then what people put on record (pins, notes, updates, bot posts), then
 * chatter, then bare acknowledgements.
 */
export function tierOf(e: Pick<PostmortemEvent, 'kind' | 'actorType' | 'text'>): Tier {
  if (MILESTONES.has(e.kind) || e.kind.startsWith('remediation_') || e.kind.startsWith('alert')) return 0;
  if (!CHATTER.has(e.kind) || e.actorType === 'bot') return 1;
  return acknowledgement(e.text ?? '') ? 3 : 2;
}

/** Cost of a line inside the JSON request body (escaped, as it is actually sent), newline included. */
export const lineTokens = (line: string): number => estimateTokens(JSON.stringify(`${line}\n`));

/**
 * The timeline as prompt items, in time order. Every text is redacted before it is measured or
 * sent; deleted messages (no text left) and records of the review itself (earlier drafts) are not sent. Returns how many values were redacted.
 */
export function prepareTimeline(events: readonly PostmortemEvent[]): { items: PreparedItem[]; redactions: number } {
  let redactions = 0;
  const items: PreparedItem[] = [];
  for (const e of events) {
    if (e.kind === 'message_deleted' || isReviewRecord(e.kind)) continue;
    const r = redact((e.text ?? '').replace(/\s+/g, ' ').trim());
    redactions += r.count;
    const text = r.text.length > MAX_ITEM_CHARS ? `${r.text.slice(0, MAX_ITEM_CHARS - 1)}…` : r.text;
    // Compact: whole seconds, and the actor only when it is not a person (most items are).
    const item: PromptItem = {
      id: e.id,
      at: e.at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      kind: e.kind,
      ...(e.actorType === 'human' ? (e.actorId ? { by: e.actorId } : {}) : { actor: e.actorType }),
      text,
    };
    const line = dataJson(item);
    items.push({ item, line, tokens: lineTokens(line), tier: tierOf(e) });
  }
  items.sort((a, b) => a.item.at.localeCompare(b.item.at));
  return { items, redactions };
}

/**
 * Splits items (in time order) into consecutive time windows of about equal size, none above
 * `chunkTokens`: fewer, fuller calls cost less framing than many small ones.
 */
export function chunkTimeline(items: readonly PreparedItem[], chunkTokens: number): TimelineChunk[] {
  const total = items.reduce((sum, i) => sum + i.tokens, 0);
  if (total === 0) return [];
  const target = Math.ceil(total / Math.ceil(total / chunkTokens));
  const chunks: TimelineChunk[] = [];
  let current: PreparedItem[] = [];
  let tokens = 0;
  const close = () => {
    if (!current.length) return;
    chunks.push({ from: current[0]!.item.at, to: current.at(-1)!.item.at, items: current, tokens });
    current = [];
    tokens = 0;
  };
  for (const i of items) {
    if (current.length && (tokens >= target || tokens + i.tokens > chunkTokens)) close();
    current.push(i);
    tokens += i.tokens;
  }
  close();
  return chunks;
}
