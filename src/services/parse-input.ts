import type { z } from 'zod';
import { DomainError } from '../domain/errors.js';

/**
 * Parses a service's input; a failure is the user's mistake, told in one sentence (the schema's own
 * message, which names the limit), never "Something went wrong". A ZodError escaping a service
 * would be reported as a bug and logged with a stack.
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join('.') || 'the input';
  // Schemas give user-facing messages; zod's defaults ("Too big: expected …") only for internal fields.
  const sentence = /^(Too|Invalid)\b/.test(issue.message) ? `${field} is not valid: ${issue.message}.` : issue.message;
  throw new DomainError('VALIDATION', sentence, { field });
}
