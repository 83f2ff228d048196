/**
 * Entry points of the Block Kit validator: a message's `blocks`, or a whole view (modal / App Home).
 * Slack has no offline validator, so these checks are the only thing standing between a bad payload and a
 * production `invalid_blocks`; every rejection is recorded as a bot violation by the callers.
 */

import { checkBlock } from './blocks.js';
import { Checker, isObject } from './checker.js';
import { blockKitLimits } from './limits.js';

/** Validates a message's blocks; returns Slack-style error strings (empty when valid). */
export function validateMessageBlocks(blocks: unknown): string[] {
  const c = new Checker('message');
  c.array(blocks, c.limits.messageBlocks, '/blocks').forEach((block, i) => {
    checkBlock(c, block, `/blocks/${i}`);
  });
  return c.errors;
}

/** Validates the message `text` field (Slack's 40,000 character cap). */
export function validateMessageText(text: string): string[] {
  const max = blockKitLimits().messageText;
  return text.length > max ? [`must be less than ${max + 1} characters [json-pointer:/text]`] : [];
}

/** Validates a view payload whose type must be `expected`. */
export function validateView(view: unknown, expected: 'modal' | 'home'): string[] {
  const c = new Checker(expected);
  if (!isObject(view)) {
    c.fail('must provide an object', '/view');
    return c.errors;
  }
  if (view.type !== expected) c.fail(`must be "${expected}" here`, '/view/type');
  const L = c.limits;
  if (expected === 'modal') {
    c.text(view.title, '/view/title', { max: L.viewTitle, plainOnly: true });
    c.text(view.submit, '/view/submit', { max: L.viewSubmit, plainOnly: true, optional: true });
    c.text(view.close, '/view/close', { max: L.viewClose, plainOnly: true, optional: true });
  }
  c.string(view.private_metadata, L.privateMetadata, '/view/private_metadata');
  c.string(view.callback_id, L.callbackId, '/view/callback_id');
  c.string(view.external_id, L.callbackId, '/view/external_id');
  const blocks = c.array(view.blocks, L.viewBlocks, '/view/blocks');
  blocks.forEach((block, i) => {
    checkBlock(c, block, `/view/blocks/${i}`);
  });
  // Slack refuses a modal that collects input but offers no way to submit it.
  const hasInput = blocks.some((b) => isObject(b) && b.type === 'input');
  if (expected === 'modal' && hasInput && view.submit === undefined) {
    c.fail('submit is required when a view contains input blocks', '/view/submit');
  }
  return c.errors;
}
