import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { toSlackLogger } from '../../src/observability/bolt-logger.js';
import { createLogger } from '../../src/observability/logger.js';

function collecting(level: string) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: toSlackLogger(createLogger(level, sink)), lines };
}

describe("Bolt's logger adapter", () => {
  it('does not build a debug line (Bolt logs one per request) unless debug is kept', () => {
    let built = 0;
    const payload = {
      toJSON() {
        built++;
        return { event: 'message' };
      },
    };
    const info = collecting('info');
    info.logger.debug('request body:', payload);
    expect(built).toBe(0);
    expect(info.lines).toEqual([]);

    const debug = collecting('debug');
    debug.logger.debug('request body:', payload);
    expect(built).toBe(1);
    expect(debug.lines.join('')).toContain('request body: {\\"event\\":\\"message\\"}');
  });

  it('still scrubs tokens from the lines it keeps', () => {
    const warn = collecting('warn');
    warn.logger.warn('failed with token xoxb-1234-5678-abcdef');
    expect(warn.lines.join('')).toContain('xox?-[REDACTED]');
    expect(warn.lines.join('')).not.toContain('xoxb-1234');
  });
});
