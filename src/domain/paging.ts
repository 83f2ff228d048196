import type { Severity } from './severity.js';

/** Who a severity pages (`paging.by_severity`, docs/configuration.md). */
export type PageTargetKind = 'service' | 'service_low_urgency' | 'incident_managers' | 'leadership';
export type PageProvider = 'pagerduty' | 'opsgenie';

/** The lifecycle of one page as delivered to its provider. `cancelled`: resolved before it was ever sent. */
export type PageState = 'pending' | 'triggered' | 'acknowledged' | 'resolved' | 'cancelled';
/** What Firebreak wants the provider to show; delivery moves `state` towards it. */
export type PageWanted = 'trigger' | 'acknowledge' | 'resolve';
export type PageStep = 'trigger' | 'acknowledge' | 'resolve' | 'cancel';

/** The policy, as plain data: which kinds each severity pages and which providers each destination has. */
export interface PagingPolicy {
  bySeverity: Record<Severity, readonly PageTargetKind[]>;
  /** Providers configured for each service name (none: the service is not paged). */
  services: Record<string, readonly PageProvider[]>;
  incidentManagers: readonly PageProvider[];
  leadership: readonly PageProvider[];
}

/** One page to send: `target` names who (`service:payments`, `service:payments:low`, `leadership`). */
export interface PlannedPage {
  target: string;
  provider: PageProvider;
}

export interface PageableIncident {
  severity: Severity;
  services: readonly string[];
  /** `pagerduty` when a PagerDuty webhook declared it: its service already has a page. */
  declaredFrom: string | null;
  /** Likewise when a person clicked Declare on a PagerDuty alert. */
  alertSource?: string | null;
}

/**
 * The pages an incident at its severity calls for, one per (target, provider). The caller stores
 * them with a unique key, so asking again after a raise adds only what the new severity adds.
 */
export function plannedPages(incident: PageableIncident, policy: PagingPolicy): PlannedPage[] {
  const planned: PlannedPage[] = [];
  for (const kind of policy.bySeverity[incident.severity]) {
    if (kind === 'service' || kind === 'service_low_urgency') {
      for (const name of incident.services) {
        const target = kind === 'service' ? `service:${name}` : `service:${name}:low`;
        for (const provider of policy.services[name] ?? []) {
          // PagerDuty raised this incident for its service: that page exists there already.
          if (provider === 'pagerduty' && raisedByPagerDuty(incident)) continue;
          planned.push({ target, provider });
        }
      }
    } else {
      const providers = kind === 'incident_managers' ? policy.incidentManagers : policy.leadership;
      for (const provider of providers) planned.push({ target: kind, provider });
    }
  }
  return planned;
}

const raisedByPagerDuty = (i: PageableIncident): boolean =>
  i.declaredFrom === 'pagerduty' || i.alertSource === 'pagerduty';

/** The next provider call that moves a page from `state` towards `wanted`, or undefined when there is none. */
export function nextPageStep(state: PageState, wanted: PageWanted): PageStep | undefined {
  if (state === 'pending') return wanted === 'resolve' ? 'cancel' : 'trigger';
  if (state === 'triggered') return wanted === 'trigger' ? undefined : wanted;
  if (state === 'acknowledged') return wanted === 'resolve' ? 'resolve' : undefined;
  return undefined;
}

/** The state a successful step leaves the page in. */
export const STATE_AFTER: Record<PageStep, PageState> = {
  trigger: 'triggered',
  acknowledge: 'acknowledged',
  resolve: 'resolved',
  cancel: 'cancelled',
};

/** PagerDuty's Events API v2 severities for SEV0..SEV3; a low-urgency page is never above `warning`. */
export function pagerDutySeverity(severity: Severity, lowUrgency: boolean): 'critical' | 'error' | 'warning' | 'info' {
  const mapped = (['critical', 'error', 'warning', 'info'] as const)[severity];
  return lowUrgency && (mapped === 'critical' || mapped === 'error') ? 'warning' : mapped;
}

/** Opsgenie priorities for SEV0..SEV3; a low-urgency page is never above P3. */
export function opsgeniePriority(severity: Severity, lowUrgency: boolean): 'P1' | 'P2' | 'P3' | 'P4' {
  const mapped = (['P1', 'P2', 'P3', 'P4'] as const)[severity];
  return lowUrgency && (mapped === 'P1' || mapped === 'P2') ? 'P3' : mapped;
}

/**
 * The provider's deduplication key (PagerDuty `dedup_key`, Opsgenie `alias`) of one page: derived,
 * never random, so a resend after a crash lands on the same alert instead of opening another.
 */
export const pageDedupKey = (incidentId: string, target: string, round = 0): string =>
  `firebreak-${incidentId}-${target}${round ? `-r${round}` : ''}`;

/** A person paged by hand: `person:U123`. */
export const personTarget = (userId: string): string => `person:${userId}`;
export function targetPerson(target: string): string | undefined {
  return /^person:([A-Z0-9]+)$/.exec(target)?.[1];
}

/** Whether a step may look up who is on call now: the page reached its provider and is not over. */
export const canLookUpOnCall = (state: PageState): boolean => state === 'triggered' || state === 'acknowledged';

// On-call look-ups: 30 s, 1 min, then said in the channel (the page itself is already sent).
export const ONCALL_MAX_ATTEMPTS = 3;

/** Whether a target is a low-urgency service page. */
export const isLowUrgency = (target: string): boolean => target.endsWith(':low');

/** The service a `service:…` target names, if it is one. */
export function targetService(target: string): string | undefined {
  const m = /^service:([^:]+)(?::low)?$/.exec(target);
  return m?.[1];
}

// Retries: 30 s, 1, 2, 4 min; the fifth failure is said in the channel with a Retry button.
export const PAGE_MAX_ATTEMPTS = 5;
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 10 * 60_000;

/** How long to wait after the n-th failed attempt (n ≥ 1), at least what the provider asked for. */
export function pageBackoffMs(attempts: number, retryAfterMs = 0): number {
  const backoff = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
  return Math.max(backoff, Math.min(retryAfterMs, MAX_BACKOFF_MS));
}
