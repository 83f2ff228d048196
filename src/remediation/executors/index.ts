/** The executor layer's public surface; import from here rather than from the individual files. */
export { createDryRunExecutor } from './dry-run.js';
export {
  createExecutors,
  EXECUTOR_NAMES,
  type ExecutorDeps,
  type ExecutorName,
  type ExecutorRegistry,
  isExecutorName,
} from './registry.js';
export type { ExecutionRequest, ExecutionResult, Executor } from './types.js';
export {
  createWebhookExecutor,
  signFirebreakRequest,
  toWebhookPayload,
  verifyFirebreakSignature,
  type WebhookExecutorOptions,
  type WebhookPayload,
} from './webhook.js';
