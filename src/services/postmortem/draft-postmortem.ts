import { redact } from '../../ai/redact.js';
import { wantTrackerUpdates } from '../../db/repositories/action-item-trackers.js';
import { insertActionItem, listActionItems } from '../../db/repositories/action-items.js';
import {
  findPostmortemByRequestKey,
  insertPostmortemVersion,
  setPostmortem,
} from '../../db/repositories/postmortems.js';
import { insertTimelineEvent } from '../../db/repositories/timeline.js';
import type { PostmortemRow } from '../../db/schema/index.js';
import { defaultDue } from '../../domain/action-item.js';
import type { Incident } from '../../domain/incident.js';
import { draftDeterministic } from '../../domain/postmortem/deterministic-draft.js';
import { renderPostmortemMarkdown } from '../../domain/postmortem/render-markdown.js';
import type { PostmortemDraft, PostmortemInput } from '../../domain/postmortem/types.js';
import { toActionItemView } from '../add-action-item.js';
import type { ServiceDeps } from '../deps.js';
import { incidentInChannel } from '../incident-context.js';
import type { PostmortemSummary } from '../ports.js';
import { postOnce, type RequestRef, stepKey, uploadOnce } from '../request-once.js';
import { syncIncidentTrackerItems } from '../trackers/sync-due-tracker-items.js';
import { trackerFields } from '../trackers/tracker-of-item.js';
import { completeTimeline } from './complete-timeline.js';
import { postmortemInput } from './postmortem-input.js';

/**
 * `/incident postmortem`: completes the timeline from the channel history, drafts every section of
 * docs/domain.md's blameless postmortem (the analytic ones by the LLM when there is a key and the
 * incident may be sent to it, else as marked prompts), stores it as a new version, records the
 * draft's action items once (re-drafting adds none twice), uploads the Markdown to the channel and
 * posts a summary with the numbers and the blameless warnings.
 */
export async function draftPostmortem(
  deps: ServiceDeps,
  args: { channelId: string; actorId: string } & RequestRef,
): Promise<(PostmortemSummary & { postmortemId: string; markdown: string }) | undefined> {
  const { incident, roles } = await incidentInChannel(deps.db, args.channelId);
  // Carried out again after a crash: the version this request drafted is finished, not drafted anew.
  const earlier = args.requestKey ? await findPostmortemByRequestKey(deps.db, args.requestKey) : undefined;
  if (earlier?.summaryTs) return undefined;
  const recovered = await completeTimeline(deps, incident);
  const input = await postmortemInput(deps, incident, roles);
  const { draft, note } = await write(deps, input, incident.isPrivate);
  const now = deps.now();
  let added = 0;
  for (const item of draft.actionItems) {
    const inserted = await insertActionItem(deps.db, {
      incidentId: incident.id,
      type: item.type,
      description: item.description,
      priority: item.priority,
      ownerId: null,
      dueOn: defaultDue(now, deps.config.timezone),
      validation: item.validation || null,
      origin: 'draft',
      sourceKey: item.key,
      createdBy: args.actorId,
      createdAt: now,
      ...trackerFields(deps, incident, now),
    });
    if (inserted) added++;
  }
  const recorded = await listActionItems(deps.db, incident.id);
  const total = recorded.length;
  const rendered = renderPostmortemMarkdown(draft, {
    recordedActionItems: recorded.map((r) => toActionItemView(incident, r, deps.config.timezone)),
    person: personIn(deps),
  });
  const row =
    earlier ??
    (await insertPostmortemVersion(deps.db, {
      incidentId: incident.id,
      markdown: rendered,
      source: draft.source,
      warnings: draft.warnings,
      stats: { ...draft.stats, recoveredMessages: recovered },
      createdBy: args.actorId,
      createdAt: now,
      requestKey: args.requestKey ?? null,
    }));
  const markdown = row.markdown;
  // Stored at once: a request carried out again does not upload the file a second time. A row this
  // request stored before a crash may have its file shared already, its id not yet stored: looked up first.
  const fileId = row.fileId ?? (await upload(deps, incident, row, { recovering: !!earlier }));
  const summary: PostmortemSummary = {
    incident,
    version: row.version,
    source: draft.source,
    durations: [
      { label: 'Duration', value: draft.header.duration },
      { label: 'Time to detect', value: draft.detection.timeToDetect.text },
      { label: 'Time to acknowledge', value: draft.resolution.timeToAcknowledge.text },
      { label: 'Time to mitigate', value: draft.resolution.timeToMitigate.text },
      { label: 'Time to resolve', value: draft.resolution.timeToResolve.text },
    ],
    timelineEntries: draft.timeline.length,
    actionItems: { added, total },
    warnings: draft.warnings,
    ...(note && { note }),
    fileId,
  };
  const { ts: summaryTs } = await postOnce(
    deps,
    incident.channelId!,
    { kind: 'postmortem-published', summary },
    stepKey(args, 'postmortem'),
    args,
  );
  await setPostmortem(deps.db, row.id, { fileId, summaryTs, publishedAt: deps.now() });
  // After the summary exists, so the tracker issues link to the postmortem (items already there get
  // their text rewritten); failures retry on the tick.
  await wantTrackerUpdates(deps.db, incident.id, deps.now());
  await syncIncidentTrackerItems(deps, incident.id);
  await insertTimelineEvent(deps.db, {
    incidentId: incident.id,
    kind: 'postmortem_drafted',
    actorId: args.actorId,
    at: now,
    text: `Postmortem draft v${row.version} (${draft.source})`,
    data: { postmortemId: row.id, version: row.version, fileId },
    dedupeKey: `postmortem:${row.id}`,
  });
  return { ...summary, postmortemId: row.id, markdown };
}

async function upload(
  deps: ServiceDeps,
  incident: Incident,
  row: PostmortemRow,
  req: Pick<RequestRef, 'recovering'>,
): Promise<string> {
  const { fileId } = await uploadOnce(
    deps,
    incident.channelId!,
    {
      // Unique to the version, so the file a request shared can be found by its name.
      filename: `${incident.channelName ?? `incident-${incident.number}`}-postmortem-v${row.version}.md`,
      title: `Postmortem draft v${row.version}: ${incident.title}`,
      content: row.markdown,
    },
    req,
  );
  await setPostmortem(deps.db, row.id, { fileId });
  return fileId;
}

/** People named as the channel links them: the document is read in Slack. */
const personIn = (deps: ServiceDeps) => (userId: string) => deps.chat.mention(userId);

/** The model when allowed, falling back to the deterministic draft with a sentence saying why. */
async function write(
  deps: ServiceDeps,
  input: PostmortemInput,
  isPrivate: boolean,
): Promise<{ draft: PostmortemDraft; note?: string }> {
  const person = personIn(deps);
  const deterministic = () => draftDeterministic(input, { scrub: (t) => redact(t).text, person });
  if (!deps.postmortemWriter)
    return { draft: deterministic(), note: 'no OPENAI_API_KEY: nothing was sent to an AI model' };
  if (isPrivate && !deps.config.incidents.private_to_llm)
    return { draft: deterministic(), note: 'private incident: not sent to the AI model' };
  try {
    const draft = await deps.postmortemWriter.draft(input, { person });
    return { draft, note: `${draft.stats.calls} AI calls, ~${draft.stats.inputTokens} input tokens` };
  } catch (err) {
    deps.logger.warn({ err }, 'postmortem model draft failed; deterministic draft instead');
    const why = err instanceof Error ? err.message : 'the AI model failed';
    return { draft: deterministic(), note: `${why} Deterministic draft instead.` };
  }
}
