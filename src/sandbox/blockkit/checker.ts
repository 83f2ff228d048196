/**
 * Shared state and primitive checks of one Block Kit validation run (one message or one view).
 *
 * Error strings follow Slack's own format — `<problem> [json-pointer:/blocks/0/text/text]` — which is what
 * Slack puts in `response_metadata.messages` of an `invalid_blocks` answer, so bot logs look the same.
 */
import { type BlockKitLimits, blockKitLimits } from './limits.js';

/** A JSON object. */
export type Json = Record<string, unknown>;

/** Where the blocks will be shown; some blocks and elements are surface-specific. */
export type Surface = 'message' | 'modal' | 'home';

/** Narrowing helper for JSON objects. */
export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Options of {@link Checker.text}. */
export interface TextRules {
  max: number;
  /** Header, button, option and view-title texts must be `plain_text`. */
  plainOnly?: boolean;
  /** Whether the text object may be absent. */
  optional?: boolean;
}

/** Collects Block Kit errors for one payload. */
export class Checker {
  readonly errors: string[] = [];
  readonly limits: BlockKitLimits = blockKitLimits();
  private readonly blockIds = new Set<string>();
  /** action_ids must be unique across the whole message/view (our rule; Slack itself requires per block). */
  private readonly actionIds = new Set<string>();

  constructor(readonly surface: Surface) {}

  /** Records an error at a JSON pointer. */
  fail(problem: string, path: string): void {
    this.errors.push(`${problem} [json-pointer:${path}]`);
  }

  /** A string no longer than `max` characters (absent is fine unless `required`). */
  string(value: unknown, max: number, path: string, required = false): void {
    if (value === undefined || value === null) {
      if (required) this.fail('missing required field', path);
      return;
    }
    if (typeof value !== 'string') {
      this.fail('must be a string', path);
      return;
    }
    if (required && value.length === 0) this.fail('must be more than 0 characters', path);
    if (value.length > max) this.fail(`must be less than ${max + 1} characters`, path);
  }

  /** An array with at most `max` items (and at least `min`). Returns the items, or [] when not an array. */
  array(value: unknown, max: number, path: string, min = 0): unknown[] {
    if (!Array.isArray(value)) {
      this.fail('must be an array', path);
      return [];
    }
    if (value.length < min) this.fail(`must be at least ${min} item${min === 1 ? '' : 's'}`, path);
    if (value.length > max) this.fail(`must be less than ${max + 1} items`, path);
    return value;
  }

  /** A text composition object: `{ type: 'plain_text' | 'mrkdwn', text }`. */
  text(value: unknown, path: string, rules: TextRules): void {
    if (value === undefined || value === null) {
      if (!rules.optional) this.fail('missing required field', path);
      return;
    }
    if (!isObject(value)) {
      this.fail('must provide an object', path);
      return;
    }
    const allowed = rules.plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
    if (typeof value.type !== 'string' || !allowed.includes(value.type)) {
      this.fail(`must be one of the provided options: ${allowed.join(', ')}`, `${path}/type`);
    }
    this.string(value.text, rules.max, `${path}/text`, true);
  }

  /** block_id: optional, ≤ 255 characters, unique within the payload. */
  blockId(value: unknown, path: string): void {
    if (value === undefined) return;
    this.string(value, this.limits.blockId, path);
    if (typeof value !== 'string') return;
    if (this.blockIds.has(value)) this.fail(`block_id "${value}" is already used by another block`, path);
    this.blockIds.add(value);
  }

  /** action_id: optional (Slack generates one), ≤ 255 characters, unique within the payload. */
  actionId(value: unknown, path: string): void {
    if (value === undefined) return;
    this.string(value, this.limits.actionId, path);
    if (typeof value !== 'string') return;
    if (this.actionIds.has(value))
      this.fail(`action_id "${value}" is already used by another element (must be unique per message/view)`, path);
    this.actionIds.add(value);
  }
}
