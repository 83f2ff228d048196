/**
 * Identifier and timestamp generation. Ids are deterministic (a counter per prefix) so test output is
 * reproducible, and they keep counting across `reset()` so an id handed out before a reset can never
 * be confused with a new object.
 */

/** Hands out Slack-looking ids such as `C0000000A` or `V0000002F`. */
export class IdFactory {
  private readonly counters = new Map<string, number>();

  /** Next id with the given prefix (`C` channel, `V` view, `F` file, `Bk` bookmark…). */
  next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return prefix + n.toString(36).toUpperCase().padStart(8, '0');
  }
}

/**
 * Message timestamps: `"<unix seconds>.<6-digit micros>"`, strictly increasing even when the injected
 * clock stands still (Slack guarantees ts uniqueness per channel; we make it global, which is stronger).
 */
export class TsClock {
  private lastMicros = 0;

  constructor(private readonly now: () => number) {}

  /** A fresh, strictly increasing message ts. */
  next(): string {
    this.lastMicros = Math.max(Math.floor(this.now() * 1000), this.lastMicros + 1);
    return formatTs(this.lastMicros);
  }
}

/** Formats microseconds since the epoch as a Slack ts. */
export function formatTs(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  const rest = micros - seconds * 1_000_000;
  return `${seconds}.${String(rest).padStart(6, '0')}`;
}

/** Parses a Slack ts into microseconds; `undefined` when it is not one. */
export function parseTs(ts: string): number | undefined {
  const m = /^(\d{1,12})(?:\.(\d{1,6}))?$/.exec(ts);
  if (!m) return undefined;
  return Number(m[1]) * 1_000_000 + Number((m[2] ?? '').padEnd(6, '0'));
}

/** Compares two ts strings numerically. */
export function compareTs(a: string, b: string): number {
  return (parseTs(a) ?? 0) - (parseTs(b) ?? 0);
}
