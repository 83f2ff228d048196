import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { ConfigError, type Env, parseEnv } from './env.js';
import { ConfigFile } from './file.js';

export interface Config {
  readonly env: Env;
  readonly file: ConfigFile;
  /** Where the file came from, for the start-up log line; `built-in defaults` when none. */
  readonly source: string;
}

/** Reads env + YAML once at start-up. Throws ConfigError with one printable line on any problem. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const env = parseEnv(source);
  const explicit = env.FIREBREAK_CONFIG;
  const path = explicit ?? (existsSync('./firebreak.yml') ? './firebreak.yml' : undefined);
  if (!path) return freeze({ env, file: parseConfigFile({}, 'built-in defaults'), source: 'built-in defaults' });
  if (!existsSync(path)) throw new ConfigError(`FIREBREAK_CONFIG points at ${path}, which does not exist`);
  return freeze({ env, file: parseConfigText(readFileSync(path, 'utf8'), path, source), source: path });
}

/**
 * Parses YAML text; `where` names the file in error messages. `${NAME}` in any value is replaced by
 * that environment variable (routing and API keys stay out of the file); a missing one is an error.
 */
export function parseConfigText(text: string, where: string, variables: NodeJS.ProcessEnv = {}): ConfigFile {
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (err) {
    const detail = err instanceof YAMLParseError ? err.message.split('\n')[0] : String(err);
    throw new ConfigError(`${where}: not valid YAML (${detail})`);
  }
  return parseConfigFile(interpolate(raw, variables, where, []), where);
}

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Replaces `${NAME}` in every string value. The error names the variable and the key, never a value. */
function interpolate(value: unknown, variables: NodeJS.ProcessEnv, where: string, path: string[]): unknown {
  if (typeof value === 'string')
    return value.replace(REFERENCE, (_, name: string) => {
      const found = variables[name];
      if (found === undefined || found === '')
        throw new ConfigError(`${where}: ${path.join('.') || '(top level)'} uses \${${name}}, but ${name} is not set`);
      return found;
    });
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, variables, where, [...path, String(i)]));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolate(v, variables, where, [...path, k])]),
    );
  return value;
}

export function parseConfigFile(raw: unknown, where: string): ConfigFile {
  const result = ConfigFile.safeParse(raw);
  if (result.success) return result.data;
  throw new ConfigError(`${where}: ${describeIssue(result.error.issues[0]!)}`);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.length ? issue.path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys')
    return `unknown key ${issue.keys.map((k) => `${key === '(top level)' ? '' : `${key}.`}${k}`).join(', ')}`;
  // Cross-field checks write whole sentences that name their own keys.
  if (!issue.path.length && issue.code === 'custom') return issue.message;
  return `${key} ${issue.message}`;
}

function freeze<T extends object>(value: T): T {
  for (const v of Object.values(value)) if (v && typeof v === 'object') freeze(v);
  return Object.freeze(value);
}
