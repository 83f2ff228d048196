/**
 * Fault injection: scripted errors and rate limits for the next calls of a method, so tests can prove the
 * bot survives Slack misbehaving (retries, user-facing messages, no half-created incidents).
 */
import { allowedErrors } from '../specs.js';

interface PendingFault {
  kind: 'error' | 'ratelimit' | 'server_error';
  error: string;
  retryAfterSeconds: number;
  remaining: number;
  afterWork?: boolean;
}

/** What to do with a call instead of handling it. */
export type InjectedFault =
  | { kind: 'error'; error: string }
  | { kind: 'ratelimit'; retryAfterSeconds: number }
  | { kind: 'server_error'; afterWork: boolean };

/** Per-method queues of scripted faults, consumed in order. */
export class FaultInjector {
  private readonly queues = new Map<string, PendingFault[]>();

  /**
   * Queues an error for the next `times` calls of `method`. Throws right away when Slack does not document
   * that error for the method — a test scripting an impossible failure would prove nothing.
   */
  failNext(method: string, error: string, times = 1): void {
    const allowed = allowedErrors(method);
    if (!allowed.has(error)) {
      throw new Error(`failNext: ${method} never answers "${error}"; documented errors: ${[...allowed].join(', ')}`);
    }
    this.enqueue(method, { kind: 'error', error, retryAfterSeconds: 0, remaining: times });
  }

  /** Queues HTTP 429 answers with a `Retry-After` header for the next `times` calls of `method`. */
  rateLimit(method: string, retryAfterSeconds: number, times = 1): void {
    allowedErrors(method); // throws for a method without a spec
    this.enqueue(method, { kind: 'ratelimit', error: 'ratelimited', retryAfterSeconds, remaining: times });
  }

  /**
   * Queues HTTP 500 answers for the next `times` calls of `method`: Slack's own outage. By default the call
   * does nothing, so a retry is safe. With `afterWork`, the call is carried out and only its answer is lost
   * (a timeout at Slack's edge): a blind retry then posts or creates a second time.
   */
  serverError(method: string, times = 1, afterWork = false): void {
    allowedErrors(method); // throws for a method without a spec
    this.enqueue(method, {
      kind: 'server_error',
      error: 'internal_error',
      retryAfterSeconds: 0,
      remaining: times,
      afterWork,
    });
  }

  /** The fault to apply to this call of `method`, if any (consumes one use). */
  take(method: string): InjectedFault | undefined {
    const queue = this.queues.get(method);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) queue.shift();
    if (head.kind === 'error') return { kind: 'error', error: head.error };
    if (head.kind === 'server_error') return { kind: 'server_error', afterWork: head.afterWork ?? false };
    return { kind: 'ratelimit', retryAfterSeconds: head.retryAfterSeconds };
  }

  clear(): void {
    this.queues.clear();
  }

  private enqueue(method: string, fault: PendingFault): void {
    if (!Number.isInteger(fault.remaining) || fault.remaining < 1) throw new Error('times must be a positive integer');
    const queue = this.queues.get(method) ?? [];
    queue.push(fault);
    this.queues.set(method, queue);
  }
}
