const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * A compact duration for digest figures: `18 s`, `4 min 10 s`, `42 min`, `3 h 5 min`, `2 d 4 h`.
 * Seconds are kept under 10 minutes because time to approval is judged against 30 s; longer
 * durations drop the smaller unit, which no one reads in a weekly review. Each tier rounds first
 * and then picks its shape, so 59.6 s reads `1 min`, never `60 s`.
 */
export function formatDurationShort(ms: number): string {
  const abs = Math.abs(ms);
  const sign = ms < 0 ? '-' : '';
  const two = (big: number, bigUnit: string, small: number, smallUnit: string) =>
    `${sign}${big} ${bigUnit}${small ? ` ${small} ${smallUnit}` : ''}`;
  const seconds = Math.round(abs / SECOND);
  if (seconds < 60) return `${sign}${seconds} s`;
  if (seconds < 600) return two(Math.floor(seconds / 60), 'min', seconds % 60, 's');
  const minutes = Math.round(abs / MINUTE);
  if (minutes < 60) return `${sign}${minutes} min`;
  if (minutes < 24 * 60) return two(Math.floor(minutes / 60), 'h', minutes % 60, 'min');
  const hours = Math.round(abs / HOUR);
  return two(Math.floor(hours / 24), 'd', hours % 24, 'h');
}
