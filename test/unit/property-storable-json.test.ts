import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanJson, storableJson } from '../../src/domain/clean-text.js';
import { hostileText, PROPERTY_TIMEOUT, RUNS } from './property-support.js';

// Every UTF-16 code unit (lone surrogates included) and a dense run of C0/C1 controls, beside the hostile samples.
const controls = fc.string({ unit: fc.integer({ min: 0, max: 0xa0 }).map((n) => String.fromCharCode(n)) });
const text = fc.oneof(hostileText(4), fc.string({ unit: 'binary' }), controls);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(text, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('the inbox payload as stored (storableJson)', () => {
  it(
    'is exactly the cleaned payload serialised, whether or not the fast path was taken',
    () => {
      fc.assert(
        fc.property(json, (value) => {
          expect(storableJson(value)).toBe(JSON.stringify(cleanJson(value)));
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );
});
