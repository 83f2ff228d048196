import { type NamePerson, plainPerson } from './timeline-entries.js';
import type { ActionItem, Cite, Claim, DurationFact, PostmortemDraft, RecordedActionItem, Section } from './types.js';

type Style = 'paragraph' | 'bullets' | 'numbered';

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `10:00:00Z (12:00 Europe/Paris)`: UTC always, the incident's zone when known (and valid). */
function timeFormatter(timezone: string | undefined): (d: Date) => string {
  if (!timezone || timezone === 'UTC') return iso;
  let local: Intl.DateTimeFormat;
  try {
    local = new Intl.DateTimeFormat('en-GB', {
      timeZone: timezone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  } catch {
    return iso;
  }
  return (d) => `${iso(d)} (${local.format(d)} ${timezone})`;
}

/** A citation as Markdown: `[source](permalink)`, or the record id in code for events with no message. */
export function citeLink(cite: Cite): string {
  return cite.startsWith('record:') ? `\`${cite}\`` : `[source](${cite})`;
}

const cites = (list: readonly Cite[]) => (list.length ? ` (${list.map(citeLink).join(', ')})` : '');
const claimLine = (c: Claim) => `${c.text}${cites(c.cites)}`;
const fillIn = (text: string) => `> ✍️ **Fill in:** ${text}`;

function section(s: Section, style: Style): string {
  if (s.needsHuman) return fillIn(s.prompt);
  const out: string[] = [];
  if (s.origin === 'model') out.push('_AI draft from the timeline: check it against the cited sources._', '');
  if (s.claims.length === 0) out.push(fillIn(s.prompt ?? 'Nothing here could be verified against the timeline.'));
  else if (style === 'paragraph') out.push(s.claims.map(claimLine).join(' '));
  else out.push(...s.claims.map((c, i) => `${style === 'numbered' ? `${i + 1}.` : '-'} ${claimLine(c)}`));
  if (s.claims.length && s.prompt) out.push('', fillIn(s.prompt));
  return out.join('\n');
}

const duration = (label: string, d: DurationFact) => `- **${label}:** ${d.text} (${d.basis})`;
const cell = (text: string) => text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');

/** Items already recorded for the incident (the draft's and people's), with their real owner, due date and status. */
export function recordedActionItems(items: readonly RecordedActionItem[], person: NamePerson = plainPerson): string {
  const tracked = items.some((a) => a.tracker);
  const rows = items.map((a) =>
    [
      a.ref,
      a.type,
      a.description,
      a.ownerId ? person(a.ownerId) : '_to assign_',
      a.priority,
      a.due,
      a.status,
      a.validation ?? '_to define_',
      ...(tracked ? [trackerCell(a.tracker)] : []),
    ]
      .map(cell)
      .join(' | '),
  );
  return [
    `| ID | Type | Description | Owner | Priority | Due date | Status | Validation |${tracked ? ' Tracker |' : ''}`,
    `|---|---|---|---|---|---|---|---|${tracked ? '---|' : ''}`,
    ...rows.map((r) => `| ${r} |`),
    ...(items.some((a) => !a.ownerId)
      ? ['', fillIn('Give every action item an owner (`/incident action`), or remove it.')]
      : []),
  ].join('\n');
}

/** `[Jira OPS-12](url) (open)`, or where its creation stands. */
function trackerCell(t: RecordedActionItem['tracker']): string {
  if (!t) return '—';
  if (!t.key) return `not in ${t.label} yet${t.error ? ` (${t.error})` : ''}`;
  const name = `${t.label} ${t.key}`;
  return `${t.url && /^https:\/\//.test(t.url) ? `[${name}](${t.url})` : name} (${t.state ?? 'open'})`;
}

function actionItems(items: readonly ActionItem[]): string {
  if (!items.length)
    return fillIn(
      'Action items: id, type (prevent | detect | mitigate | process), description, owner, priority (P0-P2), due date, validation method.',
    );
  const rows = items.map((a) =>
    [
      a.key,
      a.type,
      `${a.description}${cites(a.cites)}`,
      '_to assign_',
      a.priority,
      '_to set_',
      'proposed',
      a.validation,
    ]
      .map(cell)
      .join(' | '),
  );
  return [
    '| ID | Type | Description | Owner | Priority | Due date | Status | Validation |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
    '',
    fillIn('Give every action item an owner and a due date, or remove it.'),
  ].join('\n');
}

/**
 * The draft as a Markdown document with every section docs/domain.md requires: header, summary, impact,
 * a cited timeline, root cause with 5 whys and contributing factors, detection, resolution, what
 * went well / wrong / lucky, action items, and the blameless review. Human-only sections are
 * `✍️ Fill in:` quotes. Text is not escaped (it is Markdown on purpose) except inside table cells.
 * People are named by `opts.person` (plain `@U123` by default; the service passes the chat's mention).
 */
export function renderPostmortemMarkdown(
  draft: PostmortemDraft,
  opts: { recordedActionItems?: readonly RecordedActionItem[]; person?: NamePerson } = {},
): string {
  const person = opts.person ?? plainPerson;
  const h = draft.header;
  const time = timeFormatter(draft.timezone);
  const authors = h.authors.length
    ? h.authors.map((u) => person(u)).join(', ')
    : '_Fill in: who writes this postmortem_';
  const timeline = draft.timeline.length
    ? draft.timeline.map(
        (e) => `- **${time(e.at)}** — ${e.text}${e.origin === 'model' ? ' _(AI summary)_' : ''} — ${citeLink(e.cite)}`,
      )
    : ['_Nothing recorded._'];
  const warnings = draft.warnings.length
    ? draft.warnings.map((w) => `- "${w.phrase}" (${w.where}): ${w.suggestion}`)
    : ['No blaming language found. Read it once more with the people involved in mind.'];
  const origin =
    draft.source === 'model'
      ? 'Drafted by Firebreak from the incident record; sections marked "AI draft" were written by an AI model and every claim cites its source.'
      : 'Drafted by Firebreak from the incident record.';

  return [
    `# ${h.ref}: ${h.title}${h.isDrill ? ' (drill)' : ''}`,
    '',
    '| | |',
    '|---|---|',
    `| Date | ${h.date} |`,
    `| Severity | ${h.severity} |`,
    `| Duration | ${cell(h.duration)} |`,
    `| Authors | ${authors} |`,
    `| Status | ${h.status} |`,
    '',
    `_${origin}_`,
    '',
    '## Summary',
    section(draft.summary, 'paragraph'),
    '',
    '## Impact',
    section(draft.impact, 'bullets'),
    '',
    '## Timeline',
    `_Times in UTC${draft.timezone && draft.timezone !== 'UTC' ? `, ${draft.timezone} in brackets` : ''}._`,
    '',
    ...timeline,
    '',
    '## Root cause and contributing factors',
    '### Root cause',
    section(draft.rootCause.statement, 'paragraph'),
    '',
    '### 5 whys',
    section(draft.rootCause.fiveWhys, 'numbered'),
    '',
    '### Contributing factors',
    section(draft.contributingFactors, 'bullets'),
    '',
    '## Detection',
    duration('Time to detect', draft.detection.timeToDetect),
    '',
    '### How it was detected',
    section(draft.detection.how, 'bullets'),
    '',
    '### Could it have been detected sooner?',
    section(draft.detection.couldBeSooner, 'bullets'),
    '',
    '## Resolution',
    duration('Time to acknowledge', draft.resolution.timeToAcknowledge),
    duration('Time to mitigate', draft.resolution.timeToMitigate),
    duration('Time to resolve', draft.resolution.timeToResolve),
    '',
    '### How it was resolved',
    section(draft.resolution.how, 'bullets'),
    '',
    '## What went well',
    section(draft.wentWell, 'bullets'),
    '',
    '## What went wrong',
    section(draft.wentWrong, 'bullets'),
    '',
    '## Where we got lucky',
    section(draft.gotLucky, 'bullets'),
    '',
    '## Action items',
    opts.recordedActionItems?.length
      ? recordedActionItems(opts.recordedActionItems, person)
      : actionItems(draft.actionItems),
    '',
    '## Blameless review',
    ...warnings,
    '',
  ].join('\n');
}
