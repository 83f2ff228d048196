import { type Incident, incidentRef } from '../../domain/incident.js';
import type { PageView } from '../../services/ports.js';
import { ACTIONS } from '../ids.js';
import { type AnyBlock, actions, button, context, type SlackMessage, section } from './blocks.js';
import { channelRef, escapeText, slackTime, userRef } from './format.js';

const STATE_TEXT: Record<PageView['state'], string> = {
  pending: '⏳ sending',
  triggered: '📟 triggered',
  acknowledged: '👍 acknowledged',
  resolved: '✅ resolved',
  cancelled: '➖ not sent (resolved first)',
};

/** One line per page: who, through what, and where it stands, failures said plainly. */
function pageLine(page: PageView): string {
  const who = `${page.personId ? userRef(page.personId) : `*${escapeText(page.label)}*`} via ${page.provider}`;
  if (page.failed) return `⚠️ ${who}: *not delivered*: ${escapeText(page.error ?? 'unknown error')}`;
  let state = STATE_TEXT[page.state];
  if (page.state === 'acknowledged' && page.acknowledgedBy) state += ` by ${userRef(page.acknowledgedBy)}`;
  const retry =
    page.error && page.retryAt ? ` (failed: ${escapeText(page.error)}; retrying ${slackTime(page.retryAt)})` : '';
  return `${who}: ${state}${retry}${onCallText(page)}`;
}

/** ` · on call: @dana`, and what could not be looked up or matched (provider text, escaped). */
function onCallText(page: PageView): string {
  const people = page.onCall?.length ? ` · on call: ${page.onCall.map((id) => userRef(id)).join(', ')}` : '';
  const note = page.onCallNote ? ` · ${escapeText(page.onCallNote)}` : '';
  return `${people}${note}`;
}

/**
 * The channel's one "Paging" message, updated in place: each page with its provider and state,
 * and a Retry button for each page that stopped retrying — a page is never silently lost.
 */
export function buildPaging(incident: Incident, pages: PageView[]): SlackMessage {
  const failed = pages.filter((p) => p.failed);
  const text =
    `📟 Paging for ${incidentRef(incident)}: ${pages.map((p) => `${p.personId ? 'a person' : p.label} (${p.provider}) ${p.failed ? 'not delivered' : p.state}`).join(', ')}`.slice(
      0,
      3000,
    );
  const blocks: AnyBlock[] = [section(`*📟 Paging*\n${pages.map(pageLine).join('\n')}`, 'paging_pages')];
  if (failed.length)
    blocks.push(
      actions(
        'paging_retry',
        failed.map((p) =>
          button(
            `Retry ${p.personId ? 'the person' : p.label} (${p.provider})`,
            `${ACTIONS.retryPage}:${p.id}`,
            p.id,
            'primary',
          ),
        ),
      ),
      context('These pages could not be delivered after retrying. Page the people another way if Retry fails again.'),
    );
  return { text: escapeText(text), blocks };
}

/** The DM of `/incident page @person`: who asks, which incident, where to go. A private title stays in the channel. */
export function buildPagedPerson(incident: Incident, actorId: string): SlackMessage {
  const what = incident.isPrivate ? 'a private incident' : `*${escapeText(incident.title)}*`;
  const text = `📟 ${userRef(actorId)} is paging you into ${incidentRef(incident)} (SEV${incident.severity}), ${what}: ${channelRef(incident.channelId, incident.channelName)}`;
  return { text, blocks: [section(text)] };
}
