import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/observability/logger.js';

/** A real pino logger whose output is kept in memory, so tests can assert what was (not) logged. */
export function capturingLogger(level = 'debug'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger(level, stream), lines };
}
