import { DomainError } from '../../domain/errors.js';
import type { ServiceDeps } from '../deps.js';
import type { RemediationDeps } from './ports.js';

/** The remediation dependencies, or a plain sentence when `ai.mode` is off. */
export function requireRemediation(deps: ServiceDeps): RemediationDeps {
  if (!deps.remediation || deps.config.ai.mode === 'off')
    throw new DomainError('VALIDATION', 'AI analysis is turned off here (`ai.mode: off` in firebreak.yml).');
  return deps.remediation;
}

/** A click on a proposal of a resolved incident (a stale button) changes nothing and says why. */
export function requireUnresolved(incident: { status: string }): void {
  if (incident.status === 'resolved')
    throw new DomainError('CONFLICT', 'The incident is resolved, so its proposals are closed; nothing was done.');
}
