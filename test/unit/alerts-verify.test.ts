import * as crypto from 'node:crypto';
import { createHmac } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { verifyBearer, verifyGrafanaSignature, verifyPagerDutySignature } from '../../src/alerts/verify.js';
import { fixtureText } from '../fixtures/alerts/load.js';

// Pass-through spy: proves the comparisons go through the constant-time primitive.
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return { ...original, timingSafeEqual: vi.fn(original.timingSafeEqual) };
});

const hmac = (secret: string, data: string): string => createHmac('sha256', secret).update(data).digest('hex');

describe('bearer tokens', () => {
  it('accepts the configured token, whatever the scheme’s case', () => {
    expect(verifyBearer('Bearer test-shared-token', 'test-shared-token')).toBe(true);
    expect(verifyBearer('bearer test-shared-token', 'test-shared-token')).toBe(true);
  });

  it('refuses a wrong, missing or other-scheme credential, and fails closed without a token', () => {
    expect(verifyBearer('Bearer test-shared-tokeN', 'test-shared-token')).toBe(false);
    expect(verifyBearer('Bearer short', 'test-shared-token')).toBe(false);
    expect(verifyBearer(undefined, 'test-shared-token')).toBe(false);
    expect(verifyBearer('Basic dGVzdDp0ZXN0', 'test-shared-token')).toBe(false);
    expect(verifyBearer('Bearer ', '')).toBe(false);
    expect(verifyBearer('Bearer anything', undefined)).toBe(false);
  });

  it('compares in constant time, on equal-length buffers even when the lengths differ', () => {
    const spy = vi.mocked(crypto.timingSafeEqual);
    spy.mockClear();
    expect(verifyBearer('Bearer x', 'a-much-longer-token')).toBe(false);
    expect(spy).toHaveBeenCalledTimes(1);
    const [a, b] = spy.mock.calls[0] as [Buffer, Buffer];
    expect(a.length).toBe(b.length);
  });
});

describe('PagerDuty signatures', () => {
  const body = fixtureText('pagerduty-v3-example.json');

  it('accepts a rotation header whose second signature is valid', () => {
    const header = `v1=${hmac('old-secret', body)},v1=${hmac('new-secret', body)}`;
    expect(verifyPagerDutySignature(body, header, ['new-secret'])).toBe(true);
    expect(verifyPagerDutySignature(Buffer.from(body), header, ['old-secret', 'new-secret'])).toBe(true);
  });

  it('refuses a tampered body, an unknown secret, a missing header and other versions', () => {
    const header = `v1=${hmac('new-secret', body)}`;
    expect(verifyPagerDutySignature(body.replace('P1', 'P5'), header, ['new-secret'])).toBe(false);
    expect(verifyPagerDutySignature(body, header, ['other-secret'])).toBe(false);
    expect(verifyPagerDutySignature(body, undefined, ['new-secret'])).toBe(false);
    expect(verifyPagerDutySignature(body, header, [])).toBe(false);
    expect(verifyPagerDutySignature(body, `v2=${hmac('new-secret', body)}`, ['new-secret'])).toBe(false);
  });
});

describe('Grafana signatures (hex HMAC-SHA256 of the body, or of "timestamp:body")', () => {
  const body = fixtureText('grafana-v1-example.json');
  const now = new Date('2026-11-23T10:00:00Z');
  const ts = String(now.getTime() / 1000);

  it('verifies a body-only signature and refuses a tampered body', () => {
    expect(verifyGrafanaSignature(body, hmac('s3cret', body), 's3cret')).toBe(true);
    expect(verifyGrafanaSignature(body.replace('us-1', 'us-2'), hmac('s3cret', body), 's3cret')).toBe(false);
    expect(verifyGrafanaSignature(body, undefined, 's3cret')).toBe(false);
    expect(verifyGrafanaSignature(body, hmac('s3cret', body), undefined)).toBe(false);
  });

  it('includes the timestamp header when one is configured', () => {
    const signature = hmac('s3cret', `${ts}:${body}`);
    expect(verifyGrafanaSignature(body, signature, 's3cret', ts, { now })).toBe(true);
    expect(verifyGrafanaSignature(body, signature, 's3cret', undefined, { now })).toBe(false);
    expect(verifyGrafanaSignature(body, hmac('s3cret', body), 's3cret', ts, { now })).toBe(false);
  });

  it('refuses a replay outside five minutes and a timestamp that is not a number', () => {
    const old = String(now.getTime() / 1000 - 301);
    expect(verifyGrafanaSignature(body, hmac('s3cret', `${old}:${body}`), 's3cret', old, { now })).toBe(false);
    expect(verifyGrafanaSignature(body, hmac('s3cret', `soon:${body}`), 's3cret', 'soon', { now })).toBe(false);
  });
});
