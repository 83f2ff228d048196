/**
 * A node-cron expression (6 fields, with seconds) that fires every `ms`. Cron can only step evenly
 * within a minute or an hour, so the tick must divide 60 s (or 60 min); anything else is refused at
 * start-up rather than silently rounded.
 */
export function tickExpression(ms: number): string | undefined {
  if (ms % 1000 !== 0) return undefined;
  const seconds = ms / 1000;
  if (seconds >= 1 && seconds < 60 && 60 % seconds === 0) return `*/${seconds} * * * * *`;
  if (seconds % 60 === 0) {
    const minutes = seconds / 60;
    if (minutes === 60) return '0 0 * * * *';
    if (minutes < 60 && 60 % minutes === 0) return `0 */${minutes} * * * *`;
  }
  return undefined;
}
