/**
 * `{{placeholder}}` handling for runbook text (diagnosis, action params, steps). A runbook's placeholders
 * are its *parameters*: the only values an engine (or a human) supplies. The names are an explicit
 * allow-list so a typo such as `{{servce}}` fails at start-up instead of reaching a webhook as literal braces.
 */

/** Placeholder names a runbook may use. Kept small on purpose: each one is a value an engine must justify. */
export const RUNBOOK_PARAMETERS = ['service', 'namespace', 'deployment'] as const;
export type RunbookParameter = (typeof RUNBOOK_PARAMETERS)[number];

/** A parameter value: lowercase, starts alphanumeric, no spaces or shell metacharacters, ≤ 100 chars. */
export const PARAM_VALUE = /^[a-z0-9][a-z0-9._-]*$/;
export const PARAM_VALUE_MAX = 100;

// Inner text is captured loosely so `{{ Service }}` or `{{svc}}` is reported as unknown, not ignored.
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

function isParameter(name: string): name is RunbookParameter {
  return (RUNBOOK_PARAMETERS as readonly string[]).includes(name);
}

/** Distinct placeholder names in `text`, known or not, in order of appearance. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** Why `text` is not a valid template (unknown placeholder, stray braces), or undefined when it is. */
export function templateProblem(text: string): string | undefined {
  const unknown = placeholdersIn(text).find((name) => !isParameter(name));
  if (unknown !== undefined)
    return `has an unknown placeholder {{${unknown}}}; use ${RUNBOOK_PARAMETERS.map((p) => `{{${p}}}`).join(', ')}`;
  const rest = text.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) return 'has an unmatched {{ or }}';
  return undefined;
}

/**
 * Fills placeholders by plain lookup in one pass: values are never evaluated and cannot introduce new
 * placeholders. Callers pass validated values; a missing one is a programming error.
 */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (_match, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined) throw new Error(`no value for placeholder {{${name}}}`);
    return value;
  });
}
