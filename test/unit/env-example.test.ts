import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseEnv as parseDotEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Env, parseEnv } from '../../src/config/env.js';

/** .env.example is what an operator copies to .env: it lists every variable the app reads, each explained. */

const text = readFileSync(fileURLToPath(new URL('../../.env.example', import.meta.url)), 'utf8');
const lines = text.split('\n');

describe('.env.example', () => {
  it('lists exactly the variables src/config/env.ts reads', () => {
    expect(Object.keys(parseDotEnv(text)).sort()).toEqual(Object.keys(Env.shape).sort());
  });

  it('explains each one in a comment right above it', () => {
    const unexplained = lines
      .map((l, i) => [l, i] as const)
      .filter(([l, i]) => /^[A-Z_]+=/.test(l) && !/^#/.test(lines[i - 1] ?? ''))
      .map(([l]) => l);
    expect(unexplained).toEqual([]);
  });

  it('copied as is, starts from the defaults (every value empty, which counts as unset)', () => {
    const env = parseEnv(parseDotEnv(text));
    expect(env).toMatchObject({ PORT: 3000, LOG_LEVEL: 'info', FIREBREAK_DATA_DIR: './.firebreak' });
    expect(env.SLACK_BOT_TOKEN).toBeUndefined();
  });
});
