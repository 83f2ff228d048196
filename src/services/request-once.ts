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

/**
 * Shares a file once per request: its filename is unique to the request step, and a request carried
 * out again looks for a file of that name in the channel first (the upload may have happened before
 * the crash, its id not yet stored). A failed look is an error, never a second upload.
 */
export async function uploadOnce(
  deps: Pick<ServiceDeps, 'chat'>,
  channelId: string,
  file: { filename: string; title: string; content: string | Uint8Array },
  req: Pick<RequestRef, 'recovering'>,
): Promise<{ fileId: string; found: boolean }> {
  const found = req.recovering ? await deps.chat.findUploaded(channelId, file.filename) : undefined;
  if (found) return { fileId: found, found: true };
  // `once`: after an unsure failure of the upload itself, the adapter also looks before trying again.
  return { ...(await deps.chat.uploadFile(channelId, file, { once: true })), found: false };
}
