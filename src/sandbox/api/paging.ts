/**
 * Cursor pagination as Slack does it: opaque base64 cursors, `response_metadata.next_cursor` set to ''
 * on the last page. Bots that ignore cursors silently miss data past the first page; tests catch that by
 * using small limits.
 */
import type { MethodContext } from './method.js';

/** Slack's documented ceiling for list methods. */
const MAX_LIMIT = 1000;

/** One page of `items` per the call's `limit` and `cursor`; fails `invalid_cursor` on a forged cursor. */
export function paginate<T>(ctx: MethodContext, items: T[], defaultLimit: number): { page: T[]; nextCursor: string } {
  const requested = ctx.int('limit');
  const limit = requested && requested > 0 ? Math.min(requested, MAX_LIMIT) : defaultLimit;
  const cursor = ctx.str('cursor');
  let offset = 0;
  if (cursor) {
    const decoded = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
    if (!decoded) ctx.fail('invalid_cursor');
    offset = Number(decoded[1]);
  }
  const page = items.slice(offset, offset + limit);
  const next = offset + limit;
  return { page, nextCursor: next < items.length ? Buffer.from(`offset:${next}`).toString('base64') : '' };
}
