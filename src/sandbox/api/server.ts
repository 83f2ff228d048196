/**
 * The emulator's HTTP front: `/api/<method>` (Web API), `/upload/<fileId>` (file bytes) and
 * `/response/<id>` (response_urls). Everything else is a 404, like an unknown Slack URL.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { EmulatorCore } from '../core.js';
import { parseApiArgs, readBody } from './body.js';
import { dispatch } from './dispatch.js';
import { handleResponseUrl } from './response-url-endpoint.js';
import { handleUpload } from './upload-endpoint.js';

/** Creates (does not start) the emulator HTTP server. */
export function createEmulatorServer(core: EmulatorCore): Server {
  return createServer((req, res) => {
    route(core, req, res).catch((error: unknown) => {
      core.violation(`[emulator bug] ${req.method} ${req.url} crashed: ${(error as Error)?.stack ?? String(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal_error');
    });
  });
}

async function route(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const raw = await readBody(req);
  const contentType = req.headers['content-type'] ?? '';
  const [, root, id, extra] = url.pathname.split('/');
  if (root === 'api' && id && extra === undefined && (req.method === 'POST' || req.method === 'GET')) {
    let args: Record<string, unknown> = {};
    let parseError: string | undefined;
    try {
      args = await parseApiArgs(raw, contentType, url.searchParams);
    } catch (error) {
      parseError = (error as Error).message;
    }
    const answer = dispatch(core, { method: id, args, authorization: req.headers.authorization, parseError });
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
    res.end(JSON.stringify(answer.body));
    return;
  }
  if (root === 'upload' && id && req.method === 'POST') {
    return send(res, await handleUpload(core, id, raw, contentType));
  }
  if (root === 'response' && id && req.method === 'POST') {
    return send(res, handleResponseUrl(core, id, raw));
  }
  send(res, { status: 404, body: 'Not Found' });
}

function send(res: ServerResponse, answer: { status: number; body: string }): void {
  const type = answer.body.startsWith('{') ? 'application/json' : 'text/plain';
  res.writeHead(answer.status, { 'content-type': `${type}; charset=utf-8` });
  res.end(answer.body);
}
