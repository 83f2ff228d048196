import { linkableUrl } from '../../domain/link-url.js';

// Person and channel mentions as Slack escapes them (`<@U123>`, `<@U123|bob>`, `<#C123|ops>`): safe to keep.
const MENTION = /<[@#][UWCG][A-Z0-9]+(?:\|[^<>]*)?>/g;

/**
 * Escapes user text for mrkdwn but keeps person and channel mentions. Without it a title like
 * `<!channel> down` would ping everyone, and `<https://evil|bank>` would render a disguised link.
 */
export function escapeText(text: string): string {
  const escapeChunk = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  let out = '';
  let last = 0;
  for (const m of text.matchAll(MENTION)) {
    out += escapeChunk(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + escapeChunk(text.slice(last));
}

/** Escapes everything, mentions included: for text from machines (alert payloads), which never mentions anyone. */
export const escapeAll = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * `<url|label>` when the URL is a plain http(s) link that cannot break out of the brackets (see
 * `linkableUrl`), else undefined: a URL from an alert is text from outside, never trusted markup.
 * Slack wants `&` escaped inside the URL too.
 */
export function slackLink(url: string | null | undefined, label: string): string | undefined {
  const safe = linkableUrl(url);
  return safe ? `<${safe.replace(/&/g, '&amp;')}|${escapeText(label)}>` : undefined;
}

/** A time every reader sees in their own time zone; the fallback is UTC for clients that cannot render it. */
export function slackTime(at: Date): string {
  const unix = Math.floor(at.getTime() / 1000);
  const fallback = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${unix}^{time} ({date_short_pretty})|${fallback}>`;
}

export const userRef = (userId: string | undefined | null, none = 'unassigned'): string =>
  userId ? `<@${userId}>` : none;

export const channelRef = (channelId: string | null, name?: string | null): string =>
  channelId ? `<#${channelId}>` : name ? `#${name}` : 'not created yet';

/** Slack caps a section's text at 3000 characters; cut with an ellipsis rather than be refused. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
