import type { WebClientOptions } from '@slack/web-api';

/**
 * Bounded Web API behaviour. @slack/web-api retries failures for ~30 minutes by default; at 3 a.m.
 * a user waiting on a declaration needs an answer within seconds, so: 10 s per call, two retries
 * with short backoff. A 429 still waits out Retry-After (the client pauses its queue) before retrying.
 */
export function webClientOptions(slackApiUrl: string): WebClientOptions {
  return {
    slackApiUrl,
    timeout: 10_000,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2_000, randomize: true },
    rejectRateLimitedCalls: false,
  };
}

/**
 * Web API options of the Socket Mode client, whose one call is apps.connections.open: the same server
 * (SLACK_API_URL, so GovSlack, a proxy or the emulator work), the same 10 s per call and Retry-After handling.
 * The retries differ on purpose. Nobody waits on this call, and giving up is worse than waiting: once its
 * retries are spent, @slack/socket-mode treats an HTTP or network failure while reconnecting as fatal (an
 * unhandled rejection), so the app would die on a short Slack outage. Keep trying for about an hour, never
 * more than 30 s apart — not the client's own default, 100 retries whose waits grow ×1.3 without a cap.
 */
export function socketModeClientOptions(slackApiUrl: string): WebClientOptions {
  return {
    ...webClientOptions(slackApiUrl),
    retryConfig: { retries: 120, factor: 2, minTimeout: 200, maxTimeout: 30_000, randomize: true },
  };
}
