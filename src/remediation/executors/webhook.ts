import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../../observability/logger.js';
import { redactSnippet } from './redact.js';
import type { ExecutionRequest, ExecutionResult, Executor } from './types.js';

/** Options for {@link createWebhookExecutor}. `url`/`secret` may be absent: the executor then refuses. */
export interface WebhookExecutorOptions {
  url?: string | undefined;
  secret?: string | undefined;
  timeoutMs?: number;
  logger: Logger;
  fetchImpl?: typeof fetch;
  now?: () => Date;
}

/** The JSON body of a remediation webhook (docs/executor-webhook.md). */
export interface WebhookPayload {
  idempotency_key: string;
  incident: { id: string; ref: string; channel: string; severity: number };
  runbook: { id: string; title: string };
  action: { name: string; params: Record<string, string> };
  approved_by: string;
  approved_at: string;
}

/** Maps a request to the wire body; shared with the dry-run executor so both show the same thing. */
export function toWebhookPayload(req: ExecutionRequest): WebhookPayload {
  return {
    idempotency_key: req.idempotencyKey,
    incident: {
      id: req.incident.id,
      ref: req.incident.ref,
      channel: req.incident.channelId,
      severity: req.incident.severity,
    },
    runbook: { id: req.runbook.id, title: req.runbook.title },
    action: { name: req.action.name, params: { ...req.action.params } },
    approved_by: req.approvedBy,
    approved_at: req.approvedAt.toISOString(),
  };
}

/** `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`, the value of `X-Firebreak-Signature`. */
export function signFirebreakRequest(body: string | Buffer, timestamp: string | number, secret: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `v1=${mac}`;
}

/**
 * Checks a received webhook: the signature must match the raw body and timestamp (compared in
 * constant time) and the timestamp must be within `toleranceSeconds` of `now`, which bounds replay.
 */
