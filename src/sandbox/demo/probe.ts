/**
 * How the demo and the benchmark know the app has finished its slow work. Slack-style apps ack first
 * and keep working afterwards, so "the response came back" says nothing about completion: we watch the
 * emulator until nothing new happens for a while, and read the app's own command counters from /metrics.
 */
import type { SlackEmulator } from '../emulator.js';

export interface SettleOptions {
  /** How long nothing may change before we call the app idle. */
  quietMs?: number;
  /** Give up (and throw) after this long. */
  timeoutMs?: number;
  /** Extra completion condition, checked once the emulator is quiet (e.g. the metrics show N commands). */
  until?: () => Promise<boolean>;
  /** Names the wait in the timeout error. */
  label?: string;
}

const POLL_MS = 25;

/** Web API calls plus response_url posts: either one is a sign the app is still working. */
function activity(emulator: SlackEmulator): number {
  return emulator.callCount() + emulator.responseCount();
}

/** Resolves once the emulator has seen no new activity for `quietMs` and `until` holds; throws on timeout. */
export async function settle(emulator: SlackEmulator, opts: SettleOptions = {}): Promise<void> {
  const quietMs = opts.quietMs ?? 200;
  const deadline = performance.now() + (opts.timeoutMs ?? 15_000);
  let last = activity(emulator);
  let quietSince = performance.now();
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const now = activity(emulator);
    if (now !== last) {
      last = now;
      quietSince = performance.now();
      continue;
    }
    if (performance.now() - quietSince >= quietMs && (!opts.until || (await opts.until()))) return;
  }
  throw new Error(
    `${opts.label ?? 'the app'} was still busy after ${opts.timeoutMs ?? 15_000} ms ` +
      `(${emulator.callCount()} Web API calls so far)`,
  );
}

/** `firebreak_commands_total` as `subcommand/outcome → count`, e.g. `declare/ok → 3`. */
export async function commandCounts(appUrl: string): Promise<Map<string, number>> {
  const res = await fetch(`${appUrl}/metrics`);
  if (!res.ok) throw new Error(`GET /metrics answered ${res.status}`);
  const counts = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    const m = /^firebreak_commands_total\{([^}]*)\} (\S+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    counts.set(`${labels.subcommand}/${labels.outcome}`, Number(m[2]));
  }
  return counts;
}

/** What changed between two {@link commandCounts} readings (only non-zero entries). */
export function countsDelta(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const delta = new Map<string, number>();
  for (const [key, value] of after) {
    const d = value - (before.get(key) ?? 0);
    if (d !== 0) delta.set(key, d);
  }
  return delta;
}

/** Sum of a delta's counts, whatever the outcome. */
export const totalOf = (delta: Map<string, number>): number => [...delta.values()].reduce((a, b) => a + b, 0);
