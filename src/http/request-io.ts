import type { IncomingMessage, ServerResponse } from 'node:http';

/** The largest webhook body Firebreak reads; anything bigger is refused with 413 before it is stored. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The raw body (signatures are over the exact bytes), or undefined past the size limit. */
export async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Header names in lower case, repeated headers joined: what the signature verifiers read. */
export function lowerHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  return out;
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** An error answer: `{ "error": "<one sentence>" }`. */
export const reply = (res: ServerResponse, status: number, error: string): void => json(res, status, { error });
