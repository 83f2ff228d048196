import type { OpsgenieResponder } from '../../config/file.js';
import { opsgeniePriority } from '../../domain/paging.js';
import { outcomeOf, PAGE_TIMEOUT_MS, unreachable } from './http-outcome.js';
import type { PageEvent, PageOutcome, PagingProviderPort } from './ports.js';

export interface OpsgenieAlertsOptions {
  /** `paging.opsgenie.api_url` (api.opsgenie.com or api.eu.opsgenie.com). */
  url: string;
  /** FIREBREAK_OPSGENIE_API_KEY: an API integration's key. */
  apiKey: string;
  fetchImpl?: typeof fetch;
}

/** Opsgenie Alert API: create with an `alias`, then acknowledge and close by that alias. */
export function createOpsgenieAlerts(opts: OpsgenieAlertsOptions): PagingProviderPort {
  const doFetch = opts.fetchImpl ?? fetch;
  const base = opts.url.replace(/\/+$/, '');
  return {
    async send(event: PageEvent): Promise<PageOutcome> {
      if (event.destination.provider !== 'opsgenie') throw new Error('not an Opsgenie destination');
      const { path, body } = opsgenieRequest(event, event.destination.responder);
      try {
        const res = await doFetch(`${base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `GenieKey ${opts.apiKey}` },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(PAGE_TIMEOUT_MS),
        });
        return await outcomeOf(res, 'Opsgenie', [opts.apiKey]);
      } catch (err) {
        return unreachable(err, 'Opsgenie', [opts.apiKey]);
      }
    },
  };
}

// Opsgenie's limits: message 130 characters, description 15000.
const MAX_MESSAGE = 130;

/** The path and body of one Alert API call. */
export function opsgenieRequest(
  event: PageEvent,
  responder: OpsgenieResponder,
): { path: string; body: Record<string, unknown> } {
  const alias = encodeURIComponent(event.dedupKey);
  if (event.action === 'acknowledge')
    return {
      path: `/v2/alerts/${alias}/acknowledge?identifierType=alias`,
      body: {
        source: 'Firebreak',
        ...(event.actor && { user: event.actor }),
        note: 'The incident commander took the incident in Slack.',
      },
    };
  if (event.action === 'resolve')
    return {
      path: `/v2/alerts/${alias}/close?identifierType=alias`,
      body: { source: 'Firebreak', note: `${event.incidentRef} was resolved in Slack.` },
    };
  return {
    path: '/v2/alerts',
    body: {
      message: event.summary.slice(0, MAX_MESSAGE),
      alias: event.dedupKey,
      description: [event.summary, event.channelUrl && `Slack: ${event.channelUrl}`].filter(Boolean).join('\n'),
      responders: [recipient(responder)],
      tags: ['firebreak', `SEV${event.severity}`],
      details: {
        incident: event.incidentRef,
        severity: `SEV${event.severity}`,
        ...(event.channelName && { channel: `#${event.channelName}` }),
        ...(event.channelUrl && { slack: event.channelUrl }),
      },
      entity: event.incidentRef,
      source: 'Firebreak',
      priority: opsgeniePriority(event.severity, event.lowUrgency),
    },
  };
}

function recipient(r: OpsgenieResponder): Record<string, string> {
  if (r.team) return { type: 'team', name: r.team };
  if (r.escalation) return { type: 'escalation', name: r.escalation };
  if (r.schedule) return { type: 'schedule', name: r.schedule };
  return { type: 'user', username: r.user! };
}
