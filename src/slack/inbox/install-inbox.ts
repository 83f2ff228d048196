import type { App, ReceiverEvent } from '@slack/bolt';
import { INTAKE_CONNECTIONS } from '../../db/client.js';
import { isDatabaseUnavailable } from '../../db/errors.js';
import type { Inflight } from '../../observability/inflight.js';
import type { Logger } from '../../observability/logger.js';
import type { ServiceDeps } from '../../services/deps.js';
import {
  claimUnfinishedRequests,
  failRequest,
  finishRequest,
  keepRequests,
} from '../../services/inbox/inbox-requests.js';
import { dropInboxRequest } from '../../services/inbox/manage-inbox.js';
import { storeInBatches } from '../../services/inbox/store-in-batches.js';
import { buildNotice } from '../views/replies.js';
import { describeRequest, type InboxIdentity, inboxIdentity } from './identity.js';
import { Leases } from './leases.js';
import { tellRequester } from './tell-requester.js';
import { WorkSlots } from './work-slots.js';

export interface InboxSettings {
  /** How long a request may stay unfinished (its lease) before it is taken again. */
  grace: number;
  max_attempts: number;
  /** Requests carried out at once after their ack (see WorkSlots). */
  concurrency: number;
}

export interface InboxOptions {
  deps: Pick<ServiceDeps, 'db' | 'now'>;
  /** The database the ack path stores into (its own PostgreSQL pool; see db/client.ts `intake`). */
  intake: ServiceDeps['db'];
  settings: InboxSettings;
  /** This process's name in leases (unique per start). */
  owner: string;
  logger: Logger;
  inflight: Inflight;
}

/** What listeners find in `context.inbox` while a stored request is carried out. */
export interface InboxRun extends InboxIdentity {
  id: string;
  attempt: number;
  /** True when the sweep carries it out again (after a crash or a failure): a step may have happened. */
  replay: boolean;
  error?: unknown;
}

export interface SlackInbox {
  /** Carries out the requests left unfinished past the grace (a crash, a failed attempt). Returns how many. */
  sweep(): Promise<number>;
}

export const DATABASE_DOWN_SENTENCE =
  'Firebreak cannot record that right now: its database is unavailable, so nothing was done. Try again in a minute.';

// The ack waits for the insert; past this the person is told it was not recorded (Slack gives up at 3 s).
const STORE_TIMEOUT_MS = 2_500;
// How long acknowledged work waits for a burst of arrivals to be answered before it starts anyway.
const WORK_HOLD_MS = 2_000;
// Per sweep; the next tick goes on where this one stopped.
const SWEEP_LIMIT = 1_000;

/**
 * The durable inbox. Every request a receiver hands Bolt (HTTP or Socket Mode alike: both call
 * `app.processEvent`) is stored first — one insert — and only then acknowledged and processed; the
 * row is marked done when its listeners finish. A request whose key is already stored (a Slack retry,
 * a replayed signed request) is acknowledged and dropped. If the insert fails, nothing is done: an
 * event is not acknowledged (Slack delivers it again), a person is told so in one sentence.
 */