export function verifyFirebreakSignature(
  body: string | Buffer,
  timestamp: string | number | undefined,
  signature: string | undefined,
  secret: string,
  toleranceSeconds = 300,
  now: Date = new Date(),
): boolean {
  if (!secret || timestamp === undefined || !signature) return false;
  const ts = String(timestamp);
  if (!/^\d{1,12}$/.test(ts)) return false;
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(ts)) > toleranceSeconds) return false;
  const expected = Buffer.from(signFirebreakRequest(body, ts, secret));
  const given = Buffer.from(signature.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Bytes of a response body we read at most; enough for an error message, never a whole page. */
const MAX_BODY_BYTES = 4096;

/**
 * An executor that POSTs a signed JSON body to `executors.webhook.url`. It refuses (sends nothing)
 * without a URL or secret or when `signal` is already aborted; it never follows redirects, because
 * a redirected POST would carry the signed body to a host nobody configured.
 */
export function createWebhookExecutor(options: WebhookExecutorOptions): Executor {
  const { url, secret, timeoutMs = 10_000, now = () => new Date() } = options;
  const logger = options.logger.child({ module: 'executor.webhook' });

  return {
    name: 'webhook',
    async execute(req, signal) {
      const log = logger.child({ incident: req.incident.ref, action: req.action.name, key: req.idempotencyKey });
      const refusal = checkConfig(url, secret);
      if (refusal) {
        log.warn({ reason: refusal.detail }, 'webhook executor refused');
        return refusal;
      }
      if (signal?.aborted) {
        log.info('webhook executor stopped before sending');
        return { status: 'refused', detail: 'The action was stopped before sending; nothing was sent.' };
      }

      const body = JSON.stringify(toWebhookPayload(req));
      const timestamp = String(Math.floor(now().getTime() / 1000));
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'firebreak-executor',
        'idempotency-key': req.idempotencyKey,
        'x-firebreak-timestamp': timestamp,
        'x-firebreak-signature': signFirebreakRequest(body, timestamp, secret!),
      };
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), timeoutMs);
      const combined = signal ? AbortSignal.any([timeout.signal, signal]) : timeout.signal;
      const fetchImpl = options.fetchImpl ?? globalThis.fetch;
      const host = new URL(url!).host;
      const started = Date.now();
      try {
        const res = await fetchImpl(url!, { method: 'POST', headers, body, signal: combined, redirect: 'manual' });
        const snippet = redactSnippet(await readSnippet(res), [secret]);
        const result = classify(res.status, snippet);
        const fields = { host, httpStatus: res.status, ms: Date.now() - started };
        if (result.status === 'accepted') log.info(fields, 'webhook executor: request accepted');
        else log.warn({ ...fields, response: snippet }, 'webhook executor: request failed');
        return result;
      } catch (err) {
        const result = transportFailure(err, timeout.signal.aborted, signal?.aborted ?? false, timeoutMs, secret);
        log.warn({ host, ms: Date.now() - started, reason: result.detail }, 'webhook executor: request failed');
        return result;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function checkConfig(url: string | undefined, secret: string | undefined): ExecutionResult | undefined {
  if (!secret) {
    return {
      status: 'refused',
      detail: 'The webhook executor needs FIREBREAK_EXECUTOR_SECRET to sign requests; nothing was sent.',
    };
  }
  if (!url) {
    return { status: 'refused', detail: 'executors.webhook.url is not configured; nothing was sent.' };
  }
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return { status: 'refused', detail: 'executors.webhook.url is not a valid URL; nothing was sent.' };
  }
  if (protocol !== 'https:' && protocol !== 'http:') {
    return { status: 'refused', detail: 'executors.webhook.url must be an http(s) URL; nothing was sent.' };
  }
  return undefined;
}

/** Reads at most {@link MAX_BODY_BYTES}; a hostile or broken receiver cannot make us buffer megabytes. */
async function readSnippet(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut short (timeout, reset) still leaves the status, which is what decides the outcome.
  } finally {
    reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
}

function classify(httpStatus: number, snippet: string): ExecutionResult {
  const response = snippet ? ` (response: "${snippet}")` : '';
  if (httpStatus >= 200 && httpStatus < 300) {
    return {
      status: 'accepted',
      httpStatus,
      detail: `The automation endpoint accepted the request (HTTP ${httpStatus}).`,
    };
  }
  if (httpStatus >= 300 && httpStatus < 400) {
    return {
      status: 'failed',
      httpStatus,
      retryable: false,
      detail: `The automation endpoint answered with a redirect (HTTP ${httpStatus}), which signed requests do not follow.`,
    };
  }
  // 408 and 429 are the receiver saying "not now"; the idempotency key makes a later retry safe.
  const retryable = httpStatus >= 500 || httpStatus === 408 || httpStatus === 429;
  const verb = httpStatus >= 500 ? 'failed' : 'rejected the request';
  return {
    status: 'failed',
    httpStatus,
    retryable,
    detail: `The automation endpoint ${verb} with HTTP ${httpStatus}${response}.`,
  };
}

function transportFailure(
  err: unknown,
  timedOut: boolean,
  stopped: boolean,
  timeoutMs: number,
  secret: string | undefined,
): ExecutionResult {
  if (stopped && !timedOut) {
    // Already on the wire: the receiver may have acted, so a retry is a human's call, not ours.
    return {
      status: 'failed',
      retryable: false,
      detail: 'The action was stopped while the request was in flight; the endpoint may already have acted.',
    };
  }
  if (timedOut) {
    return {
      status: 'failed',
      retryable: true,
      detail: `The automation endpoint did not answer within ${formatSeconds(timeoutMs)}; it may or may not have acted.`,
    };
  }
  const code = errorCode(err);
  return {
    status: 'failed',
    retryable: true,
    detail: redactSnippet(`Could not reach the automation endpoint${code ? ` (${code})` : ''}.`, [secret]),
  };
}

/** `ECONNREFUSED`-style codes only: an error message may quote the URL, credentials included. */
function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code)) return code;
  }
  return undefined;
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
