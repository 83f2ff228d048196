import { z } from 'zod';

/**
 * The answer the model must give, as sent in `response_format` (strict Structured Outputs).
 *
 * `params` travels as a list of `{ name, value }` pairs: strict mode requires every object to have
 * fixed properties and `additionalProperties: false`, so a map (`Record<string, string>`) is refused
 * by the API (and by `zodResponseFormat`). `paramsFromPairs` turns the list back into the record the
 * rest of Firebreak uses. Ranges (confidence 0..1, at most 3 proposals) are enforced after parsing,
 * not here, so an over-eager model is trimmed rather than failing the whole analysis.
 */
export const ModelAnswerSchema = z.object({
  hypotheses: z
    .array(
      z.object({
        cause: z.string().describe('The suspected cause, one sentence.'),
        evidence: z.array(z.string()).describe('ids of timeline items that support it'),
        confidence: z.number().describe('0 to 1'),
      }),
    )
    .describe('Likely causes, most likely first.'),
  proposals: z
    .array(
      z.object({
        runbook_id: z.string().describe('Exact id of a runbook from <runbook_catalogue>.'),
        params: z
          .array(z.object({ name: z.string(), value: z.string() }))
          .describe("One entry per parameter listed in the runbook's parameters."),
        hypothesis: z.string().describe('The cause this remediation addresses.'),
        evidence: z.array(z.string()).describe('ids of timeline items that support it'),
        confidence: z.number().describe('0 to 1'),
      }),
    )
    .describe('Remediations from the catalogue, best first; empty when none fits.'),
});

/** The model's answer as parsed, before the catalogue and the context are checked. */
export type ModelAnswer = z.infer<typeof ModelAnswerSchema>;

/** The parameter pairs as a record; `undefined` when a name is given twice with different values. */
export function paramsFromPairs(pairs: readonly { name: string; value: string }[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const { name, value } of pairs) {
    if (Object.hasOwn(params, name) && params[name] !== value) return undefined;
    params[name] = value;
  }
  return params;
}
