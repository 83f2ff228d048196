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
export type PageOutcome = { ok: true } | { ok: false; retryable: boolean; retryAfterMs?: number; reason: string };

/** A paging provider's event API. */
export interface PagingProviderPort {
  send(event: PageEvent): Promise<PageOutcome>;
}

/** The providers the composition root could build (an Opsgenie key is needed for Opsgenie). */
export type PagingProviders = Partial<Record<PageProvider, PagingProviderPort>>;
