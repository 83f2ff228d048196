import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkSlots } from '../../src/slack/inbox/work-slots.js';

/** Which of `n` acquisitions have been granted so far. */
function track(slots: WorkSlots, n: number) {
  const started: number[] = [];
  for (let i = 0; i < n; i++) void slots.acquire().then(() => started.push(i));
  return started;
}
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('work slots: the acks go first', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('grants up to its size, in arrival order, when nothing is arriving', async () => {
    const slots = new WorkSlots(2, 2_000, () => Date.now());
    const started = track(slots, 3);
    await settle();
    expect(started).toEqual([0, 1]);
    slots.release();
    await settle();
    expect(started).toEqual([0, 1, 2]);
  });

  it('starts no work while a request still waits for its ack, and all of it once the last is answered', async () => {
    const slots = new WorkSlots(8, 2_000, () => Date.now());
    slots.arrived();
    slots.arrived();
    const started = track(slots, 3);
    await vi.advanceTimersByTimeAsync(500);
    expect(started).toEqual([]);
    slots.answered();
    await settle();
    expect(started).toEqual([]);
    slots.answered();
    await settle();
    expect(started).toEqual([0, 1, 2]);
  });

  it('starts work that has waited its bound anyway, one at a time while the arrivals go on', async () => {
    const slots = new WorkSlots(8, 2_000, () => Date.now());
    slots.arrived();
    const started = track(slots, 3);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(started).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual([0]);
    slots.release();
    await settle();
    expect(started).toEqual([0, 1]);
    slots.answered();
    await settle();
    expect(started).toEqual([0, 1, 2]);
  });
});
