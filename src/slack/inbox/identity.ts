import { createHash } from 'node:crypto';

/** What the inbox stores a Slack request under, and how the operator's list names it. */
export interface InboxIdentity {
  key: string;
  kind: string;
}

type Body = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Slack's own identity of a request: the Events API's `event_id` (the same on every retry), or the
 * `trigger_id` Slack issues once per command, click, form submission and shortcut — so a retry or a
 * replayed signed request maps to the key already stored. Options requests (a select's suggestions)
 * are answered synchronously and change nothing: they are not stored (undefined).
 */
export function inboxIdentity(body: Body): InboxIdentity | undefined {
  const type = str(body.type);
  if (type === 'block_suggestion' || type === 'url_verification' || type === 'ssl_check') return undefined;
  if (type === 'event_callback') {
    const event = (body.event ?? {}) as Body;
    const id = str(body.event_id);
    return { key: id ? `event:${id}` : `event:${digest(body)}`, kind: `event:${str(event.type) ?? 'unknown'}` };
  }
  const trigger = str(body.trigger_id);
  if (str(body.command)) return { key: `command:${trigger ?? digest(body)}`, kind: 'command' };
  if (type === 'block_actions') return { key: `action:${trigger ?? digest(body)}`, kind: 'action' };
  if (type === 'view_submission') return { key: `view:${trigger ?? digest(body)}`, kind: 'view' };
  if (type === 'view_closed') return { key: `view-closed:${digest(body)}`, kind: 'view-closed' };
  if (type === 'shortcut' || type === 'message_action')
    return { key: `shortcut:${trigger ?? digest(body)}`, kind: 'shortcut' };
  return { key: `body:${digest(body)}`, kind: type ?? 'unknown' };
}

// A request without a Slack identity is still the same request when it is byte-for-byte the same.
const digest = (body: Body) => createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 32);

/** The person behind a request, when there is one (to tell them what happened to it). */
export function requester(body: Body): string | undefined {
  const user = body.user as Body | string | undefined;
  if (typeof user === 'object' && user) return str(user.id);
  if (str(body.user_id)) return str(body.user_id);
  const event = body.event as Body | undefined;
  if (event && !event.bot_id) return str(event.user);
  return undefined;
}

/** Where the request came from, for an ephemeral answer. */
export function requestChannel(body: Body): string | undefined {
  const channel = body.channel as Body | undefined;
  return str(body.channel_id) ?? str(channel?.id) ?? str((body.event as Body | undefined)?.channel);
}

/** A few words saying what the request was, for the person and the operator. Never the payload itself. */
export function describeRequest(body: Body, kind: string): string {
  if (kind === 'command') return `your \`${str(body.command) ?? '/incident'}\` command`;
  if (kind === 'action') return 'your button click';
  if (kind === 'view') return 'your form';
  if (kind === 'shortcut') return 'your shortcut';
  if (kind === 'event:message') return 'your message (for the incident timeline)';
  return `your ${kind.replace(/^event:/, '').replaceAll('_', ' ')}`;
}
