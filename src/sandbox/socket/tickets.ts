/**
 * The one-time tickets apps.connections.open puts in the WebSocket URL. Slack's URL is good for one
 * connection only: a client that reconnects must ask apps.connections.open again, so a reused or made-up
 * ticket is refused at the upgrade.
 */
import { randomUUID } from 'node:crypto';

/** Issued, not yet used tickets. */
export class SocketTickets {
  private readonly open = new Set<string>();

  /** A fresh ticket. */
  issue(): string {
    const ticket = randomUUID();
    this.open.add(ticket);
    return ticket;
  }

  /** True (once) for a ticket that was issued and never used. */
  redeem(ticket: string | null): boolean {
    return ticket !== null && this.open.delete(ticket);
  }

  clear(): void {
    this.open.clear();
  }
}
