import type { RespondFn } from '@slack/bolt';
import { isDatabaseUnavailable } from '../db/errors.js';
import { isDomainError } from '../domain/errors.js';
import { markLogged } from '../observability/logged-errors.js';
import type { Logger } from '../observability/logger.js';
import type { SlackMessage } from './views/blocks.js';
import { buildDeclarationFailed, buildNotice, buildRefusal } from './views/replies.js';

export type Outcome = 'ok' | 'refused' | 'error';

/** How a handler answers the person privately: a response_url, or an ephemeral message / DM. */
export type Tell = (message: SlackMessage) => Promise<unknown>;

/**
 * The one error mapper for every kind of Slack input (commands, clicks, form submissions). Runs
 * the slow part of a handler (after ack) and turns failures into one private sentence. A
 * DomainError is the person's or the world's (a validation, a refusal, Slack saying no): shown as
 * is, logged once at info without a stack, nothing else. Anything else is a bug: logged with
 * context, answered with an apology, and rethrown so app.error() sees it. Never swallowed.
 */
export async function mappingErrors(
  tell: Tell,
  logger: Logger,
  work: () => Promise<void>,
  record: (outcome: Outcome) => void = () => {},
): Promise<void> {
  try {
    await work();
    record('ok');
  } catch (err) {
    if (isDomainError(err)) {
      logger.info({ code: err.code }, 'request refused');
      const incidentId = err.details?.incidentId;
      const failedDeclaration = err.code === 'UPSTREAM' && typeof incidentId === 'string';
      record('refused');
      await tell(
        failedDeclaration ? buildDeclarationFailed(err.message, incidentId) : buildRefusal(err.message, err.details),
      );
      return;
    }
    record('error');
    logger.error({ err }, 'handler failed');
    // Logged here, with the request's context: app.error() sees it next and does not log it twice.
    markLogged(err);
    // Every request is in the durable inbox before it runs: a database outage mid-way is retried, not lost.
    const sentence = isDatabaseUnavailable(err)
      ? 'The database went away while I was doing this; your request is kept and will be finished once it is back.'
      : 'Something went wrong on my side; it has been logged. Try again in a moment.';
    await tell(buildNotice(sentence)).catch(() => {});
    throw err;
  }
}

/** `mappingErrors` answering through a command's or a click's response_url. */
export function replyingErrors(
  respond: RespondFn,
  logger: Logger,
  work: () => Promise<void>,
  record?: (outcome: Outcome) => void,
): Promise<void> {
  return mappingErrors((message) => respond({ response_type: 'ephemeral', ...message }), logger, work, record);
}
