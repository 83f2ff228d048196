import { DomainError } from './errors.js';

export const STATUSES = ['investigating', 'identified', 'mitigated', 'resolved'] as const;
export type IncidentStatus = (typeof STATUSES)[number];

export const STATUS_LABEL: Record<IncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  mitigated: 'Mitigated',
  resolved: 'Resolved',
};

export const isOpen = (s: IncidentStatus): boolean => s !== 'resolved';

/**
 * Moves forward only (investigating → identified → mitigated → resolved, skipping allowed);
 * going back while open is allowed (a mitigation that did not hold), but a resolved incident
 * only leaves `resolved` through an explicit reopen.
 */
export function assertTransition(from: IncidentStatus, to: IncidentStatus): void {
  if (from === to) throw new DomainError('CONFLICT', `The incident is already ${STATUS_LABEL[from].toLowerCase()}.`);
  if (from === 'resolved')
    throw new DomainError(
      'CONFLICT',
      `The incident is resolved; it cannot move to ${STATUS_LABEL[to].toLowerCase()} unless the IC reopens it.`,
    );
}

export function parseStatus(text: string): IncidentStatus | undefined {
  const t = text.trim().toLowerCase();
  return (STATUSES as readonly string[]).includes(t) ? (t as IncidentStatus) : undefined;
}
