import { z } from 'zod';
import { findPage, retryFailedPage } from '../../db/repositories/pages.js';
import { DomainError } from '../../domain/errors.js';
import type { ServiceDeps } from '../deps.js';
import { deliverIncidentPages } from './deliver-incident-pages.js';

export const RetryPageInput = z.object({
  pageId: z.string().uuid('That is not a page of mine.'),
  actorId: z.string().min(1),
});

/** The Retry button on a page that stopped retrying: due again now, with a fresh count of attempts. */
export async function retryPage(deps: ServiceDeps, raw: z.input<typeof RetryPageInput>): Promise<void> {
  const input = RetryPageInput.parse(raw);
  const page = await retryFailedPage(deps.db, input.pageId, deps.now());
  if (!page) {
    if (!(await findPage(deps.db, input.pageId))) throw new DomainError('NOT_FOUND', 'That page no longer exists.');
    throw new DomainError('CONFLICT', 'That page is already being sent; the paging message shows how it goes.');
  }
  deps.logger.info(
    { module: 'paging', pageId: page.id, incidentId: page.incidentId, actorId: input.actorId },
    'page retried',
  );
  await deliverIncidentPages(deps, page.incidentId);
}
