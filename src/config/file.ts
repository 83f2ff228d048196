import { z } from 'zod';
import { AlertRouting, checkRouting } from '../alerts/routing.js';
import { isCronExpression } from '../domain/digest-schedule.js';
import { DEFAULT_TEMPLATES, PLACEHOLDERS, unknownPlaceholders } from '../domain/templates.js';
import { tickExpression } from '../domain/tick-expression.js';
import { Duration } from './duration.js';

const SeverityKey = z.enum(['sev0', 'sev1', 'sev2', 'sev3']);
const ChannelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'must be a Slack channel id such as C0123456789');
const UserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id such as U0123456789');

const SeverityPolicy = z.strictObject({
  update_every: Duration.nullable().optional(),
});

const Service = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lowercase letters, digits, - or _'),
  risk: z.enum(['critical', 'medium', 'low']).default('medium'),
  team: z.string().min(1).optional(),
  links: z.record(z.string(), z.url({ message: 'must be a URL' })).default({}),
  auto_approve: z.boolean().default(false),
});

/** A status template whose `{placeholders}` must all be known: a typo is a start-up error, not a `{titel}` in Slack. */
const Template = z
  .string()
  .min(1)
  .max(3000)
  .superRefine((text, ctx) => {
    const unknown = unknownPlaceholders(text);
    if (unknown.length)
      ctx.addIssue({
        code: 'custom',
        message: `has an unknown placeholder {${unknown[0]}}; use ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
      });
  });

/** Gates of issue 13: 30 days since first proposed, 5 verified executions, regression rate under 2%. */
const DEFAULT_AUTONOMY = { min_days: 30, min_verified: 5, max_regression_rate: 0.02 };
const Autonomy = z.strictObject({
  min_days: z.number().int().min(0, 'must be 0 or more').max(365, 'must be at most 365').default(30),
  min_verified: z.number().int().min(0, 'must be 0 or more').max(1000, 'must be at most 1000').default(5),
  max_regression_rate: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').default(0.02),
});

const DigestChannel = z.union([ChannelId, z.strictObject({ channel: ChannelId, team: z.string().min(1).optional() })]);

/** The YAML configuration file of CONTRACT.md. Every key is optional; unknown keys are errors (typos surface). */
export const ConfigFile = z
  .strictObject({
    timezone: z
      .string()
      .refine(isTimeZone, { message: 'must be an IANA time zone such as UTC or Europe/Paris' })
      .default('UTC'),
    default_severity: SeverityKey.default('sev2'),
    channels: z.strictObject({ broadcast: ChannelId.optional() }).default({}),
    severities: z
      .strictObject({
        sev0: SeverityPolicy.default({}),
        sev1: SeverityPolicy.default({}),
        sev2: SeverityPolicy.default({}),
        sev3: SeverityPolicy.default({}),
      })
      .default({ sev0: {}, sev1: {}, sev2: {}, sev3: {} }),
    scheduler: z
      .strictObject({
        tick: Duration.refine((ms) => tickExpression(ms) !== undefined, {
          message: 'must divide a minute or an hour evenly, like 5s, 15s, 30s, 1m or 5m',
        }).default(15_000),
      })
      .default({ tick: 15_000 }),
    services: z.array(Service).default([]),
    approvers: z.array(UserId).default([]),
    incidents: z
      .strictObject({
        /** Remind the channel when nobody has taken IC this long after declaration. */
        ic_reminder_after: Duration.default(5 * 60_000),
        /** Reacting with this emoji adds a message to the timeline (besides 📌 pins). */
        timeline_reaction: z
          .string()
          .regex(/^[a-z0-9_+-]+$/, 'must be an emoji name without colons')
          .default('timeline'),
        /** Whether text from private incident channels may be sent to the LLM. */
        private_to_llm: z.boolean().default(false),
      })
      .default({ ic_reminder_after: 5 * 60_000, timeline_reaction: 'timeline', private_to_llm: false }),
    status_updates: z
      .strictObject({
        /** How long before an update is due the comms lead (or IC) is reminded. */
        reminder_lead: Duration.default(2 * 60_000),
      })
      .default({ reminder_lead: 2 * 60_000 }),
    templates: z
      .strictObject({
        internal: Template.default(DEFAULT_TEMPLATES.internal),
        customer: Template.default(DEFAULT_TEMPLATES.customer),
        resolution: Template.default(DEFAULT_TEMPLATES.resolution),
      })
      .default(DEFAULT_TEMPLATES),
    ai: z
      .strictObject({
        mode: z.enum(['propose', 'shadow', 'off']).default('propose'),
        /** What a runbook's record must show before it may run unattended (on top of auto_approve and a low-risk service). */
        autonomy: Autonomy.default(DEFAULT_AUTONOMY),
      })
      .default({ mode: 'propose', autonomy: DEFAULT_AUTONOMY }),
    runbooks_dir: z.string().min(1).default('./runbooks'),
    executors: z
      .strictObject({ webhook: z.strictObject({ url: z.url({ message: 'must be a URL' }) }).optional() })
      .default({}),
    alerts: AlertRouting.extend({
      /** Storm brake: past this many alert-declared incidents in a minute, further alert groups only notify. */
      declare_per_minute: z.number().int().min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(25),
    }).default({ routes: [], default: { action: 'notify', severity: 'sev2' }, declare_per_minute: 25 }),
    metrics: z
      .strictObject({
        /** Prometheus HTTP API (or Thanos, Mimir, VictoriaMetrics): evidence during analysis, verification after. */
        prometheus: z
          .strictObject({
            url: z.url({ message: 'must be a URL such as http://prometheus:9090' }),
            timeout: Duration.refine((ms) => ms <= 60_000, { message: 'must be at most 60s' }).default(5_000),
          })
          .optional(),
      })
      .default({}),
    postmortem: z
      .strictObject({
        /** Input tokens the LLM may be sent for one postmortem draft, all calls together. */
        token_budget: z
          .number()
          .int()
          .min(4_000, 'must be at least 4000 tokens')
          .max(1_000_000, 'must be at most 1000000 tokens')
          .default(60_000),
      })
      .default({ token_budget: 60_000 }),
    digest: z
      .strictObject({
        schedule: z
          .string()
          .refine(isCronExpression, {
            message:
              'is not a cron expression; write it like "0 9 * * 1" (minute hour day month weekday, Monday 09:00)',
          })
          .default('0 9 * * 1'),
        channels: z.array(DigestChannel).default([]),
        /** Where readers find how each figure is computed; Firebreak serves it at GET /digest/definitions. */
        definitions_url: z.url({ message: 'must be a URL' }).optional(),
      })
      .default({ schedule: '0 9 * * 1', channels: [] }),
  })
  .superRefine((file, ctx) => {
    for (const problem of checkRouting(
      file.alerts,
      file.services.map((s) => s.name),
    ))
      ctx.addIssue({ code: 'custom', path: [], message: problem });
    // A digest for a team nobody owns a service of would always be empty: almost certainly a typo.
    const teams = new Set(file.services.flatMap((s) => (s.team ? [s.team] : [])));
    file.digest.channels.forEach((c, i) => {
      if (typeof c === 'object' && c.team && !teams.has(c.team))
        ctx.addIssue({
          code: 'custom',
          path: ['digest', 'channels', i, 'team'],
          message: `"${c.team}" is not the team of any service; teams: ${[...teams].join(', ') || 'none configured'}`,
        });
    });
  });
export type ConfigFile = z.infer<typeof ConfigFile>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
