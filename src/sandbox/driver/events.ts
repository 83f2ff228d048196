/**
 * Events API delivery: wraps an event in Slack's `event_callback` envelope and sends it (POSTed as JSON,
 * or as an `events_api` Socket Mode envelope). Redeliveries carry `X-Slack-Retry-Num` / `X-Slack-Retry-Reason`
 * (`retry_attempt` / `retry_reason` on the socket) and the same event_id, which an idempotent app keys on.
 */
import type { EmulatorCore } from '../core.js';
import type { AppResponse } from '../types.js';
import type { AppTransport } from './transport.js';

/** Delivery options of {@link sendEvent}. */
export interface SendEventOptions {
  /** Reuse an event_id to simulate a redelivery; default: a fresh unique id. */
  eventId?: string;
  /** Set to mark the request as Slack's n-th retry. */
  retryNum?: number;
  /** Default `http_timeout` when retryNum is set. */
  retryReason?: string;
}

let eventCounter = 0;

/** Builds the `event_callback` envelope for an event. */
export function eventCallback(core: EmulatorCore, event: object, eventId?: string): Record<string, unknown> {
  eventCounter += 1;
  const { verificationToken, teamId, appId, botUserId } = core.config;
  return {
    token: verificationToken,
    team_id: teamId,
    api_app_id: appId,
    event,
    type: 'event_callback',
    event_id: eventId ?? `Ev${String(eventCounter).padStart(9, '0')}`,
    event_time: Math.floor(core.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: teamId, user_id: botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: `4-emulator-${eventCounter}`,
  };
}

/** Delivers one event to the app. */
export async function sendEvent(
  core: EmulatorCore,
  t: AppTransport,
  event: object,
  opts: SendEventOptions = {},
): Promise<AppResponse> {
  // Over HTTP Slack names the timeout `http_timeout`; over Socket Mode, `timeout`.
  const retry =
    opts.retryNum === undefined
      ? undefined
      : { num: opts.retryNum, reason: opts.retryReason ?? (core.socketMode ? 'timeout' : 'http_timeout') };
  return t.event(eventCallback(core, event, opts.eventId), retry);
}
