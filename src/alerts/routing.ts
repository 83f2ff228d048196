import { z } from 'zod';
import { parseSeverity, type Severity } from '../domain/severity.js';
import {
  clip,
  commonLabels,
  DESCRIPTION_MAX,
  defaultTitle,
  defuseMentions,
  describeAlerts,
  fillTitle,
  shared,
  TITLE_MAX,
} from './alert-text.js';
import type { AlertBatch, AlertSource } from './types.js';

const SOURCES: readonly AlertSource[] = ['alertmanager', 'grafana', 'pagerduty'];
const SeverityKey = z.enum(['sev0', 'sev1', 'sev2', 'sev3']);
const Action = z.enum(['declare', 'notify']);
// YAML reads `code: 500` as a number; a label value is always text.
const MatchValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);

/** What a route decides. Unset fields fall back to `alerts.default`. */
const Decision = {
  action: Action.optional(),
  severity: SeverityKey.optional(),
  /** A configured service. Order: the route's, the alert's own `service` label when configured, the default's. */
  service: z.string().min(1).optional(),
  /** `{alertname} on {service}`: label names plus {alertname}, {service}, {summary}. */
  title: z.string().min(1).max(300).optional(),
};

/** One rule: every `match` key must equal the alert group's label (`source` matches the sender). */
export const AlertRoute = z.strictObject({ match: z.record(z.string().min(1), MatchValue).default({}), ...Decision });
export type AlertRoute = z.infer<typeof AlertRoute>;

/** The `alerts:` key of the config file: routes, first match wins, then the default. */
export const AlertRouting = z.strictObject({
  routes: z.array(AlertRoute).default([]),
  default: z
    .strictObject({ ...Decision, action: Action.default('notify'), severity: SeverityKey.default('sev2') })
    .default({ action: 'notify', severity: 'sev2' }),
});
export type AlertRouting = z.infer<typeof AlertRouting>;

/** What intake does with a batch. `route` is the index of the matching route, for the audit log. */
export interface AlertRouteDecision {
  action: 'declare' | 'notify';
  severity: Severity;
  service?: string;
  title: string;
  description: string;
  route?: number;
}

/** Decides, purely, what an alert batch becomes. Severity labels mean nothing unless a route says so. */
export function routeAlert(batch: AlertBatch, routing: AlertRouting, knownServices: string[]): AlertRouteDecision {
  const { alerts } = batch;
  const labels = commonLabels(alerts);
  const alertService = shared(alerts, (a) => a.service);
  // Labels win over the normalized fields; `source` is reserved for the sender.
  const view: Record<string, string | undefined> = {
    service: alertService,
    severity: shared(alerts, (a) => a.severity),
    ...labels,
    source: batch.source,
  };
  const index = routing.routes.findIndex((r) => Object.entries(r.match).every(([k, v]) => view[k] === v));
  const route = routing.routes[index];
  const fallback = routing.default;
  const service = route?.service ?? knownService(alertService, knownServices) ?? fallback.service;
  const template = route?.title ?? fallback.title;
  const vars = {
    ...labels,
    alertname: alerts[0]?.title,
    service: service ?? alertService,
    summary: alerts[0]?.annotations.summary,
  };
  return {
    action: route?.action ?? fallback.action,
    severity: parseSeverity(route?.severity ?? fallback.severity)!,
    service,
    title: clip(defuseMentions((template && fillTitle(template, vars)) || defaultTitle(alerts)), TITLE_MAX),
    description: clip(defuseMentions(describeAlerts(alerts)), DESCRIPTION_MAX),
    route: route ? index : undefined,
  };
}

/**
 * Start-up checks the schema cannot make alone, one line each (the config loader turns them into
 * errors): unknown services, unknown sources, routes that can never match.
 */
export function checkRouting(routing: AlertRouting, knownServices: string[]): string[] {
  const problems: string[] = [];
  const known = knownServices.length ? knownServices.join(', ') : 'none configured';
  const checkService = (where: string, service: string | undefined) => {
    if (service !== undefined && !knownServices.includes(service))
      problems.push(`${where}.service "${service}" is not a configured service; services: ${known}`);
  };
  let catchAll: number | undefined;
  routing.routes.forEach((route, i) => {
    const where = `alerts.routes[${i}]`;
    if (catchAll !== undefined)
      problems.push(`${where} can never match: alerts.routes[${catchAll}] has an empty match and catches everything`);
    const source = route.match.source;
    if (source !== undefined && !(SOURCES as readonly string[]).includes(source))
      problems.push(`${where}.match.source "${source}" is not a source; use ${SOURCES.join(', ')}`);
    checkService(where, route.service);
    if (catchAll === undefined && Object.keys(route.match).length === 0) catchAll = i;
  });
  checkService('alerts.default', routing.default.service);
  return problems;
}

/** The configured spelling of a service the alert names, ignoring case (`Checkout` → `checkout`). */
function knownService(name: string | undefined, knownServices: string[]): string | undefined {
  const lower = name?.toLowerCase();
  return lower === undefined ? undefined : knownServices.find((s) => s.toLowerCase() === lower);
}
