import { retryAfter } from '../paging/http-outcome.js';
import type { StatuspageIncident, StatuspageOutcome, StatuspagePort } from './ports.js';
import { createSpacer, realSleep } from './rate-limit.js';

export interface StatuspageClientOptions {
  apiKey: string;
  pageId: string;
  /** `status_page.statuspage.api_url` (default https://api.statuspage.io; a proxy). */
  apiUrl: string;
  fetchImpl?: typeof fetch;
  /** Between two requests (Statuspage: 1 request per second per key). */
  intervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const MAX_ATTEMPTS = 3;
const TIMEOUT_MS = 10_000;
const MAX_WAIT_MS = 30_000;
const MAX_REASON = 200;

/**
 * Statuspage's incidents API (`POST/PATCH /v1/pages/{page_id}/incidents`): each request spaced by
 * the rate limit, retried on 429 and 5xx (honouring Retry-After), at most three attempts.
 */
export function createStatuspageClient(opts: StatuspageClientOptions): StatuspagePort {
  const doFetch = opts.fetchImpl ?? fetch;
  const sleep = opts.sleep ?? realSleep;
  const spaced = createSpacer(opts.intervalMs ?? 1000, sleep);
  const base = `${opts.apiUrl.replace(/\/+$/, '')}/v1/pages/${encodeURIComponent(opts.pageId)}/incidents`;
  const scrub = (s: string) => (opts.apiKey.length >= 4 ? s.split(opts.apiKey).join('[REDACTED]') : s);

  async function call(method: string, url: string, body?: unknown): Promise<CallResult> {
    let last: CallResult = { ok: false, reason: 'not sent', unsure: false, attempts: 0 };
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const result = await spaced(() => once(method, url, body, attempt));
      if (result.ok || !result.retryable) return result;
      last = { ...result, unsure: last.unsure || result.unsure };
      if (attempt < MAX_ATTEMPTS) await sleep(Math.min(MAX_WAIT_MS, result.waitMs ?? 1000 * 2 ** (attempt - 1)));
    }
    return last;
  }

  async function once(method: string, url: string, body: unknown, attempt: number): Promise<Attempt> {
    try {
      const res = await doFetch(url, {
        method,
        headers: {
          authorization: `OAuth ${opts.apiKey}`,
          accept: 'application/json',
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const text = await res.text().catch(() => '');
      if (res.ok) return { ok: true, json: parse(text), attempts: attempt };
      const retryable = res.status === 429 || res.status === 420 || res.status >= 500;
      const waitMs = retryAfter(res.headers.get('retry-after'));
      return {
        ok: false,
        retryable,
        // A 5xx after a create may have created it; a 4xx (and 429) did nothing.
        unsure: res.status >= 500,
        reason: scrub(`Statuspage answered ${res.status}${detail(text)}`),
        attempts: attempt,
        ...(waitMs !== undefined && { waitMs }),
      };
    } catch (err) {
      const name = (err as Error)?.name;
      const why =
        name === 'TimeoutError' || name === 'AbortError' ? 'no answer in time' : String((err as Error)?.message);
      return {
        ok: false,
        retryable: true,
        unsure: true,
        reason: scrub(`Statuspage could not be reached (${why})`),
        attempts: attempt,
      };
    }
  }

  const outcome = (r: CallResult): StatuspageOutcome => {
    if (!r.ok) return { ok: false, reason: r.reason, attempts: r.attempts, unsure: r.unsure };
    const id = (r.json as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string')
      return { ok: false, reason: 'Statuspage answered without an incident id', attempts: r.attempts, unsure: true };
    return { ok: true, incidentId: id, attempts: r.attempts };
  };

  return {
    async create(incident) {
      return outcome(
        await call('POST', base, { incident: { ...incidentBody(incident), metadata: metadataOf(incident) } }),
      );
    },
    async update(id, incident) {
      return outcome(await call('PATCH', `${base}/${encodeURIComponent(id)}`, { incident: incidentBody(incident) }));
    },
    async findCreated(firebreakId) {
      const r = await call('GET', `${base}/unresolved`);
      if (!r.ok || !Array.isArray(r.json)) return null;
      const found = (r.json as { id?: unknown; metadata?: { firebreak?: { incident_id?: unknown } } }[]).find(
        (i) => i.metadata?.firebreak?.incident_id === firebreakId,
      );
      return typeof found?.id === 'string' ? found.id : undefined;
    },
  };
}

/** The fields of Statuspage's `incident` object that a publication sets. */
export function incidentBody(incident: StatuspageIncident): Record<string, unknown> {
  return {
    name: incident.name,
    status: incident.status,
    body: incident.body,
    components: incident.components,
    component_ids: Object.keys(incident.components),
  };
}

/** Statuspage requires every top-level metadata value to be an object. */
const metadataOf = (incident: StatuspageIncident) => ({ firebreak: { incident_id: incident.firebreakId } });

type Attempt =
  | { ok: true; json: unknown; attempts: number }
  | { ok: false; retryable: boolean; unsure: boolean; reason: string; attempts: number; waitMs?: number };
type CallResult =
  | { ok: true; json: unknown; attempts: number }
  | { ok: false; reason: string; unsure: boolean; attempts: number };

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function detail(text: string): string {
  let said = text;
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    said = String(body.error ?? body.message ?? text);
  } catch {}
  const one = said.replace(/\s+/g, ' ').trim().slice(0, MAX_REASON);
  return one ? `: ${one}` : '';
}
