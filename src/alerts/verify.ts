import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks `Authorization: Bearer <token>` (Alertmanager's `http_config.authorization`, or Grafana's
 * authorization header). Fails closed: no configured token means nobody gets in.
 */
export function verifyBearer(header: string | undefined, token: string | undefined): boolean {
  if (!header || !token) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
  return match !== null && safeEqual(match[1]!, token);
}

/**
 * Checks `X-PagerDuty-Signature: v1=<hex>,v1=<hex>`: hex HMAC-SHA256 of the raw body under each
 * subscription secret. Several signatures come during a secret rotation; one match is enough
 * (PagerDuty developer docs, "Verifying Signatures"). Pass the body bytes exactly as received.
 */
export function verifyPagerDutySignature(
  rawBody: string | Buffer,
  header: string | undefined,
  secrets: string[],
): boolean {
  if (!header) return false;
  const given = header
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('v1='))
    .map((s) => s.slice(3).toLowerCase());
  const expected = secrets.filter((s) => s.length > 0).map((secret) => hmacHex(secret, rawBody));
  return expected.some((e) => given.some((g) => safeEqual(g, e)));
}

/**
 * Checks Grafana's `X-Grafana-Alerting-Signature` (the header name is configurable in the contact
 * point). Per the Grafana docs (Alerting › Configure webhook notifications › HMAC signature,
 * https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/):
 * the value is the hex HMAC-SHA256 of the body, or of `timestamp + ":" + body` when a timestamp
 * header is configured; that header carries a Unix timestamp, which the docs ask receivers to check
 * is recent against replays — hence `maxAgeSeconds` (default 5 minutes, either direction).
 */
export function verifyGrafanaSignature(
  rawBody: string | Buffer,
  header: string | undefined,
  secret: string | undefined,
  timestamp?: string,
  options: { now?: Date; maxAgeSeconds?: number } = {},
): boolean {
  if (!header || !secret) return false;
  let signed: string | Buffer = rawBody;
  if (timestamp !== undefined) {
    const seconds = Number(timestamp.trim());
    const now = (options.now ?? new Date()).getTime() / 1000;
    if (!/^\d+$/.test(timestamp.trim()) || Math.abs(now - seconds) > (options.maxAgeSeconds ?? 300)) return false;
    signed = Buffer.concat([Buffer.from(`${timestamp.trim()}:`), Buffer.from(rawBody)]);
  }
  return safeEqual(header.trim().toLowerCase(), hmacHex(secret, signed));
}

const hmacHex = (secret: string, data: string | Buffer): string =>
  createHmac('sha256', secret).update(data).digest('hex');

/**
 * Constant-time string comparison. Hashing both sides first gives equal-length buffers, so
 * `timingSafeEqual` never throws and the time taken says nothing about the secret's length.
 */
function safeEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