export function installInbox(app: App, opts: InboxOptions): SlackInbox {
  const log = opts.logger.child({ module: 'inbox' });
  const original = app.processEvent.bind(app);

  // First global middleware: it sees a listener's failure before Bolt hands it to app.error().
  app.use(async ({ context, next }) => {
    try {
      await next();
    } catch (err) {
      const run = context.inbox as InboxRun | undefined;
      if (run) run.error = err;
      throw err;
    }
  });

  // At most `concurrency` requests are carried out at once, none started while others still wait for their
  // ack (for up to WORK_HOLD_MS); the rest wait, stored and leased, in arrival order. Unbounded, a burst's
  // work (channels, posts, queries) shares the event loop and the database with the acks of the requests
  // still arriving, and the memory peaks with the burst.
  const slots = new WorkSlots(opts.settings.concurrency, WORK_HOLD_MS);
  const leases = new Leases(
    (ids) => keepRequests(opts.deps, ids, opts.owner).catch((err) => log.warn({ err }, 'leases not renewed')),
    Math.max(250, Math.floor(opts.settings.grace / 3)),
  );

  const carryOut = async (event: ReceiverEvent, run: InboxRun, answered = () => {}): Promise<void> => {
    leases.hold(run.id);
    // The answer goes out at once; the work behind it then waits for a slot (its row stays leased meanwhile).
    let holding = false;
    const ack: ReceiverEvent['ack'] = async (response) => {
      try {
        await event.ack(response);
      } finally {
        answered();
      }
      if (holding) return;
      holding = true;
      await slots.acquire();
    };
    try {
      await original({ ...event, ack, customProperties: { ...event.customProperties, inbox: run } });
    } catch (err) {
      run.error ??= err;
    } finally {
      leases.release(run.id);
      if (holding) slots.release();
    }
    try {
      if (run.error === undefined) return await finishRequest(opts.deps, run.id);
      const row = await failRequest(opts.deps, run.id, errorText(run.error), opts.settings.max_attempts);
      if (row?.status === 'parked') await park(event.body, run, row.attempts);
    } catch (err) {
      // The database went away mid-request: the row stays pending and the sweep takes it once it is back.
      log.error({ err, key: run.key }, 'could not record the outcome of a request; it will be tried again');
    }
  };

  const park = async (body: Record<string, unknown>, run: InboxIdentity, attempts: number) => {
    log.error({ key: run.key, kind: run.kind, attempts }, 'request parked after repeated failures');
    const told = await tellRequester(
      app.client,
      body,
      `Firebreak could not carry out ${describeRequest(body, run.kind)} after ${attempts} tries, so it has stopped trying; it is logged for the operators. Please do it again.`,
    );
    if (!told) log.warn({ key: run.key }, 'could not tell the person their request was parked');
  };

  app.processEvent = (event: ReceiverEvent) =>
    opts.inflight.track(async () => {
      const identity = inboxIdentity(event.body as Record<string, unknown>);
      if (!identity) return original(event);
      // Until it is answered, no new work starts (see WorkSlots): the acks go first.
      slots.arrived();
      let pending = true;
      const answered = () => {
        if (pending) slots.answered();
        pending = false;
      };
      try {
        let id: string | undefined;
        try {
          id = await storeWithin(identity, event.body as Record<string, unknown>);
        } catch (err) {
          return await refuse(event, identity, err);
        }
        if (!id) {
          log.info(
            { key: identity.key, retry: event.retryNum },
            'request already received (a retry or replay); ignored',
          );
          return await event.ack();
        }
        return await carryOut(event, { id, ...identity, attempt: 1, replay: false }, answered);
      } finally {
        answered();
      }
    });

  // Under load the requests waiting for an intake connection go in together: one insert, one commit.
  const store = storeInBatches({ ...opts.deps, db: opts.intake }, { lanes: INTAKE_CONNECTIONS, maxBatch: 50 });

  const storeWithin = async (identity: InboxIdentity, payload: Record<string, unknown>) => {
    const stored = store({ ...identity, payload, owner: opts.owner });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the database did not answer in time')), STORE_TIMEOUT_MS);
    });
    try {
      return await Promise.race([stored, late]);
    } catch (err) {
      // Told "nothing was done": a row that lands after all must not be carried out behind their back.
      void stored.then((lateId) => (lateId ? dropInboxRequest(opts.deps, lateId) : undefined)).catch(() => {});
      throw err;
    } finally {
      clearTimeout(timer);
    }
  };

  const refuse = async (event: ReceiverEvent, identity: InboxIdentity, err: unknown) => {
    log.error({ err, key: identity.key, databaseDown: isDatabaseUnavailable(err) }, 'could not store a Slack request');
    const body = event.body as Record<string, unknown>;
    // Not acknowledged: Slack delivers the event again later, when the database may be back.
    if (identity.kind.startsWith('event:')) throw err;
    if (identity.kind === 'command')
      return event.ack({ response_type: 'ephemeral', ...buildNotice(DATABASE_DOWN_SENTENCE) });
    const blockId = firstInputBlock(body);
    if (identity.kind === 'view' && blockId)
      return event.ack({ response_action: 'errors', errors: { [blockId]: DATABASE_DOWN_SENTENCE } });
    await event.ack();
    await tellRequester(app.client, body, DATABASE_DOWN_SENTENCE);
  };

  // One row per claim: a claimed row waiting behind others in a batch would have no heartbeat, and
  // another sweep (or replica) would take it again once its lease lapsed.
  const sweep = async (): Promise<number> => {
    let total = 0;
    for (; total < SWEEP_LIMIT; total++) {
      const [row] = await claimUnfinishedRequests(opts.deps, {
        owner: opts.owner,
        graceMs: opts.settings.grace,
        limit: 1,
      });
      if (!row) break;
      const run: InboxRun = { id: row.id, key: row.key, kind: row.kind, attempt: row.attempts, replay: true };
      if (row.attempts > opts.settings.max_attempts) {
        // Each attempt ended with the process gone (no error recorded): stop before it takes the next one down.
        await failRequest(opts.deps, row.id, row.lastError ?? 'stopped mid-way every time it was tried', 0);
        await park(row.payload, run, row.attempts - 1);
        continue;
      }
      log.info({ key: row.key, kind: row.kind, attempt: row.attempts }, 'carrying out an unfinished request');
      // Slack was answered long ago: this ack goes nowhere.
      await carryOut({ body: row.payload, ack: async () => {} }, run);
    }
    return total;
  };

  return { sweep: () => opts.inflight.track(sweep) };
}

function firstInputBlock(body: Record<string, unknown>): string | undefined {
  const blocks = (body.view as { blocks?: { type?: string; block_id?: string }[] } | undefined)?.blocks;
  return blocks?.find((b) => b.type === 'input' && b.block_id)?.block_id;
}

function errorText(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return [e?.code, e?.message ?? String(err)].filter(Boolean).join(': ');
}
