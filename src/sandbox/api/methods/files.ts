/**
 * files.getUploadURLExternal and files.completeUploadExternal — the two Web API halves of the upload flow
 * `WebClient.files.uploadV2` runs; the bytes go to the upload URL in between (../upload-endpoint.ts).
 */
import { memberChannel } from '../guards.js';
import { defineMethod, type MethodContext } from '../method.js';

/** A limit Slack enforces on a single upload (1 GB); anything bigger is a bot bug in the length arg. */
const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;

export const filesGetUploadURLExternal = defineMethod({
  name: 'files.getUploadURLExternal',
  errors: ['invalid_arguments', 'file_upload_size_restricted'],
  handle(ctx: MethodContext) {
    const filename = ctx.str('filename') ?? '';
    const length = ctx.int('length');
    if (filename === '' || length === undefined || length < 0) {
      ctx.violation('filename and a non-negative integer length are required');
      ctx.fail('invalid_arguments');
    }
    if (length > MAX_UPLOAD_BYTES) ctx.fail('file_upload_size_restricted');
    const file = ctx.ws.files.reserve(filename, length);
    return { upload_url: `${ctx.core.baseUrl}/upload/${file.id}`, file_id: file.id };
  },
});

export const filesCompleteUploadExternal = defineMethod({
  name: 'files.completeUploadExternal',
  errors: ['invalid_arguments', 'file_not_found', 'channel_not_found', 'not_in_channel'],
  handle(ctx: MethodContext) {
    let files: unknown;
    try {
      files = ctx.json('files');
    } catch {
      files = undefined;
    }
    if (!Array.isArray(files) || files.length === 0) {
      ctx.violation('`files` must be a non-empty JSON array of {id, title?}');
      return ctx.fail('invalid_arguments');
    }
    const entries = files.map((f: unknown) =>
      typeof f === 'object' && f !== null ? (f as Record<string, unknown>) : {},
    );
    for (const entry of entries) {
      if (typeof entry.id !== 'string' || !ctx.ws.files.isUploaded(entry.id)) ctx.fail('file_not_found');
    }
    // uploadV2 shares through `channel_id`; the legacy multi-channel `channels` argument is not emulated.
    const channel = ctx.str('channel_id') ? memberChannel(ctx, 'not_in_channel', 'channel_id') : undefined;
    const completed = entries.map((e) =>
      ctx.ws.files.complete(String(e.id), typeof e.title === 'string' ? e.title : undefined, channel?.id),
    );
    const shared = completed.flatMap((f) => (f ? [{ id: f.id, title: f.title, name: f.filename }] : []));
    if (channel) {
      const threadTs = ctx.str('thread_ts') || undefined;
      ctx.ws.addMessage(channel, {
        user: ctx.config.botUserId,
        botId: ctx.config.botId,
        text: ctx.str('initial_comment') ?? '',
        files: shared,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        via: 'api',
      });
    }
    return {
      files: completed.flatMap((f) =>
        f
          ? [
              {
                id: f.id,
                name: f.filename,
                title: f.title,
                size: f.size,
                user: ctx.config.botUserId,
                created: ctx.ws.nowSeconds(),
                url_private: `${ctx.core.baseUrl}/files/${f.id}`,
              },
            ]
          : [],
      ),
    };
  },
});
