import { pagerDutySeverity } from '../../domain/paging.js';
import { outcomeOf, PAGE_TIMEOUT_MS, unreachable } from './http-outcome.js';
import type { PageEvent, PageOutcome, PagingProviderPort } from './ports.js';

export interface PagerDutyEventsOptions {
  /** `paging.pagerduty.events_url` (the US or EU service, or a proxy). */
  url: string;
  /** Every configured routing key, scrubbed from any answer (a provider may echo another page's key). */
  routingKeys?: string[];
  fetchImpl?: typeof fetch;
}

/** PagerDuty Events API v2 (`POST /v2/enqueue`): trigger, acknowledge and resolve by `dedup_key`. */
export function createPagerDutyEvents(opts: PagerDutyEventsOptions): PagingProviderPort {
  const doFetch = opts.fetchImpl ?? fetch;
  return {
    async send(event: PageEvent): Promise<PageOutcome> {
      if (event.destination.provider !== 'pagerduty') throw new Error('not a PagerDuty destination');
      const key = event.destination.routingKey;
      const secrets = [key, ...(opts.routingKeys ?? [])];
      try {
        const res = await doFetch(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(pagerDutyBody(event, key)),
          signal: AbortSignal.timeout(PAGE_TIMEOUT_MS),
        });
        return await outcomeOf(res, 'PagerDuty', secrets);
      } catch (err) {
        return unreachable(err, 'PagerDuty', secrets);
      }
    },
  };
}

// PagerDuty truncates longer summaries; cutting ourselves keeps the reference and severity in front.
const MAX_SUMMARY = 1024;

/** The Events API v2 body: the full alert for `trigger`, just the key and action for the others. */
export function pagerDutyBody(event: PageEvent, routingKey: string): Record<string, unknown> {
  const base = { routing_key: routingKey, event_action: event.action, dedup_key: event.dedupKey };
  if (event.action !== 'trigger') return base;
  return {
    ...base,
    payload: {
      summary: event.summary.slice(0, MAX_SUMMARY),
      severity: pagerDutySeverity(event.severity, event.lowUrgency),
      source: 'firebreak',
      ...(event.service && { component: event.service }),
      class: 'incident',
      timestamp: event.at.toISOString(),
      custom_details: {
        incident: event.incidentRef,
        severity: `SEV${event.severity}`,
        ...(event.channelName && { channel: `#${event.channelName}` }),
      },
    },
    client: 'Firebreak',
    ...(event.channelUrl && {
      client_url: event.channelUrl,
      links: [{ href: event.channelUrl, text: `Slack: #${event.channelName ?? event.incidentRef}` }],
    }),
  };
}
