import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../../../src/sandbox/api/faults.js';
import { signSlackRequest, verifySlackSignature } from '../../../src/sandbox/driver/signing.js';
import { ResponseUrlRegistry } from '../../../src/sandbox/response-urls.js';
import { TriggerRegistry } from '../../../src/sandbox/triggers.js';
import { compareTs, formatTs, parseTs, TsClock } from '../../../src/sandbox/workspace/ids.js';

describe('sandbox registries', () => {
  it('signs like Slack (documented example vector) and verifies', () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const headers = signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618);
    expect(headers['X-Slack-Signature']).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
    const input = {
      signingSecret: '8f742231b10e8888abcd99yyyzzz85a5',
      body,
      timestamp: headers['X-Slack-Request-Timestamp'],
      signature: headers['X-Slack-Signature'],
      nowSeconds: 1531420618 + 10,
    };
    expect(verifySlackSignature(input)).toBe(true);
    expect(verifySlackSignature({ ...input, body: `${body}x` })).toBe(false);
    expect(verifySlackSignature({ ...input, nowSeconds: 1531420618 + 301 })).toBe(false);
    expect(verifySlackSignature({ ...input, signature: undefined })).toBe(false);
  });

  it('hands out strictly increasing ts values', () => {
    let now = 1_700_000_000_123;
    const clock = new TsClock(() => now);
    const a = clock.next();
    const b = clock.next();
    now -= 5000; // a clock going backwards must not break ordering
    const c = clock.next();
    expect(a).toBe('1700000000.123000');
    expect(compareTs(a, b)).toBeLessThan(0);
    expect(compareTs(b, c)).toBeLessThan(0);
    expect(parseTs('1700000000.1')).toBe(1_700_000_000_100_000);
    expect(parseTs('abc')).toBeUndefined();
    expect(formatTs(1_000_001)).toBe('1.000001');
  });

  it('expires, consumes and rejects trigger ids', () => {
    let now = 0;
    const triggers = new TriggerRegistry(() => now);
    const t = triggers.issue('UALICE');
    now = 3000;
    expect(triggers.exchange(t)).toEqual({ user: 'UALICE' });
    expect(triggers.exchange(t)).toEqual({ error: 'exchanged_trigger_id' });
    const late = triggers.issue('UBOB');
    now += 3001;
    expect(triggers.exchange(late)).toEqual({ error: 'expired_trigger_id' });
    expect(triggers.exchange('nope')).toEqual({ error: 'invalid_trigger_id' });
  });

  it('meters response_urls: 5 uses within 30 minutes', () => {
    let now = 0;
    const urls = new ResponseUrlRegistry(() => now);
    const id = urls.issue({ user: 'U', channel: 'C' });
    for (let i = 0; i < 5; i++) expect(urls.use(id)).toMatchObject({ user: 'U' });
    expect(urls.use(id)).toEqual({ error: 'used_url' });
    const other = urls.issue({ user: 'U', channel: 'C' });
    now += 30 * 60 * 1000 + 1;
    expect(urls.use(other)).toEqual({ error: 'expired_url' });
    expect(urls.use('R999')).toEqual({ error: 'not_found' });
  });

  it('queues faults in order and validates them against the spec', () => {
    const faults = new FaultInjector();
    faults.failNext('chat.postMessage', 'channel_not_found');
    faults.rateLimit('chat.postMessage', 2, 2);
    faults.serverError('chat.postMessage');
    expect(faults.take('chat.postMessage')).toEqual({ kind: 'error', error: 'channel_not_found' });
    expect(faults.take('chat.postMessage')).toEqual({ kind: 'ratelimit', retryAfterSeconds: 2 });
    expect(faults.take('chat.postMessage')).toEqual({ kind: 'ratelimit', retryAfterSeconds: 2 });
    expect(faults.take('chat.postMessage')).toEqual({ kind: 'server_error', afterWork: false });
    expect(faults.take('chat.postMessage')).toBeUndefined();
    expect(() => faults.failNext('chat.postMessage', 'nope')).toThrow(/never answers/);
    expect(() => faults.failNext('chat.postMessage', 'not_authed', 0)).toThrow();
    expect(() => faults.serverError('chat.scheduleMessage')).toThrow(/spec file not found/);
  });
});
