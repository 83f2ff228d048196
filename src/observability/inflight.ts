/**
 * Work that outlives the HTTP answer: a slash command's slow part after its ack, a webhook's Slack
 * side after its 202, a scheduler tick. Shutdown waits for it (bounded) before closing the
 * database, so a deploy in the middle of an incident does not cut a declaration or a STOP in half.
 */
export class Inflight {
  private count = 0;
  private idle: (() => void)[] = [];

  /** Runs `work`, counted until it settles; its result and errors pass through unchanged. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.count++;
    try {
      return await work();
    } finally {
      this.count--;
      if (this.count === 0) for (const wake of this.idle.splice(0)) wake();
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

  get size(): number {
    return this.count;
  }
}
