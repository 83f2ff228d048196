import { isDatabaseUnavailable } from '../../db/errors.js';
import { recordInboxRequests, type SerialisedInboxRequest } from '../../db/repositories/inbox.js';
import { storableJson } from '../../domain/clean-text.js';
import type { ServiceDeps } from '../deps.js';

type Deps = Pick<ServiceDeps, 'db' | 'now'>;

export interface RequestToStore {
  key: string;
  kind: string;
  payload: Record<string, unknown>;
  owner: string;
}

interface Waiting {
  req: SerialisedInboxRequest;
  resolve: (id: string | undefined) => void;
  reject: (err: unknown) => void;
}

/**
 * Stores Slack requests before their ack (leased to `owner`, which processes them next). The requests that
 * arrive while `lanes` inserts are already under way are gathered into the next insert: one statement and one commit
 * for many rows, instead of one each waiting its turn for a connection. Alone, a request is inserted at
 * once. Each caller still learns only once its own row is committed (its id), or that its key was
 * already stored (undefined: a retry or a replay), or the error.
 */
export function storeInBatches(deps: Deps, opts: { lanes: number; maxBatch: number }) {
  const waiting: Waiting[] = [];
  let busy = 0;

  const pump = () => {
    while (busy < opts.lanes && waiting.length > 0) {
      const batch = waiting.splice(0, opts.maxBatch);
      busy++;
      void flush(batch).finally(() => {
        busy--;
        pump();
      });
    }
  };

  const flush = async (batch: Waiting[]) => {
    try {
      settle(batch, await recordInboxRequests(deps.db, unique(batch)));
    } catch (err) {
      if (batch.length === 1 || isDatabaseUnavailable(err)) {
        for (const w of batch) w.reject(err);
        return;
      }
      // One row the database refuses must not take the others with it: each alone, with its own outcome.
      await Promise.all(
        batch.map(async (w) => {
          try {
            settle([w], await recordInboxRequests(deps.db, [w.req]));
          } catch (one) {
            w.reject(one);
          }
        }),
      );
    }
  };

  return (req: RequestToStore): Promise<string | undefined> =>
    new Promise((resolve, reject) => {
      // PostgreSQL refuses \u0000 in jsonb: NULs and control characters go before the payload is stored.
      const row = { key: req.key, kind: req.kind, payloadJson: storableJson(req.payload), receivedAt: deps.now() };
      waiting.push({ req: { ...row, claimedBy: req.owner }, resolve, reject });
      pump();
    });
}

/** The first request of each key; a repeat in the same batch is the same request again. */
function unique(batch: Waiting[]): SerialisedInboxRequest[] {
  const byKey = new Map<string, SerialisedInboxRequest>();
  for (const w of batch) if (!byKey.has(w.req.key)) byKey.set(w.req.key, w.req);
  return [...byKey.values()];
}

/** The id goes to the first waiter of its key; every other waiter learns the key was already stored. */
function settle(batch: Waiting[], ids: Map<string, string>) {
  for (const w of batch) {
    const id = ids.get(w.req.key);
    ids.delete(w.req.key);
    w.resolve(id);
  }
}
