import { findIncidentById, toIncident } from '../../db/repositories/incidents.js';
import { claimPagingMessage, listIncidentPages, setPagingMessageTs } from '../../db/repositories/pages.js';
import type { PageRow } from '../../db/schema/index.js';
import { type PageState, targetPerson } from '../../domain/paging.js';
import type { ServiceDeps } from '../deps.js';
import type { Notice, PageView } from '../ports.js';
import { targetLabel } from './paging-policy.js';

// Longer than one chat.postMessage with bounded retries; a crashed poster's claim frees by expiry.
const POST_LEASE_MS = 30_000;
// Two replicas redrawing at once: the later writer checks again, so the message converges.
const MAX_REDRAWS = 3;

/**
 * Draws the incident channel's one "Paging" message: posted once (claimed in the database, keyed
 * in Slack so a crash between posting and recording is found again), then updated in place. After
 * each update it reads the pages again and redraws if they moved meanwhile, so concurrent
 * deliveries on two replicas cannot leave an older state on screen.
 */
export async function showPages(deps: ServiceDeps, incidentId: string): Promise<void> {
  const row = await findIncidentById(deps.db, incidentId);
  if (!row?.channelId) return;
  const incident = toIncident(row);
  let drawn = '';
  for (let i = 0; i < MAX_REDRAWS; i++) {
    const pages = (await listIncidentPages(deps.db, incidentId)).map(pageView);
    const signature = JSON.stringify(pages);
    if (!pages.length || signature === drawn) return;
    const notice: Notice = { kind: 'paging', incident, pages };
    const ts = await messageTs(deps, incidentId, row.channelId, notice);
    if (ts === 'posted') {
      drawn = signature;
      continue;
    }
    if (!ts) return;
    await deps.chat.update(row.channelId, ts, notice);
    drawn = signature;
  }
}

/** The message's ts, or `posted` when this call just posted it, or undefined when another replica is posting it. */
async function messageTs(
  deps: ServiceDeps,
  incidentId: string,
  channelId: string,
  notice: Notice,
): Promise<string | 'posted' | undefined> {
  const { row, claimed } = await claimPagingMessage(deps.db, incidentId, channelId, deps.now(), POST_LEASE_MS);
  if (row.ts) return row.ts;
  if (!claimed) return undefined;
  const key = `paging:${incidentId}`;
  const found = await deps.chat.findPosted(channelId, key);
  if (found) {
    await setPagingMessageTs(deps.db, incidentId, found);
    return found;
  }
  await setPagingMessageTs(deps.db, incidentId, await deps.chat.post(channelId, notice, { key }));
  return 'posted';
}

export function pageView(page: PageRow): PageView {
  return {
    id: page.id,
    label: targetLabel(page.target),
    provider: page.provider === 'opsgenie' ? 'Opsgenie' : 'PagerDuty',
    state: page.state as PageState,
    acknowledgedBy: page.state === 'acknowledged' || page.wanted === 'acknowledge' ? page.acknowledgedBy : null,
    error: page.lastError,
    failed: !!page.failedAt,
    retryAt: page.lastError && !page.failedAt ? page.nextAttemptAt : null,
    ...(targetPerson(page.target) && { personId: targetPerson(page.target) }),
    ...(page.oncallSlackIds.length && { onCall: page.oncallSlackIds }),
    ...(page.oncallNote && { onCallNote: page.oncallNote }),
  };
}
