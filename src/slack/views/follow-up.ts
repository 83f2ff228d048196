import { type Incident, incidentRef } from '../../domain/incident.js';
import { countOf } from '../../domain/plural.js';
import type { ActionItemView, PostmortemSummary } from '../../services/ports.js';
import { itemButtons, trackerLine } from './action-item-tracker.js';
import { context, fields, type SlackMessage, section } from './blocks.js';
import { channelRef, clip, escapeText, slackTime, userRef } from './format.js';

// The due day is a calendar day in the team's time zone, shown as given: not a `<!date>` of an
// instant, which would be the day after (the item falls due at that day's end) and vary by reader.
const line = (item: ActionItemView) =>
  `*${item.ref}* · ${item.priority} · ${item.type} · ${userRef(item.ownerId)} · due ${item.due}\n${escapeText(clip(item.description, 500))}`;

/** In the incident channel: a new follow-up item, with who added it. */
export function buildActionItemAdded(item: ActionItemView, actorId: string): SlackMessage {
  const done = item.status === 'open' ? '' : ` · ${item.status}`;
  return {
    text: `📋 Action item ${item.ref} for ${userRef(item.ownerId)}, due ${item.due}: ${escapeText(clip(item.description, 200))}`,
    blocks: [
      section(`📋 ${line(item)}`),
      context(`Added by ${userRef(actorId)}${done}`),
      ...(item.tracker ? [context(trackerLine(item.tracker))] : []),
      ...itemButtons(item),
    ],
  };
}

/** A DM to the owner: what they now own, for which incident, and by when. */
export function buildActionItemAssigned(incident: Incident, item: ActionItemView, actorId: string): SlackMessage {
  return {
    text: `${userRef(actorId)} gave you action item ${item.ref} from ${incidentRef(incident)}, due ${item.due}: ${escapeText(clip(item.description, 200))}`,
    blocks: [
      section(
        `${userRef(actorId)} gave you an action item from *${incidentRef(incident)}* (${channelRef(incident.channelId)}):`,
      ),
      section(line(item)),
      ...(item.validation ? [context(`Done when: ${escapeText(clip(item.validation, 300))}`)] : []),
    ],
  };
}

/** The daily DM for an item past its due date. */
export function buildActionItemOverdue(incident: Incident, item: ActionItemView): SlackMessage {
  return {
    text: `⏰ Action item ${item.ref} from ${incidentRef(incident)} is overdue: ${escapeText(clip(item.description, 200))}`,
    blocks: [
      section(
        `⏰ Overdue (it was due ${item.due}), from *${incidentRef(incident)}* (${channelRef(incident.channelId)}):`,
      ),
      section(line(item)),
    ],
  };
}

/** In the channel, once: the incident is resolved and its postmortem is late. */
export function buildPostmortemReminder(incident: Incident, dueAt: Date): SlackMessage {
  const text = `📝 ${incidentRef(incident)} was resolved and has no published postmortem; it was due ${slackTime(dueAt)}. Run \`/incident postmortem\` to draft it from the timeline.`;
  return { text, blocks: [section(text)] };
}

/** The message that goes with an uploaded postmortem: the numbers and the blameless warnings. */
export function buildPostmortemPublished(s: PostmortemSummary): SlackMessage {
  const warnings = s.warnings
    .slice(0, 10)
    .map((w) => `• “${escapeText(clip(w.phrase, 120))}” (${w.where}) → _${escapeText(clip(w.suggestion, 200))}_`);
  const text = `📝 Postmortem draft v${s.version} for ${incidentRef(s.incident)}: ${countOf(s.timelineEntries, 'timeline entry', 'timeline entries')}, ${countOf(s.actionItems.total, 'action item')}, ${countOf(s.warnings.length, 'blameless warning')}`;
  return {
    text,
    blocks: [
      section(`*${text}*`),
      ...(s.durations.length ? [fields(s.durations.slice(0, 10).map((d) => `*${d.label}*\n${d.value}`))] : []),
      section(
        s.warnings.length
          ? `*Blameless review:* these read as blame; consider the suggested rewrites (nothing was changed)\n${clip(warnings.join('\n'), 2800)}`
          : '*Blameless review:* no blaming language found.',
      ),
      context(
        [
          s.source === 'model'
            ? '🤖 analytic sections drafted by the AI model; every entry cites its message'
            : '📏 deterministic draft: the analytic sections are prompts for the team',
          countOf(s.actionItems.added, 'new action item'),
          ...(s.note ? [s.note] : []),
        ].join(' · '),
      ),
    ],
  };
}
