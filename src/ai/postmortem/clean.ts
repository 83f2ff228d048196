import { redact } from '../redact.js';

/**
 * Text that leaves Firebreak or comes back from the model: one line, redacted (the model may echo
 * something secret-shaped), bounded. Counts what it redacted into `counter` when given.
 */
export function clean(text: string, max: number, counter?: { redactions: number }): string {
  const r = redact(text.replace(/\s+/g, ' ').trim());
  if (counter) counter.redactions += r.count;
  return r.text.length > max ? `${r.text.slice(0, max - 1)}…` : r.text;
}
