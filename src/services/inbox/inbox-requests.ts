import {
  claimStaleInboxRequests,
  failInboxRequest,
  finishInboxRequest,
  renewInboxLeases,
} from '../../db/repositories/inbox.js';
import type { SlackInboxRow } from '../../db/schema/index.js';
import type { ServiceDeps } from '../deps.js';

type Deps = Pick<ServiceDeps, 'db' | 'now'>;

/** Marks a stored request carried out. */
export async function finishRequest(deps: Deps, id: string): Promise<void> {
  await finishInboxRequest(deps.db, id, deps.now());
}

/** Records a failed attempt; the row is parked once it has had `maxAttempts`. Returns the row as it now is. */
export async function failRequest(
  deps: Deps,
  id: string,
  error: string,
  maxAttempts: number,
): Promise<SlackInboxRow | undefined> {
  return failInboxRequest(deps.db, id, { error, now: deps.now(), maxAttempts });
}

/** Keeps the leases of the requests still being worked on (or waiting for their turn). */
export async function keepRequests(deps: Deps, ids: string[], owner: string): Promise<void> {
  await renewInboxLeases(deps.db, ids, owner, deps.now());
}

/** Claims the requests left unfinished for longer than `graceMs` (a crash, a failed attempt), oldest first. */
export async function claimUnfinishedRequests(
  deps: Deps,
  args: { owner: string; graceMs: number; limit: number },
): Promise<SlackInboxRow[]> {
  const now = deps.now();
  return claimStaleInboxRequests(deps.db, {
    owner: args.owner,
    now,
    leaseExpiredBefore: new Date(now.getTime() - args.graceMs),
    limit: args.limit,
  });
}
