import { z } from 'zod';
import { recordOwnPost } from '../db/repositories/timeline.js';
import { TEXT_LIMITS } from '../domain/limits.js';
import type { ServiceDeps } from './deps.js';
import { incidentInChannel } from './incident-context.js';
import { parseInput } from './parse-input.js';

export const AddNoteInput = z.object({
  channelId: z.string().min(1),
  actorId: z.string().min(1),
  text: z
    .string()
    .trim()
    .min(1, 'A note needs some text.')
    .max(TEXT_LIMITS.note, `Keep a note under ${TEXT_LIMITS.note} characters.`),
  /** The request's key (the durable inbox's): the same request never posts or records the note twice. */
  requestKey: z.string().min(1).optional(),
  /** The request is being carried out again (after a crash): the post may already be in the channel. */
  recovering: z.boolean().default(false),
});

/**
 * Adds a note to the timeline and shows it in the channel (a slash command is otherwise invisible to
 * others). With a request key the post carries it, so a request carried out again after a crash finds
 * its post instead of posting twice, and the timeline row is keyed by the post.
 */
export async function addNote(deps: ServiceDeps, raw: z.input<typeof AddNoteInput>): Promise<void> {
  const input = parseInput(AddNoteInput, raw);
  const { incident } = await incidentInChannel(deps.db, input.channelId);
  const key = input.requestKey && `note:${input.requestKey}`;
  const posted = input.recovering && key ? await deps.chat.findPosted(incident.channelId!, key) : undefined;
  const ts =
    posted ??
    (await deps.chat.post(
      incident.channelId!,
      { kind: 'note-added', incident, text: input.text, actorId: input.actorId },
      key ? { key } : {},
    ));
  await recordOwnPost(deps.db, {
    incidentId: incident.id,
    kind: 'note',
    actorId: input.actorId,
    at: deps.now(),
    text: input.text,
    messageTs: ts,
    // The message ts is also what the message event for this post carries: whichever is recorded first,
    // one `note` remains.
    dedupeKey: `msg:${ts}`,
  });
}
