/** What the numbers were measured on. */
import { cpus, platform, release, totalmem } from 'node:os';

export interface Environment {
  node: string;
  cpus: number;
  cpuModel: string;
  platform: string;
  memoryGb: number;
  database: string;
  note: string;
}

export function describeEnvironment(database: string): Environment {
  const list = cpus();
  return {
    node: process.version,
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown CPU',
    platform: `${platform()} ${release()}`,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    database,
    note:
      'emulator, apps and load driver share this one Node process, over HTTP on 127.0.0.1 ' +
      '(footprint: each app its own process, the load driver a worker thread)',
  };
}
