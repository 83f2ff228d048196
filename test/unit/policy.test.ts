import { describe, expect, it } from 'vitest';
import { decide } from '../../src/domain/policy.js';
import { incidentTopic } from '../../src/domain/topic.js';
import { buildTopic, TOPIC_MAX } from '../../src/slack/views/topic.js';

const roles = { ic: 'UIC', ops: 'UOPS', comms: 'UCOMMS' };

describe('who may do what', () => {
  it('lets anyone note, assign, change severity or status, resolve and stop automation', () => {
    for (const action of [
      'note',
      'assign-role',
      'change-severity',
      'change-status',
      'resolve',
      'stop-automation',
      'declare',
    ] as const)
      expect(decide(action, { actorId: 'USOMEONE', roles, approvers: [] })).toEqual({ allowed: true });
  });

  it('keeps reopening and re-enabling automation for the IC', () => {
    expect(decide('reopen', { actorId: 'UIC', roles, approvers: [] })).toEqual({ allowed: true });
    expect(decide('reopen', { actorId: 'UOPS', roles, approvers: ['UOPS'] })).toEqual({
      allowed: false,
      reason: 'Only the IC can reopen a resolved incident.',
      icId: 'UIC',
    });
    expect(decide('reopen', { actorId: 'UOPS', roles: {}, approvers: [] })).toEqual({
      allowed: false,
      reason: 'Only the IC, once someone takes the role, can reopen a resolved incident.',
    });
    expect(decide('enable-automation', { actorId: 'UX', roles: {}, approvers: [] })).toMatchObject({ allowed: false });
  });

  it('lets the IC, the ops lead and configured approvers approve remediations, nobody else', () => {
    for (const actorId of ['UIC', 'UOPS', 'UAPPROVER'])
      expect(decide('approve-remediation', { actorId, roles, approvers: ['UAPPROVER'] }).allowed).toBe(true);
    expect(decide('approve-remediation', { actorId: 'UCOMMS', roles, approvers: ['UAPPROVER'] })).toEqual({
      allowed: false,
      reason: 'Only the IC, the ops lead or a configured approver can approve a remediation.',
    });
  });
});

describe('channel topic', () => {
  const incident = { severity: 1 as const, status: 'investigating' as const, isDrill: false, title: 'Checkout down' };
  const topic = (i: typeof incident, roles: { ic?: string }) => buildTopic(incidentTopic(i, roles));
  it('is facts in domain/, no Slack markup', () => {
    expect(incidentTopic(incident, { ic: 'UBOB' })).toEqual({
      drill: false,
      severity: 'SEV1',
      status: 'Investigating',
      icId: 'UBOB',
      title: 'Checkout down',
    });
  });
  it('reads SEV · status · IC · title', () => {
    expect(topic(incident, { ic: 'UBOB' })).toBe('SEV1 · Investigating · IC <@UBOB> · Checkout down');
    expect(topic({ ...incident, isDrill: true }, {})).toBe(
      'DRILL · SEV1 · Investigating · IC unassigned · Checkout down',
    );
  });
  it('escapes the title: a <!channel> in it is shown, never turned into @channel', () => {
    const t = topic({ ...incident, title: '<!channel> R&D <https://evil.example|login> for <@UCAROL>' }, {});
    expect(t).toBe(
      'SEV1 · Investigating · IC unassigned · &lt;!channel&gt; R&amp;D &lt;https://evil.example|login&gt; for <@UCAROL>',
    );
  });
  it('stays within 250 characters, and cuts no entity in half', () => {
    const long = topic({ ...incident, title: 'x'.repeat(400) }, { ic: 'UBOB' });
    expect(long.length).toBe(TOPIC_MAX);
    expect(long.startsWith('SEV1 · Investigating · IC <@UBOB>')).toBe(true);
    for (let n = 190; n < 215; n++) {
      const cut = topic({ ...incident, title: `${'y'.repeat(n)}${'&'.repeat(30)}` }, { ic: 'UBOB' });
      expect(cut.length).toBeLessThanOrEqual(TOPIC_MAX);
      expect(cut).toMatch(/(&amp;|y)…$/);
    }
  });
});
