import type { Database } from './db/client.js';
import { DomainError } from './domain/errors.js';
import { dropInboxRequest, listInbox, retryInboxRequest } from './services/inbox/manage-inbox.js';

/** The inbox subcommands, as the usage lines name them. */
export const INBOX_SYNOPSIS = 'firebreak inbox [list] | inbox retry <id> | inbox drop <id>';
export const INBOX_USAGE = `usage: ${INBOX_SYNOPSIS}`;

const age = (since: Date, now: Date) => {
  const s = Math.max(0, Math.round((now.getTime() - since.getTime()) / 1000));
  return s < 120
    ? `${s}s`
    : s < 7200
      ? `${Math.round(s / 60)}m`
      : s < 172800
        ? `${Math.round(s / 3600)}h`
        : `${Math.round(s / 86400)}d`;
};

/**
 * `firebreak inbox …`: the Slack requests not carried out yet (pending) or given up on (parked) —
 * id, status, key, kind, age, attempts and last error, never the payload (it holds what people typed
 * and Slack's response URLs) — and `retry <id>` / `drop <id>`. Returns the exit code.
 */
export async function runInboxCli(database: Database, args: string[], out: NodeJS.WritableStream): Promise<number> {
  const [verb = 'list', id] = args;
  const deps = { db: database.db, now: () => new Date() };
  if (verb === 'list' && !id) {
    const rows = await listInbox(deps);
    if (!rows.length) {
      out.write('The inbox is empty: every Slack request has been carried out.\n');
      return 0;
    }
    const now = deps.now();
    for (const r of rows)
      out.write(
        `${[r.id, r.status, r.kind, r.key, `age ${age(r.receivedAt, now)}`, `attempts ${r.attempts}`, r.lastError ? `error: ${r.lastError.replace(/\s+/g, ' ').slice(0, 200)}` : ''].filter(Boolean).join('  ')}\n`,
      );
    return 0;
  }
  if (verb === 'retry' && id) {
    await retryInboxRequest(deps, id);
    out.write(`Inbox request ${id} will be carried out at the next scheduler tick of the running app.\n`);
    return 0;
  }
  if (verb === 'drop' && id) {
    await dropInboxRequest(deps, id);
    out.write(`Inbox request ${id} dropped; it will not be carried out.\n`);
    return 0;
  }
  throw new DomainError('VALIDATION', INBOX_USAGE);
}
