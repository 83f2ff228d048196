import { z } from 'zod';
import { insertPublication } from '../../db/repositories/status-publications.js';
import { insertTimelineEvent } from '../../db/repositories/timeline.js';
import { DomainError, isDomainError } from '../../domain/errors.js';
import { COMPONENT_STATUSES, PHASE_LABEL, PUBLIC_PHASES } from '../../domain/status-page.js';
import type { ServiceDeps } from '../deps.js';
import { parseInput } from '../parse-input.js';
import { deliverPublications } from './deliver-publications.js';
import { destinations, publicServices, requirePublisher } from './require-publisher.js';

export const PublishInput = z.object({
  channelId: z.string().min(1),
  actorId: z.string().min(1),
  /** The form's view id: Slack's retries and a replay after a crash store one publication. */
  requestKey: z.string().min(1),
  name: z
    .string()
    .trim()
    .min(1, 'Give the incident a public name.')
    .max(255, 'Keep the public name under 255 characters (Statuspage’s limit).'),
  message: z
    .string()
    .trim()
    .min(1, 'Write what customers should read.')
    .max(5000, 'Keep the message under 5000 characters.'),
  phase: z.enum(PUBLIC_PHASES, { message: 'Choose investigating, identified, monitoring or resolved.' }),
  /** Service name → component status; services the form did not offer are refused. */
  components: z.record(z.string(), z.enum(COMPONENT_STATUSES, { message: 'That is not a component status.' })),
});

/**
 * The comms lead (or the IC) publishes to customers. Stored first, once per form submission, with
 * the timeline entry in the same transaction; then recorded in the channel and sent to Statuspage
 * from the stored row (a crash in between is finished by the delivery job). A `resolved` phase sets
 * every component back to operational: the incident is over for customers.
 */
export async function publishToStatusPage(deps: ServiceDeps, raw: z.input<typeof PublishInput>): Promise<void> {
  const input = parseInput(PublishInput, raw);
  const { incident } = await requirePublisher(deps, input.channelId, input.actorId);
  const offered = new Set(publicServices(deps).map((s) => s.service));
  const unknown = Object.keys(input.components).find((s) => !offered.has(s));
  if (unknown) throw new DomainError('VALIDATION', `"${unknown}" is not a public component; nothing was published.`);
  const components = Object.fromEntries(
    Object.entries(input.components).map(([s, status]) => [s, input.phase === 'resolved' ? 'operational' : status]),
  );
  const where = destinations(deps);
  const now = deps.now();
  const row = await deps.db.transaction(async (tx) => {
    const stored = await insertPublication(tx, {
      incidentId: incident.id,
      requestKey: input.requestKey,
      name: input.name,
      message: input.message,
      phase: input.phase,
      components,
      publishedBy: input.actorId,
      publishedAt: now,
      statuspageState: deps.config.status_page?.statuspage ? 'pending' : 'none',
    });
    if (stored.created)
      await insertTimelineEvent(tx, {
        incidentId: incident.id,
        kind: 'status_page_published',
        actorId: input.actorId,
        at: now,
        text: `Published to ${where.join(' and ')} (${PHASE_LABEL[input.phase]}): ${input.name} — ${input.message}`,
        data: { publicationId: stored.row.id, name: input.name, phase: input.phase, components, where },
        dedupeKey: `statuspage:${stored.row.id}`,
      });
    return stored.row;
  });
  deps.logger.info(
    { module: 'status-page', incidentId: incident.id, publicationId: row.id, phase: row.phase, actorId: input.actorId },
    'published to the status page',
  );
  try {
    await deliverPublications(deps, incident.id);
  } catch (err) {
    // Stored and on the page already: sending the form again would publish it twice.
    if (!isDomainError(err)) throw err;
    deps.logger.warn(
      { err, module: 'status-page', publicationId: row.id },
      'publication stored; its delivery waits for the next tick',
    );
    throw new DomainError(
      'UPSTREAM',
      `${err.message} It is published and stored; its record in this channel (and Statuspage) will follow within a minute, so do not publish it again.`,
    );
  }
}
