import type { ActionItemView, TrackerView } from '../../services/ports.js';
import { ACTIONS } from '../ids.js';
import { actions, button, context, type KnownBlock, type SlackMessage, section } from './blocks.js';
import { clip, escapeText, slackLink, slackTime, userRef } from './format.js';

/** `Jira OPS-12 (open)`, linked; or where its creation stands. */
export function trackerLine(t: TrackerView): string {
  if (t.key) {
    const link = slackLink(t.url, `${t.label} ${t.key}`) ?? `${t.label} ${escapeText(t.key)}`;
    return `${link} (${t.state ?? 'open'})${t.error ? ` · last sync failed: ${escapeText(clip(t.error, 200))}` : ''}`;
  }
  if (t.failed) return `Not in ${t.label}: ${escapeText(clip(t.error ?? 'refused', 200))}. Use Retry once it is fixed.`;
  if (t.error)
    return `Not in ${t.label} yet: ${escapeText(clip(t.error, 200))}. Retrying${t.retryAt ? ` ${slackTime(t.retryAt)}` : ''}.`;
  return `Creating it in ${t.label}…`;
}

/** The item's buttons: Done while open; Retry when its tracker work failed. */
export function itemButtons(item: ActionItemView): KnownBlock[] {
  const buttons = [
    ...(item.status === 'open' ? [button('Done', ACTIONS.closeActionItem, item.id, 'primary')] : []),
    ...(item.tracker?.error ? [button(`Retry ${item.tracker.label}`, ACTIONS.retryTracker, item.id)] : []),
  ];
  return buttons.length ? [actions(`action_item_${item.id}`, buttons)] : [];
}

/** In the channel: the tracker would not take the item (yet); the item itself is recorded. */
export function buildTrackerProblem(item: ActionItemView, t: TrackerView): SlackMessage {
  const reason = escapeText(clip(t.error ?? 'no answer', 300));
  const text = t.failed
    ? `⚠️ ${item.ref} could not be put in ${t.label}: ${reason}. It stays recorded in Firebreak; Retry once the cause is fixed.`
    : `⚠️ ${item.ref} is not in ${t.label} yet: ${reason}. It is recorded in Firebreak and retried automatically${t.retryAt ? ` ${slackTime(t.retryAt)}` : ''}.`;
  return {
    text,
    blocks: [section(text), actions(`tracker_problem_${item.id}`, [button('Retry', ACTIONS.retryTracker, item.id)])],
  };
}

/** In the channel: an item is done (closed in its tracker, or by Done). */
export function buildActionItemClosed(item: ActionItemView, actorId?: string): SlackMessage {
  const where = item.closedVia === 'tracker' && item.tracker ? ` in ${trackerLine(item.tracker)}` : '';
  const by = actorId ? ` by ${userRef(actorId)}` : '';
  const text = `✅ ${item.ref} is done${where}${by}: ${escapeText(clip(item.description, 200))}`;
  return { text, blocks: [section(text), context('Its overdue reminders stop.')] };
}
