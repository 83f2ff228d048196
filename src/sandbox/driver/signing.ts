/**
 * Slack's request signing, v0 scheme: `X-Slack-Signature: v0=<hex HMAC-SHA256(secret, "v0:<ts>:<body>")>`
 * with `X-Slack-Request-Timestamp: <ts>`. Used by the driver to sign what it sends, and exported so tests
 * (and anything else) can verify signatures the same way Bolt does.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The two headers Slack signs a request with. */
export interface SignatureHeaders {
  'X-Slack-Request-Timestamp': string;
  'X-Slack-Signature': string;
}

/** Signs a raw body. `timestampSeconds` defaults to the real wall clock (the app verifies against its own). */
export function signSlackRequest(
  signingSecret: string,
  body: string,
  timestampSeconds = Math.floor(Date.now() / 1000),
): SignatureHeaders {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${body}`).digest('hex');
  return { 'X-Slack-Request-Timestamp': String(timestampSeconds), 'X-Slack-Signature': `v0=${digest}` };
}

/** Inputs of {@link verifySlackSignature}. */
export interface VerifyInput {
  signingSecret: string;
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  /** Default: the wall clock. */
  nowSeconds?: number;
  /** Replay window; Slack recommends 5 minutes. */
  maxAgeSeconds?: number;
}

/** True when the signature is valid and the timestamp fresh. Constant-time comparison. */
export function verifySlackSignature(input: VerifyInput): boolean {
  const { signingSecret, body, timestamp, signature } = input;
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (input.maxAgeSeconds ?? 300)) return false;
  const expected = Buffer.from(signSlackRequest(signingSecret, body, Number(timestamp))['X-Slack-Signature']);
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
