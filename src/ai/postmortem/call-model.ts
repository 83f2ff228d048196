import type OpenAI from 'openai';
import type { AutoParseableResponseFormat } from 'openai/lib/parser';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { classifyModelError, invalidAnswer, ModelUnavailableError, retryWait } from '../model-failure.js';
import { estimateTokens } from '../tokens.js';

// A 429's Retry-After is honoured up to this; longer means the quota is gone for this draft.
const FALLBACK = 'the postmortem is drafted from the timeline alone';

/**
 * One chat request as sent: what is counted is exactly what goes over the wire. The format comes
 * from `zodResponseFormat`, so the SDK validates the answer with the zod schema while parsing.
 */
export interface ModelRequest<T = unknown> {
  model: string;
  messages: ChatCompletionMessageParam[];
  response_format: AutoParseableResponseFormat<T>;
}

/**
 * Estimated input tokens of a request: the JSON body as sent, schema included (OpenAI bills the
 * response schema as prompt). Escaping makes this a little above the real count, which is the safe
 * side for a budget.
 */
export const requestTokens = (body: ModelRequest): number => estimateTokens(JSON.stringify(body));

export interface CallContext {
  client: OpenAI;
  timeoutMs: number;
  /** Called before every attempt (retries too), so the caller counts every token sent. */
  onSend(tokens: number): void;
}

/**
 * Sends one structured-output request, retrying once on timeout, connection error, 429 or 5xx, and
 * returns the parsed answer.
 * @throws ModelUnavailableError with a sentence for the channel when no usable answer came.
 */
export async function callStructured<T>(ctx: CallContext, body: ModelRequest<T>, tokens: number): Promise<T> {
  const request = () => {
    ctx.onSend(tokens);
    return ctx.client.chat.completions.parse(body, { timeout: ctx.timeoutMs, maxRetries: 0 });
  };
  let completion: Awaited<ReturnType<typeof request>>;
  try {
    completion = await request();
  } catch (first) {
    const failure = classifyModelError(first, ctx.timeoutMs, FALLBACK);
    if (!failure.retry) throw failure.error;
    await new Promise((resolve) => setTimeout(resolve, retryWait(first)));
    try {
      completion = await request();
    } catch (second) {
      throw classifyModelError(second, ctx.timeoutMs, FALLBACK).error;
    }
  }
  const message = completion.choices[0]?.message;
  if (message?.refusal)
    throw new ModelUnavailableError('refused', `The AI model declined to draft the postmortem; ${FALLBACK}.`);
  if (!message?.parsed) throw invalidAnswer(FALLBACK);
  return message.parsed;
}
