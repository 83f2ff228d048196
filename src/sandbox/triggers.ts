/**
 * trigger_id issuance and exchange. Slack attaches a trigger_id to slash commands and interactions; it
 * can open exactly one modal, within 3 seconds. Bots that do slow work (a DB query, an LLM call) before
 * `views.open` break in production only — so the emulator enforces the window against its injectable clock.
 */
import { randomBytes } from 'node:crypto';

/** Slack's trigger_id lifetime. */
export const TRIGGER_TTL_MS = 3000;

/** Why a trigger_id cannot be exchanged; the names are those of the views.open / views.push specs. */
export type TriggerError = 'invalid_trigger_id' | 'expired_trigger_id' | 'exchanged_trigger_id';

interface TriggerRecord {
  user: string;
  issuedAt: number;
  used: boolean;
}

/** Issues and validates trigger ids. */
export class TriggerRegistry {
  private readonly triggers = new Map<string, TriggerRecord>();
  private counter = 0;

  constructor(private readonly now: () => number) {}

  /** A fresh trigger id for an interaction by `user`. */
  issue(user: string): string {
    this.counter += 1;
    const id = `${Math.floor(this.now() / 1000)}${String(this.counter).padStart(4, '0')}.${this.counter}.${randomBytes(
      16,
    ).toString('hex')}`;
    this.triggers.set(id, { user, issuedAt: this.now(), used: false });
    return id;
  }

  /** Consumes a trigger id; returns the user it was issued for, or the Slack error. */
  exchange(id: string): { user: string } | { error: TriggerError } {
    const record = this.triggers.get(id);
    if (!record) return { error: 'invalid_trigger_id' };
    if (record.used) return { error: 'exchanged_trigger_id' };
    if (this.now() - record.issuedAt > TRIGGER_TTL_MS) return { error: 'expired_trigger_id' };
    record.used = true;
    return { user: record.user };
  }

  clear(): void {
    this.triggers.clear();
  }
}
