/**
 * Approximate token counts, for reporting prompt size (bench, logs) without shipping a tokenizer.
 *
 * Heuristic: split text the way the GPT BPE pre-tokenizers (cl100k / o200k) do — words with their
 * leading space, digit groups of at most three, runs of punctuation — then charge each piece what BPE
 * typically spends on it: a word is 1 token per 5 letters (common words are one token, long or rare
 * ones split), a digit group 1, punctuation 1 per 3 characters (`":"` is usually a single token).
 * Plain `chars / 4` is right for English prose but undercounts the JSON, ids and numbers a prompt is
 * full of; this stays close on prose and is nearer on those. It is an estimate, not a bill.
 */

// Mirrors the pre-tokenizer's pieces: contractions, letters, 1–3 digits, punctuation runs, whitespace.
const PIECE = /'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}{1,3}| ?[^\s\p{L}\p{N}]+|\s+/gu;

/** Estimated number of tokens in `text`. */
export function estimateTokens(text: string): number {
  let tokens = 0;
  for (const [piece] of text.matchAll(PIECE)) {
    const body = piece.trimStart();
    if (body.length === 0) {
      // A whitespace run (newline + indentation) is typically one token.
      tokens += 1;
    } else if (/^\p{L}/u.test(body)) {
      tokens += Math.ceil(body.length / 5);
    } else if (/^\p{N}/u.test(body)) {
      tokens += 1;
    } else {
      tokens += Math.ceil(body.length / 3);
    }
  }
  return tokens;
}

/** Chat Completions framing: each message costs a few tokens beyond its content, and the reply is primed. */
const PER_MESSAGE = 4;
const REPLY_PRIMING = 3;

/** Estimated prompt tokens of a list of chat messages with string content. */
export function estimateMessageTokens(messages: readonly { role: string; content: string }[]): number {
  return messages.reduce((sum, m) => sum + PER_MESSAGE + estimateTokens(m.content), REPLY_PRIMING);
}
