import type { TrackerName } from '../../config/trackers.js';
import type { ActionItemRow, NewActionItemRow } from '../../db/schema/index.js';
import type { Incident } from '../../domain/incident.js';
import type { ServiceDeps } from '../deps.js';
import type { TrackerView } from '../ports.js';

const LABELS: Record<TrackerName, string> = { jira: 'Jira', linear: 'Linear', github: 'GitHub' };
export const trackerLabel = (name: string): string => LABELS[name as TrackerName] ?? name;

/**
 * Where an incident's action items go: the tracker of its first service that names one, else
 * `trackers.default` (its configured project, team or repository); undefined: Firebreak only.
 */
export function trackerOf(
  deps: Pick<ServiceDeps, 'config'>,
  incident: Pick<Incident, 'services'>,
): { tracker: TrackerName; place: string } | undefined {
  const trackers = deps.config.trackers;
  const first = deps.config.services.find((s) => s.name === incident.services[0]);
  const own = first?.tracker;
  if (own === 'none') return undefined;
  if (own?.jira) return { tracker: 'jira', place: own.jira.project };
  if (own?.linear) return { tracker: 'linear', place: own.linear.team };
  if (own?.github) return { tracker: 'github', place: own.github.repo };
  switch (trackers.default) {
    case 'jira':
      return trackers.jira && { tracker: 'jira', place: trackers.jira.project };
    case 'linear':
      return trackers.linear && { tracker: 'linear', place: trackers.linear.team };
    case 'github':
      return trackers.github && { tracker: 'github', place: trackers.github.repo };
    default:
      return undefined;
  }
}

/** The columns a new action item takes so the tracker work is due at once (none without a tracker). */
export function trackerFields(
  deps: Pick<ServiceDeps, 'config'>,
  incident: Pick<Incident, 'services'>,
  now: Date,
): Partial<NewActionItemRow> {
  const target = trackerOf(deps, incident);
  return target ? { tracker: target.tracker, trackerPlace: target.place, trackerNextAttemptAt: now } : {};
}

export function trackerView(row: ActionItemRow): TrackerView {
  return {
    label: trackerLabel(row.tracker ?? ''),
    key: row.trackerKey,
    url: row.trackerUrl,
    state: row.trackerState,
    error: row.trackerError,
    failed: !!row.trackerFailedAt,
    retryAt: row.trackerError && !row.trackerFailedAt ? row.trackerNextAttemptAt : null,
  };
}
