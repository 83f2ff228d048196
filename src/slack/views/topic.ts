import type { IncidentTopic } from '../../domain/topic.js';
import { escapeText, userRef } from './format.js';

/** Slack's limit on channel topics. */
export const TOPIC_MAX = 250;

/**
 * `SEV1 · Investigating · IC <@U…> · title`. The title is the person's text: escaped like any title
 * (a `<!channel>` in it shows as typed instead of as @channel), cut to Slack's limit without leaving
 * half an entity behind.
 */
export function buildTopic(topic: IncidentTopic): string {
  const head = [
    ...(topic.drill ? ['DRILL'] : []),
    topic.severity,
    topic.status,
    topic.icId ? `IC ${userRef(topic.icId)}` : 'IC unassigned',
  ].join(' · ');
  const full = `${head} · ${escapeText(topic.title)}`;
  if (full.length <= TOPIC_MAX) return full;
  return `${full.slice(0, TOPIC_MAX - 1).replace(/&[a-z]*$|<[^>]*$/, '')}…`;
}
