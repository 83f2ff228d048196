import { z } from 'zod';
import type { ServiceDeps } from './deps.js';
import type { Notice } from './ports.js';

/**
 * The fields a service verb takes to be carried out once per request: the durable inbox's key of the
 * request, and whether the inbox is carrying it out again (after a crash: some of it may be done).
 */
export const RequestFields = {
  /** The request's key (the durable inbox's): carrying the same request out again changes nothing. */
  requestKey: z.string().min(1).optional(),
  /** The request is being carried out again (after a crash): its posts may already be in Slack. */
  recovering: z.boolean().default(false),
};

export interface RequestRef {
  requestKey?: string | undefined;
  recovering: boolean;
}

/** The key one step of a request is recorded or posted under (`sev:<request key>`), or null without a key. */
export function stepKey(req: RequestRef, step: string): string | null {
  return req.requestKey ? `${step}:${req.requestKey}` : null;
}

/**
 * Posts a notice once per request step. The post carries the step's key as Slack metadata; a request
 * carried out again looks for that key in the channel first and returns the message already there.
 * A failed look is an error ("try later"), never a second post. Returns the ts and whether it was found.
 */
export async function postOnce(
  deps: Pick<ServiceDeps, 'chat'>,
  channelId: string,
  notice: Notice,
  key: string | null,
  req: RequestRef,
): Promise<{ ts: string; found: boolean }> {
  const found = key && req.recovering ? await deps.chat.findPosted(channelId, key) : undefined;
  if (found) return { ts: found, found: true };
  return { ts: await deps.chat.post(channelId, notice, key ? { key } : {}), found: false };
}
