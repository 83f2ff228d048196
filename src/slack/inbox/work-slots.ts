/**
 * Who goes first on a busy process: the acks. At most `size` acknowledged requests are carried out at
 * once, the rest wait in arrival order. While requests are still arriving (stored but not yet answered)
 * no new work starts, so a burst's work — channels, posts, queries — never takes the CPU, the event loop
 * or the database from the acks Slack is waiting for (3 s, and a person watching). The wait is bounded:
 * work that has waited `holdMs` starts anyway, one at a time while the arrivals go on, so a long flood
 * slows the work but never stops it. Once the last arrival is answered the waiting work takes every slot.
 */
export class WorkSlots {
  private held = 0;
  private arriving = 0;
  private readonly waiting: { since: number; start: () => void }[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly size: number,
    private readonly holdMs: number,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** A request came in: it is being stored and will be answered. */
  arrived(): void {
    this.arriving++;
  }

  /** That request was answered (acked, refused or dropped as a repeat). */
  answered(): void {
    this.arriving--;
    if (this.arriving === 0) this.pump();
  }

  acquire(): Promise<void> {
    return new Promise((start) => {
      this.waiting.push({ since: this.clock(), start });
      this.pump();
    });
  }

  release(): void {
    this.held--;
    this.pump();
  }

  /** Requests acknowledged and waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  private pump(): void {
    while (this.waiting.length > 0 && this.held < this.limit()) {
      this.held++;
      this.waiting.shift()!.start();
    }
    // Held back by arrivals: look again when the oldest waiter reaches its bound.
    if (this.waiting.length > 0 && this.held === 0 && !this.timer) {
      const due = Math.max(0, this.waiting[0]!.since + this.holdMs - this.clock());
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, due);
      this.timer.unref();
    }
  }

  private limit(): number {
    if (this.arriving === 0) return this.size;
    const oldest = this.waiting[0];
    return oldest && this.clock() - oldest.since >= this.holdMs ? 1 : 0;
  }
}
