/**
 * Spaces calls at least `intervalMs` apart, in order (Statuspage allows 1 request per second per
 * API key). Per process: replicas share the key, so each keeps well under the limit on its own and
 * 429s from a burst across replicas are retried.
 */
export function createSpacer(intervalMs: number, sleep: (ms: number) => Promise<void>, now = () => Date.now()) {
  let next = 0;
  let chain: Promise<unknown> = Promise.resolve();
  return function spaced<T>(work: () => Promise<T>): Promise<T> {
    const run = chain.then(async () => {
      const wait = next - now();
      if (wait > 0) await sleep(wait);
      next = now() + intervalMs;
      return work();
    });
    chain = run.catch(() => undefined);
    return run;
  };
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
