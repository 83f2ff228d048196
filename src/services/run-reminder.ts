import type { Db } from '../db/client.js';
import {
  claimPendingReminders,
  finishReminder,
  insertReminders,
  releaseReminder,
} from '../db/repositories/reminders.js';
import type { ReminderRow } from '../db/schema/index.js';
import { isDomainError } from '../domain/errors.js';
import type { ServiceDeps } from './deps.js';
import type { Notice } from './ports.js';

/** One reminder to send: `key` is its identity (once only) and the metadata Slack carries with it. */
export interface DueReminder {
  key: string;
  incidentId: string;
  /** A channel id, or a user id for a DM. */
  target: string;
  subject: Record<string, unknown>;
}

/** What a reminder job knows: what is due, and what its message says. The runner does the rest. */
export interface Reminder {
  kind: string;
  /** Claims what is due with a conditional update (runs in the runner's transaction). */
  claim(deps: ServiceDeps, tx: Db, now: Date): Promise<DueReminder[]>;
  /** The message for a stored reminder, rebuilt at each attempt; undefined when it is no longer due. */
  notice(deps: ServiceDeps, row: ReminderRow): Promise<Notice | undefined>;
}

// Longer than one attempt can take (a lookup and a post, each up to three tries of 10 s): a
// holder that has not finished by then crashed, and another replica takes the reminder over.
const LEASE_MS = 5 * 60_000;
// A reminder Slack refused is tried again after 30 s, then 1, 2, 4… minutes, at most every 30.
const BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 30 * 60_000;
// A reminder a day late says nothing useful any more.
const GIVE_UP_AFTER_MS = 24 * 60 * 60_000;
// Slack answered without doing it vs. no answer at all (the post may have happened).
const NO_ANSWER = new Set(['request_failed', 'unknown', 'internal_error', 'fatal_error', 'service_unavailable']);

/**
 * The reminder runner: claim, store, post, record — for every reminder job. The claim and the
 * stored reminder commit together, so what was claimed is owed; the post comes after, and a failed
 * one is tried again on a later tick (at least once). Each post carries the reminder's key as
 * metadata, and an attempt that follows one which may have reached Slack looks for that key in
 * the channel first (exactly once). A failed lookup is "try later", never "post".
 * Returns how many reminders were posted.
 */
export async function runReminder(deps: ServiceDeps, reminder: Reminder): Promise<number> {
  const now = deps.now();
  await deps.db.transaction(async (tx) => {
    const due = await reminder.claim(deps, tx, now);
    await insertReminders(
      tx,
      due.map((d) => ({ ...d, kind: reminder.kind, createdAt: now })),
    );
  });
  const pending = await claimPendingReminders(deps.db, reminder.kind, now, new Date(now.getTime() - LEASE_MS));
  let sent = 0;
  for (const row of pending) if (await deliver(deps, reminder, row)) sent++;
  return sent;
}

async function deliver(deps: ServiceDeps, reminder: Reminder, row: ReminderRow): Promise<boolean> {
  const log = { reminder: row.kind, reminderId: row.id, incidentId: row.incidentId };
  const now = deps.now();
  if (now.getTime() - row.createdAt.getTime() > GIVE_UP_AFTER_MS) {
    deps.logger.error({ ...log, lastError: row.lastError }, 'reminder given up: Slack refused it for a day');
    await finishReminder(deps.db, row.id, now, null, `given up after ${row.attempts - 1} attempts`);
    return false;
  }
  let posting = false;
  try {
    const notice = await reminder.notice(deps, row);
    if (!notice) {
      await finishReminder(deps.db, row.id, now, null);
      return false;
    }
    let ts: string | undefined;
    if (row.unsure) {
      // Firebreak cannot read its DMs (no im:history scope): rather than risk a second DM, stop.
      if (isUserId(row.target)) {
        deps.logger.warn(log, 'a DM reminder may have gone out; not sending it again');
        await finishReminder(deps.db, row.id, now, null, 'may have been sent; a DM cannot be checked');
        return false;
      }
      ts = await deps.chat.findPosted(row.target, row.key);
    }
    posting = true;
    ts ??= await deps.chat.post(row.target, notice, { key: row.key });
    await finishReminder(deps.db, row.id, deps.now(), ts);
    return true;
  } catch (err) {
    const unsure = row.unsure || (posting && !slackAnswered(err));
    const wait = Math.min(BACKOFF_MS * 2 ** (row.attempts - 1), MAX_BACKOFF_MS);
    deps.logger.warn({ ...log, err, unsure }, 'reminder not sent; will try again on a later tick');
    await releaseReminder(deps.db, row.id, {
      unsure,
      error: err instanceof Error ? err.message : String(err),
      notBefore: new Date(now.getTime() + wait),
    });
    return false;
  }
}

/** Whether Slack answered the call (and so did not post): then a retry need not look first. */
function slackAnswered(err: unknown): boolean {
  if (!isDomainError(err) || err.code !== 'UPSTREAM') return false;
  const code = err.details?.slackError;
  return typeof code === 'string' && !NO_ANSWER.has(code);
}

// chat.postMessage to a user id posts in the app's DM with that user.
const isUserId = (target: string) => /^[UW][A-Z0-9]+$/.test(target);
