/**
 * `POST /response/<id>` — the response_url Slack attaches to slash commands and message interactions.
 * Supports `replace_original` / `delete_original` on the message the interaction came from, `in_channel`
 * replies, and (default) ephemeral replies to the interacting user.
 */
import { validateMessageBlocks } from '../blockkit/validate.js';
import type { EmulatorCore } from '../core.js';
import type { ResponseUrlTarget } from '../response-urls.js';

interface ResponseBody {
  text?: unknown;
  blocks?: unknown;
  response_type?: unknown;
  replace_original?: unknown;
  delete_original?: unknown;
  thread_ts?: unknown;
}

const truthy = (v: unknown): boolean => v === true || v === 'true';

/** Handles one response_url request; answers the way Slack's endpoint does. */
export function handleResponseUrl(core: EmulatorCore, id: string, raw: Buffer): { status: number; body: string } {
  const target = core.responseUrls.use(id);
  if ('error' in target) {
    if (target.error !== 'not_found') core.violation(`response_url ${id} rejected: ${target.error}`);
    return { status: 404, body: target.error };
  }
  let body: ResponseBody;
  try {
    body = JSON.parse(raw.toString('utf8')) as ResponseBody;
  } catch {
    core.violation(`response_url ${id}: body is not JSON`);
    return { status: 400, body: 'invalid_payload' };
  }
  core.responses.push({
    responseUrlId: id,
    user: target.user,
    channel: target.channel,
    body: { ...body },
    at: core.now(),
  });
  if (body.blocks !== undefined) {
    const errors = validateMessageBlocks(body.blocks);
    if (errors.length > 0) {
      core.violation(`response_url ${id}: Block Kit rejected: ${errors.join('; ')}`);
      return { status: 400, body: 'invalid_blocks' };
    }
  }
  apply(core, target, body);
  return { status: 200, body: JSON.stringify({ ok: true }) };
}

function apply(core: EmulatorCore, target: ResponseUrlTarget, body: ResponseBody): void {
  const channel = core.ws.channel(target.channel);
  if (!channel) return;
  const text = typeof body.text === 'string' ? body.text : '';
  const blocks = Array.isArray(body.blocks) && body.blocks.length > 0 ? body.blocks : undefined;
  const original = target.messageTs ? core.ws.findMessage(channel, target.messageTs) : undefined;
  if (truthy(body.delete_original)) {
    if (original) core.ws.removeMessage(channel, original.ts);
    return;
  }
  if (truthy(body.replace_original) && original) {
    original.text = text;
    if (blocks) original.blocks = blocks;
    else delete original.blocks;
    return;
  }
  const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
  core.ws.addMessage(channel, {
    user: core.config.botUserId,
    botId: core.config.botId,
    text,
    ...(blocks ? { blocks } : {}),
    ...(threadTs ? { thread_ts: threadTs } : {}),
    ...(body.response_type === 'in_channel' ? {} : { ephemeralTo: target.user }),
    via: 'response_url',
  });
}
