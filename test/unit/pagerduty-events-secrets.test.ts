import { describe, expect, it } from 'vitest';
import { createPagerDutyEvents } from '../../src/integrations/paging/pagerduty-events.js';
import type { PageEvent } from '../../src/integrations/paging/ports.js';

const PAYMENTS = 'R0UTINGKEYPAYMENTS0000000000000A';
const MANAGERS = 'R0UTINGKEYMANAGERS0000000000000B';

const event = {
  action: 'acknowledge',
  dedupKey: 'firebreak-1-managers',
  destination: { provider: 'pagerduty', routingKey: MANAGERS },
} as unknown as PageEvent;

describe('PagerDuty Events answers', () => {
  it('never carry any configured routing key, even one that belongs to another page', async () => {
    // A proxy or provider that echoes the wrong key back: only scrubbing every configured key keeps it out.
    const fetchImpl = (async () =>
      new Response(JSON.stringify({ message: `routing key ${PAYMENTS} and ${MANAGERS} invalid` }), {
        status: 400,
      })) as typeof fetch;
    const pagerduty = createPagerDutyEvents({ url: 'https://pd.test/v2/enqueue', routingKeys: [PAYMENTS], fetchImpl });
    const outcome = await pagerduty.send(event);
    expect(outcome.ok).toBe(false);
    const reason = outcome.ok ? '' : outcome.reason;
    expect(reason).toContain('PagerDuty answered 400');
    expect(reason).not.toContain(PAYMENTS);
    expect(reason).not.toContain(MANAGERS);
  });

  it('never carry a configured key in a network failure either', async () => {
    const fetchImpl = (async () => {
      throw new Error(`connect ECONNREFUSED for ${PAYMENTS}`);
    }) as typeof fetch;
    const pagerduty = createPagerDutyEvents({ url: 'https://pd.test/v2/enqueue', routingKeys: [PAYMENTS], fetchImpl });
    const outcome = await pagerduty.send(event);
    expect(outcome.ok ? '' : outcome.reason).not.toContain(PAYMENTS);
  });
});
