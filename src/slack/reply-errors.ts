import type { RespondFn } from '@slack/bolt';
import { isDatabaseUnavailable } from '../db/errors.js';
import { isDomainError } from '../domain/errors.js';
import type { Logger } from '../observability/logger.js';
import { buildDeclarationFailed, buildNotice } from './views/replies.js';

/**
 * Runs the slow part of a handler (after ack) and turns failures into one ephemeral sentence.
 * A DomainError is expected and shown as is; anything else is a bug: logged with context,
 * answered with an apology, and rethrown so app.error() sees it. Never swallowed.
 */
export type Outcome = 'ok' | 'refused' | 'error';

export async function replyingErrors(
  respond: RespondFn,
  logger: Logger,
  work: () => Promise<void>,
  record: (outcome: Outcome) => void = () => {},
): Promise<void> {
  try {
    await work();
    record('ok');
  } catch (err) {
    if (isDomainError(err)) {
      const incidentId = err.details?.incidentId;
      const failedDeclaration = err.code === 'UPSTREAM' && typeof incidentId === 'string';
      await respond({
        response_type: 'ephemeral',
        ...(failedDeclaration ? buildDeclarationFailed(err.message, incidentId) : buildNotice(err.message)),
      });
      record('refused');
      return;
    }
    record('error');
    logger.error({ err }, 'handler failed');
    // Every request is in the durable inbox before it runs: a database outage mid-way is retried, not lost.
    const sentence = isDatabaseUnavailable(err)
      ? 'The database went away while I was doing this; your request is kept and will be finished once it is back.'
      : 'Something went wrong on my side; it has been logged. Try again in a moment.';
    await respond({ response_type: 'ephemeral', ...buildNotice(sentence) }).catch(() => {});
    throw err;
  }
}
