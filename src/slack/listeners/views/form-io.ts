import type { WebClient } from '@slack/web-api';
import { cleanJson } from '../../../domain/clean-text.js';
import type { Logger } from '../../../observability/logger.js';
import type { Tell } from '../../reply-errors.js';

/**
 * A submitted form's values. Slack sends them as typed — unescaped, unlike command and message
 * text — so only control characters (PostgreSQL refuses NUL) are removed.
 */
export const formValues = <T>(view: { state: { values: unknown } }): T => cleanJson(view.state.values) as T;

/**
 * A form has no response_url: answer privately where it was opened from, or by DM when that fails
 * (the bot left the channel, or there is no channel).
 */
export function tellSubmitter(client: WebClient, logger: Logger, userId: string, channelId?: string): Tell {
  return async (message) => {
    if (channelId) {
      try {
        return await client.chat.postEphemeral({ channel: channelId, user: userId, ...message } as never);
      } catch (err) {
        logger.warn({ err, userId }, 'could not answer in the channel; sending a DM instead');
      }
    }
    return client.chat.postMessage({ channel: userId, ...message } as never);
  };
}
