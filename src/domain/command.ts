import { type IncidentStatus, parseStatus } from './lifecycle.js';
import { TEXT_LIMITS, tooLong } from './limits.js';
import { parseChannelMention, parseUserMention } from './mentions.js';
import { isRole, type Role } from './roles.js';
import { parseSeverity, type Severity } from './severity.js';

/** Every `/incident` subcommand, parsed. The grammar is docs/commands.md's. */
export type Command =
  | { kind: 'declare-modal' }
  | { kind: 'declare'; severity?: Severity; title: string; drill: boolean; page?: boolean }
  | { kind: 'assign'; role: Role; userId: string }
  | { kind: 'roles' }
  | { kind: 'sev'; severity: Severity }
  | { kind: 'status'; status: IncidentStatus }
  | { kind: 'update'; text?: string }
  | { kind: 'note'; text: string }
  | { kind: 'analyze' }
  | { kind: 'stop' }
  | { kind: 'resolve'; summary?: string; falseAlarm: boolean }
  | { kind: 'reopen' }
  | { kind: 'postmortem' }
  | { kind: 'action'; ownerId: string; due: string; text: string }
  | { kind: 'action-modal' }
  | { kind: 'list' }
  | { kind: 'runbooks' }
  | { kind: 'runbooks-enable'; runbookId: string; reason?: string }
  | { kind: 'digest'; team?: string }
  | { kind: 'digest-subscribe'; channelId?: string; team?: string }
  | { kind: 'digest-unsubscribe'; channelId?: string }
  | { kind: 'statuspage' }
  | { kind: 'page'; target: { kind: 'person'; userId: string } | { kind: 'name'; name: string } }
  | { kind: 'help' };

export type ParseResult = { ok: true; command: Command } | { ok: false; error: string };

/** One usage line per subcommand; reused by help and by error messages. */
export const USAGE = {
  declare: '`/incident declare [--drill [--page]] [sev0-3] <title>` (or just `/incident` for the form)',
  page: '`/incident page <service|team|@person>`',
  assign: '`/incident ic|comms|ops|scribe @someone`',
  roles: '`/incident roles`',
  sev: '`/incident sev <0-3>`, for example `/incident sev 1`',
  status: '`/incident status investigating|identified|mitigated|resolved`',
  update: '`/incident update [text]`',
  note: '`/incident note <text>`',
  analyze: '`/incident analyze`',
  stop: '`/incident stop`',
  resolve: '`/incident resolve [summary]` (add `--false-alarm` if it was not an incident)',
  reopen: '`/incident reopen`',
  postmortem: '`/incident postmortem`',
  action: '`/incident action @owner <YYYY-MM-DD> [P0-P2] [prevent|detect|mitigate|process] <what must be done>`',
  list: '`/incident list`',
  statuspage: '`/incident statuspage`',
  runbooks: '`/incident runbooks`, `/incident runbooks enable <runbook-id> [why]`',
  digest:
    '`/incident digest [team]`, `/incident digest subscribe [#channel] [team]`, `/incident digest unsubscribe [#channel]`',
  help: '`/incident help`',
} as const;

