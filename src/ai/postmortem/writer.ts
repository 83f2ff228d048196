import type OpenAI from 'openai';
import type { NamePerson } from '../../domain/postmortem/timeline-entries.js';
import type { PostmortemDraft, PostmortemInput } from '../../domain/postmortem/types.js';
import { draftWithModel } from './draft-with-model.js';

/** The LLM postmortem writer, bound to a client, a model and the token budget (the services' PostmortemWriterPort). */
export function createPostmortemWriter(args: { client: OpenAI; model: string; budgetTokens: number }): {
  draft(input: PostmortemInput, opts: { person: NamePerson }): Promise<PostmortemDraft>;
} {
  return { draft: (input, { person }) => draftWithModel(input, { ...args, person }) };
}
