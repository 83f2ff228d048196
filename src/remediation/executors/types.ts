/** What an approved remediation asks an executor to do. Built once per approval; never mutated. */
export interface ExecutionRequest {
  /** Stable per approval, so a retry (ours or the receiver's) can never run the action twice. */
  idempotencyKey: string;
  incident: { id: string; ref: string; channelId: string; severity: number };
  runbook: { id: string; title: string };
  action: { name: string; params: Record<string, string> };
  /** Slack user id of the approver. */
  approvedBy: string;
  approvedAt: Date;
}

/**
 * An executor's answer. `detail` is one plain sentence that is safe to post in Slack: it never
 * holds a secret or a full response body.
 * - `accepted`: the target took the request (it may still be running there).
 * - `failed`: the target was asked and said no, or could not be reached; `retryable` says whether
 *   sending the same request again (same idempotency key) could help.
 * - `refused`: Firebreak declined to send anything (missing configuration, stopped).
 */
export type ExecutionResult =
  | { status: 'accepted'; detail: string; httpStatus?: number }
  | { status: 'failed'; detail: string; httpStatus?: number; retryable: boolean }
  | { status: 'refused'; detail: string };

/** Runs one approved action somewhere. Resolves for every expected failure; it does not throw. */
export interface Executor {
  readonly name: string;
  execute(req: ExecutionRequest, signal?: AbortSignal): Promise<ExecutionResult>;
}
