import type { ConfigFile, PageDestination as ConfiguredDestination } from '../../config/file.js';
import { type PageProvider, type PagingPolicy, targetPerson, targetService } from '../../domain/paging.js';
import type { PageDestination, PagingProviders } from '../../integrations/paging/ports.js';

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
  recipient?: string | null,
): PageDestination | undefined {
  // A person's Opsgenie page goes to their user; their PagerDuty page is a REST incident (deliver-page).
  if (targetPerson(target))
    return provider === 'opsgenie' && recipient ? { provider, responder: { user: recipient } } : undefined;
  const service = targetService(target);
  let configured: ConfiguredDestination | undefined;
  if (service) configured = config.services.find((s) => s.name === service);
  else if (target === 'incident_managers') configured = config.paging?.incident_managers;
  else if (target === 'leadership') configured = config.paging?.leadership;
  if (provider === 'pagerduty' && configured?.pagerduty) return { provider, routingKey: configured.pagerduty };
  if (provider === 'opsgenie' && configured?.opsgenie) return { provider, responder: configured.opsgenie };
  return undefined;
}

/** Where who is on call for a page's target can be asked: a PagerDuty service, an Opsgenie schedule. */
export type OnCallSource = { via: 'pagerduty'; serviceId: string } | { via: 'opsgenie'; schedule: string };

/**
 * Where the on-call of a page can be looked up, given the tokens Firebreak has: a service page
 * through PagerDuty whose service names its `pagerduty_service` (with the REST token), or any page
 * to an Opsgenie schedule. Undefined: nothing to look up.
 */
export function onCallSource(
  config: ConfigFile,
  paging: PagingProviders | undefined,
  target: string,
  provider: PageProvider,
): OnCallSource | undefined {
  if (provider === 'pagerduty') {
    const service = config.services.find((s) => s.name === targetService(target));
    return paging?.pagerdutyRest && service?.pagerduty_service
      ? { via: 'pagerduty', serviceId: service.pagerduty_service }
      : undefined;
  }
  const destination = pageDestination(config, target, provider);
  const schedule = destination?.provider === 'opsgenie' ? destination.responder.schedule : undefined;
  return paging?.opsgenieDirectory && schedule ? { via: 'opsgenie', schedule } : undefined;
}

/** The PagerDuty service a person's page is opened under: the first of the incident's services that names one. */
export function personPageService(config: ConfigFile, services: readonly string[]): string | undefined {
  for (const name of services) {
    const id = config.services.find((s) => s.name === name)?.pagerduty_service;
    if (id) return id;
  }
  return undefined;
}

/** How a target reads in Slack: `payments`, `payments (low urgency)`, `incident managers`, `leadership`. */
export function targetLabel(target: string): string {
  const person = targetPerson(target);
  if (person) return `<@${person}>`;
  const service = targetService(target);
  if (service) return target.endsWith(':low') ? `${service} (low urgency)` : service;
  return target.replace(/_/g, ' ');
}
