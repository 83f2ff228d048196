import type { NamePerson } from '../../domain/postmortem/timeline-entries.js';
import type { PostmortemDraft, PostmortemInput } from '../../domain/postmortem/types.js';

/** Drafts with an LLM (src/ai/postmortem); absent without OPENAI_API_KEY, and the draft is deterministic. */
export interface PostmortemWriterPort {
  /** `person` names people in the recorded timeline's text (the chat's mention). */
  draft(input: PostmortemInput, opts: { person: NamePerson }): Promise<PostmortemDraft>;
}
