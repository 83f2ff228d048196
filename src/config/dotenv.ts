import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { ConfigError } from './env.js';

/**
 * The environment with `.env` underneath it, when the file exists: what `npm start` reads. A variable
 * set in the real environment wins over the file, even when it is set empty (`FOO= npm start` means
 * "no FOO", as in src/config/env.ts). Node's own parser (`util.parseEnv`, Node ≥ 20.12) reads the
 * file: the same syntax as `node --env-file`, no dependency. process.env itself is left untouched.
 */
export function withDotEnv(env: NodeJS.ProcessEnv, path = '.env'): NodeJS.ProcessEnv {
  if (!existsSync(path)) return env;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    // A directory or an unreadable file: say which, never what is in it.
    throw new ConfigError(`${path} exists but cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return { ...parseEnv(text), ...env };
}
