import { runbookRecords } from '../../db/queries/runbook-record.js';
import { openSuspensions } from '../../db/repositories/watches.js';
import { type DisplayedConfidence, displayedConfidence, heldGates, heldSentence } from '../../domain/autonomy.js';
import type { ServiceDeps } from '../deps.js';
import { recordSince, thresholdsOf } from './judge-autonomy.js';
import { requireRemediation } from './require.js';

/** One runbook as `/incident runbooks` shows it. */
export interface RunbookSummary {
  id: string;
  title: string;
  /** shadow | approval | auto-approve */
  mode: string;
  executed: number;
  verified: number;
  rolledBack: number;
  /** Its record once it has one, else its YAML prior. */
  confidence: DisplayedConfidence;
  /** An `auto_approve` runbook whose record does not meet the `ai.autonomy` gates yet: the sentence why. */
  autoApproveHeld?: string;
  suspended: { at: Date; cause: string } | null;
}

/** Every runbook with its mode, its record over the last 90 days, its confidence and whether it is suspended. */
export async function listRunbooks(deps: ServiceDeps): Promise<RunbookSummary[]> {
  const r = requireRemediation(deps);
  const now = deps.now();
  const [records, suspensions] = await Promise.all([
    runbookRecords(deps.db, recordSince(now)),
    openSuspensions(deps.db),
  ]);
  return r.catalog.list().map((rb) => {
    const rec = records.get(rb.id);
    const s = suspensions.get(rb.id);
    const shadow = deps.config.ai.mode === 'shadow';
    const held =
      !shadow && rb.auto_approve
        ? heldGates(rec ?? { executed: 0, verified: 0, regressed: 0, firstProposedAt: null }, thresholdsOf(deps), now)
        : [];
    return {
      id: rb.id,
      title: rb.title,
      mode: shadow ? 'shadow' : rb.auto_approve ? 'auto-approve' : 'approval',
      executed: rec?.executed ?? 0,
      verified: rec?.verified ?? 0,
      rolledBack: rec?.rolledBack ?? 0,
      confidence: displayedConfidence(rec, rb.confidence),
      ...(held.length && { autoApproveHeld: heldSentence(held) }),
      suspended: s ? { at: s.suspendedAt, cause: s.cause } : null,
    };
  });
}
