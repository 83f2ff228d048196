import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths pino blanks before writing. Tokens reach logs mostly through error objects from
 * @slack/web-api and Bolt (request headers, `token` form fields) and through config dumps.
 */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-slack-signature"]',
  '*.headers["x-slack-signature"]',
  'password',
  '*.password',
  'apiKey',
  '*.apiKey',
  'env.SLACK_BOT_TOKEN',
  'env.SLACK_SIGNING_SECRET',
  'env.SLACK_APP_TOKEN',
  'env.OPENAI_API_KEY',
  'env.DATABASE_URL',
  'env.FIREBREAK_EXECUTOR_SECRET',
  'env.FIREBREAK_WEBHOOK_TOKEN',
  'env.FIREBREAK_PAGERDUTY_API_TOKEN',
  'env.FIREBREAK_OPSGENIE_API_KEY',
  'env.FIREBREAK_STATUSPAGE_API_KEY',
  // Paging: Events API v2 routing keys (in events and in service config) and the Opsgenie key.
  'routing_key',
  '*.routing_key',
  'routingKey',
  '*.routingKey',
  'services[*].pagerduty',
  '*.services[*].pagerduty',
];

// Last line of defence for secrets inside free text (error messages, URLs).
const SECRET_PATTERNS: [RegExp, string][] = [
  [/\bxox[abposr]-[A-Za-z0-9-]+/g, 'xox?-[REDACTED]'],
  [/\bxapp-[A-Za-z0-9-]+/g, 'xapp-[REDACTED]'],
  [/\bsk-[A-Za-z0-9_-]{16,}/g, 'sk-[REDACTED]'],
  [/(\/\/[^:/@\s]+:)[^@/\s]+@/g, '$1[REDACTED]@'],
];

/** Masks token-shaped substrings in a string. */
export function scrubSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((acc, [re, sub]) => acc.replace(re, sub), text);
}

// Error fields that carry the data of a failed query: drizzle's and PGlite's `params`, pg's `detail`
// (`Key (x)=(value) already exists`) and `where` (`JSON data, line 1: {"labels": …`). An alert's or
// a note's content must not reach the log through a database error.
const QUERY_VALUE_FIELDS = ['params', 'parameters', 'queryOptions', 'detail', 'where', 'internalQuery'];

/** drizzle's `Failed query: <sql>\nparams: <values>`: the SQL is useful, the values are not ours to log. */
const withoutParams = (message: string): string => {
  const at = message.indexOf('\nparams: ');
  return at === -1 ? message : `${message.slice(0, at)}\nparams: [REDACTED]`;
};

/**
 * pino's error serializer, minus query parameters (in fields, in the message and in the stack, for
 * the error and each error of its cause chain) and minus token-shaped text.
 */
export function serializeError(err: unknown): unknown {
  const s = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  if ((s as unknown) === err || typeof s !== 'object' || s === null) return s;
  let message = String(s.message ?? '');
  let stack = String(s.stack ?? '');
  const seen = new Set<unknown>();
  for (let e = err as { message?: unknown; cause?: unknown } | undefined; e && !seen.has(e); e = e.cause as never) {
    seen.add(e);
    if (typeof e.message !== 'string') continue;
    const clean = withoutParams(e.message);
    if (clean !== e.message) {
      message = message.split(e.message).join(clean);
      stack = stack.split(e.message).join(clean);
    }
  }
  const out: Record<string, unknown> = { ...s, message: scrubSecrets(message), stack: scrubSecrets(stack) };
  for (const key of QUERY_VALUE_FIELDS) delete out[key];
  for (const [key, value] of Object.entries(out))
    if (typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string')
      out[key] = serializeError(value);
  return out;
}

/** The one root logger; modules take `logger.child({ module })`. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'firebreak' },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
      serializers: { err: serializeError },
    },
    destination,
  );
}
