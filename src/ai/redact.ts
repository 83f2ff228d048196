/**
 * Secret and personal-data redaction for text that leaves Firebreak (the AI model's prompt). Each
 * match becomes a typed marker such as `[REDACTED:slack-token]` so the model still sees that a token
 * was there (often the clue) without seeing the value. Patterns favour precision on the operational
 * text an incident channel is full of: Slack timestamps, UUIDs, hostnames and counters must survive.
 */

/** What a marker says was removed. */
export type RedactionKind =
  | 'private-key'
  | 'jwt'
  | 'slack-token'
  | 'slack-webhook'
  | 'aws-access-key-id'
  | 'aws-secret'
  | 'github-token'
  | 'openai-key'
  | 'stripe-key'
  | 'google-api-key'
  | 'bearer-token'
  | 'password'
  | 'secret'
  | 'email'
  | 'card-number';

export interface Redacted {
  text: string;
  /** How many values were replaced. */
  count: number;
}

/** The marker that replaces a value of `kind`. */
export const marker = (kind: RedactionKind): string => `[REDACTED:${kind}]`;

interface Rule {
  kind: RedactionKind;
  re: RegExp;
  /** Builds the replacement from the match; `undefined` keeps the match (a candidate that failed a check). */
  replace?: (match: string, groups: string[]) => string | undefined;
}

// A value already replaced by an earlier rule must not be replaced (and counted) twice.
const NOT_MARKER = '(?!\\[REDACTED:)';

/** Keeps the captured prefix (`password=`, `user:`), replaces the rest. */
const keepPrefix =
  (kind: RedactionKind) =>
  (_match: string, [prefix]: string[]): string =>
    `${prefix}${marker(kind)}`;

/** Luhn checksum over the digits of `digits`. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// Order matters: multi-line and structured secrets first, so a JWT inside `password=` or a key in a
// URL is reported as what it is, and the generic key=value rule does not swallow a specific marker.
const RULES: Rule[] = [
  {
    kind: 'private-key',
    // A pasted key cut off before its END line is still a key: redact to the end of the text.
    re: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
  },
  { kind: 'jwt', re: /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g },
  { kind: 'slack-webhook', re: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]+/g },
  // xoxe.xoxp- are refresh-rotated tokens; xapp- are app-level (Socket Mode) tokens.
  { kind: 'slack-token', re: /\b(?:xox[abposre](?:\.xox[a-z])?-[A-Za-z0-9-]{6,}|xapp-[A-Za-z0-9-]{6,})/g },
  { kind: 'aws-access-key-id', re: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g },
  {
    kind: 'aws-secret',
    re: new RegExp(
      `(\\b(?:aws_?)?(?:secret_?access_?key|session_?token)["']?\\s*[:=]\\s*["']?)${NOT_MARKER}[A-Za-z0-9/+=]{16,}`,
      'gi',
    ),
    replace: keepPrefix('aws-secret'),
  },
  { kind: 'github-token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g },
  // Real keys mix cases and digits; a lowercase `sk-payments-prod-cluster` hostname does not.
  {
    kind: 'openai-key',
    re: /\bsk-(?:proj-|svcacct-|admin-)?(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*[a-z])(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{20,}/g,
  },
  { kind: 'stripe-key', re: /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}/g },
  { kind: 'google-api-key', re: /\bAIza[A-Za-z0-9_-]{35}\b/g },
  {
    kind: 'password',
    // scheme://user:pass@host keeps the user and host: they say which system, the password says nothing.
    re: new RegExp(`(\\b[a-z][a-z0-9+.-]*:\\/\\/[^\\s:@/]+:)${NOT_MARKER}[^\\s@/]+(?=@)`, 'gi'),
    replace: keepPrefix('password'),
  },
  {
    kind: 'bearer-token',
    re: new RegExp(`(\\b(?:Bearer|Basic)\\s+)${NOT_MARKER}[A-Za-z0-9._~+/-]{16,}=*`, 'g'),
    replace: keepPrefix('bearer-token'),
  },
  {
    kind: 'secret',
    // password=…, "passwd": "…", DB_PASSWORD: …, client_secret=…, api_key=…; the value up to a delimiter.
    re: new RegExp(
      `(\\b[A-Za-z0-9_.-]*?(?:password|passwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token)[A-Za-z0-9_]*["']?\\s*[:=]\\s*)${NOT_MARKER}("[^"\\n]*"|'[^'\\n]*'|[^\\s"',;&]+)`,
      'gi',
    ),
    replace: (_m, [prefix]) => `${prefix}${marker(/pass/i.test(prefix!) ? 'password' : 'secret')}`,
  },
  // Not after `://` or a word character: `postgres://app@db` names a user, not a mailbox.
  { kind: 'email', re: /(?<![\w.%+\-/:])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g },
  {
    kind: 'card-number',
    // 13–19 digits in groups split by single spaces or dashes, not part of a longer number, a decimal
    // (Slack ts 1700000000.000100) or a UUID. A card starts with 2–6 and passes Luhn; epoch
    // milliseconds (1…) and most other long numbers do not.
    re: /(?<![\d.-])[2-6](?:[ -]?\d){12,18}(?![\d-]|\.\d)/g,
    replace: (match) => {
      const digits = match.replace(/[ -]/g, '');
      return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) ? marker('card-number') : undefined;
    },
  },
];

/**
 * Replaces secrets and personal data in `text` with `[REDACTED:<kind>]` markers. Idempotent: markers
 * are never matched again, so redacting twice counts zero the second time.
 */
export function redact(text: string): Redacted {
  let count = 0;
  let out = text;
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    out = out.replace(rule.re, (match: string, ...rest: unknown[]) => {
      // replace() passes the captures, then the offset and the whole string (no rule uses named groups).
      const captures = rest.slice(0, -2) as string[];
      const replacement = rule.replace ? rule.replace(match, captures) : marker(rule.kind);
      if (replacement === undefined) return match;
      count++;
      return replacement;
    });
  }
  return { text: out, count };
}
