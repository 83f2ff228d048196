import type { Env } from '../../config/env.js';
import { ConfigError } from '../../config/env.js';
import type { ConfigFile } from '../../config/file.js';
import { createOpsgenieAlerts } from './opsgenie-alerts.js';
import { createOpsgenieDirectory } from './opsgenie-directory.js';
import { createPagerDutyEvents } from './pagerduty-events.js';
import { createPagerDutyRest } from './pagerduty-rest.js';
import type { PagingProviders } from './ports.js';

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
  const opsgenie = env.FIREBREAK_OPSGENIE_API_KEY && {
    url: paging.opsgenie.api_url,
    apiKey: env.FIREBREAK_OPSGENIE_API_KEY,
  };
  return {
    pagerduty: createPagerDutyEvents({
      url: paging.pagerduty.events_url,
      routingKeys: routingKeys(file),
      ...fetchImpl,
    }),
    // Without a REST token, who is on call is not looked up and people are not paged through PagerDuty.
    ...(env.FIREBREAK_PAGERDUTY_API_TOKEN && {
      pagerdutyRest: createPagerDutyRest({
        url: paging.pagerduty.api_url,
        token: env.FIREBREAK_PAGERDUTY_API_TOKEN,
        ...(paging.pagerduty.from && { from: paging.pagerduty.from }),
        ...fetchImpl,
      }),
    }),
    ...(opsgenie && {
      opsgenie: createOpsgenieAlerts({ ...opsgenie, ...fetchImpl }),
      opsgenieDirectory: createOpsgenieDirectory({ ...opsgenie, ...fetchImpl }),
    }),
  };
}

/** Every Events API routing key in the configuration: an answer about one page may echo another's key. */
function routingKeys(file: ConfigFile): string[] {
  const keys = [
    ...file.services.map((s) => s.pagerduty),
    file.paging?.incident_managers?.pagerduty,
    file.paging?.leadership?.pagerduty,
  ];
  return keys.filter((k): k is string => typeof k === 'string' && k.length > 0);
}
