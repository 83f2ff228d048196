/** Where an alert came from; one webhook route per source. */
export type AlertSource = 'alertmanager' | 'grafana' | 'pagerduty';

/**
 * One alert, whatever sent it. `groupKey` is what incidents dedupe on (the alert group, or the
 * PagerDuty incident); `fingerprint` tells the alerts of one group apart.
 */
export interface NormalizedAlert {
  source: AlertSource;
  /** Alertmanager/Grafana `groupKey` (or a hash of Grafana's common labels); PagerDuty `event.data.id`. */
  groupKey: string;
  /** Alertmanager/Grafana per-alert `fingerprint`; PagerDuty `event.id`. */
  fingerprint: string;
  status: 'firing' | 'resolved';
  /** `alertname` label, Grafana rule name, or PagerDuty incident title. */
  title: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** From the `service`, `job` or `app` label, or PagerDuty `service.summary`. Not necessarily a configured service. */
  service?: string;
  /** The `severity` label, or PagerDuty priority (`P1`) else urgency (`high`). */
  severity?: string;
  generatorUrl?: string;
  startsAt?: Date;
  /** Only for resolved alerts: a firing alert's `endsAt` is an expiry guess, not an end. */
  endsAt?: Date;
  /** Grafana's evaluated query values (`{ B: 44.2, C: 1 }`). */
  values?: Record<string, number>;
  /** The provider's own object for this alert, kept for storage and the AI context. */
  raw: unknown;
}

/** One webhook delivery. An empty `alerts` means: answer 200, store nothing (`ignoredReason` says why). */
export interface AlertBatch {
  source: AlertSource;
  /**
   * Same for every redelivery of the same content: PagerDuty's `X-Webhook-Id`, else a hash of the
   * group's state (Alertmanager and Grafana send no delivery id).
   */
  deliveryId?: string;
  groupKey: string;
  alerts: NormalizedAlert[];
  receivedAt: Date;
  /** Why a delivery that parsed fine carries no alerts (a ping, an event type we do not act on). */
  ignoredReason?: string;
}

/** What every `parse…` adapter returns: a batch, or one plain sentence for the HTTP 400 body. */
export type AlertParseResult = { ok: true; batch: AlertBatch } | { ok: false; error: string };

/** Request headers as Node gives them (lower-case names); adapters look names up case-insensitively. */
export type WebhookHeaders = Record<string, string | undefined>;
