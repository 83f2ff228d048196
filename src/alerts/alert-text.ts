import { countOf } from '../domain/plural.js';
import type { NormalizedAlert } from './types.js';

/** Slack shows incident titles in channel topics and lists; longer ones are clipped. */
export const TITLE_MAX = 150;
/** Long enough for a few alerts' summaries, short enough for one Slack section block. */
export const DESCRIPTION_MAX = 2900;

const SLOT = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Fills `{label}` slots. A slot without a value is left out rather than shown as `{team}`, and the
 * spaces it leaves are collapsed, so one template serves alerts that lack some labels.
 */
export function fillTitle(template: string, vars: Record<string, string | undefined>): string {
  const text = template.replace(SLOT, (_, name: string) => vars[name] ?? '');
  return clip(text.replace(/\s+/g, ' ').trim(), TITLE_MAX);
}

/** `HighErrorRate`, `HighErrorRate (3 alerts)`, or `High memory usage and 1 other alert`. */
export function defaultTitle(alerts: NormalizedAlert[]): string {
  const titles = [...new Set(alerts.map((a) => a.title))];
  const [first] = titles;
  if (first === undefined) return 'Alert';
  if (titles.length > 1) return clip(`${first} and ${countOf(titles.length - 1, 'other alert')}`, TITLE_MAX);
  return clip(alerts.length > 1 ? `${first} (${alerts.length} alerts)` : first, TITLE_MAX);
}

/**
 * What the responders read first: each alert's summary and description (PagerDuty: the trigger's
 * details), its runbook and where it came from. Alerts that say the same thing are said once.
 */
export function describeAlerts(alerts: NormalizedAlert[]): string {
  const many = new Set(alerts.map((a) => a.title)).size > 1;
  const blocks = alerts.map((a) => {
    const { summary, description, runbook_url: runbook } = a.annotations;
    return [
      many ? a.title : undefined,
      summary,
      description !== summary ? description : undefined,
      runbook ? `Runbook: ${runbook}` : undefined,
      a.generatorUrl ? `Source: ${a.generatorUrl}` : undefined,
    ]
      .filter((line): line is string => !!line?.trim())
      .join('\n');
  });
  return clip([...new Set(blocks)].filter(Boolean).join('\n\n'), DESCRIPTION_MAX);
}

/** The labels every alert of the batch shares, with the same value (what a route matches on). */
export function commonLabels(alerts: NormalizedAlert[]): Record<string, string> {
  const [first, ...rest] = alerts;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first.labels).filter(([k, v]) => rest.every((a) => a.labels[k] === v)));
}

/** The value every alert agrees on, else undefined. */
export function shared<T>(alerts: NormalizedAlert[], pick: (a: NormalizedAlert) => T | undefined): T | undefined {
  const values = new Set(alerts.map(pick));
  return values.size === 1 ? [...values][0] : undefined;
}

/**
 * Alert text never mentions anyone. An incident title keeps the `<@U…>` and `<#C…>` a person typed
 * (views escape everything else, `<!channel>` included), so a title taken from an alert gets a word
 * joiner (U+2060, invisible) after each `<` that would open one: it reads the same and is escaped
 * like any other `<`.
 */
export const defuseMentions = (text: string): string => text.replace(/<(?=[@#])/g, '<\u2060');

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
