import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPagerDutyRest } from '../../src/integrations/paging/pagerduty-rest.js';
import { FakePagerDutyRest, PD_API_ORIGIN, PD_TOKEN } from '../support/pagerduty-rest.js';

/** The REST adapter alone, against the fake account: what a crash or a person in PagerDuty leaves behind. */
const rest = new FakePagerDutyRest();
const adapter = createPagerDutyRest({ url: PD_API_ORIGIN, token: PD_TOKEN, from: 'firebreak-bot@example.com' });
const page = {
  dedupKey: 'firebreak-0000-person:UCAROL',
  recipient: 'PCAROL',
  serviceId: 'PPAYSVC',
  summary: '[INC-1] SEV1 Checkout is failing',
};

beforeAll(() => {
  nock.disableNetConnect();
  rest.install();
});
afterEach(() => {
  expect(rest.invalid).toEqual([]);
  rest.reset();
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('PagerDuty REST: a person page', () => {
  it('sent before and its answer lost: the open incident with the same key is found, not opened twice', async () => {
    expect(await adapter.sendPersonPage({ action: 'trigger', ...page })).toEqual({ ok: true, ref: 'PINC1' });
    // A resend after a crash: PagerDuty refuses the key while that incident is open.
    expect(await adapter.sendPersonPage({ action: 'trigger', ...page })).toEqual({ ok: true, ref: 'PINC1' });
    expect(rest.incidents).toHaveLength(1);
    expect(rest.of('incidents')[0]!.query).toEqual({ incident_key: page.dedupKey });
    // Acknowledging without the stored ref finds it by key too.
    expect(await adapter.sendPersonPage({ action: 'acknowledge', ...page, ref: null })).toEqual({
      ok: true,
      ref: 'PINC1',
    });
    expect(rest.incidents[0]!.status).toBe('acknowledged');
  });

  it('resolved in PagerDuty first counts as resolved; a refusal is not retryable, a 5xx is', async () => {
    await adapter.sendPersonPage({ action: 'trigger', ...page });
    rest.failNext('updateIncident', {
      status: 400,
      body: { error: { message: 'Incident Already Resolved', code: 2001 } },
    });
    expect(await adapter.sendPersonPage({ action: 'resolve', ...page, ref: 'PINC1' })).toEqual({
      ok: true,
      ref: 'PINC1',
    });
    rest.failNext('createIncident', {
      status: 400,
      body: { error: { message: 'Invalid Input Provided', errors: ['Assignee not found'] } },
    });
    expect(await adapter.sendPersonPage({ action: 'trigger', ...page, dedupKey: 'other' })).toMatchObject({
      ok: false,
      retryable: false,
      reason: 'PagerDuty answered 400: Invalid Input Provided: Assignee not found',
    });
    rest.failNext('createIncident', { status: 502 });
    expect(await adapter.sendPersonPage({ action: 'trigger', ...page, dedupKey: 'other' })).toMatchObject({
      ok: false,
      retryable: true,
    });
  });

  it('finds a user by exact email only (PagerDuty matches `query` by prefix)', async () => {
    rest.users = [
      { id: 'PCAROLINE', name: 'Caroline', email: 'carol@example.com.au' },
      { id: 'PCAROL', name: 'Carol', email: 'Carol@example.com' },
    ];
    expect(await adapter.findUser('carol@example.com')).toEqual({ ok: true, value: 'PCAROL' });
    expect(await adapter.findUser('dan@example.com')).toEqual({ ok: true, value: null });
  });

  it('an answer of another shape is a plain refusal, not a crash', async () => {
    rest.services = { PPAYSVC: 'PEP' };
    rest.failNext('oncalls', { status: 200, body: { oncalls: [{ escalation_level: 'one' }] } });
    expect(await adapter.onCall('PPAYSVC')).toEqual({
      ok: false,
      retryable: false,
      reason: 'PagerDuty answered GET /oncalls in an unexpected shape',
    });
  });
});
