import { describe, expect, it } from 'vitest';
import { parseDeclareForm, type ViewStateValues } from '../../src/slack/forms/declare-form.js';
import { buildDeclareModal } from '../../src/slack/views/declare-modal.js';

const state = (v: {
  title?: string;
  severity?: string;
  services?: string[];
  impact?: string;
  description?: string;
  options?: string[];
}): ViewStateValues => ({
  title: { title: { value: v.title ?? null } },
  severity: { severity: { selected_option: v.severity ? { value: v.severity } : null } },
  services: { services: { selected_options: (v.services ?? []).map((value) => ({ value })) } },
  impact: { impact: { value: v.impact ?? null } },
  description: { description: { value: v.description ?? null } },
  options: { options: { selected_options: (v.options ?? []).map((value) => ({ value })) } },
});

describe('declare form', () => {
  it('reads a complete form', () => {
    expect(
      parseDeclareForm(
        state({
          title: ' Payments down ',
          severity: '0',
          services: ['payments'],
          impact: 'All card payments',
          description: 'HTTP 502 from the card gateway since 10:02',
          options: ['private', 'drill'],
        }),
        ['payments'],
      ),
    ).toEqual({
      ok: true,
      form: {
        title: 'Payments down',
        severity: 0,
        services: ['payments'],
        impact: 'All card payments',
        description: 'HTTP 502 from the card gateway since 10:02',
        isPrivate: true,
        isDrill: true,
      },
    });
  });

  it('keys errors by block so Slack shows them under the field', () => {
    expect(parseDeclareForm(state({ severity: '2' }), [])).toEqual({
      ok: false,
      errors: { title: 'Give the incident a title.' },
    });
    expect(parseDeclareForm(state({ title: 'ok title', severity: '2', services: ['ghost'] }), ['payments'])).toEqual({
      ok: false,
      errors: { services: 'Unknown service: ghost.' },
    });
    expect(parseDeclareForm(state({ title: 'ok title', severity: '2', description: 'x'.repeat(3001) }), [])).toEqual({
      ok: false,
      errors: { description: 'Keep the description under 3000 characters.' },
    });
  });

  it('builds a modal within Slack limits whose ids the parser reads', () => {
    const view = buildDeclareModal({ services: ['payments'], defaultSeverity: 2, originChannelId: 'C1' });
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    const ids = view.blocks.map((b) => b.block_id);
    expect(ids).toEqual(['title', 'severity', 'services', 'impact', 'description', 'options']);
    expect(JSON.parse(view.private_metadata!)).toEqual({ originChannelId: 'C1' });
    expect(buildDeclareModal({ services: [], defaultSeverity: 2 }).blocks.map((b) => b.block_id)).not.toContain(
      'services',
    );
  });
});
