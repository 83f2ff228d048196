import type { RespondFn } from '@slack/bolt';
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
    await respond({
      response_type: 'ephemeral',
      ...buildNotice('Something went wrong on my side; it has been logged. Try again in a moment.'),
    }).catch(() => {});
    throw err;
  }
}
