import { loadDigest } from '../../db/queries/digest-facts.js';
import type { Digest } from '../../domain/metrics/digest.js';
import { type Period, periodLabel } from '../../domain/metrics/period.js';
import type { ServiceDeps } from '../deps.js';
import { teamServices } from './digest-targets.js';
import { loadTrustFigures } from './trust-figures.js';

export interface ComputedDigest {
  digest: Digest;
  title: string;
  periodLabel: string;
  definitionsUrl?: string;
}

/** One digest: the figures of `period` for a team (or everyone), titled and labelled for the message. */
export async function computeDigest(
  deps: ServiceDeps,
  args: { period: Period; team?: string | undefined },
): Promise<ComputedDigest> {
  const services = teamServices(deps.config, args.team);
  const digest = await loadDigest(deps.db, {
    ...args.period,
    now: deps.now(),
    timeZone: deps.config.timezone,
    ...(services && { teamServices: services }),
  });
  return {
    digest: { ...digest, trust: await loadTrustFigures(deps) },
    title: `Weekly incident digest${args.team ? ` — ${args.team}` : ''}`,
    periodLabel: periodLabel(args.period, deps.config.timezone),
    ...(deps.config.digest.definitions_url && { definitionsUrl: deps.config.digest.definitions_url }),
  };
}
