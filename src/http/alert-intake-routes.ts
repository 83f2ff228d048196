import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { parseAlertmanager } from '../alerts/parse-alertmanager.js';
import { parseGrafana } from '../alerts/parse-grafana.js';
import { parsePagerDuty } from '../alerts/parse-pagerduty.js';
import type { AlertBatch } from '../alerts/types.js';
import { verifyBearer, verifyGrafanaSignature, verifyPagerDutySignature } from '../alerts/verify.js';
import type { Env } from '../config/env.js';
import type { Inflight } from '../observability/inflight.js';
import type { Logger } from '../observability/logger.js';
import { postResolvedAlerts } from '../services/alerts/post-resolved-alerts.js';
import { processAlertGroup } from '../services/alerts/process-alert-group.js';
import { receiveAlerts } from '../services/alerts/receive-alerts.js';
import type { ServiceDeps } from '../services/deps.js';
import { lowerHeaders, MAX_BODY_BYTES, readBody, reply } from './request-io.js';

// Far above any real alert group; stops a runaway sender from filling memory.

type Parser = (
  body: unknown,
  headers: Record<string, string | undefined>,
) => { ok: true; batch: AlertBatch } | { ok: false; error: string };
interface Source {
  name: 'alertmanager' | 'grafana' | 'pagerduty';
  parse: Parser;
  /** The provider's own signature, when it has one and a secret is configured. */
  signed?: (raw: Buffer, headers: Record<string, string | undefined>) => boolean;
}

/**
 * `POST /webhooks/alertmanager|grafana|pagerduty`. Authenticated (bearer FIREBREAK_WEBHOOK_TOKEN,
 * or the provider's signature), validated (400 with one sentence), stored, answered 202 — and only
 * then the Slack work starts, so PagerDuty's 5-second deadline never waits on Slack. If the process
 * dies after answering, the scheduler picks the stored work up.
 */
export function alertIntakeRoutes(args: {
  env: Env;
  services: ServiceDeps;
  logger: Logger;
  /** Shutdown waits for the Slack work started after a 202. */
  inflight: Inflight;
}): CustomRoute[] {
  const { env, services } = args;
  const logger = args.logger.child({ module: 'alert-intake' });
  const pdSecrets = env.FIREBREAK_PAGERDUTY_SECRETS ?? [];
  const sources: Source[] = [
    { name: 'alertmanager', parse: parseAlertmanager },
    {
      name: 'grafana',
      parse: parseGrafana,
      ...(env.FIREBREAK_GRAFANA_SECRET && {
        signed: (raw, h) =>
          verifyGrafanaSignature(
            raw,
            h['x-grafana-alerting-signature'],
            env.FIREBREAK_GRAFANA_SECRET!,
            h['x-grafana-alerting-signature-timestamp'],
          ),
      }),
    },
    {
      name: 'pagerduty',
      parse: parsePagerDuty,
      ...(pdSecrets.length && {
        signed: (raw, h) => verifyPagerDutySignature(raw, h['x-pagerduty-signature'], pdSecrets),
      }),
    },
  ];
  return sources.map((source) => ({
    path: `/webhooks/${source.name}`,
    method: 'POST',
    handler: (req, res) =>
      void handle(source, req, res).catch((err) => {
        logger.error({ err, source: source.name }, 'alert intake failed');
        if (!res.headersSent) reply(res, 500, 'The alert could not be stored; retry later.');
      }),
  }));

  async function handle(source: Source, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!env.FIREBREAK_WEBHOOK_TOKEN && !source.signed)
      return reply(res, 503, 'Alert intake is disabled: set FIREBREAK_WEBHOOK_TOKEN (or the provider secret).');
    const raw = await readBody(req);
    if (!raw) return reply(res, 413, `The body is larger than ${MAX_BODY_BYTES} bytes.`);
    const headers = lowerHeaders(req);
    const authorised =
      verifyBearer(headers.authorization, env.FIREBREAK_WEBHOOK_TOKEN) || !!source.signed?.(raw, headers);
    if (!authorised)
      return reply(
        res,
        401,
        'Not authenticated: send Authorization: Bearer <FIREBREAK_WEBHOOK_TOKEN> or a valid signature.',
      );
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return reply(res, 400, 'The body is not JSON.');
    }
    const parsed = source.parse(body, headers);
    if (!parsed.ok) return reply(res, 400, parsed.error);
    const result = await receiveAlerts(services, parsed.batch);
    res.writeHead(202, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ accepted: result.alerts, duplicate: result.duplicate }));
    if (result.groupId) void args.inflight.track(() => afterAnswer(result.groupId!));
  }

  async function afterAnswer(groupId: string): Promise<void> {
    try {
      await processAlertGroup(services, groupId);
      await postResolvedAlerts(services);
    } catch (err) {
      logger.error({ err, groupId }, 'alert group processing failed; the scheduler will retry');
    }
  }
}
