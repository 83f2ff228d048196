import { z } from 'zod';
import { AlertRouting, checkRouting } from '../alerts/routing.js';
import { isCronExpression } from '../domain/digest-schedule.js';
import { DEFAULT_TEMPLATES, PLACEHOLDERS, unknownPlaceholders } from '../domain/templates.js';
import { tickExpression } from '../domain/tick-expression.js';
import { Duration } from './duration.js';
import { checkStatusPage, PublicService, StatusPage } from './status-page.js';
import { checkTrackers, ServiceTracker, Trackers } from './trackers.js';

const SeverityKey = z.enum(['sev0', 'sev1', 'sev2', 'sev3']);
const ChannelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'must be a Slack channel id such as C0123456789');
const UserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id such as U0123456789');

const SeverityPolicy = z.strictObject({
  update_every: Duration.nullable().optional(),
});

/** An Events API v2 integration key (32 characters in PagerDuty's UI; proxies may use others). */
const RoutingKey = z.string().trim().min(1, 'must be a PagerDuty Events API v2 integration key');

/** One Opsgenie responder, named as in Opsgenie: a team, a user (email), an escalation or a schedule. */
const OpsgenieResponder = z
  .strictObject({
    team: z.string().min(1).optional(),
    user: z.string().min(1).optional(),
    escalation: z.string().min(1).optional(),
    schedule: z.string().min(1).optional(),
  })
  .refine((r) => Object.keys(r).length === 1, { message: 'must name exactly one of team, user, escalation, schedule' });

/** Where a named group (incident managers, leadership) is paged: PagerDuty, Opsgenie, or both. */
const PageDestination = z
  .strictObject({ pagerduty: RoutingKey.optional(), opsgenie: OpsgenieResponder.optional() })
  .refine((d) => d.pagerduty !== undefined || d.opsgenie !== undefined, {
    message: 'must have a pagerduty routing key or an opsgenie responder',
  });

/** Who a severity pages: the incident's services (high or low urgency) and the named groups. */
export const PAGE_TARGETS = ['service', 'service_low_urgency', 'incident_managers', 'leadership'] as const;
const PageTarget = z.enum(PAGE_TARGETS);

const DEFAULT_BY_SEVERITY = {
  sev0: ['service', 'incident_managers', 'leadership'],
  sev1: ['service', 'incident_managers'],
  sev2: ['service_low_urgency'],
  sev3: [],
} satisfies Record<string, (typeof PAGE_TARGETS)[number][]>;

/** `paging:` (docs/configuration.md, README "Paging"). Absent: nobody is paged. */
const Paging = z
  .strictObject({
    pagerduty: z
      .strictObject({
        events_url: z.url({ message: 'must be a URL' }).default('https://events.pagerduty.com/v2/enqueue'),
        api_url: z.url({ message: 'must be a URL' }).default('https://api.pagerduty.com'),
        /**
         * The `From` header of REST calls that act (paging a person opens a PagerDuty incident): the
         * email of a PagerDuty user of the account. Unset: people are paged by Opsgenie or Slack.
         */
        from: z.email({ message: 'must be the email address of a PagerDuty user' }).optional(),
      })
      .default({ events_url: 'https://events.pagerduty.com/v2/enqueue', api_url: 'https://api.pagerduty.com' }),
    opsgenie: z
      .strictObject({ api_url: z.url({ message: 'must be a URL' }).default('https://api.opsgenie.com') })
      .default({ api_url: 'https://api.opsgenie.com' }),
    /** Unset severities take the issue's policy, minus groups not configured (they page nobody, silently by default). */
    by_severity: z
      .strictObject({
        sev0: z.array(PageTarget).optional(),
        sev1: z.array(PageTarget).optional(),
        sev2: z.array(PageTarget).optional(),
        sev3: z.array(PageTarget).optional(),
      })
      .default({}),
    incident_managers: PageDestination.optional(),
    leadership: PageDestination.optional(),
    /** Private incidents are paged with "Private incident INC-7 (SEV1)" unless this says `title`. */
    private_summary: z.enum(['generic', 'title']).default('generic'),
  })
  .transform((p) => {
    const configured = (t: (typeof PAGE_TARGETS)[number]) =>
      (t !== 'incident_managers' && t !== 'leadership') || p[t] !== undefined;
    const policy = (key: keyof typeof DEFAULT_BY_SEVERITY) =>
      p.by_severity[key] ?? DEFAULT_BY_SEVERITY[key].filter(configured);
    return {
      ...p,
      by_severity: { sev0: policy('sev0'), sev1: policy('sev1'), sev2: policy('sev2'), sev3: policy('sev3') },
    };
  });
