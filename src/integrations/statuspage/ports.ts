import type { ComponentStatus, PublicPhase } from '../../domain/status-page.js';

/** One publication as Statuspage receives it (component ids already mapped from services). */
export interface StatuspageIncident {
  name: string;
  status: PublicPhase;
  body: string;
  /** Statuspage component id → status. */
  components: Record<string, ComponentStatus>;
  /** Firebreak's incident id, kept in the Statuspage incident's metadata to find it after a lost answer. */
  firebreakId: string;
}

export type StatuspageOutcome =
  | { ok: true; incidentId: string; attempts: number }
  | {
      ok: false;
      /** A refusal (4xx) is not retried; the person is told and may press Retry. */
      reason: string;
      attempts: number;
      /** Statuspage may have acted before the answer was lost (timeout, 5xx): look before creating again. */
      unsure: boolean;
    };

/** Atlassian Statuspage's incidents API, rate-limited and retried inside the adapter. */
export interface StatuspagePort {
  create(incident: StatuspageIncident): Promise<StatuspageOutcome>;
  update(statuspageIncidentId: string, incident: StatuspageIncident): Promise<StatuspageOutcome>;
  /** The unresolved Statuspage incident created for this Firebreak incident, if any (undefined: none; null: could not look). */
  findCreated(firebreakId: string): Promise<string | undefined | null>;
}
