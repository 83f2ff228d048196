import type { z } from 'zod';

/**
 * Turns the first zod issue into the one sentence a sender's operator reads in the HTTP 400 body:
 * `${expected}; "alerts[0].status" is "pending", not "firing" or "resolved".` Zod's own messages
 * ("Invalid input: expected array, received undefined") name neither the field nor the sender.
 */
export function invalidBody(expected: string, body: unknown, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue || issue.path.length === 0) return `${expected}; the body is ${kindOf(body)}, not a JSON object.`;
  const where = `"${formatPath(issue.path)}"`;
  const value = valueAt(body, issue.path);
  if (value === undefined) return `${expected}; ${where} is missing.`;
  switch (issue.code) {
    case 'invalid_type':
      return `${expected}; ${where} is ${kindOf(value)}, not ${withArticle(issue.expected)}.`;
    case 'invalid_value':
      return `${expected}; ${where} is ${JSON.stringify(value)}, not ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}.`;
    default:
      return `${expected}; ${where} is invalid (${issue.message}).`;
  }
}

/** A request body that is not even an object: the same sentence shape as the schema failures. */
export const notAnObject = (expected: string, body: unknown): string =>
  `${expected}; the body is ${kindOf(body)}, not a JSON object.`;

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return withArticle(typeof v);
}

/** Zod names a record "record"; senders know it as a JSON object. */
function withArticle(kind: string): string {
  const name = kind === 'record' ? 'object' : kind;
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}
