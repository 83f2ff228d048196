import type { Digest } from '../../domain/metrics/digest.js';
import type { Db } from '../client.js';
import { loadActionItemFigures } from './action-item-figures.js';
import { loadClosedLoopFigures } from './closed-loop-figures.js';
import { loadCommunicationFigures } from './communication-figures.js';
import { assertDigestQuery, type DigestQuery } from './digest-scope.js';
import { loadIncidentFigures } from './incident-figures.js';
import { loadOpenIncidents } from './open-incidents.js';
import { loadPagingFigures } from './paging-figures.js';
import { loadPostmortemFigures } from './postmortem-figures.js';
import { loadProposalFigures } from './proposal-figures.js';
import { loadRemediationOutcomes } from './remediation-outcomes.js';
import { loadTopFigures } from './top-figures.js';

export type { DigestQuery } from './digest-scope.js';

/**
 * Every figure of the weekly digest, from stored facts: ten aggregate statements, each covering
 * both weeks, sent together (on PostgreSQL they run side by side on the pool; PGlite takes them in
 * turn). They do not share one snapshot — that would put them one after another on one connection:
 * a write landing while they run may show in one figure and not yet in another, a skew of
 * milliseconds that a weekly review cannot notice. Drills never count;
 * private incidents are counted but only named when not private; `teamServices` narrows everything
 * to the incidents touching one of those services.
 */
export async function loadDigest(db: Db, q: DigestQuery): Promise<Digest> {
  assertDigestQuery(q);
  const [figures, top, proposals, outcomes, communication, postmortems, actionItems, open, paging, closedLoop] =
    await Promise.all([
      loadIncidentFigures(db, q),
      loadTopFigures(db, q),
      loadProposalFigures(db, q),
      loadRemediationOutcomes(db, q),
      loadCommunicationFigures(db, q),
      loadPostmortemFigures(db, q),
      loadActionItemFigures(db, q),
      loadOpenIncidents(db, q),
      loadPagingFigures(db, q),
      loadClosedLoopFigures(db, q),
    ]);
  return {
    period: { from: q.from, to: q.to, prevFrom: q.prevFrom, now: q.now },
    incidents: figures.incidents,
    top,
    response: figures.response,
    open,
    automation: { ...proposals, ...outcomes },
    closedLoop,
    communication,
    paging,
    followUp: { ...postmortems, ...actionItems },
  };
}
