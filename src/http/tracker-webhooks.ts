import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { TRACKER_NAMES, type TrackerName } from '../config/trackers.js';
import { parseTrackerWebhook } from '../integrations/trackers/webhook-events.js';
import type { Inflight } from '../observability/inflight.js';
import type { Logger } from '../observability/logger.js';
import type { ServiceDeps } from '../services/deps.js';
import { processTrackerDelivery, receiveTrackerDelivery } from '../services/trackers/receive-tracker-delivery.js';
import { json, lowerHeaders, MAX_BODY_BYTES, readBody, reply } from './request-io.js';

// Far above any issue event; stops a runaway sender from filling memory.

/**
 * `POST /webhooks/jira|linear|github`: the tracker's signature verified over the raw body, stale
 * timestamps and seen delivery ids refused (replays), the event stored, answered 202 — then applied.
 * If the process dies after answering, the scheduler applies the stored delivery.
 */
export function trackerWebhookRoutes(args: {
  services: ServiceDeps;
  logger: Logger;
  inflight: Inflight;
}): CustomRoute[] {
  const { services } = args;
  const logger = args.logger.child({ module: 'tracker-webhooks' });
  return TRACKER_NAMES.map((tracker) => ({
    path: `/webhooks/${tracker}`,
    method: 'POST',
    handler: (req, res) =>
      void handle(tracker, req, res).catch((err) => {
        logger.error({ err, tracker }, 'tracker webhook failed');
        if (!res.headersSent) reply(res, 500, 'The delivery could not be stored; retry later.');
      }),
  }));

  async function handle(tracker: TrackerName, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const secret = services.config.trackers[tracker]?.webhook_secret;
    if (!secret) return reply(res, 503, `${tracker} webhooks are off: set trackers.${tracker}.webhook_secret.`);
    const raw = await readBody(req);
    if (!raw) return reply(res, 413, `The body is larger than ${MAX_BODY_BYTES} bytes.`);
    const parsed = parseTrackerWebhook(tracker, raw, lowerHeaders(req), secret, services.now());
    if (!parsed.ok) return reply(res, parsed.status, parsed.error);
    if (!parsed.event) return json(res, 202, { ignored: true });
    const stored = await receiveTrackerDelivery(services, {
      tracker,
      ...parsed.event,
      payload: JSON.parse(raw.toString('utf8')),
    });
    if (!stored) return reply(res, 409, 'This delivery was received before: a replay is refused.');
    json(res, 202, { accepted: true });
    void args.inflight.track(() =>
      processTrackerDelivery(services, stored).catch((err) =>
        logger.error({ err, tracker, deliveryId: stored.id }, 'tracker delivery failed; the scheduler will retry'),
      ),
    );
  }
}
