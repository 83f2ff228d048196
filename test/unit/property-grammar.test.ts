import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { incidentChannelName, slugify } from '../../src/domain/channel-name.js';
import { parseCommand } from '../../src/domain/command.js';
import { TEXT_LIMITS } from '../../src/domain/limits.js';
import { hostileText, isOneSentence, maybeHuge, PROPERTY_TIMEOUT, RUNS } from './property-support.js';

const SUBCOMMANDS = [
  'declare',
  'ic',
  'comms',
  'ops',
  'scribe',
  'roles',
  'sev',
  'status',
  'update',
  'note',
  'analyze',
  'stop',
  'resolve',
  'reopen',
  'postmortem',
  'action',
  'list',
  'digest',
  'help',
  'frobnicate',
];
const WORD = fc.oneof(
  fc.constantFrom('sev1', 'SEV0', 'sev9', '--drill', '--false-alarm', '2026-12-07', '9999-12-31', '2026-02-30', 'P0'),
  fc.constantFrom('prevent', 'subscribe', 'unsubscribe', '<@U123|alice>', '<@UBOB>', '<#C1|ops>', '<#bad>', '1', '4'),
  fc.string({ maxLength: 8 }),
);
// A command line: a subcommand (or anything) and words, sometimes with a huge tail.
const commandText = fc
  .tuple(
    fc.oneof(fc.constantFrom(...SUBCOMMANDS), fc.string()),
    fc.array(WORD, { maxLength: 8 }),
    maybeHuge(hostileText()),
  )
  .map(([sub, words, tail]) => [sub, ...words, tail].join(' '));

describe('the /incident grammar, generated', () => {
  it(
    'never throws; refuses in one sentence; what it accepts is within the limits',
    () => {
      fc.assert(
        fc.property(fc.oneof(commandText, fc.string({ unit: 'binary' })), (text) => {
          const r = parseCommand(text);
          if (!r.ok) {
            expect(isOneSentence(r.error), r.error).toBe(true);
            return;
          }
          const c = r.command;
          if (c.kind === 'declare') expect(c.title.length).toBeLessThanOrEqual(TEXT_LIMITS.title);
          if (c.kind === 'note') expect(c.text.length).toBeLessThanOrEqual(TEXT_LIMITS.note);
          if (c.kind === 'update' && c.text) expect(c.text.length).toBeLessThanOrEqual(TEXT_LIMITS.update);
          if (c.kind === 'resolve' && c.summary) expect(c.summary.length).toBeLessThanOrEqual(TEXT_LIMITS.summary);
          if (c.kind === 'action') {
            expect(c.due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
            expect(c.text.length).toBeLessThanOrEqual(TEXT_LIMITS.actionItem);
          }
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('channel names, generated', () => {
  const zones = fc.constantFrom('UTC', 'Europe/Paris', 'America/Los_Angeles', 'Asia/Kathmandu', 'Pacific/Kiritimati');
  const instants = fc.date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T00:00:00Z'),
    noInvalidDate: true,
  });

  it(
    'are always inc-YYYY-MM-DD-slug: lowercase ASCII, digits, single hyphens, at most 80 characters',
    () => {
      fc.assert(
        fc.property(
          maybeHuge(hostileText(), 2_000),
          instants,
          zones,
          fc.integer({ min: 1, max: 60 }),
          (title, at, tz, n) => {
            const name = incidentChannelName(title, at, tz, n);
            expect(name.length).toBeLessThanOrEqual(80);
            expect(name).toMatch(/^inc-\d{4}-\d{2}-\d{2}-[a-z0-9]+(-[a-z0-9]+)*$/);
            if (n > 1) expect(name.endsWith(`-${n}`)).toBe(true);
          },
        ),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'slugs are stable: a slug slugifies to itself',
    () => {
      fc.assert(
        fc.property(hostileText(), (title) => {
          const slug = slugify(title);
          expect(slugify(slug)).toBe(slug);
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );
});
