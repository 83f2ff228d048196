import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  confidenceText,
  daysSince,
  displayedConfidence,
  heldGates,
  heldSentence,
  type TrackRecord,
} from '../../src/domain/autonomy.js';
import { PROPERTY_TIMEOUT } from './property-support.js';

const NOW = new Date('2026-11-30T12:00:00Z');
const DEFAULTS = { minDays: 30, minVerified: 5, maxRegressionRate: 0.02 };
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const record = (over: Partial<TrackRecord> = {}): TrackRecord => ({
  executed: 20,
  verified: 19,
  regressed: 0,
  firstProposedAt: daysAgo(45),
  ...over,
});

describe('autonomy gates (ai.autonomy defaults: 30 days, 5 verified, under 2%)', () => {
  it('a record that meets every gate holds nothing back', () => {
    expect(heldGates(record(), DEFAULTS, NOW)).toEqual([]);
  });

  it('too young: the age gate says how many days it has and needs', () => {
    const held = heldGates(record({ firstProposedAt: daysAgo(12.5) }), DEFAULTS, NOW);
    expect(held).toEqual([{ gate: 'age', days: 12, needed: 30 }]);
    expect(heldSentence(held)).toBe('Not auto-approved: first proposed 12 days ago, 30 days needed.');
  });

  it('never proposed before, or today: less than a day', () => {
    expect(heldSentence(heldGates(record({ firstProposedAt: null }), DEFAULTS, NOW))).toBe(
      'Not auto-approved: first proposed less than a day ago, 30 days in service needed.',
    );
  });

  it('exactly 30 days and exactly 5 verified meet the gates (at least)', () => {
    expect(heldGates(record({ firstProposedAt: daysAgo(30), verified: 5, executed: 5 }), DEFAULTS, NOW)).toEqual([]);
  });

  it('too few verified executions', () => {
    expect(heldSentence(heldGates(record({ verified: 3, executed: 3 }), DEFAULTS, NOW))).toBe(
      'Not auto-approved: 3 of 5 verified executions needed.',
    );
  });

  it('a regression rate at or above the threshold holds it back; under it does not', () => {
    // 1 of 50 is exactly 2%: "under 2%" is not met.
    expect(heldSentence(heldGates(record({ executed: 50, verified: 49, regressed: 1 }), DEFAULTS, NOW))).toBe(
      'Not auto-approved: 1 of 50 executions regressed (2%), under 2% needed.',
    );
    expect(heldGates(record({ executed: 51, verified: 50, regressed: 1 }), DEFAULTS, NOW)).toEqual([]);
  });

  it('several gates: one sentence naming each, in the practices’ order', () => {
    const held = heldGates(
      record({ firstProposedAt: daysAgo(3), executed: 4, verified: 2, regressed: 2 }),
      DEFAULTS,
      NOW,
    );
    expect(held.map((g) => g.gate)).toEqual(['age', 'verified', 'regression']);
    expect(heldSentence(held)).toBe(
      'Not auto-approved: first proposed 3 days ago, 30 days needed; 2 of 5 verified executions needed; ' +
        '2 of 4 executions regressed (50%), under 2% needed.',
    );
  });

  it('thresholds of 0 let any record without a regression through', () => {
    const none = { minDays: 0, minVerified: 0, maxRegressionRate: 0 };
    expect(heldGates(record({ executed: 0, verified: 0, firstProposedAt: null }), none, NOW)).toEqual([]);
    expect(heldGates(record({ regressed: 1 }), none, NOW).map((g) => g.gate)).toEqual(['regression']);
  });

  it(
    'property: nothing is held exactly when every gate is met',
    () => {
      fc.assert(
        fc.property(
          fc.nat(400),
          fc.nat(60),
          fc.nat(60),
          fc.nat(60),
          fc.record({
            minDays: fc.nat(365),
            minVerified: fc.nat(50),
            maxRegressionRate: fc.double({ min: 0, max: 1, noNaN: true }),
          }),
          (age, executed, verifiedRaw, regressedRaw, t) => {
            const verified = Math.min(verifiedRaw, executed);
            const regressed = Math.min(regressedRaw, executed);
            const r = { executed, verified, regressed, firstProposedAt: daysAgo(age) };
            const met =
              daysSince(r.firstProposedAt, NOW) >= t.minDays &&
              verified >= t.minVerified &&
              (regressed === 0 || regressed / executed < t.maxRegressionRate);
            const held = heldGates(r, t, NOW);
            expect(held.length === 0).toBe(met);
            if (held.length) expect(heldSentence(held)).toMatch(/^Not auto-approved: [^\n]+\.$/);
          },
        ),
        { numRuns: 2_000 },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'property: more verified executions and more days never add a gate',
    () => {
      fc.assert(
        fc.property(
          fc.nat(100),
          fc.nat(20),
          fc.nat(10),
          fc.nat(50),
          fc.nat(20),
          (age, verified, more, extraDays, n) => {
            const base = record({ firstProposedAt: daysAgo(age), verified, executed: verified + n, regressed: 0 });
            const better = {
              ...base,
              verified: verified + more,
              executed: base.executed + more,
              firstProposedAt: daysAgo(age + extraDays),
            };
            const gates = (r: TrackRecord) => new Set(heldGates(r, DEFAULTS, NOW).map((g) => g.gate));
            for (const g of gates(better)) expect(gates(base).has(g)).toBe(true);
          },
        ),
        { numRuns: 2_000 },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('displayed confidence', () => {
  it('is the YAML prior, labelled, until the runbook was executed in the window', () => {
    const c = displayedConfidence({ executed: 0, verified: 0 }, 0.95);
    expect(c).toEqual({ source: 'prior', rate: 0.95 });
    expect(confidenceText(c)).toBe("95% (runbook's estimate; no record yet)");
    expect(displayedConfidence(undefined, 0.8).source).toBe('prior');
  });

  it('is the record once it has one: works in 19 of 20', () => {
    const c = displayedConfidence({ executed: 20, verified: 19 }, 0.5);
    expect(c).toEqual({ source: 'record', rate: 0.95, verified: 19, executed: 20 });
    expect(confidenceText(c)).toBe('works in 19 of 20 (95%, last 90 days)');
  });
});
