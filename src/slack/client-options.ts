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
