import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Inflight } from './inflight.js';
import type { Logger } from './logger.js';

export interface MemoryTrimOptions {
  inflight: Inflight;
  logger: Logger;
  /** Trim once this many pieces of work (requests, ticks) have run since the last trim. */
  afterWork?: number;
  /** …or once the V8 heap has grown this much (bytes) since the last trim, however few pieces of work did it. */
  afterGrowth?: number;
  /** How long nothing must be in flight before trimming. */
  quietMs?: number;
  /** The full collection (tests pass a spy); V8's own by default. */
  collect?: () => void;
  /** The V8 heap's size now, in bytes (tests pass their own); V8's own by default. */
  heapSize?: () => number;
}

// V8 unmaps the pages a full collection freed only when the sweeper has finished with them: measured, the
// RSS of a process that had grown 120 MiB fell 5 MiB after one collection and 70 MiB after a second 100 ms
// later. So a trim is two collections, the second once the first has been swept.
const SECOND_COLLECTION_MS = 100;

/**
 * Gives a burst's memory back once the burst is over. V8 keeps the heap pages a burst grew into (50
 * declarations in flight leave ~200 MiB of heap, most of it garbage) until a full collection, which an
 * idle app, allocating nothing, may not run for hours. When nothing has been in flight for `quietMs` and
 * at least `afterWork` pieces of work have run since the last trim, or the heap has grown `afterGrowth`
 * since (the tail of a burst that ran after a trim in one of its pauses), two full collections run (tens of
 * milliseconds, only while idle; a quiet app never pays it). Returns a stop function.
 */
export function startMemoryTrim(opts: MemoryTrimOptions): () => void {
  const afterWork = opts.afterWork ?? 200;
  const afterGrowth = opts.afterGrowth ?? 64 * 2 ** 20;
  const quietMs = opts.quietMs ?? 1_000;
  const gc = opts.collect ?? fullCollection();
  const heapSize = opts.heapSize ?? (() => v8.getHeapStatistics().total_heap_size);
  let lastTrim = opts.inflight.started;
  let heapAfterTrim = heapSize();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const due = () =>
    opts.inflight.started - lastTrim >= afterWork ||
    (opts.inflight.started > lastTrim && heapSize() - heapAfterTrim >= afterGrowth);

  const trim = () => {
    timer = undefined;
    if (stopped || opts.inflight.size > 0 || !due()) return;
    lastTrim = opts.inflight.started;
    const before = process.memoryUsage.rss();
    gc();
    timer = setTimeout(() => {
      timer = undefined;
      if (stopped || opts.inflight.size > 0) return;
      gc();
      heapAfterTrim = heapSize();
      const after = process.memoryUsage.rss();
      opts.logger.debug({ beforeMiB: mib(before), afterMiB: mib(after) }, 'memory given back after a burst');
    }, SECOND_COLLECTION_MS);
    timer.unref();
  };

  opts.inflight.onIdle(() => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(trim, quietMs);
    timer.unref();
  });
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

/** V8's full collection: `gc` when the process was started with --expose-gc, else exposed now. */
function fullCollection(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
