import { openDatabase } from '../../src/db/client.js';
import type { Firebreak } from '../../src/firebreak.js';
import { createLogger } from '../../src/observability/logger.js';
import { startFirebreakOn } from '../../src/sandbox/start-app.js';
import { type Harness, SIGNING_SECRET } from './harness.js';

/**
 * A second Firebreak on the harness's PostgreSQL database and Slack emulator, without its own
 * scheduler: tests tick both at once to prove replicas do each piece of work once. PostgreSQL only
 * (`h.database.url`). Stop it with `stopSecondInstance`. It gets the first instance's environment
 * unless told otherwise: a replica without, say, the executor's secret is not a replica, and whichever
 * of the two won a claim would then decide the outcome (the remediation-stuck flake).
 */
export async function startSecondInstance(
  h: Harness,
  opts: { config: string; now: () => Date; env?: Record<string, string> },
): Promise<Firebreak> {
  const env = opts.env ?? h.env;
  // Not connected: the emulator keeps sending Slack's requests to the first instance.
  return startFirebreakOn(h.emulator, {
    configText: opts.config,
    source: 'test config',
    signingSecret: SIGNING_SECRET,
    connect: false,
    env,
    logger: createLogger('silent'),
    database: await openDatabase({ url: h.database.url!, dataDir: '', logger: createLogger('silent') }),
    scheduler: false,
    now: opts.now,
  });
}

export async function stopSecondInstance(app: Firebreak): Promise<void> {
  await app.stop();
  await app.database.close();
}
