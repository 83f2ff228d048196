import { z } from 'zod';
import { outcomeOf, PAGE_TIMEOUT_MS, unreachable } from './http-outcome.js';
import type { Lookup, OnCallPerson, PageFailure, PageOutcome, PagerDutyRestPort, PersonPageEvent } from './ports.js';

export interface PagerDutyRestOptions {
  /** `paging.pagerduty.api_url` (api.pagerduty.com, api.eu.pagerduty.com, or a proxy). */
  url: string;
  /** FIREBREAK_PAGERDUTY_API_TOKEN: a REST API key (or a scoped OAuth token). */
  token: string;
  /** `paging.pagerduty.from`: the PagerDuty user acting calls are made as. */
  from?: string;
  fetchImpl?: typeof fetch;
}

// Only what Firebreak reads; PagerDuty's objects carry far more (test/fixtures/pagerduty/rest-paging.openapiv3.json).
const ServiceAnswer = z.object({ service: z.object({ escalation_policy: z.object({ id: z.string().min(1) }) }) });
const OnCallsAnswer = z.object({
  oncalls: z.array(
    z.object({
      escalation_level: z.number().int(),
      // With include[]=users the reference is expanded into the user, email included.
      user: z.object({
        id: z.string(),
        summary: z.string().optional(),
        name: z.string().optional(),
        email: z.string(),
      }),
    }),
  ),
});
const UsersAnswer = z.object({ users: z.array(z.object({ id: z.string().min(1), email: z.string() })) });
const IncidentAnswer = z.object({ incident: z.object({ id: z.string().min(1) }) });
const IncidentsAnswer = z.object({ incidents: z.array(z.object({ id: z.string().min(1) })) });

const PROVIDER = 'PagerDuty';

/** PagerDuty REST API v2: who is on call for a service, who a person is, and incidents assigned to them. */
export function createPagerDutyRest(opts: PagerDutyRestOptions): PagerDutyRestPort {
  const doFetch = opts.fetchImpl ?? fetch;
  const base = opts.url.replace(/\/+$/, '');
  const secrets = [opts.token];

  async function call<T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    schema: z.ZodType<T>,
    body?: unknown,
  ): Promise<Lookup<T>> {
    try {
      const res = await doFetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Token token=${opts.token}`,
          accept: 'application/vnd.pagerduty+json;version=2',
          'content-type': 'application/json',
          ...(method !== 'GET' && opts.from && { from: opts.from }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(PAGE_TIMEOUT_MS),
      });
      if (!res.ok) return (await outcomeOf(res, PROVIDER, secrets)) as PageFailure;
      const parsed = schema.safeParse(await res.json().catch(() => undefined));
      if (!parsed.success)
        return {
          ok: false,
          retryable: false,
          reason: `${PROVIDER} answered ${method} ${path.split('?')[0]} in an unexpected shape`,
        };
      return { ok: true, value: parsed.data };
    } catch (err) {
      return unreachable(err, PROVIDER, secrets);
    }
  }

  const findIncident = async (dedupKey: string): Promise<PageOutcome> => {
    const found = await call('GET', `/incidents?incident_key=${encodeURIComponent(dedupKey)}`, IncidentsAnswer);
    if (!found.ok) return found;
    const id = found.value.incidents[0]?.id;
    return id
      ? { ok: true, ref: id }
      : { ok: false, retryable: true, reason: `${PROVIDER} has no incident ${dedupKey} yet` };
  };

  return {
    canAct: !!opts.from,

    async onCall(serviceId: string): Promise<Lookup<OnCallPerson[]>> {
      const service = await call('GET', `/services/${encodeURIComponent(serviceId)}`, ServiceAnswer);
      if (!service.ok) return service;
      const policy = encodeURIComponent(service.value.service.escalation_policy.id);
      const answer = await call(
        'GET',
        `/oncalls?escalation_policy_ids[]=${policy}&include[]=users&earliest=true`,
        OnCallsAnswer,
      );
      if (!answer.ok) return answer;
      // The first level is who the page reaches now; the later levels only if nobody acknowledges.
      const first = Math.min(...answer.value.oncalls.map((o) => o.escalation_level));
      const people = new Map<string, OnCallPerson>();
      for (const o of answer.value.oncalls)
        if (o.escalation_level === first)
          people.set(o.user.id, { name: o.user.name ?? o.user.summary ?? o.user.email, email: o.user.email });
      return { ok: true, value: [...people.values()] };
    },

    async findUser(email: string): Promise<Lookup<string | null>> {
      const answer = await call('GET', `/users?query=${encodeURIComponent(email)}`, UsersAnswer);
      if (!answer.ok) return answer;
      // `query` matches names and emails by prefix: only the exact address is this person.
      const user = answer.value.users.find((u) => u.email.toLowerCase() === email.toLowerCase());
      return { ok: true, value: user?.id ?? null };
    },

    async sendPersonPage(event: PersonPageEvent): Promise<PageOutcome> {
      if (!opts.from) return { ok: false, retryable: false, reason: 'paging.pagerduty.from is not set' };
      if (event.action === 'trigger') {
        if (!event.serviceId) return { ok: false, retryable: false, reason: 'no PagerDuty service to page under' };
        const opened = await call('POST', '/incidents', IncidentAnswer, personIncident(event, event.serviceId));
        if (opened.ok) return { ok: true, ref: opened.value.incident.id };
        // Sent before, and the answer lost (a crash, a timeout): PagerDuty kept the first one.
        if (/matching dedup key already exists/i.test(opened.reason)) return findIncident(event.dedupKey);
        return opened;
      }
      let ref = event.ref;
      if (!ref) {
        const found = await findIncident(event.dedupKey);
        if (!found.ok) return found;
        ref = found.ref ?? null;
      }
      const status = event.action === 'acknowledge' ? 'acknowledged' : 'resolved';
      const updated = await call('PUT', `/incidents/${encodeURIComponent(ref!)}`, IncidentAnswer, {
        incident: { type: 'incident_reference', status },
      });
      if (updated.ok) return { ok: true, ref: ref! };
      // Someone resolved it in PagerDuty first: what Firebreak wanted is already true.
      if (/already resolved/i.test(updated.reason)) return { ok: true, ref: ref! };
      return updated;
    },
  };
}

// PagerDuty's incident titles are short lines.
const MAX_TITLE = 255;

/** The POST /incidents body: one incident under the service, assigned to the person, deduplicated by key. */
export function personIncident(event: PersonPageEvent, serviceId: string): Record<string, unknown> {
  return {
    incident: {
      type: 'incident',
      title: event.summary.slice(0, MAX_TITLE),
      service: { id: serviceId, type: 'service_reference' },
      urgency: 'high',
      incident_key: event.dedupKey,
      // No `body`: its `details` is a string in PagerDuty's examples and an object in its schema.
      assignments: [{ assignee: { id: event.recipient, type: 'user_reference' } }],
    },
  };
}
