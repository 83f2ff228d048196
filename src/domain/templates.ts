/**
 * Status-update templates of docs/templates.md with `{placeholder}` slots. Operators may override them in
 * the config file; `unknownPlaceholders` lets start-up reject a typo instead of posting `{titel}`.
 */
export const PLACEHOLDERS = [
  'title',
  'ref',
  'severity',
  'status',
  'impact',
  'ic',
  'channel',
  'next_update',
  'service',
  'symptom',
  'duration',
  'summary',
  'root_cause',
  'postmortem',
  'changes',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateVars = Partial<Record<Placeholder, string>>;

export const DEFAULT_TEMPLATES = {
  internal: [
    '🔴 INCIDENT: {title}',
    'Severity: {severity}',
    'Impact: {impact}',
    'Status: {status}',
    'IC: {ic}',
    'Channel: {channel}',
    'Next update: {next_update}',
  ].join('\n'),
  customer: [
    '{service} - Investigating increased error rates',
    'We are currently investigating reports of {symptom}.',
    'Some users may experience {impact}.',
    'Our team is actively working on a resolution.',
    'We will provide an update within {next_update}.',
  ].join('\n'),
  resolution: [
    '✅ RESOLVED: {title}',
    'Duration: {duration}',
    'Impact: {impact}',
    'Root cause: {root_cause}',
    'Postmortem: {postmortem} (within 5 business days)',
  ].join('\n'),
} as const;
export type TemplateName = keyof typeof DEFAULT_TEMPLATES;

const SLOT = /\{([a-z_]+)\}/g;

export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(SLOT)].map((m) => m[1]!).filter((p) => !(PLACEHOLDERS as readonly string[]).includes(p));
}

/**
 * Fills the slots. A line whose every slot is missing is dropped (no `Next update: ` with nothing
 * after it for a SEV3), so one template serves every severity.
 */
export function renderTemplate(template: string, vars: TemplateVars): string {
  return template
    .split('\n')
    .filter((line) => {
      const slots = [...line.matchAll(SLOT)].map((m) => m[1] as Placeholder);
      return slots.length === 0 || slots.some((s) => vars[s] !== undefined && vars[s] !== '');
    })
    .map((line) => line.replace(SLOT, (_, p: Placeholder) => vars[p] ?? '—'))
    .join('\n');
}
