/**
 * response_url registry. Slack lets an app answer an interaction up to 5 times within 30 minutes through
 * the response_url attached to it; past that Slack answers 404 with `used_url` / `expired_url`.
 */

/** Slack's response_url lifetime. */
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;
/** Slack's response_url use limit. */
export const RESPONSE_URL_MAX_USES = 5;

/** What a response_url is attached to. */
export interface ResponseUrlTarget {
  user: string;
  channel: string;
  /** Set for message interactions: `replace_original` / `delete_original` apply to this message. */
  messageTs?: string;
}

interface ResponseUrlEntry extends ResponseUrlTarget {
  issuedAt: number;
  uses: number;
}

/** Issues and meters response_urls. */
export class ResponseUrlRegistry {
  private readonly entries = new Map<string, ResponseUrlEntry>();
  private counter = 0;

  constructor(private readonly now: () => number) {}

  /** Registers a response_url and returns its id (the last path segment of the URL). */
  issue(target: ResponseUrlTarget): string {
    this.counter += 1;
    const id = `R${String(this.counter).padStart(6, '0')}`;
    this.entries.set(id, { ...target, issuedAt: this.now(), uses: 0 });
    return id;
  }

  /** Counts one use; returns the target or why the URL is dead. */
  use(id: string): ResponseUrlTarget | { error: 'used_url' | 'expired_url' | 'not_found' } {
    const entry = this.entries.get(id);
    if (!entry) return { error: 'not_found' };
    if (this.now() - entry.issuedAt > RESPONSE_URL_TTL_MS) return { error: 'expired_url' };
    if (entry.uses >= RESPONSE_URL_MAX_USES) return { error: 'used_url' };
    entry.uses += 1;
    return entry;
  }

  clear(): void {
    this.entries.clear();
  }
}
