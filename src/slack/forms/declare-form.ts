import { z } from 'zod';
import { DECLARE_FIELDS } from '../ids.js';

/** The state of a submitted view: block_id → action_id → element state (Slack's shape). */
export type ViewStateValues = Record<string, Record<string, ViewElementState>>;
interface ViewElementState {
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
}

const DeclareForm = z.object({
  title: z
    .string({ error: 'Give the incident a title.' })
    .trim()
    .min(3, 'Give the incident a title of at least 3 characters.')
    .max(150, 'Keep the title under 150 characters.'),
  severity: z.coerce.number({ error: 'Pick a severity.' }).int().min(0).max(3),
  services: z.array(z.string()),
  impact: z.string().trim().max(2000, 'Keep the impact under 2000 characters.').optional(),
  description: z.string().trim().max(3000, 'Keep the description under 3000 characters.').optional(),
  isPrivate: z.boolean(),
  isDrill: z.boolean(),
});
export type DeclareForm = z.infer<typeof DeclareForm>;

const FIELD_BLOCK: Record<string, string> = {
  title: DECLARE_FIELDS.title,
  severity: DECLARE_FIELDS.severity,
  services: DECLARE_FIELDS.services,
  impact: DECLARE_FIELDS.impact,
  description: DECLARE_FIELDS.description,
};

/**
 * Reads the declare modal. Errors are keyed by block_id, which is what `response_action: errors`
 * needs to show them inline under the field, so a mistake never loses what the user typed.
 */
export function parseDeclareForm(
  values: ViewStateValues,
  knownServices: string[],
): { ok: true; form: DeclareForm } | { ok: false; errors: Record<string, string> } {
  const field = (id: string) => values[id]?.[id];
  const options = (field(DECLARE_FIELDS.options)?.selected_options ?? []).map((o) => o.value);
  const raw = {
    title: field(DECLARE_FIELDS.title)?.value ?? undefined,
    severity: field(DECLARE_FIELDS.severity)?.selected_option?.value,
    services: (field(DECLARE_FIELDS.services)?.selected_options ?? []).map((o) => o.value),
    impact: field(DECLARE_FIELDS.impact)?.value || undefined,
    description: field(DECLARE_FIELDS.description)?.value || undefined,
    isPrivate: options.includes('private'),
    isDrill: options.includes('drill'),
  };
  const result = DeclareForm.safeParse(raw);
  const errors: Record<string, string> = {};
  if (!result.success)
    for (const issue of result.error.issues) {
      const block = FIELD_BLOCK[String(issue.path[0])];
      if (block && !errors[block]) errors[block] = issue.message;
    }
  const unknown = raw.services.filter((s) => !knownServices.includes(s));
  if (unknown.length) errors[DECLARE_FIELDS.services] = `Unknown service: ${unknown.join(', ')}.`;
  if (Object.keys(errors).length || !result.success) return { ok: false, errors };
  return { ok: true, form: result.data };
}
