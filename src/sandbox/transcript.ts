/**
 * Human-readable rendering of a channel for the demo and for test failure messages:
 * `[HH:MM:SS] @name: text`, blocks flattened to text, buttons as `[Approve] [STOP]`, thread replies
 * indented, ephemeral messages marked `(only you, @user)`. Times are UTC so output is reproducible.
 */
import type { EmulatorCore } from './core.js';
import type { StoredMessage } from './types.js';
import { parseTs } from './workspace/ids.js';
import type { ChannelRecord } from './workspace/workspace.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
const textOf = (v: unknown): string => (typeof obj(v).text === 'string' ? (obj(v).text as string) : '');

function elementLabel(el: unknown): string {
  const e = obj(el);
  if (e.type === 'button') return `[${textOf(e.text)}]`;
  if (e.type === 'image') return `[image: ${String(e.alt_text ?? '')}]`;
  if (e.type === 'overflow') return '[…]';
  const placeholder = textOf(e.placeholder);
  return `[${placeholder || String(e.type)} ▾]`;
}

/** Concatenates the text leaves of a rich_text tree. */
function richText(node: unknown): string {
  const n = obj(node);
  if (typeof n.text === 'string') return n.text;
  if (n.type === 'user') return `<@${String(n.user_id)}>`;
  if (n.type === 'link') return String(n.url ?? '');
  return Array.isArray(n.elements) ? n.elements.map(richText).join('') : '';
}

/** One or more text lines for a block. */
export function renderBlock(block: unknown): string[] {
  const b = obj(block);
  switch (b.type) {
    case 'header':
      return [`*${textOf(b.text)}*`];
    case 'section': {
      const fields = Array.isArray(b.fields) ? b.fields.map(textOf).join(' | ') : '';
      const accessory = b.accessory ? ` ${elementLabel(b.accessory)}` : '';
      return [[textOf(b.text), fields].filter(Boolean).join('\n') + accessory];
    }
    case 'context':
      return [Array.isArray(b.elements) ? b.elements.map((e) => textOf(e) || elementLabel(e)).join(' · ') : ''];
    case 'actions':
      return [Array.isArray(b.elements) ? b.elements.map(elementLabel).join(' ') : ''];
    case 'divider':
      return ['---'];
    case 'image':
      return [`[image: ${String(b.alt_text ?? '')}]`];
    case 'input':
      return [`${textOf(b.label)}: ${elementLabel(b.element)}`];
    case 'markdown':
      return [String(b.text ?? '')];
    case 'rich_text':
      return [richText(b)];
    default:
      return [`[${String(b.type)}]`];
  }
}

function clock(ts: string): string {
  const micros = parseTs(ts) ?? 0;
  return new Date(Math.floor(micros / 1000)).toISOString().slice(11, 19);
}

function renderMessage(core: EmulatorCore, m: StoredMessage): string {
  const body =
    m.blocks && m.blocks.length > 0 ? m.blocks.flatMap(renderBlock).join('\n') : m.text || (m.files ? '' : '(empty)');
  const files = (m.files ?? []).map((f) => `[file: ${f.title}]`).join(' ');
  const reactions = (m.reactions ?? []).map((r) => `:${r.name}: ${r.users.length}`).join(' ');
  const thread = m.thread_ts && m.thread_ts !== m.ts ? '  ↳ ' : '';
  const only = m.ephemeralTo ? `(only you, @${core.userName(m.ephemeralTo)}) ` : '';
  const author = `@${core.userName(m.user)}`;
  // System messages (topic/purpose changes) read as a sentence, not as a quote.
  const head = m.subtype ? `${author} ${m.text}` : `${author}: ${[body, files].filter(Boolean).join(' ')}`;
  const lines = `[${clock(m.ts)}] ${thread}${only}${head}${reactions ? `  (${reactions})` : ''}`.split('\n');
  return lines.map((line, i) => (i === 0 ? line : `${' '.repeat(11)}${thread ? '    ' : ''}${line}`)).join('\n');
}

/** The whole channel, one message per entry, threads grouped under their parent. */
export function renderTranscript(core: EmulatorCore, channel: ChannelRecord): string {
  const topLevel = channel.messages.filter((m) => !m.thread_ts || m.thread_ts === m.ts);
  const repliesOf = (ts: string) => channel.messages.filter((m) => m.thread_ts === ts && m.ts !== ts);
  const orphans = channel.messages.filter(
    (m) => m.thread_ts && m.thread_ts !== m.ts && !channel.messages.some((p) => p.ts === m.thread_ts),
  );
  return [...topLevel.flatMap((m) => [m, ...repliesOf(m.ts)]), ...orphans]
    .map((m) => renderMessage(core, m))
    .join('\n');
}
