import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../config/env.js';
import { RunbookCatalog } from './catalog.js';
import { Runbook } from './runbook.js';

const RUNBOOK_FILE = /\.ya?ml$/;

/**
 * Reads and validates every `*.yml` / `*.yaml` in `dir` (not recursive) at start-up. Any problem throws
 * a ConfigError whose message is one line `<file>: <field> <problem>`, e.g.
 * `runbooks/disk.yml: resolution.action.executor must be webhook or dry-run`. An empty directory is a
 * valid, empty catalogue; a missing one is an error, since it is almost always a wrong `runbooks_dir`.
 */
export async function loadRunbooks(dir: string, knownServices: string[]): Promise<RunbookCatalog> {
  const files = await runbookFiles(dir);
  const seen = new Map<string, string>();
  const runbooks: Runbook[] = [];
  for (const file of files) {
    const runbook = parseRunbookText(await readFile(file, 'utf8'), file, knownServices);
    const first = seen.get(runbook.id);
    if (first) throw new ConfigError(`${file}: id ${runbook.id} is already defined in ${first}`);
    seen.set(runbook.id, file);
    runbooks.push(runbook);
  }
  return new RunbookCatalog(runbooks, knownServices);
}

/** Parses one runbook file's text; `where` names the file in error messages. */
export function parseRunbookText(text: string, where: string, knownServices: readonly string[]): Runbook {
  let raw: unknown;
  try {
    // logLevel: the loader reports problems as errors; YAML warnings would only add noise to stderr.
    raw = parseYaml(text, { logLevel: 'error' });
  } catch (err) {
    const detail = err instanceof YAMLParseError ? err.message.split('\n')[0] : String(err);
    throw new ConfigError(`${where}: not valid YAML (${detail})`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new ConfigError(`${where}: must be a YAML mapping with id, title, services, symptoms…`);
  const result = Runbook.safeParse(raw);
  if (!result.success) throw new ConfigError(`${where}: ${describeIssue(result.error.issues[0]!)}`);
  const runbook = result.data;
  const unknown = runbook.services.findIndex((s) => s !== '*' && !knownServices.includes(s));
  if (unknown >= 0) {
    const configured = knownServices.length ? knownServices.join(', ') : 'none';
    throw new ConfigError(
      `${where}: services.${unknown} ${runbook.services[unknown]} is not a configured service (configured: ${configured})`,
    );
  }
  return runbook;
}

async function runbookFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    names = entries.filter((e) => (e.isFile() || e.isSymbolicLink()) && RUNBOOK_FILE.test(e.name)).map((e) => e.name);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError(`runbooks_dir ${dir} does not exist`);
    if (code === 'ENOTDIR') throw new ConfigError(`runbooks_dir ${dir} is not a directory`);
    throw new ConfigError(`runbooks_dir ${dir} cannot be read (${code ?? String(err)})`);
  }
  // Sorted so "already defined in" always names the same file first, whatever the file system's order.
  return names.sort().map((name) => join(dir, name));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys')
    return `unknown key ${issue.keys.map((k) => (issue.path.length ? `${key}.${k}` : k)).join(', ')}`;
  return `${key} ${oneLine(issue.message)}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
