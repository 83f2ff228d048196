import type { RetryOptions, WebClientOptions } from '@slack/web-api';

// @slack/web-api waits out Retry-After, then throws this (wrapped by its request-error handler as a
// WebAPIRequestError whose `original` it is) to make p-retry try again. It is the only failure that proves
// Slack did nothing: a 5xx or a dropped connection may come after the work was done.
const RATE_LIMIT_RETRY = /^A rate limit was exceeded/;

/** Whether a Web API failure is the client's own "rate-limited, waited, retrying" signal. */
export function isRateLimitRetry(err: unknown): boolean {
  const e = err as { message?: unknown; original?: { message?: unknown } } | undefined;
  return [e?.message, e?.original?.message].some((m) => typeof m === 'string' && RATE_LIMIT_RETRY.test(m));
}

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

/**
 * For calls that create something, a channel or a message. Slack may have done the work and still
 * answered 5xx (or the connection dropped on the way back), so a blind retry would create it twice. Only
 * a 429 is retried here; after any other failure the caller looks before trying again (SlackChatPort).
 */
export function creatingClientOptions(slackApiUrl: string): WebClientOptions {
  const options = webClientOptions(slackApiUrl);
  // The client hands retryConfig to p-retry, whose onFailedAttempt is not in @slack/web-api's type.
  const retryConfig: RetryOptions & { onFailedAttempt: (err: Error) => void } = {
    ...options.retryConfig,
    onFailedAttempt: (err) => {
      // Throwing stops p-retry's retries and rejects with this error.
      if (!isRateLimitRetry(err)) throw err;
    },
  };
  return { ...options, retryConfig };
}
