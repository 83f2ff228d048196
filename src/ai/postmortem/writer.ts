import type OpenAI from 'openai';
import type { PostmortemDraft, PostmortemInput } from '../../domain/postmortem/types.js';
import { draftWithModel } from './draft-with-model.js';

/** The LLM postmortem writer, bound to a client, a model and the token budget (the services' PostmortemWriterPort). */
export function createPostmortemWriter(args: { client: OpenAI; model: string; budgetTokens: number }): {
  draft(input: PostmortemInput): Promise<PostmortemDraft>;
} {
  return { draft: (input) => draftWithModel(input, args) };
}
