import { describe, expect, it } from 'vitest';
import { METHODS } from '../../../src/sandbox/api/methods/index.js';
import { allowedErrors, GENERIC_ERRORS, methodSpec, requiredArgs } from '../../../src/sandbox/specs.js';

/** The methods the brief requires the emulator to implement. */
const REQUIRED_METHODS = [
  'auth.test',
  'apps.connections.open',
  'conversations.create',
  'conversations.invite',
  'conversations.info',
  'conversations.setTopic',
  'conversations.setPurpose',
  'conversations.history',
  'conversations.replies',
  'conversations.members',
  'conversations.join',
  'conversations.list',
  'conversations.open',
  'chat.postMessage',
  'chat.postEphemeral',
  'chat.update',
  'chat.getPermalink',
  'chat.delete',
  'views.open',
  'views.update',
  'views.push',
  'views.publish',
  'users.info',
  'users.lookupByEmail',
  'bookmarks.add',
  'pins.add',
  'reactions.add',
  'files.getUploadURLExternal',
  'files.completeUploadExternal',
];

describe('sandbox specs: the emulator can only answer documented errors', () => {
  it('registers exactly the required methods, each with a copied spec', () => {
    expect([...METHODS.keys()].sort()).toEqual([...REQUIRED_METHODS].sort());
    for (const name of REQUIRED_METHODS) expect(methodSpec(name).errors, name).toBeTypeOf('object');
  });

  it.each(
    [...METHODS.values()].map((m) => [m.name, m] as const),
  )('%s declares only errors from its spec or the generic list', (name, definition) => {
    const allowed = allowedErrors(name);
    const undocumented = definition.errors.filter((e) => !allowed.has(e));
    expect(undocumented).toEqual([]);
  });

  it('keeps the generic list to errors Slack documents as common to all methods', () => {
    expect(GENERIC_ERRORS).toContain('invalid_auth');
    expect(GENERIC_ERRORS).toContain('ratelimited');
    expect(GENERIC_ERRORS).not.toContain('not_in_channel');
  });

  it('reads required arguments from the spec without the token', () => {
    expect(requiredArgs('chat.postMessage')).toEqual(['channel']);
    expect(requiredArgs('conversations.invite')).toEqual(['channel', 'users']);
    expect(requiredArgs('auth.test')).toEqual([]);
  });

  it('uses the trigger error names views.open documents', () => {
    const errors = Object.keys(methodSpec('views.open').errors);
    expect(errors).toEqual(
      expect.arrayContaining(['invalid_trigger_id', 'expired_trigger_id', 'exchanged_trigger_id']),
    );
  });
});
