import { describe, expect, it } from 'vitest';
import { decide } from '../../src/domain/policy.js';
import { incidentTopic, TOPIC_MAX } from '../../src/domain/topic.js';

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
      reason: 'Only the IC (<@UIC>) can reopen a resolved incident.',
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
  it('reads SEV · status · IC · title', () => {
    expect(incidentTopic(incident, { ic: 'UBOB' })).toBe('SEV1 · Investigating · IC <@UBOB> · Checkout down');
    expect(incidentTopic({ ...incident, isDrill: true }, {})).toBe(
      'DRILL · SEV1 · Investigating · IC unassigned · Checkout down',
    );
  });
  it('stays within 250 characters', () => {
    const topic = incidentTopic({ ...incident, title: 'x'.repeat(400) }, { ic: 'UBOB' });
    expect(topic.length).toBe(TOPIC_MAX);
    expect(topic.startsWith('SEV1 · Investigating · IC <@UBOB>')).toBe(true);
  });
});
