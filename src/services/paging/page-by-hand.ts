import { z } from 'zod';
import { insertPages, pageRound } from '../../db/repositories/pages.js';
import { findTimelineEventByKey } from '../../db/repositories/timeline.js';
import { DomainError } from '../../domain/errors.js';
import { incidentRef } from '../../domain/incident.js';
import { type PageProvider, pageDedupKey } from '../../domain/paging.js';
import type { ServiceDeps } from '../deps.js';
import { incidentInChannel } from '../incident-context.js';
import { RequestFields, stepKey } from '../request-once.js';
import { deliverIncidentPages } from './deliver-incident-pages.js';
import { pagePerson } from './page-person.js';
import { onCallSource } from './paging-policy.js';

export const PageByHandInput = z.object({
  channelId: z.string().min(1),
  actorId: z.string().min(1),
  target: z.union([
    z.object({ kind: z.literal('person'), userId: z.string().min(1) }),
    z.object({ kind: z.literal('name'), name: z.string().min(1) }),
    /** The Page on-call button: the incident's own services. */
    z.object({ kind: z.literal('on-call') }),
  ]),
  ...RequestFields,
});

/**
 * `/incident page <service|team|@person>` and the Page on-call button. A service (or each service
 * of a team) is paged at high urgency through what it has configured, stored first and once per
 * incident like every page. A person is paged through their PagerDuty or Opsgenie user when one has
 * their email, else told by DM (page-person.ts). Returns the sentence the person who asked is shown.
 */
export async function pageByHand(deps: ServiceDeps, raw: z.input<typeof PageByHandInput>): Promise<string> {
  const input = PageByHandInput.parse(raw);
  const { incident } = await incidentInChannel(deps.db, input.channelId);
  const key = stepKey(input, 'page');
  if (input.target.kind === 'person' && key && (await findTimelineEventByKey(deps.db, incident.id, key)))
    // Carried out again after a crash that came after the page was recorded: its DM may or may not
    // have gone out, and Firebreak cannot read its DMs to check, so it does not risk a second one.
    return `Firebreak stopped while paging <@${input.target.userId}> and may already have sent them a direct message; it does not send it twice, so check that they know.`;
  if (incident.status === 'resolved') throw new DomainError('CONFLICT', 'The incident is resolved; reopen it first.');
  const target = input.target;
  if (target.kind === 'person') return pagePerson(deps, incident, target.userId, input.actorId, key);
  if (!deps.config.paging)
    throw new DomainError('VALIDATION', 'Paging is not set up: add `paging:` to firebreak.yml (the README says how).');
  const services = servicesFor(
    deps,
    target.kind === 'on-call' ? { services: incident.services } : { name: target.name },
  );
  const providers = services.flatMap((s) => providersOf(s).map((provider) => ({ service: s.name, provider })));
  if (!providers.length)
    throw new DomainError(
      'VALIDATION',
      `${services.map((s) => s.name).join(', ')} has no pagerduty or opsgenie in firebreak.yml, so I cannot page it.`,
    );
  const at = deps.now();
  const round = await pageRound(deps.db, incident.id);
  const added = await insertPages(
    deps.db,
    providers.map(({ service, provider }) => ({
      incidentId: incident.id,
      target: `service:${service}`,
      provider,
      round,
      oncallState: onCallSource(deps.config, deps.paging, `service:${service}`, provider) ? 'wanted' : null,
      dedupKey: pageDedupKey(incident.id, `service:${service}`, round),
      severity: incident.severity,
      requestedBy: input.actorId,
      requestedAt: at,
      nextAttemptAt: at,
    })),
  );
  const names = services.map((s) => s.name).join(', ');
  if (!added.length)
    return `${names} ${services.length > 1 ? 'were' : 'was'} already paged for ${incidentRef(incident)}; the Paging message shows where each page stands.`;
  await deliverIncidentPages(deps, incident.id);
  return `Paging ${[...new Set(added.map((p) => p.target.slice('service:'.length)))].join(', ')}; the Paging message in the channel shows how it goes.`;
}

type ServiceConfig = ServiceDeps['config']['services'][number];

function servicesFor(deps: ServiceDeps, which: { services: string[] } | { name: string }): ServiceConfig[] {
  const all = deps.config.services;
  if ('services' in which) {
    const own = all.filter((s) => which.services.includes(s.name));
    if (!own.length)
      throw new DomainError(
        'VALIDATION',
        'This incident has no services to page; name one with `/incident page <service>`.',
      );
    return own;
  }
  const byName = all.filter((s) => s.name === which.name);
  const byTeam = all.filter((s) => s.team?.toLowerCase() === which.name);
  if (byName.length || byTeam.length) return byName.length ? byName : byTeam;
  throw new DomainError(
    'VALIDATION',
    `No service or team is called "${which.name}". Services: ${all.map((s) => s.name).join(', ') || 'none configured'}.`,
  );
}

const providersOf = (s: ServiceConfig): PageProvider[] => [
  ...(s.pagerduty ? (['pagerduty'] as const) : []),
  ...(s.opsgenie ? (['opsgenie'] as const) : []),
];
