import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { ConfigFile } from '../../src/config/file.js';
import { loadConfig } from '../../src/config/load.js';

/**
 * firebreak.example.yml is what a new operator copies: it must load with the real loader, show every key
 * the schema accepts (a key added to src/config/file.ts without an example fails here), and say what each
 * key does in a comment on its line or right above it.
 */

const PATH = fileURLToPath(new URL('../../firebreak.example.yml', import.meta.url));
const text = readFileSync(PATH, 'utf8');
const lines = text.split('\n');

/** Every key path the schema accepts: `services[].risk`, `digest.channels[].team`… (free-form records end a path). */
function schemaKeys(schema: z.core.$ZodType, prefix = ''): string[] {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.core.$ZodType>;
      return Object.entries(shape).flatMap(([k, v]) => {
        const path = prefix ? `${prefix}.${k}` : k;
        return [path, ...schemaKeys(v, path)];
      });
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
      return schemaKeys(def.innerType as z.core.$ZodType, prefix);
    case 'pipe':
      return schemaKeys(def.in as z.core.$ZodType, prefix);
    case 'array':
      return schemaKeys(def.element as z.core.$ZodType, `${prefix}[]`);
    case 'union':
      return [...new Set((def.options as z.core.$ZodType[]).flatMap((o) => schemaKeys(o, prefix)))];
    default:
      return [];
  }
}

/** Key path → line (0-based) of its first appearance in the example. */
function exampleKeys(): Map<string, number> {
  const doc = parseDocument(text);
  const found = new Map<string, number>();
  visit(doc, {
    Pair(_, pair, ancestors) {
      if (!isScalar(pair.key)) return;
      const parts: string[] = [];
      for (const [i, node] of ancestors.entries()) {
        const next = ancestors[i + 1];
        if (isPair(node) && isScalar(node.key)) parts.push(String(node.key.value));
        if (isSeq(node) && next && isMap(next)) parts[parts.length - 1] += '[]';
      }
      const path = [...parts, String(pair.key.value)].join('.');
      const line = text.slice(0, pair.key.range?.[0] ?? 0).split('\n').length - 1;
      if (!found.has(path)) found.set(path, line);
    },
  });
  return found;
}

const commentedOut = (leaf: string) => lines.some((l) => new RegExp(`^\\s*#\\s*(- )?${leaf}:`).test(l));
/** A comment on the key's line, right above it, or (for a section header) right below it. */
const explained = (line: number) =>
  lines[line]!.includes(' # ') || /^\s*#/.test(lines[line - 1] ?? '') || /^\s*#/.test(lines[line + 1] ?? '');

describe('firebreak.example.yml', () => {
  it('loads with the real configuration loader', () => {
    const config = loadConfig({ FIREBREAK_CONFIG: PATH });
    expect(config.source).toBe(PATH);
    expect(config.file.services.map((s) => s.name)).toEqual(['payments', 'search', 'analytics']);
    expect(config.file.severities.sev1.update_every).toBe(15 * 60_000);
  });

  it('shows every key of the configuration schema', () => {
    const keys = schemaKeys(ConfigFile);
    expect(keys).toEqual(expect.arrayContaining(['timezone', 'services[].risk', 'digest.channels[].team']));
    const shown = exampleKeys();
    const missing = keys.filter((k) => !shown.has(k) && !commentedOut(k.split('.').at(-1)!.replace('[]', '')));
    expect(missing).toEqual([]);
    for (const top of Object.keys(ConfigFile.shape)) expect(shown.has(top), top).toBe(true);
  });

  it('explains every key in a comment on its line or just above it', () => {
    const unexplained = [...exampleKeys()].filter(([, line]) => !explained(line)).map(([k]) => k);
    expect(unexplained).toEqual([]);
  });
});
