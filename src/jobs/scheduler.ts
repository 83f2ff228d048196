import cron from 'node-cron';
import { tickExpression } from '../domain/tick-expression.js';
import type { Logger } from '../observability/logger.js';

export type Job = { name: string; run: () => Promise<unknown> };

export interface Scheduler {
  /** Runs every job once now (what each cron tick does); tests call it with a moved clock. */
  tick(): Promise<void>;
  stop(): void;
}

/**
 * Ticks every `scheduler.tick`. Due work lives in the database, so a tick is only "look for what is
 * due": a restart loses nothing. A tick never overlaps the previous one (a slow Slack must not pile
 * up concurrent runs), and one failing job does not stop the others.
 */
export function createScheduler(args: { tickMs: number; jobs: Job[]; logger: Logger; autoStart: boolean }): Scheduler {
  const log = args.logger.child({ module: 'scheduler' });
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = async () => {
    if (running) return running;
    running = (async () => {
      for (const job of args.jobs) {
        // Stopping mid-tick: the job running now is drained by the caller, but no next job may start
        // once the database is about to close.
        if (stopped) break;
        try {
          await job.run();
        } catch (err) {
          log.error({ err, job: job.name }, 'scheduled job failed');
        }
      }
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
  const task = args.autoStart
    ? cron.schedule(tickExpression(args.tickMs)!, () => void tick(), { noOverlap: true })
    : undefined;
  return {
    tick,
    stop: () => {
      stopped = true;
      task?.stop();
    },
  };
}
