/**
 * Request body handling. Slack's Web API takes form-encoded or JSON bodies (and multipart for uploads);
 * @slack/web-api sends form encoding with nested values JSON-stringified, which handlers unpack lazily.
 */
import type { IncomingMessage } from 'node:http';

/** Reads the whole request body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses a multipart/form-data body with the platform's own parser (undici), avoiding a dependency. */
export async function parseMultipart(raw: Buffer, contentType: string): Promise<FormData> {
  return new Response(raw, { headers: { 'content-type': contentType } }).formData();
}

/**
 * Turns a Web API request into an argument record: query string first, body fields override.
 * Throws on a malformed JSON or multipart body.
 */
export async function parseApiArgs(
  raw: Buffer,
  contentType: string,
  query: URLSearchParams,
): Promise<Record<string, unknown>> {
  const args: Record<string, unknown> = Object.fromEntries(query);
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (raw.length === 0) return args;
  if (type === 'application/json') {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('JSON body must be an object');
    return { ...args, ...(parsed as Record<string, unknown>) };
  }
  if (type === 'multipart/form-data') {
    const form = await parseMultipart(raw, contentType);
    for (const [key, value] of form)
      args[key] = typeof value === 'string' ? value : Buffer.from(await value.arrayBuffer());
    return args;
  }
  // Slack treats anything else as form encoding, which is also what @slack/web-api sends.
  for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) args[key] = value;
  return args;
}
