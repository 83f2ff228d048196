import type { Comparison } from './comparison.js';
import { formatDurationShort } from './duration.js';

/** How a figure reads: a count, a duration in ms, or a rate 0–1 (its change is in percentage points). */
export type Unit = 'count' | 'duration' | 'percent' | 'ratio';

/** What a figure without data says: never 0, which would be a claim. */
export const NO_DATA = 'no data';

/** `42%`; one decimal under 10 % so a 1.5 % regression rate is not shown as 2 %. */
export function formatPercent(rate: number): string {
  const pct = rate * 100;
  const digits = Math.abs(pct) < 10 && !Number.isInteger(pct) ? 1 : 0;
  return `${pct.toFixed(digits)}%`;
}

/** One value in its unit, or "no data". */
export function formatValue(value: number | null, unit: Unit): string {
  if (value === null) return NO_DATA;
  if (unit === 'duration') return formatDurationShort(value);
  if (unit === 'percent') return formatPercent(value);
  if (unit === 'ratio') return String(Math.round(value * 10) / 10);
  return String(value);
}

/** A signed change: `+3`, `-2 min`, `+5 pp`, `±0`. */
export function formatDelta(delta: number, unit: Unit): string {
  if (delta === 0) return '±0';
  const sign = delta > 0 ? '+' : '-';
  const abs = Math.abs(delta);
  if (unit === 'duration') return `${sign}${formatDurationShort(abs)}`;
  if (unit === 'percent') {
    const pp = abs * 100;
    return `${sign}${pp.toFixed(pp < 10 && !Number.isInteger(pp) ? 1 : 0)} pp`;
  }
  return `${sign}${unit === 'ratio' ? Math.round(abs * 10) / 10 : abs}`;
}

/** `12 ↑ +3`, `4 min ↓ -1 min`, `no data`, `7 (last week: no data)`, `no data (last week: 12)`. */
export function formatComparison(c: Comparison, unit: Unit): string {
  const value = formatValue(c.value, unit);
  if (c.value === null)
    return c.previous === null ? NO_DATA : `${NO_DATA} (last week: ${formatValue(c.previous, unit)})`;
  if (c.previous === null || c.delta === null || c.arrow === null) return `${value} (last week: ${NO_DATA})`;
  return `${value} ${c.arrow} ${formatDelta(c.delta, unit)}`;
}
