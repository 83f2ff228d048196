import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Inflight } from '../../src/observability/inflight.js';
import { createLogger } from '../../src/observability/logger.js';
import { startMemoryTrim } from '../../src/observability/memory-trim.js';

const logger = createLogger('silent');
const MiB = 2 ** 20;

describe('giving a burst’s memory back', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('collects once nothing has been in flight for a while, not while work is in flight', async () => {
    const inflight = new Inflight();
    const collect = vi.fn();
    const stop = startMemoryTrim({ inflight, logger, afterWork: 1, quietMs: 1_000, collect, heapSize: () => 0 });

    let release!: () => void;
    const running = inflight.track(() => new Promise<void>((r) => (release = r)));
    await inflight.track(async () => {});
    vi.advanceTimersByTime(5_000);
    expect(collect).not.toHaveBeenCalled(); // the first one is still running

    release();
    await running;
    vi.advanceTimersByTime(999);
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(collect).toHaveBeenCalledTimes(1);
    // The second collection, once the first has been swept: that is when the pages go back.
    vi.advanceTimersByTime(100);
    expect(collect).toHaveBeenCalledTimes(2);
    stop();
  });

  it('leaves memory alone until enough work has run since the last collection', async () => {
    const inflight = new Inflight();
    const collect = vi.fn();
    const stop = startMemoryTrim({ inflight, logger, afterWork: 3, quietMs: 10, collect, heapSize: () => 0 });
    await inflight.track(async () => {});
    await inflight.track(async () => {});
    vi.advanceTimersByTime(200);
    expect(collect).not.toHaveBeenCalled();
    await inflight.track(async () => {});
    vi.advanceTimersByTime(200);
    expect(collect).toHaveBeenCalledTimes(2);
    await inflight.track(async () => {});
    vi.advanceTimersByTime(200);
    expect(collect).toHaveBeenCalledTimes(2);
    stop();
  });

  it('collects after a little work that grew the heap a lot (a burst’s tail after a trim in one of its pauses)', async () => {
    const inflight = new Inflight();
    const collect = vi.fn();
    let heap = 50 * MiB;
    const stop = startMemoryTrim({
      inflight,
      logger,
      afterWork: 200,
      afterGrowth: 64 * MiB,
      quietMs: 10,
      collect,
      heapSize: () => heap,
    });
    heap = 100 * MiB;
    await inflight.track(async () => {});
    vi.advanceTimersByTime(200);
    expect(collect).not.toHaveBeenCalled(); // grown 50 MiB: not enough
    heap = 190 * MiB;
    await inflight.track(async () => {});
    vi.advanceTimersByTime(200);
    expect(collect).toHaveBeenCalledTimes(2);
    // Measured again after the trim: the same size is no growth.
    await inflight.track(async () => {});
    vi.advanceTimersByTime(200);
    expect(collect).toHaveBeenCalledTimes(2);
    stop();
  });
});
