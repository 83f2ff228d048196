/**
 * Loads the Slack specification data copied into `./specs/` (see specs/README.md for provenance).
 *
 * The emulator is only honest if it is bound to Slack's own description of each method: the spec's
 * `args.required` decides what counts as a missing argument, and its `errors` list is the only set of
 * error codes the emulator is allowed to answer. Files are read lazily and cached.
 */
import { existsSync, readFileSync } from 'node:fs';

/** The parts of a slack-api-ref method file the emulator relies on. */
export interface MethodSpec {
  args: { required?: string[]; properties?: Record<string, unknown> };
  errors: Record<string, { desc: string }>;
}

/** Block Kit limits as extracted from python-slack-sdk (class name → `<field>_max_length` numbers). */
export interface BlockKitLimitsFile {
  classes: Record<string, Record<string, string | number>>;
}

/**
 * Errors Slack may answer for any method (documented once on every method page as "common errors")
 * rather than in each method's list. Nothing outside this list and the method's own list may be emitted.
 */
export const GENERIC_ERRORS: readonly string[] = [
  'invalid_auth',
  'not_authed',
  'ratelimited',
  'invalid_arguments',
  'missing_argument',
  'unknown_method',
  'internal_error',
  'fatal_error',
  'request_timeout',
  'invalid_form_data',
];

// Under tsx/vitest this file lives next to specs/. Compiled into dist/sandbox/, the folder is only there if the
// build copied it; otherwise fall back to the source checkout (dist/sandbox → ../../src/sandbox/specs).
const SPEC_DIRS = [new URL('./specs/', import.meta.url), new URL('../../src/sandbox/specs/', import.meta.url)];

function readSpecFile(relative: string): unknown {
  for (const dir of SPEC_DIRS) {
    const url = new URL(relative, dir);
    if (existsSync(url)) return JSON.parse(readFileSync(url, 'utf8'));
  }
  throw new Error(`sandbox spec file not found: specs/${relative} (did the build copy src/sandbox/specs?)`);
}

const methodCache = new Map<string, MethodSpec>();

/** The spec of a Web API method; throws if the method has no spec file (i.e. the emulator does not know it). */
export function methodSpec(method: string): MethodSpec {
  let spec = methodCache.get(method);
  if (!spec) {
    if (!/^[a-zA-Z.]+$/.test(method)) throw new Error(`invalid method name: ${method}`);
    spec = readSpecFile(`methods/${method}.json`) as MethodSpec;
    methodCache.set(method, spec);
  }
  return spec;
}

/** Required arguments of a method, without `token` (which is checked separately as authentication). */
export function requiredArgs(method: string): string[] {
  return (methodSpec(method).args.required ?? []).filter((name) => name !== 'token');
}

/** Every error code the emulator may answer for `method`: the spec's own list plus {@link GENERIC_ERRORS}. */
export function allowedErrors(method: string): Set<string> {
  return new Set([...Object.keys(methodSpec(method).errors), ...GENERIC_ERRORS]);
}

/** Whether `error` is something Slack documents for `method`. */
export function isAllowedError(method: string, error: string): boolean {
  return allowedErrors(method).has(error);
}

/**
 * The error Slack answers for a missing required argument. Methods document one of the two names (or
 * neither, in which case Slack's generic `invalid_arguments` applies).
 */
export function missingArgumentError(method: string): 'missing_argument' | 'invalid_arguments' {
  const errors = methodSpec(method).errors;
  if ('missing_argument' in errors) return 'missing_argument';
  return 'invalid_arguments';
}

let limitsCache: BlockKitLimitsFile | undefined;

/** The raw Block Kit limits file. */
export function blockKitLimitsFile(): BlockKitLimitsFile {
  limitsCache ??= readSpecFile('blockkit-limits.json') as BlockKitLimitsFile;
  return limitsCache;
}
