import fc from 'fast-check';

/** 10,000 generated inputs per property (issue 12 §5); each file still runs in a few seconds. */
export const RUNS = { numRuns: 10_000 } as const;

/**
 * Per-test timeout of a property: a few seconds on an idle machine, but 10,000 runs must not turn
 * into a failure when the whole suite shares two loaded cores. Not a time assertion.
 */
export const PROPERTY_TIMEOUT = 300_000;

/** Slack markup and characters that have broken messages or pinged people, mixed into generated text. */
export const HOSTILE = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@UBOB>',
  '<@UBOB|bob>',
  '<#C123|ops>',
  '<https://evil.example|click>',
  '<https://evil.example>',
  '*bold*',
  '_it_',
  '~s~',
  '`code`',
  '```block```',
  '> quote',
  '&amp;',
  '&lt;',
  '&',
  '<',
  '>',
  '|',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\r\n',
  '\u202e',
  '\ud800',
  '🔥',
  'é',
  '{title}',
  ' ',
];

/** Text built from hostile pieces and arbitrary strings (including lone surrogates and control characters). */
export const hostileText = (maxPieces = 12): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 12 }), fc.string()), {
      maxLength: maxPieces,
    })
    .map((parts) => parts.join(''));

/** Sometimes very long: the 40,000-character note of the issue. */
export const maybeHuge = (text: fc.Arbitrary<string>, size = 40_000): fc.Arbitrary<string> =>
  fc.oneof({ weight: 20, arbitrary: text }, { weight: 1, arbitrary: text.map((t) => `${t}${'x'.repeat(size)}`) });

/** A refusal is one sentence: not empty, one line, ends with a full stop, short enough to read. */
export function isOneSentence(text: string): boolean {
  return text.trim().length > 0 && !text.includes('\n') && /[.!?]$/.test(text.trim()) && text.length <= 600;
}

/** Markup that pings people or forms a link nobody typed. */
export const PINGS = /<!(channel|here|everyone)\b|<https?:|<mailto:/;
