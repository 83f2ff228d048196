import type { ConfigFile } from '../config/file.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../observability/logger.js';
import type { ChatPort } from './ports.js';

/** What every service verb receives: the database, the workspace port, config, a clock and a logger. */
export interface ServiceDeps {
  db: Db;
  chat: ChatPort;
  config: ConfigFile;
  /** Injected so tests can move time (cadences, reminders, trigger expiry) without sleeping. */
  now: () => Date;
  logger: Logger;
}
