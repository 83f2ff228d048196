/**
 * A counting semaphore: at most `size` holders at once, the rest wait in arrival order. The inbox takes
 * a slot after a request's ack, so the work behind acks never crowds out the next acks.
 */
export class WorkSlots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }

  /** Requests acknowledged and waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }
}
