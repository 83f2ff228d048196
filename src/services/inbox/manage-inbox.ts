import {
  countPendingInbox,
  deleteInboxRequest,
  type InboxSummary,
  listUnfinishedInbox,
  pruneInbox,
  requeueInboxRequest,
} from '../../db/repositories/inbox.js';
import { DomainError } from '../../domain/errors.js';
import type { ServiceDeps } from '../deps.js';

type Deps = Pick<ServiceDeps, 'db' | 'now'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function requireId(id: string): string {
  if (!UUID.test(id)) throw new DomainError('VALIDATION', `"${id}" is not an inbox id (see \`inbox list\`).`);
  return id;
}

/** Requests not carried out yet (pending) or given up on (parked), oldest first, without their payloads. */
export async function listInbox(deps: Deps): Promise<InboxSummary[]> {
  return listUnfinishedInbox(deps.db);
}

/** Puts a request back in line with fresh attempts; the next scheduler tick carries it out. */
export async function retryInboxRequest(deps: Deps, id: string): Promise<void> {
  if (!(await requeueInboxRequest(deps.db, requireId(id))))
    throw new DomainError('NOT_FOUND', `No pending or parked inbox request ${id}.`);
}

/** Forgets a request for good (it will not be carried out). */
export async function dropInboxRequest(deps: Deps, id: string): Promise<void> {
  if (!(await deleteInboxRequest(deps.db, requireId(id))))
    throw new DomainError('NOT_FOUND', `No inbox request ${id}.`);
}

/** Deletes requests carried out more than `retentionMs` ago: the inbox stays small. Returns how many. */
export async function pruneFinishedRequests(deps: Deps, retentionMs: number): Promise<number> {
  return pruneInbox(deps.db, new Date(deps.now().getTime() - retentionMs));
}

/** How many requests are stored but not carried out yet (0 = the inbox has caught up). */
export async function countUnfinishedRequests(deps: Deps): Promise<number> {
  return countPendingInbox(deps.db);
}
