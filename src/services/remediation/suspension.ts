import { openSuspensions } from '../../db/repositories/watches.js';
import type { RunbookSuspensionRow } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';
import type { ServiceDeps } from '../deps.js';

/** The runbook's open suspension (after a regression), if any. */
export async function suspensionOf(deps: ServiceDeps, runbookId: string): Promise<RunbookSuspensionRow | undefined> {
  return (await openSuspensions(deps.db)).get(runbookId);
}

/** Refuses, in one sentence, to approve a suspended runbook. */
export async function assertNotSuspended(deps: ServiceDeps, runbookId: string): Promise<void> {
  if (await suspensionOf(deps, runbookId))
    throw new DomainError(
      'CONFLICT',
      `Runbook ${runbookId} is suspended after a regression; an approver can lift it with \`/incident runbooks enable ${runbookId}\`. Nothing was done.`,
    );
}
