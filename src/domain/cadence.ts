import type { Severity } from './severity.js';

/** docs/domain.md's cadence: SEV0/SEV1 every 15 min, SEV2 every 30 min, SEV3 none. */
export const DEFAULT_UPDATE_EVERY_MS: Record<Severity, number | null> = {
  0: 15 * 60_000,
  1: 15 * 60_000,
  2: 30 * 60_000,
  3: null,
};

/** Per-severity override from config: undefined keeps the default, null turns timed updates off. */
export type CadencePolicy = Record<Severity, number | null | undefined>;

export function updateInterval(severity: Severity, policy?: Partial<CadencePolicy>): number | null {
  const configured = policy?.[severity];
  return configured === undefined ? DEFAULT_UPDATE_EVERY_MS[severity] : configured;
}

/** When the next status update is due after one at `lastUpdateAt`; null when the severity has no cadence. */
export function nextUpdateAt(severity: Severity, lastUpdateAt: Date, policy?: Partial<CadencePolicy>): Date | null {
  const every = updateInterval(severity, policy);
  return every === null ? null : new Date(lastUpdateAt.getTime() + every);
}
