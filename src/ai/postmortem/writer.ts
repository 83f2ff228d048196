import type OpenAI from 'openai';
import type { PostmortemWriterPort } from '../../services/postmortem/ports.js';
import { draftWithModel } from './draft-with-model.js';

/** The LLM postmortem writer the services see, bound to a client, a model and the token budget. */
export function createPostmortemWriter(args: {
  client: OpenAI;
  model: string;
  budgetTokens: number;
}): PostmortemWriterPort {
  return { draft: (input) => draftWithModel(input, args) };
}
