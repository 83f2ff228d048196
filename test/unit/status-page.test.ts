import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.js';
import { dayBars, type PublishedState } from '../../src/domain/status-history.js';
import { overallState } from '../../src/domain/status-page.js';
import { createSpacer } from '../../src/integrations/statuspage/rate-limit.js';

const at = (iso: string) => new Date(iso);

describe('90-day bars', () => {
  const pub = (p: Partial<PublishedState> & Pick<PublishedState, 'at'>): PublishedState => ({
    incidentKey: 'a',
    name: 'Payments down',
    phase: 'investigating',
    components: { 'Payments API': 'partial_outage' },
    ...p,
  });

  it('colours each day by the worst status published while it lasted, until the incident is resolved', () => {
    const bars = dayBars(
      ['Payments API', 'Search'],
      [
        pub({ at: at('2026-11-20T23:00:00Z') }),
        pub({ at: at('2026-11-21T02:00:00Z'), components: { 'Payments API': 'major_outage' } }),
        pub({ at: at('2026-11-21T05:00:00Z'), phase: 'resolved', components: { 'Payments API': 'operational' } }),
        pub({
          incidentKey: 'b',
          name: 'Search slow',
          at: at('2026-11-23T08:00:00Z'),
          components: { Search: 'degraded_performance' },
        }),
      ],
      at('2026-11-23T12:00:00Z'),
      'UTC',
    );
    const pay = bars['Payments API']!;
    expect(pay).toHaveLength(90);
    expect(pay[0]!.date).toBe('2026-08-26');
    expect(pay.at(-1)!.date).toBe('2026-11-23');
    expect(pay.slice(-4).map((d) => [d.date, d.status, d.incidents])).toEqual([
      ['2026-11-20', 'partial_outage', ['Payments down']],
      ['2026-11-21', 'major_outage', ['Payments down']],
      ['2026-11-22', 'operational', []],
      ['2026-11-23', 'operational', []],
    ]);
    // An open incident holds until now.
    expect(bars.Search!.at(-1)).toEqual({
      date: '2026-11-23',
      status: 'degraded_performance',
      incidents: ['Search slow'],
    });
    expect(bars.Search!.at(-2)!.status).toBe('operational');
  });

  it('counts days in the page time zone', () => {
    const bars = dayBars(
      ['Payments API'],
      [pub({ at: at('2026-11-22T23:30:00Z') })],
      at('2026-11-22T23:45:00Z'),
      'Europe/Paris',
    );
    expect(bars['Payments API']!.at(-1)).toMatchObject({ date: '2026-11-23', status: 'partial_outage' });
  });

  it('states the overall status from the worst component', () => {
    expect(overallState(['operational', 'degraded_performance', 'major_outage'], 2)).toEqual({
      status: 'major_outage',
      text: 'Major outage',
    });
    expect(overallState(['operational'], 0).text).toBe('All systems operational');
  });
});

describe('Statuspage pace', () => {
  it('spaces requests at least the interval apart, in order', async () => {
    let clock = 0;
    const waits: number[] = [];
    const spaced = createSpacer(
      1000,
      async (ms) => {
        waits.push(ms);
        clock += ms;
      },
      () => clock,
    );
    const started: number[] = [];
    await Promise.all([1, 2, 3].map((n) => spaced(async () => started.push(clock) && n)));
    expect(started).toEqual([0, 1000, 2000]);
    expect(waits).toEqual([1000, 1000]);
    clock += 5000;
    await spaced(async () => started.push(clock));
    expect(waits).toHaveLength(2);
  });
});

describe('status_page configuration', () => {
  const base = `services:\n  - { name: payments, public: { component: "Payments API" } }\n  - { name: search }\n`;
  it('accepts a Statuspage mapping of public services', () => {
    const file = parseConfigText(
      `${base}status_page: { statuspage: { page_id: abc123, components: { payments: cmp1 } } }\n`,
      'test',
    );
    expect(file.status_page).toMatchObject({
      title: 'Status',
      builtin: true,
      statuspage: { page_id: 'abc123', components: { payments: 'cmp1' }, api_url: 'https://api.statuspage.io' },
    });
    expect(parseConfigText(base, 'test').status_page).toBeUndefined();
  });

  it('refuses a component for a service customers do not see, naming it', () => {
    expect(() =>
      parseConfigText(
        `${base}status_page: { statuspage: { page_id: abc123, components: { search: cmp2 } } }\n`,
        'test',
      ),
    ).toThrow(/"search" has no public component/);
    expect(() =>
      parseConfigText(`${base}status_page: { statuspage: { page_id: abc123, components: { nope: cmp2 } } }\n`, 'test'),
    ).toThrow(/"nope" is not a configured service/);
  });
});
