import { localDate } from './zoned-date.js';

/** Slack's limit on channel names. */
export const CHANNEL_NAME_MAX = 80;
const PREFIX = 'inc-';

/**
 * The slug of docs/commands.md: lowercase ASCII letters, digits and single hyphens; accents folded
 * (é → e, ß → ss); apostrophes and non-ASCII symbols (emoji) dropped; other punctuation and
 * spaces separate words; empty → `incident`.
 */
export function slugify(title: string): string {
  const folded = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .toLowerCase();
  const slug = folded
    .replace(/['’`]/g, '')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'incident';
}

/**
 * `inc-YYYY-MM-DD-slug`, and for attempt n ≥ 2 `…-slug-n`. The slug is cut (at a word boundary
 * when possible) so the whole name, suffix included, stays within Slack's 80 characters.
 */
export function incidentChannelName(title: string, at: Date, timeZone: string, attempt = 1): string {
  const head = `${PREFIX}${localDate(at, timeZone)}-`;
  const suffix = attempt > 1 ? `-${attempt}` : '';
  const room = CHANNEL_NAME_MAX - head.length - suffix.length;
  let slug = slugify(title);
  if (slug.length > room) {
    const cut = slug.slice(0, room);
    const lastHyphen = cut.lastIndexOf('-');
    slug = (lastHyphen > room / 2 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/, '');
  }
  return `${head}${slug}${suffix}`;
}
