import { z } from 'zod';

/** Environment variables of docs/configuration.md. Parsed once at start-up; handlers never read process.env. */
export const Env = z.object({
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, 'must be a bot token starting with xoxb-')
    .optional(),
  SLACK_SIGNING_SECRET: z.string().min(1, 'must not be empty').optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, 'must be an app-level token starting with xapp-')
    .optional(),
  SLACK_API_URL: z
    .url({ message: 'must be a URL such as https://slack.com/api/' })
    .transform((u) => (u.endsWith('/') ? u : `${u}/`))
    .default('https://slack.com/api/'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  FIREBREAK_DATA_DIR: z.string().min(1).default('./.firebreak'),
  FIREBREAK_CONFIG: z.string().min(1).optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url({ message: 'must be a URL' }).optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  FIREBREAK_EXECUTOR_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  FIREBREAK_WEBHOOK_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** PagerDuty v3 webhook signing secrets, comma-separated (two during a rotation). */
  FIREBREAK_PAGERDUTY_SECRETS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .optional(),
  /** Grafana's "HMAC signature" secret of the webhook contact point. */
  FIREBREAK_GRAFANA_SECRET: z.string().min(1).optional(),
  /** PagerDuty REST API token (read-only is enough): who is on call for a paged service. */
  FIREBREAK_PAGERDUTY_API_TOKEN: z.string().min(1).optional(),
  /** Opsgenie API integration key: pages through Opsgenie's Alert API. */
  FIREBREAK_OPSGENIE_API_KEY: z.string().min(1).optional(),
  /** Atlassian Statuspage API key (`status_page.statuspage`). */
  FIREBREAK_STATUSPAGE_API_KEY: z.string().min(1).optional(),
  /** Bearer token sent to `metrics.prometheus.url`. */
  FIREBREAK_PROMETHEUS_TOKEN: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type Env = z.infer<typeof Env>;

/** Variables whose values must never be echoed back, even in a validation error. */
export const SECRET_VARIABLES = new Set([
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'DATABASE_URL',
  'OPENAI_API_KEY',
  'FIREBREAK_EXECUTOR_SECRET',
  'FIREBREAK_WEBHOOK_TOKEN',
  'FIREBREAK_PAGERDUTY_SECRETS',
  'FIREBREAK_GRAFANA_SECRET',
  'FIREBREAK_PAGERDUTY_API_TOKEN',
  'FIREBREAK_OPSGENIE_API_KEY',
  'FIREBREAK_PROMETHEUS_TOKEN',
  'FIREBREAK_STATUSPAGE_API_KEY',
]);

/** Empty strings count as unset: `FOO= npm start` should mean "no FOO", not "FOO is blank". */
function withoutEmpty(source: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(source).filter((e): e is [string, string] => !!e[1]));
}

/** Parses the environment or throws a ConfigError whose message is one line naming the variable. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = Env.safeParse(withoutEmpty(source));
  if (result.success) return Object.freeze(result.data);
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? 'environment');
  throw new ConfigError(`${name} ${issue.message}`);
}

/** A start-up configuration problem; its message is safe to print (never contains a secret value). */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
