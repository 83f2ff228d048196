import { z } from 'zod';
import { findPublication, retryFailedPublication } from '../../db/repositories/status-publications.js';
import { DomainError } from '../../domain/errors.js';
import type { ServiceDeps } from '../deps.js';
import { parseInput } from '../parse-input.js';
import { deliverPublications } from './deliver-publications.js';

export const RetryPublicationInput = z.object({
  publicationId: z.uuid({ message: 'That is not a publication of mine.' }),
  actorId: z.string().min(1),
});

/** Retry on a publication Statuspage did not take: sent again now, then the ones that waited behind it. */
export async function retryPublication(deps: ServiceDeps, raw: z.input<typeof RetryPublicationInput>): Promise<void> {
  const input = parseInput(RetryPublicationInput, raw);
  const row = await retryFailedPublication(deps.db, input.publicationId);
  if (!row) {
    const found = await findPublication(deps.db, input.publicationId);
    if (!found) throw new DomainError('NOT_FOUND', 'That publication no longer exists.');
    throw new DomainError(
      'CONFLICT',
      'That publication is already being sent; its message in the channel shows how it goes.',
    );
  }
  deps.logger.info(
    { module: 'status-page', publicationId: row.id, incidentId: row.incidentId, actorId: input.actorId },
    'Statuspage delivery retried',
  );
  await deliverPublications(deps, row.incidentId);
}
