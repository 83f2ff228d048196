import { insertPages, pageRound } from '../../db/repositories/pages.js';
import { insertTimelineEvent } from '../../db/repositories/timeline.js';
import type { Incident } from '../../domain/incident.js';
import { incidentRef } from '../../domain/incident.js';
import { type PageProvider, pageDedupKey, personTarget } from '../../domain/paging.js';
import type { ServiceDeps } from '../deps.js';
import { requirePerson } from '../require-person.js';
import { deliverIncidentPages } from './deliver-incident-pages.js';
import { personPageService } from './paging-policy.js';

const NAME: Record<PageProvider, string> = { pagerduty: 'PagerDuty', opsgenie: 'Opsgenie' };

/**
 * `/incident page @person`: invited into the channel, then paged through their PagerDuty user
 * (an incident assigned to them) or Opsgenie user (an alert to them), found by their Slack email —
 * stored first under a unique key and delivered like every page (retried, Retry when it fails).
 * Nobody known to a pager, or no pager set up: a Slack DM, as before.
 */
export async function pagePerson(
  deps: ServiceDeps,
  incident: Incident,
  userId: string,
  actorId: string,
  /** The request's step key: the DM is recorded under it before it goes, so a request carried out again sends none. */
  dedupeKey: string | null = null,
): Promise<string> {
  const user = await requirePerson(deps, userId, {
    self: 'I cannot be paged; name a person.',
    need: 'only people can be paged',
  });
  await deps.chat.invite(incident.channelId!, [userId]);
  const found = await pagerUser(deps, incident, user.email);
  if (found.via) {
    const target = personTarget(userId);
    const round = await pageRound(deps.db, incident.id);
    const at = deps.now();
    const added = await insertPages(deps.db, [
      {
        incidentId: incident.id,
        target,
        provider: found.via.provider,
        round,
        recipient: found.via.recipient,
        dedupKey: pageDedupKey(incident.id, target, round),
        severity: incident.severity,
        requestedBy: actorId,
        requestedAt: at,
        nextAttemptAt: at,
      },
    ]);
    if (!added.length)
      return `<@${userId}> was already paged for ${incidentRef(incident)}; the Paging message shows where it stands.`;
    await deliverIncidentPages(deps, incident.id);
    return `I invited <@${userId}> and am paging them through ${NAME[found.via.provider]}; the Paging message in the channel shows how it goes.`;
  }
  // Recorded before the DM: a request carried out again finds it and does not page twice.
  await insertTimelineEvent(deps.db, {
    incidentId: incident.id,
    kind: 'paged',
    actorId,
    at: deps.now(),
    text: `Paged <@${userId}> by Slack message`,
    data: { userId },
    dedupeKey,
  });
  await deps.chat.post(userId, { kind: 'paged-person', incident, actorId });
  const why = found.notes.length ? ` (${found.notes.join('; ')})` : '';
  return `I invited <@${userId}> and sent them a direct message about ${incidentRef(incident)}${why}.`;
}

type Found = { via?: { provider: PageProvider; recipient: string }; notes: string[] };

/**
 * The person's pager user, PagerDuty first: only where a page could really reach them (PagerDuty
 * needs the REST token, `paging.pagerduty.from` and a service of the incident to open it under).
 * What stood in the way is kept, so the DM reply can say why it was a DM.
 */
async function pagerUser(deps: ServiceDeps, incident: Incident, email: string | undefined): Promise<Found> {
  const rest = deps.paging?.pagerdutyRest;
  const canPagerDuty = !!rest?.canAct && !!personPageService(deps.config, incident.services);
  const directories = [
    ...(canPagerDuty ? [{ provider: 'pagerduty' as const, port: rest! }] : []),
    ...(deps.paging?.opsgenieDirectory ? [{ provider: 'opsgenie' as const, port: deps.paging.opsgenieDirectory }] : []),
  ];
  if (!directories.length) return { notes: [] };
  if (!email) return { notes: ['their Slack profile shows no email to find them in a pager by'] };
  const notes: string[] = [];
  for (const { provider, port } of directories) {
    const answer = await port.findUser(email);
    if (answer.ok && answer.value) return { via: { provider, recipient: answer.value }, notes };
    notes.push(
      answer.ok
        ? `no ${NAME[provider]} user has their email`
        : // The provider's words go into Slack: no markup from them.
          `${NAME[provider]} could not be asked who they are: ${answer.reason.replace(/[<>&]/g, '')}`,
    );
  }
  return { notes };
}
