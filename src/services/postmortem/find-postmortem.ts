import type { Db } from '../../db/client.js';
import { findIncidentByRef } from '../../db/repositories/incidents.js';
import { findLatestPostmortem } from '../../db/repositories/postmortems.js';
import type { PostmortemRow } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';

/**
 * The newest postmortem of the incident named by `ref`: its id, `INC-42` (or `42`), its channel id
 * or its channel name (with or without `#`).
 */
export async function findPostmortem(db: Db, ref: string): Promise<PostmortemRow> {
  const incident = await findIncidentByRef(db, ref);
  if (!incident)
    throw new DomainError('NOT_FOUND', `No incident matches "${ref}"; give its id, INC-<number> or channel.`);
  const postmortem = await findLatestPostmortem(db, incident.id);
  if (!postmortem)
    throw new DomainError(
      'NOT_FOUND',
      `"${incident.title}" has no postmortem yet; run /incident postmortem in its channel.`,
    );
  return postmortem;
}
