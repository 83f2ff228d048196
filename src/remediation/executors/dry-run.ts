import type { Logger } from '../../observability/logger.js';
import { redactSnippet } from './redact.js';
import type { Executor } from './types.js';
import { toWebhookPayload } from './webhook.js';

const SECRET_KEY = /token|secret|password|passwd|api[_-]?key|credential|auth/i;

/**
 * An executor that only logs the payload a real executor would send, for trying runbooks and
 * approvals safely. Param values that look like credentials are masked in the log; it holds no
 * secret of its own, so nothing else can leak.
 */
export function createDryRunExecutor(logger: Logger): Executor {
  const log = logger.child({ module: 'executor.dry-run' });
  return {
    name: 'dry-run',
    async execute(req, signal) {
      if (signal?.aborted) {
        return { status: 'refused', detail: 'The action was stopped before sending; nothing was sent.' };
      }
      const payload = toWebhookPayload(req);
      payload.action.params = maskParams(payload.action.params);
      log.info({ wouldSend: payload }, 'dry run: would execute remediation action');
      const params = Object.entries(payload.action.params)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      const detail = `Dry run: nothing was executed; would have run ${req.action.name} for ${req.incident.ref}${
        params ? ` with ${params}` : ''
      }.`;
      return { status: 'accepted', detail: redactSnippet(detail) };
    },
  };
}

function maskParams(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, SECRET_KEY.test(k) || redactSnippet(v) !== v ? '[REDACTED]' : v]),
  );
}
