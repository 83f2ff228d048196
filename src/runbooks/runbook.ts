import { z } from 'zod';
import { parseDuration } from '../config/duration.js';
import type { ExecutorName } from '../remediation/executors/registry.js';
import { symptomProblem } from './runbook-symptoms.js';
import { placeholdersIn, templateProblem } from './runbook-template.js';

/**
 * A runbook in the format of docs/runbooks.md: the only remediations Firebreak can propose. Unknown keys
 * are errors so a typo (`auto_aprove`) cannot silently fall back to a default.
 */

// `satisfies` keeps the YAML's executor names inside the executor registry's at compile time.
const EXECUTORS = ['webhook', 'dry-run'] as const satisfies readonly ExecutorName[];
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A custom message, except that a missing key says so instead of "must be …". */
function says(message: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message) };
}

const Text = z.string(says('must be a string')).trim().min(1, 'must not be empty');

/** Text that may contain `{{placeholders}}`; unknown names and stray braces are refused here. */
const Templated = z
  .string({
    // Unquoted `{{service}}` is a YAML flow mapping, not text: the likeliest mistake, so say how to fix it.
    error: (issue) =>
      issue.input === undefined
        ? 'is required'
        : typeof issue.input === 'object'
          ? 'must be a string; quote values containing {{placeholders}} in YAML'
          : 'must be a string',
  })
  .trim()
  .min(1, 'must not be empty')
  .superRefine((text, ctx) => {
    const problem = templateProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const Action = z.strictObject({
  executor: z.enum(EXECUTORS, says('must be webhook or dry-run')),
  name: z.string(says('must be a string')).regex(KEBAB, 'must be kebab-case, like restart-deployment'),
  params: z
    .record(z.string().regex(/^[a-z][a-z0-9_]*$/), Templated, {
      error: (issue) =>
        issue.input === undefined
          ? 'is required'
          : issue.code === 'invalid_key'
            ? 'is not a valid parameter name (lowercase letters, digits or _)'
            : 'must be a mapping',
    })
    .default({}),
});
export type RunbookAction = z.infer<typeof Action>;

const Services = z
  .array(
    z.string(says('must be a string')).regex(/^(\*|[a-z0-9][a-z0-9_-]*)$/, 'must be "*" or a service name'),
    says('must be a list such as ["*"] or ["payments"]'),
  )
  .min(1, 'must list at least one service, or "*"')
  .refine((names) => !names.includes('*') || names.length === 1, 'must be ["*"] alone or a list of service names');

const Symptom = Text.max(200, 'must be at most 200 characters')
  // A symptom with no word in it would match nothing; a 1–2 letter one would match everything.
  .refine((s) => s.length >= 3 && /[a-z0-9]/i.test(s), 'must be at least 3 characters with a letter or digit')
  .superRefine((symptom, ctx) => {
    const problem = symptomProblem(symptom);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** `1h`, `10m`, `30s`: how long a verification may take or must hold. Kept as written (parse with `parseDuration`). */
const Span = z
  .string(says('must be a duration such as 10m'))
  .refine((text) => (parseDuration(text) ?? 0) > 0, 'must be a duration such as 30s, 10m or 1h');

const HEALTHY = /^\s*([<>])\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/i;

/** `"< 0.01"` → `{ op: '<', threshold: 0.01 }`: which side is healthy, and so which way is worse. */
export function parseHealthy(text: string): { op: '<' | '>'; threshold: number } | undefined {
  const m = HEALTHY.exec(text);
  return m ? { op: m[1] as '<' | '>', threshold: Number(m[2]) } : undefined;
}

const Healthy = z
  .string(says('must be "< N" or "> N", like "< 0.01"'))
  .refine((text) => parseHealthy(text) !== undefined, 'must be "< N" or "> N", like "< 0.01"');

/** A PromQL query with `{{placeholders}}` (the parameter values are slugs, so they cannot break out of quotes). */
const Query = Templated.pipe(z.string().max(2000, 'must be at most 2000 characters'));

const Evidence = z.strictObject({
  name: Text.max(80, 'must be at most 80 characters'),
  query: Query,
  unit: z
    .string(says('must be a unit such as ratio, bytes, seconds, percent or count'))
    .regex(/^[a-z][a-z0-9_/]{0,19}$/, 'must be a short unit such as ratio, bytes, seconds, percent or count'),
});
export type RunbookEvidence = z.infer<typeof Evidence>;

const Verify = z
  .strictObject({ query: Query, healthy: Healthy, within: Span, hold: Span }, says('must be a mapping'))
  .refine((v) => (parseDuration(v.hold) ?? 0) < (parseDuration(v.within) ?? 0), {
    message: 'must be shorter than within',
    path: ['hold'],
  });
export type RunbookVerify = z.infer<typeof Verify>;

export const Runbook = z
  .strictObject({
    id: z.string(says('must be a string')).max(64, 'must be at most 64 characters').regex(KEBAB, 'must be kebab-case'),
    title: Text.max(200, 'must be at most 200 characters'),
    services: Services,
    symptoms: z.array(Symptom, says('must be a list of strings')).min(1, 'must list at least one symptom'),
    diagnosis: z
      .array(z.strictObject({ step: Templated, command: Templated, expected: Templated }), says('must be a list'))
      .min(1, 'must list at least one step'),
    resolution: z.strictObject(
      {
        action: Action,
        steps: z.array(Templated, says('must be a list of strings')).min(1, 'must list at least one step'),
      },
      says('must be a mapping'),
    ),
    rollback: z.strictObject({ action: Action }, says('must be a mapping')).optional(),
    prevention: Text,
    confidence: z
      .number(says('must be a number between 0 and 1'))
      .min(0, 'must be between 0 and 1')
      .max(1, 'must be between 0 and 1'),
    blast_radius: z.enum(['low', 'medium', 'high'], says('must be low, medium or high')),
    reversibility: z.enum(
      ['instant', 'minutes', 'hours', 'irreversible'],
      says('must be instant, minutes, hours or irreversible'),
    ),
    auto_approve: z.boolean(says('must be true or false')).default(false),
    evidence: z
      .array(Evidence, says('must be a list of { name, query, unit }'))
      .max(5, 'must list at most 5 queries')
      .optional(),
    verify: Verify.optional(),
  })
  .superRefine((runbook, ctx) => {
    // docs/domain.md: default to approval. Never let a runbook skip a human when it cannot be undone or hits widely.
    if (runbook.auto_approve && (runbook.reversibility === 'irreversible' || runbook.blast_radius === 'high'))
      ctx.addIssue({
        code: 'custom',
        path: ['auto_approve'],
        message: 'cannot be true for an irreversible or high-blast-radius runbook',
      });
  });
export type Runbook = z.infer<typeof Runbook>;

/** Every text of a runbook where placeholders are filled. Rendering and parameter discovery share this list. */
export function templatedTexts(runbook: Runbook): string[] {
  return [
    ...runbook.diagnosis.flatMap((d) => [d.step, d.command, d.expected]),
    ...Object.values(runbook.resolution.action.params),
    ...runbook.resolution.steps,
    ...Object.values(runbook.rollback?.action.params ?? {}),
    ...(runbook.evidence ?? []).map((e) => e.query),
    ...(runbook.verify ? [runbook.verify.query] : []),
  ];
}

/** The runbook's parameters: the distinct placeholder names it uses, sorted. */
export function runbookParameters(runbook: Runbook): string[] {
  return [...new Set(templatedTexts(runbook).flatMap(placeholdersIn))].sort();
}
