import nock from 'nock';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { TestClock } from './clock.js';
import { BROADCAST, useHarness } from './harness.js';
import { FakePagers, OG_ORIGIN, PD_ORIGIN } from './paging-providers.js';
import { settle } from './scenario.js';

// Shaped like real keys so a leak would be found by searching for them.
export const PD_PAYMENTS = 'R0PAYMENTS5ecret0000000000000001';
export const PD_MANAGERS = 'R0MANAGERS5ecret0000000000000002';
export const OG_KEY = 'og-key-5ecret-0000-0000-0000-000000000003';

export const PAGING_CONFIG = `
timezone: UTC
channels: { broadcast: ${BROADCAST} }
services:
  - { name: payments, risk: critical, team: payments, pagerduty: "\${PD_PAYMENTS}" }
  - { name: search, risk: medium, team: discovery, opsgenie: { team: discovery } }
  - { name: analytics, risk: low, team: data }
paging:
  pagerduty: { events_url: "${PD_ORIGIN}/v2/enqueue" }
  opsgenie: { api_url: "${OG_ORIGIN}" }
  incident_managers: { pagerduty: "\${PD_INCIDENT_MANAGERS}" }
  leadership: { opsgenie: { team: leadership } }
alerts:
  routes: [ { match: { severity: critical }, severity: sev1, action: declare } ]
  default: { action: notify, severity: sev1 }
`;

export const WEBHOOK_TOKEN = 'intake-token-0123456789abcdef';
export const ENV = {
  PD_PAYMENTS,
  PD_INCIDENT_MANAGERS: PD_MANAGERS,
  FIREBREAK_OPSGENIE_API_KEY: OG_KEY,
  FIREBREAK_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
};

/**
 * The paging test files' common set-up: PagerDuty Events and Opsgenie behind the schema-checking
 * fakes, one harness on the paging configuration, a clock to move, and the helpers they share.
 */
export function usePagingHarness() {
  const clock = new TestClock('2026-11-23T03:00:00Z');
  const h = useHarness({ config: PAGING_CONFIG, env: ENV, now: clock.now });
  const pagers = new FakePagers();

  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    pagers.install();
  });
  afterEach(() => {
    expect(pagers.invalid).toEqual([]);
    pagers.reset();
    clock.set('2026-11-23T03:00:00Z');
  });
  afterAll(() => {
    pagers.uninstall();
    nock.enableNetConnect();
  });

  /** The channel's paging message (there must be exactly one). */
  function pagingMessage(channel: string) {
    const found = h.emulator.messages(channel).filter((m) => m.text.startsWith('📟 Paging'));
    expect(found).toHaveLength(1);
    return found[0]!;
  }

  /** Moves the clock and runs the scheduler once, then waits for the work after it. */
  async function tickAfter(ms: number) {
    clock.advance(ms);
    await h.app.tick();
    await settle(h);
  }

  return { h, clock, pagers, pagingMessage, tickAfter };
}
