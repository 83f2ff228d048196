import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';

export type ModelFailure =
  | 'timeout'
  | 'rate-limited'
  | 'server-error'
  | 'unreachable'
  | 'rejected'
  | 'invalid-answer'
  | 'refused';

/**
 * The model could not give a usable answer. `message` is a sentence for the incident channel; the
 * work goes on without the model. `cause` keeps the underlying error for logs (it never holds the
 * prompt: OpenAI errors carry the API's reply, zod errors the issue paths).
 */
export class ModelUnavailableError extends Error {
  override readonly name = 'ModelUnavailableError';
  constructor(
    readonly reason: ModelFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const MAX_RETRY_WAIT_MS = 5_000;
const DEFAULT_RETRY_WAIT_MS = 250;
const seconds = (ms: number) => (ms / 1000).toLocaleString('en', { maximumFractionDigits: 1 });

/** The answer could not be read (invalid JSON, schema mismatch, cut off). `fallback` ends the sentence. */
export function invalidAnswer(fallback: string, cause?: unknown): ModelUnavailableError {
  return new ModelUnavailableError(
    'invalid-answer',
    `The AI model gave an answer Firebreak could not read; ${fallback}.`,
    { cause },
  );
}

/**
 * What went wrong with a model request, as the error to throw (a sentence ending with what happens
 * instead: `fallback`) and whether one more attempt is worth it: timeouts, connection errors, 429
 * and 5xx are; a 4xx (bad key, unknown model) and an unreadable answer are not.
 */
export function classifyModelError(
  err: unknown,
  timeoutMs: number,
  fallback: string,
): { error: ModelUnavailableError; retry: boolean } {
  const fail = (reason: ModelFailure, message: string, retry: boolean) => ({
    error: new ModelUnavailableError(reason, `${message}; ${fallback}.`, { cause: err }),
    retry,
  });
  if (err instanceof APIConnectionTimeoutError)
    return fail('timeout', `The AI model did not answer in time (${seconds(timeoutMs)} s)`, true);
  if (err instanceof APIConnectionError) return fail('unreachable', 'The AI model could not be reached', true);
  if (err instanceof APIError) {
    const status = err.status ?? 0;
    if (status === 429) return fail('rate-limited', 'The AI model is rate-limited right now', true);
    if (status >= 500) return fail('server-error', `The AI model service failed (HTTP ${status})`, true);
    return fail(
      'rejected',
      `The AI model refused the request (HTTP ${status}); check the API key and model name`,
      false,
    );
  }
  return { error: invalidAnswer(fallback, err), retry: false };
}

/** How long to wait before the one retry: the server's Retry-After when sane, else a short pause. */
export function retryWait(err: unknown): number {
  const header = err instanceof APIError ? err.headers?.get('retry-after') : null;
  const value = header ? Number(header) : Number.NaN;
  return Number.isFinite(value) && value >= 0 ? Math.min(value * 1000, MAX_RETRY_WAIT_MS) : DEFAULT_RETRY_WAIT_MS;
}
