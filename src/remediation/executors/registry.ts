/**
 * Executors: where an approved remediation action goes.
 *
 * For integrators: each webhook POST carries `X-Firebreak-Timestamp` (unix seconds) and
 * `X-Firebreak-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>" keyed by FIREBREAK_EXECUTOR_SECRET>`.
 * Verify over the raw bytes in constant time, reject timestamps more than 5 minutes off, and de-duplicate on
 * `Idempotency-Key` (also `idempotency_key` in the body); `verifyFirebreakSignature` does the first two.
 */
import type { Logger } from '../../observability/logger.js';
import { createDryRunExecutor } from './dry-run.js';
import type { Executor } from './types.js';
import { createWebhookExecutor } from './webhook.js';

/** What executors may be built from: config (`executors.*`), env secrets and shared services. */
export interface ExecutorDeps {
  webhook?: { url: string } | undefined;
  secret?: string | undefined;
  logger: Logger;
  fetchImpl?: typeof fetch;
}

// Adding an executor is one file plus one line: write e.g. `./github-actions.ts` exporting
// `createGitHubActionsExecutor(deps): Executor`, then add here
//   'github-actions': (d) => createGitHubActionsExecutor(d),
// and its name joins `ExecutorName` on its own.
const FACTORIES = {
  webhook: (d) =>
    createWebhookExecutor({ url: d.webhook?.url, secret: d.secret, logger: d.logger, fetchImpl: d.fetchImpl }),
  'dry-run': (d) => createDryRunExecutor(d.logger),
} satisfies Record<string, (deps: ExecutorDeps) => Executor>;

/** Names accepted by {@link ExecutorRegistry.get}. */
export type ExecutorName = keyof typeof FACTORIES;

/** Every known executor name, e.g. for validating config or a runbook's `executor:` field. */
export const EXECUTOR_NAMES = Object.keys(FACTORIES) as ExecutorName[];

/** Narrows untrusted text (config, runbook files) to an executor name. */
export function isExecutorName(name: string): name is ExecutorName {
  return Object.hasOwn(FACTORIES, name);
}

/** Hands out one executor instance per name, built on first use. */
export interface ExecutorRegistry {
  get(name: ExecutorName): Executor;
}

/**
 * Builds the registry. Missing webhook config is not an error here: the webhook executor then
 * refuses each request with a sentence saying what to configure.
 */
export function createExecutors(deps: ExecutorDeps): ExecutorRegistry {
  const built = new Map<ExecutorName, Executor>();
  return {
    get(name) {
      let executor = built.get(name);
      if (!executor) {
        executor = FACTORIES[name](deps);
        built.set(name, executor);
      }
      return executor;
    },
  };
}
