/** What kind of failure a DomainError is; the Slack edge maps each to a plain sentence. */
export type ErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'VALIDATION' | 'FORBIDDEN' | 'UPSTREAM';

/**
 * The one error type services throw for expected failures. Its message is written for the user
 * (one plain sentence, safe to show in Slack); anything that is not a DomainError is a bug and is logged.
 */
export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const isDomainError = (err: unknown): err is DomainError => err instanceof DomainError;
