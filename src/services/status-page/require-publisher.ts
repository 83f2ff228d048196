import { DomainError } from '../../domain/errors.js';
import type { Incident, RoleHolders } from '../../domain/incident.js';
import type { ServiceDeps } from '../deps.js';
import { incidentInChannel } from '../incident-context.js';

/**
 * The incident of the channel, if `actorId` may publish to customers about it: the status page is
 * set up, the incident is neither private nor a drill, and the person is its comms lead or IC.
 * Otherwise one sentence, and nothing changes.
 */
export async function requirePublisher(
  deps: ServiceDeps,
  channelId: string,
  actorId: string,
): Promise<{ incident: Incident; roles: RoleHolders }> {
  if (!deps.config.status_page)
    throw new DomainError(
      'CONFLICT',
      'The status page is not set up: add `status_page:` to firebreak.yml to publish to customers.',
    );
  const { incident, roles } = await incidentInChannel(deps.db, channelId);
  if (incident.isPrivate)
    throw new DomainError(
      'FORBIDDEN',
      'This incident is private: nothing about it is ever published to the status page.',
    );
  if (incident.isDrill)
    throw new DomainError('FORBIDDEN', 'This is a drill: drills are never published to the status page.');
  if (roles.comms !== actorId && roles.ic !== actorId)
    throw new DomainError(
      'FORBIDDEN',
      'Only the comms lead or the incident commander publishes to the status page (`/incident roles` shows who they are).',
    );
  return { incident, roles };
}

/** The services customers see, with the component name they know each by. */
export function publicServices(deps: Pick<ServiceDeps, 'config'>): { service: string; component: string }[] {
  return deps.config.services.flatMap((s) => (s.public ? [{ service: s.name, component: s.public.component }] : []));
}

/** Where a publication goes, in words (the channel and timeline say it). */
export function destinations(deps: Pick<ServiceDeps, 'config'>): string[] {
  const page = deps.config.status_page;
  if (!page) return [];
  return [...(page.builtin ? ['the status page'] : []), ...(page.statuspage ? ['Statuspage'] : [])];
}
