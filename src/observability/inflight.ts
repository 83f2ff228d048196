/**
 * Work that outlives the HTTP answer: a slash command's slow part after its ack, a webhook's Slack
 * side after its 202, a scheduler tick. Shutdown waits for it (bounded) before closing the
 * database, so a deploy in the middle of an incident does not cut a declaration or a STOP in half.
 */
export class Inflight {
  private count = 0;
  private total = 0;
  private idle: (() => void)[] = [];
  private readonly idleListeners: (() => void)[] = [];

  /** Runs `work`, counted until it settles; its result and errors pass through unchanged. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.count++;
    this.total++;
    try {
      return await work();
    } finally {
      this.count--;
      if (this.count === 0) {
        for (const wake of this.idle.splice(0)) wake();
        for (const listener of this.idleListeners) listener();
      }
    }
  }

  /** Resolves true once nothing is in flight, or false after `timeoutMs` with work still running. */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Calls `listener` each time the last piece of work in flight settles. */
  onIdle(listener: () => void): void {
    this.idleListeners.push(listener);
  }

  /** Work started since this was made, finished or not. */
  get started(): number {
    return this.total;
  }

  get size(): number {
    return this.count;
  }
}
