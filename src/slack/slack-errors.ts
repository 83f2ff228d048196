import { DomainError } from '../domain/errors.js';
import { isRateLimitRetry } from './client-options.js';

// What each Slack error means for the person waiting, in one sentence.
const SENTENCES: Record<string, string> = {
  not_in_channel: 'I am not a member of that channel; invite me with `/invite @Firebreak` and try again.',
  channel_not_found: 'Slack could not find that channel, or I cannot see it (private channels need an invite).',
  is_archived: 'That channel is archived.',
  restricted_action: 'A workspace setting stops me from doing that (for example creating channels).',
  missing_scope: 'I lack a permission Slack requires for this; reinstall the app from manifest.yml.',
  invalid_auth: 'My Slack token is not valid any more; an admin must reinstall the app.',
  not_authed: 'My Slack token is missing; an admin must configure SLACK_BOT_TOKEN.',
  account_inactive: 'My Slack token belongs to a deactivated app; an admin must reinstall it.',
  ratelimited: 'Slack is rate-limiting me right now; try again in a minute.',
  // Not a Web API error code: Slack answered HTTP 5xx (its own outage) even after the client's retries.
  slack_unavailable: 'Slack is having trouble on its side (it answered with a server error); try again in a minute.',
  user_not_found: 'Slack does not know that user.',
  cant_invite_self: 'I cannot invite myself.',
  expired_trigger_id: 'That took too long for Slack; run the command again.',
  invalid_blocks: 'Slack rejected the layout of my message (a bug; it has been logged).',
};

/** The Slack error code carried by a @slack/web-api error, if any. */
export function slackErrorCode(err: unknown): string | undefined {
  const e = err as { code?: string; data?: { error?: string } };
  if (e?.data?.error) return e.data.error;
  if (e?.code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  // Still rate-limited after the client's retries: it reports that as a request error, but Slack did nothing.
  if (isRateLimitRetry(err)) return 'ratelimited';
  if (e?.code === 'slack_webapi_request_error') return 'request_failed';
  if (e?.code === 'slack_webapi_http_error') return 'slack_unavailable';
  return undefined;
}

/**
 * Whether Slack may have done what was asked although the call failed: it answered 5xx, or the
 * connection failed after the request went out. Retrying such a call must first look for its effect.
 */
export function isUnsure(err: unknown): boolean {
  const code = slackErrorCode(err);
  return code === 'slack_unavailable' || code === 'request_failed';
}

/** Turns a Web API failure into a DomainError('UPSTREAM') whose message a user can act on. */
export function toUpstreamError(err: unknown, doing: string): DomainError {
  const code = slackErrorCode(err) ?? 'unknown';
  const reason =
    SENTENCES[code] ?? (code === 'request_failed' ? 'I could not reach Slack.' : `Slack answered \`${code}\`.`);
  return new DomainError('UPSTREAM', `Slack refused to ${doing}: ${reason}`, { slackError: code });
}
