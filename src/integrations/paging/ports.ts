import type { OpsgenieResponder } from '../../config/file.js';
import type { PageProvider } from '../../domain/paging.js';
import type { Severity } from '../../domain/severity.js';

/** Where one page goes, resolved from configuration at send time (keys are never stored in the database). */
export type PageDestination =
  | { provider: 'pagerduty'; routingKey: string }
  | { provider: 'opsgenie'; responder: OpsgenieResponder };

/** One call to a paging provider, in Firebreak's words; each adapter turns it into its API's body. */
export interface PageEvent {
  action: 'trigger' | 'acknowledge' | 'resolve';
  destination: PageDestination;
  /** PagerDuty dedup_key, Opsgenie alias. */
  dedupKey: string;
  /** `[INC-7] SEV1 Checkout is failing`, or the generic text of a private incident. */
  summary: string;
  severity: Severity;
  lowUrgency: boolean;
  /** The incident reference (INC-7), the Opsgenie entity. */
  incidentRef: string;
  /** The service paged, if the target is one (PagerDuty component). */
  service?: string;
  /** A link into the incident channel. */
  channelUrl?: string;
  channelName?: string;
  /** Who acknowledged (a display name), for the providers' logs. */
  actor?: string;
  at: Date;
}

/**
 * What the provider answered. `retryable`: 429, 5xx or no answer (try again, after `retryAfterMs`
 * when the provider said so); otherwise it refused the event and retrying the same body will not help.
 */
export type PageOutcome =
  | { ok: true /** The provider's id of what it opened (a PagerDuty REST incident). */; ref?: string }
  | PageFailure;
export type PageFailure = { ok: false; retryable: boolean; retryAfterMs?: number; reason: string };

/** An answer that carries a value, or the same failure shape as a page. */
export type Lookup<T> = { ok: true; value: T } | PageFailure;

/** One person on call, as the provider names them. */
export interface OnCallPerson {
  name: string;
  email: string;
}

/** Who is on call right now, and who a person is, at a provider (PagerDuty REST, Opsgenie). */
export interface OnCallPort {
  /** The first-level on-call of what `where` names (a PagerDuty service id, an Opsgenie schedule name). */
  onCall(where: string): Promise<Lookup<OnCallPerson[]>>;
  /** The provider's user with this email (PagerDuty user id, Opsgenie username), or null when there is none. */
  findUser(email: string): Promise<Lookup<string | null>>;
}

/** A person paged by hand through a provider's user. */
export interface PersonPageEvent {
  action: 'trigger' | 'acknowledge' | 'resolve';
  dedupKey: string;
  /** PagerDuty user id / Opsgenie username. */
  recipient: string;
  /** The PagerDuty service the incident is opened under. */
  serviceId?: string;
  /** The provider's id from the trigger, when known. */
  ref?: string | null;
  summary: string;
}

/** PagerDuty's REST API: on-call and users, and incidents assigned to one person. */
export interface PagerDutyRestPort extends OnCallPort {
  /** Whether acting calls are possible (`paging.pagerduty.from` is set). */
  canAct: boolean;
  sendPersonPage(event: PersonPageEvent): Promise<PageOutcome>;
}

/** A paging provider's event API. */
export interface PagingProviderPort {
  send(event: PageEvent): Promise<PageOutcome>;
}

/** The providers the composition root could build (an Opsgenie key is needed for Opsgenie). */
export type PagingProviders = Partial<Record<PageProvider, PagingProviderPort>> & {
  /** With FIREBREAK_PAGERDUTY_API_TOKEN. */
  pagerdutyRest?: PagerDutyRestPort;
  /** With FIREBREAK_OPSGENIE_API_KEY: schedules' on-call and users. */
  opsgenieDirectory?: OnCallPort;
};