export type PagingConfig = z.infer<typeof Paging>;
export type OpsgenieResponder = z.infer<typeof OpsgenieResponder>;
export type PageDestination = z.infer<typeof PageDestination>;

const Service = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lowercase letters, digits, - or _'),
  risk: z.enum(['critical', 'medium', 'low']).default('medium'),
  team: z.string().min(1).optional(),
  links: z.record(z.string(), z.url({ message: 'must be a URL' })).default({}),
  auto_approve: z.boolean().default(false),
  /** PagerDuty Events API v2 integration (routing) key of the service: a secret, write it as "${PD_…}". */
  pagerduty: RoutingKey.optional(),
  /** Who Opsgenie notifies for this service (with FIREBREAK_OPSGENIE_API_KEY). */
  opsgenie: OpsgenieResponder.optional(),
  /**
   * The service's PagerDuty REST id (PABC123, from its URL): with FIREBREAK_PAGERDUTY_API_TOKEN, who is
   * on call for its escalation policy is looked up, invited and named; people paged by hand are paged under it.
   */
  pagerduty_service: z
    .string()
    .regex(/^[A-Z0-9]{2,20}$/, 'must be a PagerDuty service id such as PABC123 (from the service page URL)')
    .optional(),

  /** The component customers see on the status page; without it the service is never shown. */
  public: PublicService.optional(),
  /** Where this service's action items go, instead of `trackers.default`. */
  tracker: ServiceTracker.optional(),
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

/** The YAML configuration file of docs/configuration.md. Every key is optional; unknown keys are errors (typos surface). */
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
    /** The durable inbox of Slack requests (see README "Reliability: the durable inbox"). */
    inbox: z
      .strictObject({
        /** A request still unfinished this long after its last attempt is tried again (also the lease). */
        grace: Duration.default(30_000),
        /** Tries before a request is parked and the person told it could not be done. */
        max_attempts: z.number().int().min(1).max(100).default(5),
        /** Requests carried out at once after their ack; the others wait, stored and leased, in arrival order. */
        concurrency: z.number().int().min(1).max(1000).default(8),
        /** Finished requests are deleted after this long. */
        retention: Duration.default(7 * 86_400_000),
      })
      .default({ grace: 30_000, max_attempts: 5, concurrency: 8, retention: 7 * 86_400_000 }),
    /** The reminders' outbox (IC, update, postmortem, overdue and resolved-alert reminders). */
    reminders: z
      .strictObject({
        /** Reminders delivered (or given up) are deleted after this long. */
        retention: Duration.default(7 * 86_400_000),
      })
      .default({ retention: 7 * 86_400_000 }),
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
    paging: Paging.optional(),
    status_page: StatusPage.optional(),
    trackers: Trackers.default({ default: 'none', poll_every: 15 * 60_000 }),
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
    for (const problem of checkPaging(file.paging)) ctx.addIssue({ code: 'custom', path: [], message: problem });
    for (const problem of checkStatusPage(file.status_page, file.services))
      ctx.addIssue({ code: 'custom', ...problem });
    for (const problem of checkTrackers(file.trackers, file.services))
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

/** A severity that pages a group nobody configured would page no one: a start-up error, not a silent gap. */
function checkPaging(paging: PagingConfig | undefined): string[] {
  if (!paging) return [];
  return (['incident_managers', 'leadership'] as const).flatMap((group) => {
    const uses = Object.entries(paging.by_severity).filter(([, targets]) => targets.includes(group));
    return uses.length && !paging[group]
      ? [`paging.by_severity.${uses[0]![0]} pages ${group}, but paging.${group} is not configured`]
      : [];
  });
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
