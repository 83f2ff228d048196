import type { Incident, RoleHolders } from '../domain/incident.js';
import { incidentTopic } from '../domain/topic.js';
import type { ServiceDeps } from './deps.js';

/**
 * Keeps the channel topic (`SEV1 · Investigating · IC @bob`) in step with the incident. A topic is
 * a convenience: failing to set it is logged, never allowed to fail the action that changed it.
 */
export async function syncTopic(deps: ServiceDeps, incident: Incident, roles: RoleHolders): Promise<void> {
  if (!incident.channelId) return;
  try {
    await deps.chat.setTopic(incident.channelId, incidentTopic(incident, roles));
  } catch (err) {
    deps.logger.warn({ err, incidentId: incident.id }, 'could not update the channel topic');
  }
}
