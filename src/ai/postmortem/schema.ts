import { z } from 'zod';

/**
 * What the model answers, as sent in `response_format` (strict Structured Outputs: every field
 * required, no maps). Lengths and counts are enforced after parsing, so a verbose model is trimmed
 * instead of failing the draft; ids are checked against the input by `verifyDraft`.
 */

export const EventCategory = z.enum([
  'detection',
  'escalation',
  'diagnosis',
  'evidence',
  'mitigation',
  'decision',
  'communication',
  'resolution',
  'other',
]);

/** Map pass: the moments of one chunk that belong in a postmortem timeline. */
export const ChunkEvents = z.object({
  events: z
    .array(
      z.object({
        eventId: z.string().describe('The "id" of the timeline item this is about, copied exactly.'),
        at: z.string().describe('The "at" of that item, copied exactly (ISO 8601).'),
        summary: z.string().describe('One neutral sentence: what happened, about systems and actions, naming no one.'),
        category: EventCategory,
      }),
    )
    .describe('Postmortem-worthy moments in time order; empty when the chunk is only chatter.'),
});
export type ChunkEvents = z.infer<typeof ChunkEvents>;

const Claim = z.object({
  text: z.string().describe('One or two sentences, blameless: system conditions and guardrail gaps.'),
  cites: z.array(z.string()).describe('eventId values from <events> that support it; at least one.'),
});

/** Reduce pass: the analytic sections, from the condensed events. */
export const PostmortemSections = z.object({
  summary: Claim.describe('One paragraph: what happened, who was affected, how it was resolved.'),
  rootCause: Claim.describe('The root cause as a system condition.'),
  fiveWhys: z.array(Claim).describe('From the user-visible symptom to the missing guardrail, up to five steps.'),
  contributingFactors: z.array(Claim),
  detectionHow: z.array(Claim).describe('How the problem was noticed.'),
  resolutionHow: z.array(Claim).describe('What fixed it and how recovery was confirmed.'),
  wentWell: z.array(Claim),
  wentWrong: z.array(Claim).describe('Gaps in tooling, process or information, never people.'),
  gotLucky: z.array(Claim),
  actionItems: z.array(
    z.object({
      type: z.enum(['prevent', 'detect', 'mitigate', 'process']),
      description: z.string().describe('A concrete change to a system or process.'),
      priority: z.enum(['P0', 'P1', 'P2']),
      validation: z.string().describe('How we will know it works.'),
      cites: z.array(z.string()).describe('eventId values that motivate it; at least one.'),
    }),
  ),
});
export type PostmortemSections = z.infer<typeof PostmortemSections>;
