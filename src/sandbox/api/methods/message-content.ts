/**
 * Validation of the content of a chat.* message (`text`, `blocks`, `attachments`), shared by
 * postMessage, postEphemeral and update. Every Block Kit rejection is also a bot violation: Slack would
 * refuse the message in production, so the test must fail even if the bot swallows the error.
 */
import { validateMessageBlocks, validateMessageText } from '../../blockkit/validate.js';
import type { MethodContext } from '../method.js';

/** Parsed message content; fields are undefined when the call did not send them. */
export interface MessageContent {
  text?: string;
  blocks?: unknown[];
  hasAttachments: boolean;
}

/** Fails `invalid_blocks` the way Slack does: error strings in `errors` and `response_metadata.messages`. */
export function failBlocks(ctx: MethodContext, errors: string[], code = 'invalid_blocks'): never {
  ctx.violation(`Block Kit rejected: ${errors.join('; ')}`);
  return ctx.fail(code, { errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } });
}

/**
 * Reads and checks `text` / `blocks` / `attachments`.
 * @param tooLong what to do with text over 40,000 chars: the method's error code, or 'truncate'
 *   (chat.postMessage: Slack truncates instead of failing).
 */
export function readMessageContent(ctx: MethodContext, tooLong: 'msg_too_long' | 'truncate'): MessageContent {
  let text = ctx.str('text');
  let blocks: unknown[] | undefined;
  if (ctx.args.blocks !== undefined && ctx.args.blocks !== '') {
    let parsed: unknown;
    try {
      parsed = ctx.json('blocks');
    } catch {
      failBlocks(ctx, ['blocks is not valid JSON [json-pointer:/blocks]'], 'invalid_blocks_format');
    }
    if (!Array.isArray(parsed)) failBlocks(ctx, ['must be an array [json-pointer:/blocks]'], 'invalid_blocks_format');
    const errors = validateMessageBlocks(parsed);
    if (errors.length > 0) failBlocks(ctx, errors);
    blocks = parsed.length > 0 ? parsed : undefined;
  }
  if (text !== undefined) {
    const textErrors = validateMessageText(text);
    if (textErrors.length > 0) {
      ctx.violation(`message text over the limit: ${textErrors.join('; ')}`);
      if (tooLong === 'msg_too_long') ctx.fail('msg_too_long');
      text = text.slice(0, 40_000);
    }
  }
  const hasAttachments = ctx.args.attachments !== undefined && ctx.args.attachments !== '';
  return { text, blocks, hasAttachments };
}

/** Slack's `no_text` rule, and our product rule that block messages carry fallback text. */
export function requireTextOrBlocks(ctx: MethodContext, content: MessageContent): void {
  const hasText = content.text !== undefined && content.text.trim() !== '';
  if (!hasText && !content.blocks && !content.hasAttachments) ctx.fail('no_text');
  if (!hasText && content.blocks) {
    // Slack accepts this silently, but notifications and screen readers then show nothing useful.
    ctx.violation('message without fallback text (blocks given, `text` empty)');
  }
}
