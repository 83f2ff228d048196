import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/domain/incident.js';
import { DEFAULT_TEMPLATES, PLACEHOLDERS, renderTemplate, type TemplateVars } from '../../src/domain/templates.js';
import { validateMessageBlocks, validateMessageText } from '../../src/sandbox/blockkit/validate.js';
import type { Notice } from '../../src/services/ports.js';
import { renderNotice } from '../../src/slack/views/render-notice.js';
import { hostileText, maybeHuge, PROPERTY_TIMEOUT, RUNS } from './property-support.js';

const AT = new Date('2026-11-30T10:00:00Z');
const incidentWith = (t: { title: string; impact: string; summary: string; sourceUrl: string }): Incident => ({
  id: '00000000-0000-0000-0000-000000000001',
  number: 42,
  title: t.title,
  severity: 1,
  status: 'investigating',
  impact: t.impact,
  description: null,
  services: ['payments'],
  isPrivate: false,
  isDrill: false,
  resolution: null,
  summary: t.summary,
  sourceUrl: t.sourceUrl,
  declaredFrom: 'alertmanager',
  declaredBy: 'UALICE',
  channelId: 'C0INC',
  channelName: 'inc-2026-11-30-x',
  statusMessageTs: null,
  nextUpdateAt: AT,
  lastUpdateAt: null,
  automationStoppedAt: null,
  declaredAt: AT,
  acknowledgedAt: null,
  identifiedAt: null,
  mitigatedAt: null,
  resolvedAt: AT,
});

/** Every notice a person's or an alert's text reaches, built from the same fields. */
function notices(t: { title: string; impact: string; summary: string; sourceUrl: string; text: string }): Notice[] {
  const incident = incidentWith(t);
  const roles = { ic: 'UBOB' };
  const item = {
    ref: 'INC-42-A1',
    type: 'prevent',
    priority: 'P1',
    description: t.text,
    ownerId: 'UBOB',
    due: '2026-12-07',
    status: 'open',
    validation: t.text,
  };
  const group = {
    id: 'g1',
    source: 'alertmanager',
    title: t.title,
    severity: 'SEV2',
    service: t.summary,
    description: t.text,
    generatorUrl: t.sourceUrl,
    state: 'notified',
  };
  return [
    { kind: 'incident-opened', incident, roles, nextUpdateAt: AT },
    { kind: 'incident-announced', incident, roles },
    { kind: 'role-card', incident, role: 'ic' },
    { kind: 'severity-escalated', incident, from: 2, actorId: 'UALICE' },
    { kind: 'incident-resolved', incident, roles, actorId: 'UALICE' },
    { kind: 'note-added', incident, text: t.text, actorId: 'UALICE' },
    { kind: 'status-update', incident, roles, text: t.text, authorId: 'UALICE', changes: [], nextUpdateAt: AT },
    { kind: 'status-update', incident, roles, changes: [], nextUpdateAt: AT },
    { kind: 'customer-update', incident, text: t.text, authorId: 'UALICE' },
    { kind: 'action-item-added', item, actorId: 'UALICE' },
    { kind: 'action-item-assigned', incident, item, actorId: 'UALICE' },
    { kind: 'action-item-overdue', incident, item },
    { kind: 'alert-received', group },
    { kind: 'alert-resolved', incident, alerts: [{ title: t.title, endsAt: AT }] },
  ] as Notice[];
}

const OPTS = { templates: { ...DEFAULT_TEMPLATES } };
// Person mentions a human typed stay mentions; special mentions and links never come from text.
const PINGS_OR_LINKS = /<!(channel|here|everyone)\b|<https?:|<mailto:/g;
const markupCount = (m: { text: string; blocks: unknown[] }) =>
  (JSON.stringify([m.text, m.blocks]).match(PINGS_OR_LINKS) ?? []).length;
const BENIGN = {
  title: 'Checkout down',
  impact: 'Some',
  summary: 'Fixed',
  sourceUrl: 'https://grafana.example.com/d/x',
  text: 'ok',
};

describe('Block Kit builders, generated', () => {
  it(
    'never exceed Slack’s limits, and hostile text adds no ping, mention or link',
    () => {
      // 4,000 characters is past every Block Kit text limit (3,000); 40,000 only slows the run down.
      const field = maybeHuge(hostileText(6), 4_000);
      const url = fc.oneof(
        fc.constant('https://grafana.example.com/d/x|Open the alert> <!channel> <https://evil.example/login'),
        fc.webUrl(),
        hostileText(4),
      );
      const benign = notices(BENIGN).map((n) => markupCount(renderNotice(n, OPTS)));
      const kinds = notices(BENIGN).length;
      // One builder per generated input (drawn at random), so 10,000 inputs run in seconds.
      fc.assert(
        fc.property(
          fc.record({ title: field, impact: field, summary: field, sourceUrl: url, text: field }),
          fc.nat({ max: kinds - 1 }),
          (t, i) => {
            const notice = notices(t)[i]!;
            const m = renderNotice(notice, OPTS);
            expect(validateMessageBlocks(m.blocks), notice.kind).toEqual([]);
            expect(validateMessageText(m.text), notice.kind).toEqual([]);
            expect(m.text.trim().length, notice.kind).toBeGreaterThan(0);
            // A well-formed URL may link (as the benign one does); nothing from the text may add more.
            expect(markupCount(m), notice.kind).toBeLessThanOrEqual(benign[i]!);
            // Alert text never mentions anyone, not even a person.
            if (notice.kind.startsWith('alert-')) expect(JSON.stringify([m.text, m.blocks])).not.toMatch(/<@U/);
          },
        ),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('template rendering, generated', () => {
  const vars = fc.dictionary(fc.constantFrom(...PLACEHOLDERS), fc.oneof(hostileText(2), fc.constant('')), {
    maxKeys: PLACEHOLDERS.length,
  });
  const template = fc
    .array(fc.oneof(fc.constantFrom(...PLACEHOLDERS.map((p) => `{${p}}`), '\n', '{unknown}', '{', '}'), fc.string()), {
      maxLength: 20,
    })
    .map((parts) => parts.join(''));

  it(
    'never throws; no known slot is left unfilled; a line whose slots are all empty is dropped',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(template, fc.constantFrom(...Object.values(DEFAULT_TEMPLATES))),
          vars,
          (tpl, v: TemplateVars) => {
            const out = renderTemplate(tpl, v);
            const leftovers = [...out.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]);
            // A slot can only survive when a value itself contains slot text; never from the template alone.
            const fromValues = Object.values(v).some((x) => x && /\{[a-z_]+\}/.test(x));
            if (!fromValues)
              expect(leftovers.filter((p) => (PLACEHOLDERS as readonly string[]).includes(p!))).toEqual([]);
            for (const line of tpl.split('\n')) {
              const slots = [...line.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1] as keyof TemplateVars);
              if (slots.length && slots.every((s) => !v[s])) expect(out.split('\n')).not.toContain(line);
            }
          },
        ),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );
});
