import { outcomeOf, unreachable } from '../paging/http-outcome.js';
import type { TrackerResult } from './ports.js';

// A tracker slower than this is treated as down for this attempt; the tick retries with backoff.
export const TRACKER_TIMEOUT_MS = 10_000;

export interface HttpTracker {
  label: string;
  fetchImpl: typeof fetch;
  headers: Record<string, string>;
  /** Never in a reason, a log line or Slack, even if the tracker echoes them. */
  secrets: string[];
}

/**
 * One JSON request. 2xx → `read(body)`; 401/403/404/400 → a refusal; 408/429/5xx and network
 * failures → retryable (with Retry-After when given). The reason names the tracker and the status.
 */
export async function requestJson<T>(
  t: HttpTracker,
  url: string,
  init: { method: string; body?: unknown },
  read: (body: unknown) => T,
): Promise<TrackerResult<T>> {
  let res: Response;
  try {
    res = await t.fetchImpl(url, {
      method: init.method,
      headers: {
        accept: 'application/json',
        ...(init.body !== undefined && { 'content-type': 'application/json' }),
        ...t.headers,
      },
      ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(TRACKER_TIMEOUT_MS),
    });
  } catch (err) {
    return unreachable(err, t.label, t.secrets) as TrackerResult<T>;
  }
  const outcome = await outcomeOf(res, t.label, t.secrets);
  if (!outcome.ok) return { ...outcome, status: res.status };
  try {
    const text = await res.text();
    return { ok: true, value: read(text ? JSON.parse(text) : undefined) };
  } catch (err) {
    return {
      ok: false,
      retryable: true,
      reason: `${t.label} answered something unexpected (${(err as Error).message})`,
    };
  }
}

/** Reads a path of a JSON answer, or throws naming it (the answer was not what the API describes). */
export function field<T>(body: unknown, path: string): T {
  let at: unknown = body;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') throw new Error(`no ${path}`);
    at = (at as Record<string, unknown>)[key];
  }
  if (at === undefined || at === null) throw new Error(`no ${path}`);
  return at as T;
}

/** User text in Markdown trackers: no @mentions that notify people, no links or images it did not mean. */
export const inertMarkdown = (text: string): string =>
  text.replace(/@/g, '@\u200b').replace(/([[\]<>!#*_`|\\])/g, '\\$1');
