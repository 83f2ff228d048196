import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { Logger } from '../observability/logger.js';
import type { ServiceDeps } from '../services/deps.js';
import { type PublicStatus, readStatusPage, statusPageVersion } from '../services/status-page/read-status-page.js';
import { renderStatusFeed, renderStatusHtml, STYLE_HASH, statusJson } from './status-page/render.js';

interface Representation {
  path: string;
  type: string;
  render: (status: PublicStatus) => string;
}

const HEADERS = {
  // Revalidated on every view (a status page must never show a stale incident), answered 304 when unchanged.
  'cache-control': 'public, no-cache',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * `GET /status`, `/status.json`, `/status/feed.atom`: the public status page, rendered from the
 * database. Each request costs one aggregate query while nothing new was published: the rendered
 * body is kept per version (publications and today's date), with an ETag for conditional requests.
 */
export function statusPageRoutes(args: { services: ServiceDeps; logger: Logger }): CustomRoute[] {
  const logger = args.logger.child({ module: 'status-page' });
  const csp = `default-src 'none'; style-src '${STYLE_HASH}'; img-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
  const representations: Representation[] = [
    { path: '/status', type: 'text/html; charset=utf-8', render: renderStatusHtml },
    { path: '/status.json', type: 'application/json; charset=utf-8', render: (s) => JSON.stringify(statusJson(s)) },
    { path: '/status/feed.atom', type: 'application/atom+xml; charset=utf-8', render: renderStatusFeed },
  ];
  const cache = new Map<string, { version: string; etag: string; body: string }>();

  async function serve(rep: Representation, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const version = await statusPageVersion(args.services);
    let entry = cache.get(rep.path);
    if (entry?.version !== version) {
      const body = rep.render(await readStatusPage(args.services));
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      entry = { version, etag, body };
      cache.set(rep.path, entry);
    }
    const headers = {
      ...HEADERS,
      etag: entry.etag,
      ...(rep.path === '/status' && { 'content-security-policy': csp }),
    };
    if (matches(req.headers['if-none-match'], entry.etag)) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': rep.type, 'content-length': Buffer.byteLength(entry.body) });
    res.end(req.method === 'HEAD' ? undefined : entry.body);
  }

  return representations.map((rep) => ({
    path: rep.path,
    method: ['GET', 'HEAD'],
    handler: (req, res) =>
      void serve(rep, req, res).catch((err) => {
        logger.error({ err, path: rep.path }, 'the status page could not be rendered');
        if (!res.headersSent) {
          res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' });
          res.end('The status page is unavailable for a moment; try again shortly.\n');
        }
      }),
  }));
}

function matches(header: string | string[] | undefined, etag: string): boolean {
  if (!header) return false;
  const tags = (Array.isArray(header) ? header.join(',') : header).split(',').map((t) => t.trim().replace(/^W\//, ''));
  return tags.includes(etag) || tags.includes('*');
}
