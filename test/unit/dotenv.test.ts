import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withDotEnv } from '../../src/config/dotenv.js';
import { ConfigError } from '../../src/config/env.js';

const dir = () => mkdtempSync(join(tmpdir(), 'fb-dotenv-'));

describe('.env loading', () => {
  it('fills in what the real environment does not set; the real environment wins, even when empty', () => {
    const path = join(dir(), '.env');
    writeFileSync(
      path,
      [
        '# comments and blank lines are fine',
        '',
        'SLACK_BOT_TOKEN=xoxb-from-the-file',
        'PORT=4000',
        'LOG_LEVEL="debug"',
        'SLACK_APP_TOKEN=xapp-from-the-file',
        'export OPENAI_MODEL=gpt-4o',
      ].join('\n'),
    );
    const env = withDotEnv({ PORT: '3001', SLACK_APP_TOKEN: '' }, path);
    expect(env).toMatchObject({
      SLACK_BOT_TOKEN: 'xoxb-from-the-file',
      PORT: '3001',
      LOG_LEVEL: 'debug',
      SLACK_APP_TOKEN: '',
      OPENAI_MODEL: 'gpt-4o',
    });
  });

  it('is the real environment unchanged when there is no file', () => {
    const real = { PORT: '3001' };
    expect(withDotEnv(real, join(dir(), '.env'))).toBe(real);
  });

  it('names an unreadable .env in one line', () => {
    const path = join(dir(), '.env');
    mkdirSync(path);
    expect(() => withDotEnv({}, path)).toThrow(ConfigError);
    expect(() => withDotEnv({}, path)).toThrow(/\.env exists but cannot be read \(EISDIR\)$/);
  });
});
