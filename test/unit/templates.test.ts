import { describe, expect, it } from 'vitest';
import { nextUpdateAt } from '../../src/domain/cadence.js';
import { formatDuration } from '../../src/domain/duration-text.js';
import { DEFAULT_TEMPLATES, renderTemplate, unknownPlaceholders } from '../../src/domain/templates.js';

describe('status templates', () => {
  it('fills the internal first notification of docs/templates.md', () => {
    const text = renderTemplate(DEFAULT_TEMPLATES.internal, {
      title: 'Checkout down',
      severity: 'SEV1',
      impact: 'Card payments fail',
      status: 'Investigating',
      ic: '<@U1>',
      channel: '<#C1>',
      next_update: '10:15',
    });
    expect(text.split('\n')).toEqual([
      '🔴 INCIDENT: Checkout down',
      'Severity: SEV1',
      'Impact: Card payments fail',
      'Status: Investigating',
      'IC: <@U1>',
      'Channel: <#C1>',
      'Next update: 10:15',
    ]);
  });

  it('drops a line whose slots are all empty (no Next update for SEV3)', () => {
    const text = renderTemplate(DEFAULT_TEMPLATES.internal, { title: 't', severity: 'SEV3' });
    expect(text).not.toContain('Next update');
    expect(text).toContain('Severity: SEV3');
  });

  it('finds unknown placeholders', () => {
    expect(unknownPlaceholders('{title} {titel} {next_update}')).toEqual(['titel']);
    for (const t of Object.values(DEFAULT_TEMPLATES)) expect(unknownPlaceholders(t)).toEqual([]);
  });
});

describe('cadence', () => {
  const t0 = new Date('2026-11-23T10:00:00Z');
  it('is 15 min for SEV0/1, 30 for SEV2, none for SEV3 by default', () => {
    expect(nextUpdateAt(0, t0)?.toISOString()).toBe('2026-11-23T10:15:00.000Z');
    expect(nextUpdateAt(1, t0)?.toISOString()).toBe('2026-11-23T10:15:00.000Z');
    expect(nextUpdateAt(2, t0)?.toISOString()).toBe('2026-11-23T10:30:00.000Z');
    expect(nextUpdateAt(3, t0)).toBeNull();
  });
  it('follows config overrides, including null', () => {
    expect(nextUpdateAt(3, t0, { 3: 3_600_000 })?.toISOString()).toBe('2026-11-23T11:00:00.000Z');
    expect(nextUpdateAt(1, t0, { 1: null })).toBeNull();
  });
});

describe('durations', () => {
  it.each([
    [0, 'under a minute'],
    [59_000, 'under a minute'],
    [60_000, '1 minute'],
    [3_900_000, '1 hour 5 minutes'],
    [90_000_000, '1 day 1 hour'],
  ])('%d ms reads "%s"', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
