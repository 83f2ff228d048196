import { scrubSecrets } from '../../observability/logger.js';

/** How much of a remote response may reach Slack or the logs. */
export const SNIPPET_LIMIT = 200;

// Generic shapes on top of the logger's Slack/OpenAI patterns: a receiver's error page may echo
// headers or credentials of systems we know nothing about.
const GENERIC_PATTERNS: [RegExp, string][] = [
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [REDACTED]'],
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[REDACTED]'],
  [
    /\b((?:api[_-]?key|access[_-]?token|token|secret|password|passwd|signature)["']?\s*[:=]\s*["']?)[^\s"',;&}]+/gi,
    '$1[REDACTED]',
  ],
  [/v1=[0-9a-f]{16,}/gi, 'v1=[REDACTED]'],
  // Long opaque runs (hex keys, base64 secrets) that no human wrote as prose.
  [/[A-Za-z0-9+/_=-]{32,}/g, '[REDACTED]'],
];

/**
 * Turns untrusted text (a response body, an error message) into a short single line that is safe
 * for Slack and logs: known secrets and token-shaped strings masked, `<`/`>` dropped so a body
 * cannot smuggle `<!channel>` pings or links, and at most {@link SNIPPET_LIMIT} characters.
 */
export function redactSnippet(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('[REDACTED]');
  out = scrubSecrets(out);
  for (const [re, sub] of GENERIC_PATTERNS) out = out.replace(re, sub);
  out = out
    .replace(/[<>]/g, '')
    .replace(/[\p{Cc}\s]+/gu, ' ')
    .trim();
  return out.length > SNIPPET_LIMIT ? `${out.slice(0, SNIPPET_LIMIT - 1)}…` : out;
}
