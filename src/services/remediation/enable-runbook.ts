import { findIncidentById } from '../../db/repositories/incidents.js';
import { findRolesOfUser } from '../../db/repositories/roles.js';
import { liftSuspension } from '../../db/repositories/watches.js';
import { DomainError } from '../../domain/errors.js';
import type { ServiceDeps } from '../deps.js';
import { requireRemediation } from './require.js';

/**
 * `/incident runbooks enable <id> [why]`: lifts a runbook's suspension after a regression. Only a
 * configured approver or the IC of an open incident may; who, when and why are kept on the
 * suspension row (its history stays).
 */
export async function enableRunbook(
  deps: ServiceDeps,
  args: { runbookId: string; actorId: string; reason?: string | undefined },
): Promise<void> {
  const r = requireRemediation(deps);
  if (!r.catalog.get(args.runbookId))
    throw new DomainError('NOT_FOUND', `There is no runbook ${args.runbookId}; \`/incident runbooks\` lists them.`);
  if (!deps.config.approvers.includes(args.actorId)) {
    const ics = (await findRolesOfUser(deps.db, args.actorId)).filter((x) => x.role === 'ic');
    const open = await Promise.all(ics.map(async (x) => (await findIncidentById(deps.db, x.incidentId))?.status));
    if (!open.some((s) => s && s !== 'resolved'))
      throw new DomainError(
        'FORBIDDEN',
        'Only a configured approver or the IC of an open incident can re-enable a runbook.',
      );
  }
  const lifted = await liftSuspension(deps.db, args.runbookId, args.actorId, args.reason ?? null, deps.now());
  if (!lifted) throw new DomainError('CONFLICT', `Runbook ${args.runbookId} is not suspended; nothing changed.`);
  deps.logger.info({ runbookId: args.runbookId, actorId: args.actorId }, 'runbook re-enabled');
}
