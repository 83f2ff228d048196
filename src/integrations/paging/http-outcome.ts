import type { PageFailure, PageOutcome } from './ports.js';

// A provider that takes longer than this is treated as down for this attempt; the tick retries.
export const PAGE_TIMEOUT_MS = 10_000;
const MAX_REASON = 200;

/** Turns a provider's HTTP answer into an outcome: 2xx ok, 429/5xx retryable, other 4xx a refusal. */
export async function outcomeOf(res: Response, provider: string, secrets: string[]): Promise<PageOutcome> {
  if (res.ok) return { ok: true };
  const detail = scrub(await readReason(res), secrets);
  const retryable = res.status === 429 || res.status >= 500 || res.status === 408;
  const retryAfterMs = retryAfter(res.headers.get('retry-after'));
  const reason = `${provider} answered ${res.status}${detail ? `: ${detail}` : ''}`;
  return { ok: false, retryable, reason, ...(retryAfterMs !== undefined && { retryAfterMs }) };
}

/** A network failure or timeout: the provider may be down, so try again later. */
export function unreachable(err: unknown, provider: string, secrets: string[]): PageFailure {
  const name = (err as Error)?.name;
  const message =
    name === 'TimeoutError' || name === 'AbortError' ? 'no answer in time' : String((err as Error)?.message);
  return { ok: false, retryable: true, reason: `${provider} could not be reached (${scrub(message, secrets)})` };
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds. */
export function retryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The provider's own explanation, short and single-line: PagerDuty Events `message`/`errors`, PagerDuty
 * REST `error.message`/`error.errors`, Opsgenie `message`.
 */
async function readReason(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { message?: unknown; errors?: unknown; error?: unknown };
    const body = (parsed.error && typeof parsed.error === 'object' ? parsed.error : parsed) as typeof parsed;
    const errors = Array.isArray(body.errors) ? body.errors.map(String).join('; ') : '';
    return oneLine([body.message, errors].filter(Boolean).join(': '));
  } catch {
    return oneLine(text);
  }
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim().slice(0, MAX_REASON);

/** A provider echoing a key back must not put it in Slack or the logs. */
function scrub(text: string, secrets: string[]): string {
  return secrets.filter((s) => s.length >= 4).reduce((acc, s) => acc.split(s).join('[REDACTED]'), text);
}
