import { describe, expect, it } from 'vitest';
import { Inflight } from '../../src/observability/inflight.js';

describe('Inflight', () => {
  it('drains once the tracked work settles, whether it succeeded or failed', async () => {
    const inflight = new Inflight();
    let finish!: () => void;
    const slow = inflight.track(() => new Promise<void>((resolve) => (finish = resolve)));
    const failing = inflight.track(async () => {
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(inflight.size).toBe(1);
    const drained = inflight.drain(1_000);
    finish();
    await slow;
    expect(await drained).toBe(true);
    expect(inflight.size).toBe(0);
  });

  it('gives up after the timeout and says so', async () => {
    const inflight = new Inflight();
    void inflight.track(() => new Promise(() => {}));
    expect(await inflight.drain(20)).toBe(false);
    expect(await new Inflight().drain(20)).toBe(true);
  });
});
