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
      serializers: {
        err: (err: unknown) => {
          const s = pino.stdSerializers.err(err as Error);
          return { ...s, message: scrubSecrets(s.message ?? ''), stack: scrubSecrets(s.stack ?? '') };
        },
      },
    },
    destination,
  );
}
