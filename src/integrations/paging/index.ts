import type { Env } from '../../config/env.js';
import { ConfigError } from '../../config/env.js';
import type { ConfigFile } from '../../config/file.js';
import type { PagingProviders } from '../../services/paging/ports.js';
import { createOpsgenieAlerts } from './opsgenie-alerts.js';
import { createPagerDutyEvents } from './pagerduty-events.js';

/**
 * The paging adapters the configuration calls for; undefined when `paging:` is absent. Opsgenie
 * destinations without FIREBREAK_OPSGENIE_API_KEY stop start-up: those pages could never be sent.
 */
export function createPagingProviders(opts: {
  env: Env;
  file: ConfigFile;
  fetchImpl?: typeof fetch;
}): PagingProviders | undefined {
  const { env, file } = opts;
  const paging = file.paging;
  if (!paging) return undefined;
  const usesOpsgenie =
    !!paging.incident_managers?.opsgenie || !!paging.leadership?.opsgenie || file.services.some((s) => s.opsgenie);
  if (usesOpsgenie && !env.FIREBREAK_OPSGENIE_API_KEY)
    throw new ConfigError('FIREBREAK_OPSGENIE_API_KEY is required: the paging configuration has Opsgenie destinations');
  const fetchImpl = opts.fetchImpl && { fetchImpl: opts.fetchImpl };
  return {
    pagerduty: createPagerDutyEvents({ url: paging.pagerduty.events_url, ...fetchImpl }),
    ...(env.FIREBREAK_OPSGENIE_API_KEY && {
      opsgenie: createOpsgenieAlerts({
        url: paging.opsgenie.api_url,
        apiKey: env.FIREBREAK_OPSGENIE_API_KEY,
        ...fetchImpl,
      }),
    }),
  };
}
