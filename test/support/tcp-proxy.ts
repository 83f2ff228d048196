import { createConnection, createServer, type Server, type Socket } from 'node:net';

type Target = { host: string; port: number } | { path: string };

/**
 * A TCP proxy in front of PostgreSQL that a test can stop (every connection cut, new ones refused) and
 * start again on the same port: the database "goes away and comes back" for the app behind it only.
 * The server may listen on TCP (DATABASE_URL) or on a Unix socket (the embedded server).
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: Target) {}

  /** A proxy to the server a PostgreSQL URL names (`?host=/dir` is libpq's Unix socket directory). */
  static to(url: string): TcpProxy {
    const u = new URL(url);
    const port = Number(u.port || 5432);
    const dir = u.searchParams.get('host');
    return new TcpProxy(dir?.startsWith('/') ? { path: `${dir}/.s.PGSQL.${port}` } : { host: u.hostname, port });
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = createConnection(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** `url` with its host and port replaced by the proxy's. */
  through(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    u.searchParams.delete('host');
    return u.toString();
  }
}
