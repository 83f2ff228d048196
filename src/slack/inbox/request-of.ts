import type { Context } from '@slack/bolt';
import type { InboxRun } from './install-inbox.js';

/** The inbox's key of the request being handled, and whether it is being carried out again. */
export function requestOf(context: Context): { requestKey?: string; replay: boolean } {
  const run = context.inbox as InboxRun | undefined;
  return run ? { requestKey: run.key, replay: run.replay } : { replay: false };
}

/** What a service takes to carry a request out once: `{ requestKey, recovering }` (see services/request-once.ts). */
export function requestInput(context: Context): { requestKey?: string; recovering: boolean } {
  const { requestKey, replay } = requestOf(context);
  return { ...(requestKey && { requestKey }), recovering: replay };
}
