import type { ConfigFile, PageDestination as ConfiguredDestination } from '../../config/file.js';
import { type PageProvider, type PagingPolicy, targetService } from '../../domain/paging.js';
import type { PageDestination } from './ports.js';

const providersOf = (d: { pagerduty?: unknown; opsgenie?: unknown } | undefined): PageProvider[] => [
  ...(d?.pagerduty !== undefined ? (['pagerduty'] as const) : []),
  ...(d?.opsgenie !== undefined ? (['opsgenie'] as const) : []),
];

/** The configured paging policy as the domain's plain data; undefined when `paging:` is absent (paging off). */
export function pagingPolicy(config: ConfigFile): PagingPolicy | undefined {
  const paging = config.paging;
  if (!paging) return undefined;
  return {
    bySeverity: {
      0: paging.by_severity.sev0,
      1: paging.by_severity.sev1,
      2: paging.by_severity.sev2,
      3: paging.by_severity.sev3,
    },
    services: Object.fromEntries(config.services.map((s) => [s.name, providersOf(s)])),
    incidentManagers: providersOf(paging.incident_managers),
    leadership: providersOf(paging.leadership),
  };
}

/**
 * Where a stored page goes now. Read from configuration at send time: routing keys are secrets and
 * are never written to the database. Undefined when the configuration no longer has that target.
 */
export function pageDestination(
  config: ConfigFile,
  target: string,
  provider: PageProvider,
): PageDestination | undefined {
  const service = targetService(target);
  let configured: ConfiguredDestination | undefined;
  if (service) configured = config.services.find((s) => s.name === service);
  else if (target === 'incident_managers') configured = config.paging?.incident_managers;
  else if (target === 'leadership') configured = config.paging?.leadership;
  if (provider === 'pagerduty' && configured?.pagerduty) return { provider, routingKey: configured.pagerduty };
  if (provider === 'opsgenie' && configured?.opsgenie) return { provider, responder: configured.opsgenie };
  return undefined;
}

/** How a target reads in Slack: `payments`, `payments (low urgency)`, `incident managers`, `leadership`. */
export function targetLabel(target: string): string {
  const service = targetService(target);
  if (service) return target.endsWith(':low') ? `${service} (low urgency)` : service;
  return target.replace(/_/g, ' ');
}
