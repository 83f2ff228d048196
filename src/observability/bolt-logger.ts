import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from 'pino';
import { scrubSecrets } from './logger.js';

const TO_SLACK: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

// Bolt and @slack/web-api log variadic strings; join and scrub them so a token in an error never lands raw.
const line = (args: unknown[]) =>
  scrubSecrets(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));

/** Adapts pino to the `@slack/logger` interface so Bolt and the Web API client log through our root logger. */
export function toSlackLogger(root: Logger): SlackLogger {
  let log = root.child({ module: 'slack-sdk' });
  return {
    // Bolt logs a debug line (often a JSON.stringify) for every request: build it only when it is kept.
    debug: (...a: unknown[]) => {
      if (log.isLevelEnabled('debug')) log.debug(line(a));
    },
    info: (...a: unknown[]) => {
      if (log.isLevelEnabled('info')) log.info(line(a));
    },
    warn: (...a: unknown[]) => log.warn(line(a)),
    error: (...a: unknown[]) => log.error(line(a)),
    setLevel: () => {},
    getLevel: () => TO_SLACK[root.level] ?? LogLevel.INFO,
    setName: (name: string) => {
      log = root.child({ module: name });
    },
  };
}
