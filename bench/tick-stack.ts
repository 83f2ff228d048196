/** A Firebreak on its own scratch database with a hand-moved clock and no cron: ticks are run by the bench. */
import { startBenchApp } from './bench-app.js';
import { measureSchedulerTick, type TickResult } from './scheduler-tick.js';

export async function runTickBench(): Promise<TickResult> {
  let now = new Date('2026-11-23T10:00:00Z');
  const clock = {
    set: (d: Date) => {
      now = d;
    },
  };
  const bench = await startBenchApp({
    config: 'channels: { broadcast: CINCIDENTS }',
    scheduler: false,
    now: () => now,
  });
  try {
    return await measureSchedulerTick(bench.app, bench.emulator, clock);
  } finally {
    await bench.stop();
  }
}
