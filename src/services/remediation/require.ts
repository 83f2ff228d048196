import { DomainError } from '../../domain/errors.js';
import type { ServiceDeps } from '../deps.js';
import type { RemediationDeps } from './ports.js';

/** The remediation dependencies, or a plain sentence when `ai.mode` is off. */
export function requireRemediation(deps: ServiceDeps): RemediationDeps {
  if (!deps.remediation || deps.config.ai.mode === 'off')
    throw new DomainError('VALIDATION', 'AI analysis is turned off here (`ai.mode: off` in firebreak.yml).');
  return deps.remediation;
}
