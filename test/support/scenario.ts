import { vi } from 'vitest';
import { incidents } from '../../src/db/schema/index.js';
import type { Harness } from './harness.js';
import { BROADCAST } from './harness.js';

// Generous deadlines: they only bite when a test is failing anyway, and a loaded 2-core CI machine is slow.
export const waitFor = <T>(fn: () => T | Promise<T>, timeout = 20_000) => vi.waitFor(fn, { timeout, interval: 20 });

/**
 * Waits until the app has finished the slow work that follows an ack: nothing in flight in the app,
 * and no new Web API call or response_url reply for 150 ms. Commands ack first and work after, so
 * tests need this. Quiet alone is not enough: a retry pause or a slow database step on a loaded CI
 * machine can be silent for longer than the window while work is still under way.
 */
export async function settle(h: Harness, quietMs = 150, timeoutMs = 20_000): Promise<void> {
  const activity = () => h.emulator.calls.length + h.emulator.responses().length;
  let last = activity();
  let quietSince = Date.now();
  const deadline = Date.now() + timeoutMs;
  const working = () => h.app.busy() > 0 || h.emulator.echoesInFlight > 0;
  while (Date.now() - quietSince < quietMs || working()) {
    if (Date.now() > deadline) throw new Error(`the app never went quiet (${h.app.busy()} still in flight)`);
    await new Promise((r) => setTimeout(r, 15));
    const now = activity();
    if (now !== last || working()) {
      last = now;
      quietSince = Date.now();
    }
  }
}

/** Sends `/incident <text>` as `user` in `channel` and waits for the work after the ack. */
export async function run(h: Harness, user: string, channel: string, text: string) {
  const res = await h.emulator.slashCommand({ user, channel, text });
  await settle(h);
  return res;
}

/** Declares through the real command and returns the new incident's channel id. */
export async function declare(h: Harness, text = 'declare sev2 Checkout is failing', user = 'UALICE'): Promise<string> {
  const before = new Set((await h.db.select().from(incidents)).map((i) => i.id));
  await run(h, user, BROADCAST, text);
  const row = await waitFor(async () => {
    const rows = (await h.db.select().from(incidents)).filter((i) => !before.has(i.id));
    if (rows[0]?.declareState !== 'complete') throw new Error('declaration not complete');
    return rows[0];
  });
  await settle(h);
  return row.channelId!;
}

/** The latest ephemeral text a user got (from response_url or chat.postEphemeral). */
export function lastEphemeral(h: Harness, user: string): string {
  const all = h.emulator.ephemeralsFor(user);
  return all[all.length - 1]?.text ?? '';
}

/** Texts of the bot's messages in a channel, oldest first. */
export function botTexts(h: Harness, channel: string): string[] {
  return h.emulator
    .messages(channel)
    .filter((m) => m.user === h.emulator.botUserId && !m.ephemeralTo)
    .map((m) => m.text);
}
