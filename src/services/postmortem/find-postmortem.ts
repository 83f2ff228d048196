import { eq, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { findLatestPostmortem } from '../../db/repositories/postmortems.js';
import { incidents, type PostmortemRow } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The newest postmortem of the incident named by `ref`: its id, `INC-42` (or `42`), its channel id
 * or its channel name (with or without `#`).
 */
export async function findPostmortem(db: Db, ref: string): Promise<PostmortemRow> {
  const name = ref.replace(/^#/, '');
  const number = /^(?:inc-)?(\d+)$/i.exec(ref)?.[1];
  const [incident] = await db
    .select({ id: incidents.id, title: incidents.title })
    .from(incidents)
    .where(
      or(
        ...(UUID.test(ref) ? [eq(incidents.id, ref)] : []),
        ...(number ? [eq(incidents.number, Number(number))] : []),
        eq(incidents.channelId, ref),
        eq(incidents.channelName, name),
      ),
    )
    .limit(1);
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