const fail = (error: string): ParseResult => ({ ok: false, error });
/** A word of the input quoted back in a refusal: short, and unable to close the code span early. */
const quoted = (word: string): string => {
  const plain = word.replace(/`/g, "'");
  return `\`${plain.length > 30 ? `${plain.slice(0, 29)}…` : plain}\``;
};
const ok = (command: Command): ParseResult => ({ ok: true, command });

/** Parses the text after `/incident`. Never throws; errors are one sentence with the right usage. */
export function parseCommand(raw: string): ParseResult {
  const text = raw.trim().replace(/\s+/g, ' ');
  if (text === '') return ok({ kind: 'declare-modal' });
  const [head = '', ...restWords] = text.split(' ');
  const sub = head.toLowerCase();
  const rest = restWords.join(' ');

  if (isRole(sub)) return parseAssign(sub, restWords);
  switch (sub) {
    case 'declare':
      return parseDeclare(restWords);
    case 'roles':
    case 'analyze':
    case 'stop':
    case 'postmortem':
    case 'list':
    case 'help':
    case 'reopen':
    case 'statuspage':
      return restWords.length ? fail(`\`${sub}\` takes no arguments. Write ${USAGE[sub]}.`) : ok({ kind: sub });
    case 'sev': {
      const severity = restWords.length === 1 ? parseSeverity(restWords[0]!) : undefined;
      return severity === undefined
        ? fail(`Severity must be 0, 1, 2 or 3. Write ${USAGE.sev}.`)
        : ok({ kind: 'sev', severity });
    }
    case 'status': {
      const status = restWords.length === 1 ? parseStatus(restWords[0]!) : undefined;
      return status ? ok({ kind: 'status', status }) : fail(`Unknown status. Write ${USAGE.status}.`);
    }
    case 'update':
      if (rest.length > TEXT_LIMITS.update) return fail(tooLong('an update', TEXT_LIMITS.update, rest.length));
      return ok(rest ? { kind: 'update', text: rest } : { kind: 'update' });
    case 'note':
      if (rest.length > TEXT_LIMITS.note) return fail(tooLong('a note', TEXT_LIMITS.note, rest.length));
      return rest ? ok({ kind: 'note', text: rest }) : fail(`A note needs some text. Write ${USAGE.note}.`);
    case 'resolve':
      return parseResolve(restWords);
    case 'action':
      return parseAction(restWords);
    case 'digest':
      return parseDigest(restWords);
    case 'page':
      return parsePage(restWords);
    case 'runbooks':
      return parseRunbooks(restWords);
    default:
      return fail(`I don't know ${quoted(head)}. Try ${USAGE.declare}, or \`/incident help\` for everything.`);
  }
}

function parseAssign(role: Role, words: string[]): ParseResult {
  const userId = words.length === 1 ? parseUserMention(words[0]!) : undefined;
  if (!userId) return fail(`Name exactly one person to make ${role.toUpperCase()}. Write ${USAGE.assign}.`);
  return ok({ kind: 'assign', role, userId });
}

function parseDeclare(words: string[]): ParseResult {
  let drill = false;
  let page = false;
  let severity: Severity | undefined;
  const rest = [...words];
  while (rest.length) {
    const w = rest[0]!;
    if (w.toLowerCase() === '--drill') {
      drill = true;
    } else if (w.toLowerCase() === '--page') {
      page = true;
    } else if (severity === undefined && /^sev[0-3]$/i.test(w)) {
      severity = parseSeverity(w);
    } else if (/^sev\S*$/i.test(w) && rest.length > 1) {
      return fail(`${quoted(w)} is not a severity; use sev0, sev1, sev2 or sev3. Write ${USAGE.declare}.`);
    } else break;
    rest.shift();
  }
  const title = rest.join(' ').trim();
  if (!title) {
    if (severity === undefined && !drill && !page) return ok({ kind: 'declare-modal' });
    return fail(`An incident needs a title. Write ${USAGE.declare}.`);
  }
  if (title.length > TEXT_LIMITS.title) return fail(tooLong('the title', TEXT_LIMITS.title, title.length));
  if (page && !drill) return fail(`\`--page\` is for drills (real incidents always page). Write ${USAGE.declare}.`);
  return ok({ kind: 'declare', title, drill, ...(page && { page }), ...(severity !== undefined && { severity }) });
}

function parsePage(words: string[]): ParseResult {
  if (words.length !== 1) return fail(`Name one service, team or person to page. Write ${USAGE.page}.`);
  const word = words[0]!;
  if (/^<@/.test(word)) {
    const userId = parseUserMention(word);
    return userId
      ? ok({ kind: 'page', target: { kind: 'person', userId } })
      : fail(`I could not read that person. Write ${USAGE.page}.`);
  }
  return ok({ kind: 'page', target: { kind: 'name', name: word.toLowerCase() } });
}

function parseResolve(words: string[]): ParseResult {
  const falseAlarm = words.some((w) => w.toLowerCase() === '--false-alarm');
  const summary = words
    .filter((w) => w.toLowerCase() !== '--false-alarm')
    .join(' ')
    .trim();
  if (summary.length > TEXT_LIMITS.summary) return fail(tooLong('the summary', TEXT_LIMITS.summary, summary.length));
  return ok({ kind: 'resolve', falseAlarm, ...(summary && { summary }) });
}

function parseAction(words: string[]): ParseResult {
  if (!words.length) return ok({ kind: 'action-modal' });
  const [owner = '', due = '', ...what] = words;
  const ownerId = parseUserMention(owner);
  if (!ownerId) return fail(`An action item needs an owner first. Write ${USAGE.action}.`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(due) || Number.isNaN(Date.parse(`${due}T00:00:00Z`)))
    return fail(`The due date must look like 2026-12-01. Write ${USAGE.action}.`);
  if (!what.length) return fail(`Say what must be done. Write ${USAGE.action}.`);
  const text = what.join(' ');
  if (text.length > TEXT_LIMITS.actionItem) return fail(tooLong('an action item', TEXT_LIMITS.actionItem, text.length));
  return ok({ kind: 'action', ownerId, due, text });
}

function parseDigest(words: string[]): ParseResult {
  const [verb = '', ...rest] = words;
  const v = verb.toLowerCase();
  if (v !== 'subscribe' && v !== 'unsubscribe') {
    if (words.length > 1) return fail(`Name at most one team. Write ${USAGE.digest}.`);
    return ok(verb ? { kind: 'digest', team: verb } : { kind: 'digest' });
  }
  let channelId: string | undefined;
  if (rest[0] && /^<#/.test(rest[0])) {
    channelId = parseChannelMention(rest[0]);
    if (!channelId) return fail(`I could not read that channel. Write ${USAGE.digest}.`);
    rest.shift();
  }
  if (v === 'unsubscribe') {
    if (rest.length) return fail(`Unsubscribe takes only a channel. Write ${USAGE.digest}.`);
    return ok({ kind: 'digest-unsubscribe', ...(channelId && { channelId }) });
  }
  if (rest.length > 1) return fail(`Name at most one team. Write ${USAGE.digest}.`);
  return ok({ kind: 'digest-subscribe', ...(channelId && { channelId }), ...(rest[0] && { team: rest[0] }) });
}

function parseRunbooks(words: string[]): ParseResult {
  if (!words.length) return ok({ kind: 'runbooks' });
  const [verb = '', id = '', ...why] = words;
  if (verb.toLowerCase() !== 'enable' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) return fail(`Write ${USAGE.runbooks}.`);
  const reason = why.join(' ').trim();
  return ok({ kind: 'runbooks-enable', runbookId: id, ...(reason && { reason }) });
}
