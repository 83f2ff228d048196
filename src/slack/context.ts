import type { Config } from '../config/load.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { ServiceDeps } from '../services/deps.js';

/** What listeners get: the service dependencies, config, metrics and a logger. Nothing else. */
export interface ListenerContext {
  services: ServiceDeps;
  config: Config;
  metrics: Metrics;
  logger: Logger;
}
