import { runbookRecords } from '../../db/queries/runbook-record.js';
import { openSuspensions } from '../../db/repositories/watches.js';
import type { ServiceDeps } from '../deps.js';
import { requireRemediation } from './require.js';

export const RECORD_DAYS = 90;

/** One runbook as `/incident runbooks` shows it. */
export interface RunbookSummary {
  id: string;
  title: string;
  /** shadow | approval | auto-approve */
  mode: string;
  executed: number;
  verified: number;
  rolledBack: number;
  suspended: { at: Date; cause: string } | null;
}

/** Every runbook with its mode, its record over the last 90 days and whether it is suspended. */
export async function listRunbooks(deps: ServiceDeps): Promise<RunbookSummary[]> {
  const r = requireRemediation(deps);
  const since = new Date(deps.now().getTime() - RECORD_DAYS * 86_400_000);
  const [records, suspensions] = await Promise.all([runbookRecords(deps.db, since), openSuspensions(deps.db)]);
  return r.catalog.list().map((rb) => {
    const rec = records.get(rb.id);
    const s = suspensions.get(rb.id);
    return {
      id: rb.id,
      title: rb.title,
      mode: deps.config.ai.mode === 'shadow' ? 'shadow' : rb.auto_approve ? 'auto-approve' : 'approval',
      executed: rec?.executed ?? 0,
      verified: rec?.verified ?? 0,
      rolledBack: rec?.rolledBack ?? 0,
      suspended: s ? { at: s.suspendedAt, cause: s.cause } : null,
    };
  });
}
