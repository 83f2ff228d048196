import type { PostmortemDraft, PostmortemInput } from '../../domain/postmortem/types.js';

/** Drafts with an LLM (src/ai/postmortem); absent without OPENAI_API_KEY, and the draft is deterministic. */
export interface PostmortemWriterPort {
  draft(input: PostmortemInput): Promise<PostmortemDraft>;
}
