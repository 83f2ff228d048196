import { claimNotifiedGroup, findAlertGroup } from '../../db/repositories/alerts.js';
import { DomainError } from '../../domain/errors.js';
import type { ServiceDeps } from '../deps.js';
import { declareFromGroup } from './process-alert-group.js';

/**
 * "Declare" on an announced alert: the person who clicked becomes the declarer. Claimed with a
 * conditional update, so two people clicking together declare one incident; the second is told
 * where it is.
 */
export async function declareAlertGroup(
  deps: ServiceDeps,
  args: { groupId: string; actorId: string },
): Promise<{ channelId: string }> {
  const group = await claimNotifiedGroup(deps.db, args.groupId, new Date(deps.now().getTime() + 60_000));
  if (!group) {
    if (!(await findAlertGroup(deps.db, args.groupId)))
      throw new DomainError('NOT_FOUND', 'That alert is no longer known.');
    throw new DomainError('CONFLICT', 'An incident is already being declared for this alert.');
  }
  const channelId = await declareFromGroup(deps, group, args.actorId);
  if (group.notifyTs && deps.config.channels.broadcast)
    await deps.chat.update(deps.config.channels.broadcast, group.notifyTs, {
      kind: 'alert-received',
      group: { ...group, state: 'done' },
      declared: { by: args.actorId, channelId },
    });
  return { channelId };
}
