import type { EvidenceReading } from '../../domain/metric-value.js';
import type { RemediationDeps } from './ports.js';

/** A runbook an analysis considers, with the parameters it would run with. */
export interface EvidenceTarget {
  runbookId: string;
  params: Record<string, string>;
}

/**
 * Runs each target runbook's evidence queries against Prometheus, in parallel, and returns every
 * answer (failures and empty results included, with their sentence). Never throws and never waits
 * longer than the client's timeout: evidence informs an analysis, it must not block one. Undefined
 * when no metrics backend is configured, so callers can say that nothing was queried.
 */
export async function gatherEvidence(
  r: RemediationDeps,
  targets: readonly EvidenceTarget[],
): Promise<EvidenceReading[] | undefined> {
  if (!r.metrics) return undefined;
  const metrics = r.metrics;
  const queries = targets.flatMap((t) => {
    try {
      return r.catalog
        .render(t.runbookId, t.params)
        .evidence.map((e) => ({ runbookId: t.runbookId, params: t.params, ...e }));
    } catch {
      return [];
    }
  });
  return Promise.all(
    queries.map(async (q): Promise<EvidenceReading> => {
      const base = { runbookId: q.runbookId, params: q.params, name: q.name, unit: q.unit, query: q.query };
      try {
        const reading = await metrics.query(q.query);
        if (reading.status === 'ok')
          return { ...base, status: 'ok', value: reading.value, at: reading.at.toISOString() };
        return { ...base, status: reading.status, detail: reading.detail };
      } catch (err) {
        return { ...base, status: 'error', detail: err instanceof Error ? err.message : 'unknown error' };
      }
    }),
  );
}

/** Whether any target runbook has evidence queries (to say "nothing queried" only when it matters). */
export function hasEvidenceQueries(r: RemediationDeps, targets: readonly EvidenceTarget[]): boolean {
  return targets.some((t) => {
    try {
      return r.catalog.render(t.runbookId, t.params).evidence.length > 0;
    } catch {
      return false;
    }
  });
}
