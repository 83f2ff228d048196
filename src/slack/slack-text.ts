import { cleanText } from '../domain/clean-text.js';

const ENTITY: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/**
 * Text as Slack sends it in slash commands, message events and API responses, made plain: Slack
 * escapes `&`, `<` and `>` there (`R&amp;D latency &gt; 2s`) and nothing else, so those three are
 * decoded — in one pass, so a typed `&amp;lt;` stays `&lt;` — and control characters removed.
 * Mentions and links keep their `<@U…>`/`<url|label>` form. Views escape once on the way out.
 * View submissions arrive unescaped: they only need `cleanText`.
 */
export function fromSlackText(text: string): string {
  return cleanText(text.replace(/&(?:amp|lt|gt);/g, (entity) => ENTITY[entity]!));
}
