import type { Db } from '../../db/client.js';
import { listActionItems } from '../../db/repositories/action-items.js';
import { findIncidentById, toIncident } from '../../db/repositories/incidents.js';
import { recordedActionItems } from '../../domain/postmortem/render-markdown.js';
import { type NamePerson, plainPerson } from '../../domain/postmortem/timeline-entries.js';
import { toActionItemView } from '../add-action-item.js';
import { findPostmortem } from './find-postmortem.js';

const SECTION = /## Action items\n[\s\S]*?\n(?=## )/;

/**
 * The newest postmortem's Markdown with its action items as they stand now: each item's tracker
 * link and state are read at export time, not frozen at drafting. `person` names the owners as the
 * rest of the document does (the CLI passes Slack's mention, as drafting did).
 */
export async function exportPostmortem(
  db: Db,
  ref: string,
  timeZone: string,
  person: NamePerson = plainPerson,
): Promise<string> {
  const postmortem = await findPostmortem(db, ref);
  const row = await findIncidentById(db, postmortem.incidentId);
  const items = await listActionItems(db, postmortem.incidentId);
  if (!row || !items.length || !SECTION.test(postmortem.markdown)) return postmortem.markdown;
  const incident = toIncident(row);
  const table = recordedActionItems(
    items.map((i) => toActionItemView(incident, i, timeZone)),
    person,
  );
  return postmortem.markdown.replace(SECTION, () => `## Action items\n${table}\n\n`);
}
