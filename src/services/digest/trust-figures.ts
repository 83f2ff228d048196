import { runbookRecords, shadowRecords } from '../../db/queries/runbook-record.js';
import { latestTrustScore } from '../../db/repositories/trust-surveys.js';
import { openSuspensions } from '../../db/repositories/watches.js';
import { heldGates } from '../../domain/autonomy.js';
import type { TrustFigures } from '../../domain/metrics/digest.js';
import type { ServiceDeps } from '../deps.js';
import { recordSince, thresholdsOf } from '../remediation/judge-autonomy.js';

/**
 * The digest's autonomy and trust snapshot at `now`: suspended runbooks; runbooks whose record
 * meets the `ai.autonomy` gates but are not `auto_approve` yet (ready to be trusted with it); in
 * shadow mode, runbooks whose shadow record meets the same gates (accurate guesses count as
 * verified, inaccurate ones as regressions: ready to leave shadow mode); and the latest trust survey.
 */
export async function loadTrustFigures(deps: ServiceDeps): Promise<TrustFigures> {
  const now = deps.now();
  const since = recordSince(now);
  const shadow = deps.config.ai.mode === 'shadow';
  const [records, shadows, suspensions, survey] = await Promise.all([
    runbookRecords(deps.db, since),
    shadow ? shadowRecords(deps.db, since, now) : undefined,
    openSuspensions(deps.db),
    latestTrustScore(deps.db, now),
  ]);
  const runbooks = deps.remediation?.catalog.list() ?? [];
  const t = thresholdsOf(deps);
  const ready = (id: string, record: Parameters<typeof heldGates>[0]) =>
    !suspensions.has(id) && heldGates(record, t, now).length === 0;
  const firstProposedAt = (id: string) => records.get(id)?.firstProposedAt ?? null;
  return {
    suspended: [...suspensions.keys()].sort(),
    readyForAutoApproval: shadow
      ? []
      : runbooks
          .filter((rb) => !rb.auto_approve && records.has(rb.id) && ready(rb.id, records.get(rb.id)!))
          .map((rb) => rb.id),
    readyToLeaveShadow: shadows
      ? runbooks
          .filter((rb) => {
            const s = shadows.get(rb.id);
            return (
              !!s &&
              ready(rb.id, {
                executed: s.evaluated,
                verified: s.accurate,
                regressed: s.evaluated - s.accurate,
                firstProposedAt: firstProposedAt(rb.id),
              })
            );
          })
          .map((rb) => rb.id)
      : null,
    survey: survey ?? null,
  };
}
