/**
 * The leases of the stored requests this process is carrying out or holding for a work slot, renewed
 * together: one statement every `everyMs` for all of them, instead of a timer and an update per request
 * (a burst queues hundreds). The timer runs only while something is held.
 */
export class Leases {
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly renew: (ids: string[]) => Promise<void>,
    private readonly everyMs: number,
  ) {}

  hold(id: string): void {
    this.held.add(id);
    if (this.timer) return;
    this.timer = setInterval(() => void this.renew([...this.held]), this.everyMs);
    this.timer.unref();
  }

  release(id: string): void {
    this.held.delete(id);
    if (this.held.size || !this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
