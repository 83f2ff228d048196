import type { ConfigFile } from '../config/file.js';
import type { CadencePolicy } from '../domain/cadence.js';

/** The config file's `severities.*.update_every` as the pure cadence rules want it. */
export function cadencePolicy(config: ConfigFile): CadencePolicy {
  return {
    0: config.severities.sev0.update_every,
    1: config.severities.sev1.update_every,
    2: config.severities.sev2.update_every,
    3: config.severities.sev3.update_every,
  };
}
