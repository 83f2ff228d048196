import { describe, expect, it } from 'vitest';
import { CHANNEL_NAME_MAX, incidentChannelName, slugify } from '../../src/domain/channel-name.js';
import { localDate } from '../../src/domain/zoned-date.js';

const at = new Date('2026-11-23T23:30:00Z');

describe('incident channel names', () => {
  it('follows inc-YYYY-MM-DD-slug', () => {
    expect(incidentChannelName('Checkout is failing', at, 'UTC')).toBe('inc-2026-11-23-checkout-is-failing');
  });

  it('uses the date in the configured time zone, not UTC', () => {
    expect(incidentChannelName('x', at, 'Asia/Tokyo')).toBe('inc-2026-11-24-x');
    expect(localDate(at, 'America/Los_Angeles')).toBe('2026-11-23');
  });

  it('folds accents and special letters', () => {
    expect(slugify('Paiement échoué à Zürich')).toBe('paiement-echoue-a-zurich');
    expect(slugify('Straße Øresund Łódź')).toBe('strasse-oresund-lodz');
  });

  it('drops emoji and apostrophes, and collapses separators into single hyphens', () => {
    expect(slugify("🔥 API/DB  -- can't connect!! 🔥")).toBe('api-db-cant-connect');
    expect(slugify('a__b..c')).toBe('a-b-c');
  });

  it('falls back to "incident" when nothing is left', () => {
    expect(slugify('🔥🔥🔥')).toBe('incident');
    expect(slugify('   ')).toBe('incident');
    expect(slugify('日本語のタイトル')).toBe('incident');
    expect(incidentChannelName('', at, 'UTC')).toBe('inc-2026-11-23-incident');
  });

  it('keeps very long titles within 80 characters, cutting at a word boundary', () => {
    const title = 'the payment service is returning errors for every customer in every region '.repeat(3);
    const name = incidentChannelName(title, at, 'UTC');
    expect(name.length).toBeLessThanOrEqual(CHANNEL_NAME_MAX);
    expect(name).toMatch(/^inc-2026-11-23-the-payment-service[a-z0-9-]*[a-z0-9]$/);
    expect(name).not.toMatch(/--/);
  });

  it('numbers taken names -2, -3 and still fits the suffix within 80 characters', () => {
    expect(incidentChannelName('Checkout', at, 'UTC', 2)).toBe('inc-2026-11-23-checkout-2');
    const long = 'x'.repeat(200);
    const third = incidentChannelName(long, at, 'UTC', 3);
    expect(third.length).toBe(CHANNEL_NAME_MAX);
    expect(third.endsWith('-3')).toBe(true);
  });

  it('only ever produces characters Slack accepts', () => {
    for (const title of ['ÀÉÎÕÜ', 'a/b\\c', '💥 SEV1 💥', 'Ωmega – «quotes»', 'tab\tnew\nline']) {
      expect(incidentChannelName(title, at, 'UTC')).toMatch(/^[a-z0-9-]{1,80}$/);
    }
  });
});
