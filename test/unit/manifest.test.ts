import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

/**
 * manifest.yml against (1) Slack's official manifest schema, offline, and (2) what src/ really calls:
 * every Web API method, event, command and shortcut needs its scope, and every scope must be needed.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCHEMA_DIR = join(ROOT, 'test/fixtures/slack-manifest-schema');
const SPEC_DIR = join(ROOT, 'src/sandbox/specs/methods');

/**
 * Planned but not yet in src/. Only entries that add something to the manifest are listed: planned
 * calls needing no scope (views.open/publish/update, chat.getPermalink) or one already required by code
 * (chat.postEphemeral/update, conversations.setTopic/history/replies) would justify nothing.
 * Empty it as features land; the "PLANNED is honest" test fails once the code does the thing itself.
 */
const PLANNED = {
  methods: [] as string[],
  events: [] as string[],
  shortcuts: [] as string[],
};

/** Bolt helpers that call several methods under the hood. */
const EXPANSIONS: Record<string, string[]> = {
  'files.uploadV2': ['files.getUploadURLExternal', 'files.completeUploadExternal'],
};

/** Bot scopes for a used method with no copy in src/sandbox/specs/methods/ (none yet: the emulator covers all). */
const SCOPES_WITHOUT_SPEC: Record<string, string[]> = {};

/** Events API: which bot scope each subscription needs (Slack's event reference). */
const EVENT_SCOPES: Record<string, string[]> = {
  'message.channels': ['channels:history'],
  'message.groups': ['groups:history'],
  pin_added: ['pins:read'],
  reaction_added: ['reactions:read'],
  app_home_opened: [],
  member_joined_channel: ['channels:read'],
};

interface Usage {
  methods: Set<string>;
  events: Set<string>;
  commands: Set<string>;
  shortcuts: Set<string>;
  /** Registrations whose name is not a string literal, so this scan cannot check them. */
  opaque: string[];
}

/** One requirement: the manifest must hold at least one of `anyOf`. */
interface Requirement {
  why: string;
  anyOf: string[];
}

const NAMESPACES = 'conversations|chat|views|users|bookmarks|pins|reactions|files|auth';

function scanSource(text: string, where = 'source'): Usage {
  const usage: Usage = { methods: new Set(), events: new Set(), commands: new Set(), shortcuts: new Set(), opaque: [] };
  for (const m of text.matchAll(new RegExp(`(\\w+)\\.(${NAMESPACES})\\.(\\w+)\\(`, 'g'))) {
    const method = `${m[2]}.${m[3]}`;
    // A receiver named *client is a Slack WebClient; anything else (e.g. our ChatPort's deps.chat.post)
    // counts only when it is a real Slack method, known by its spec.
    if (/client$/i.test(m[1]!) || hasSpec(method)) usage.methods.add(method);
  }
  for (const m of text.matchAll(/\.apiCall\(\s*['"`]([\w.]+)['"`]/g)) usage.methods.add(m[1]!);
  if (/\bsay\(/.test(text)) usage.methods.add('chat.postMessage'); // Bolt's say() is chat.postMessage
  if (/\bapp\.message\(/.test(text)) usage.events.add('message');
  for (const m of text.matchAll(
    /\bapp\.(event|command|shortcut)\(\s*(['"`]([^'"`]+)['"`]|\{[^}]*callback_id:\s*['"]([^'"]+)['"])?/g,
  )) {
    const name = m[3] ?? m[4];
    if (!name) usage.opaque.push(`${where}: app.${m[1]}(…) with a non-literal name`);
    else ({ event: usage.events, command: usage.commands, shortcut: usage.shortcuts })[m[1] as 'event'].add(name);
  }
  return usage;
}

function hasSpec(method: string): boolean {
  return existsSync(join(SPEC_DIR, `${method}.json`));
}

/** Alternatives from the spec's `scope.bot` (or its one `scope` string, e.g. users.lookupByEmail); any one suffices. */
function botScopes(method: string): string[] | undefined {
  if (method in SCOPES_WITHOUT_SPEC) return SCOPES_WITHOUT_SPEC[method];
  if (!hasSpec(method)) return undefined;
  const spec = JSON.parse(readFileSync(join(SPEC_DIR, `${method}.json`), 'utf8')) as {
    scope?: string | { bot?: string[] };
  };
  if (typeof spec.scope === 'string') return [spec.scope];
  return spec.scope?.bot ?? [];
}

function requirementsOf(usage: Usage): { requirements: Requirement[]; problems: string[] } {
  const requirements: Requirement[] = [];
  const problems = [...usage.opaque];
  const methods = [...usage.methods].flatMap((m) => EXPANSIONS[m] ?? [m]);
  for (const method of new Set(methods)) {
    const alternatives = botScopes(method);
    if (!alternatives) {
      problems.push(
        `no scope data for ${method}: copy its spec into src/sandbox/specs/methods/ or add it to SCOPES_WITHOUT_SPEC`,
      );
      continue;
    }
    if (alternatives.length === 0) continue;
    // Firebreak creates private incident channels as well as public ones, so a conversations.* call
    // must work on both: one channels:* (public) AND one groups:* (private) alternative are needed.
    const pub = alternatives.filter((s) => s.startsWith('channels:'));
    const priv = alternatives.filter((s) => s.startsWith('groups:'));
    // Firebreak opens DMs too (conversations.open: the trust survey) and reads their history (was the
    // survey sent before a crash?): those calls need the im:* alternative as well.
    const im = alternatives.filter((s) => s.startsWith('im:'));
    const dm =
      methods.includes('conversations.open') && ['conversations.open', 'conversations.history'].includes(method);
    if (dm && im.length) requirements.push({ why: `${method} (direct messages)`, anyOf: im });
    if (method === 'conversations.open') continue;
    if (method.startsWith('conversations.') && pub.length && priv.length) {
      requirements.push({ why: `${method} (public channels)`, anyOf: pub });
      requirements.push({ why: `${method} (private channels)`, anyOf: priv });
    } else requirements.push({ why: method, anyOf: alternatives });
  }
  for (const event of botEventsOf(usage)) {
    const scopes = EVENT_SCOPES[event];
    if (!scopes) problems.push(`no scope known for event ${event}: add it to EVENT_SCOPES`);
    else for (const s of scopes) requirements.push({ why: `event ${event}`, anyOf: [s] });
  }
  for (const c of usage.commands) requirements.push({ why: `command ${c}`, anyOf: ['commands'] });
  for (const s of usage.shortcuts) requirements.push({ why: `shortcut ${s}`, anyOf: ['commands'] });
  return { requirements, problems };
}

/** Bolt's `message` listener receives message.channels and message.groups (private incident channels). */
function botEventsOf(usage: Usage): Set<string> {
  return new Set([...usage.events].flatMap((e) => (e === 'message' ? ['message.channels', 'message.groups'] : [e])));
}

function missingScopes(requirements: Requirement[], scopes: string[]): string[] {
  return requirements
    .filter((r) => !r.anyOf.some((s) => scopes.includes(s)))
    .map((r) => `manifest lacks scope for ${r.why}: one of ${r.anyOf.join(', ')}`);
}

const UNNEEDED = 'nothing used or PLANNED requires it, or other scopes already cover it';

/** A scope is justified only if dropping it would leave some requirement unmet. */
function unneededScopes(requirements: Requirement[], scopes: string[]): string[] {
  const met = requirements.filter((r) => r.anyOf.some((s) => scopes.includes(s)));
  const twice = scopes.filter((s, i) => scopes.indexOf(s) !== i).map((s) => `manifest scope ${s} is listed twice`);
  const unneeded = [...new Set(scopes)]
    .filter((s) => met.every((r) => r.anyOf.some((x) => x !== s && scopes.includes(x))))
    .map((s) => `manifest scope ${s} is unneeded: ${UNNEEDED}`);
  return [...twice, ...unneeded];
}

/**
 * Scopes that no method requires but a field of an answer does: Slack leaves `profile.email` out of
 * users.info unless the app has users:read.email.
 */
const FIELD_SCOPES: { pattern: RegExp; why: string; scope: string }[] = [
  { pattern: /profile\??\.email/, why: 'users.info profile.email', scope: 'users:read.email' },
];

function fieldRequirements(): Requirement[] {
  const srcDir = join(ROOT, 'src');
  const text = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.startsWith('sandbox'))
    .map((f) => readFileSync(join(srcDir, f), 'utf8'))
    .join('\n');
  return FIELD_SCOPES.filter((f) => f.pattern.test(text)).map((f) => ({ why: f.why, anyOf: [f.scope] }));
}

function scanSrc(): Usage {
  const total: Usage = { methods: new Set(), events: new Set(), commands: new Set(), shortcuts: new Set(), opaque: [] };
  const srcDir = join(ROOT, 'src');
  // The sandbox is a Slack emulator: its "calls" are the server side, not Firebreak's usage.
  const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.startsWith(`sandbox/`) && !f.startsWith('sandbox\\'))
    .map((f) => join(srcDir, f));
  for (const file of files) {
    const u = scanSource(readFileSync(file, 'utf8'), relative(ROOT, file));
    for (const k of ['methods', 'events', 'commands', 'shortcuts'] as const) for (const v of u[k]) total[k].add(v);
    total.opaque.push(...u.opaque);
  }
  return total;
}

function withPlanned(usage: Usage): Usage {
  return {
    ...usage,
    methods: new Set([...usage.methods, ...PLANNED.methods]),
    events: new Set([...usage.events, ...PLANNED.events]),
    shortcuts: new Set([...usage.shortcuts, ...PLANNED.shortcuts]),
  };
}

interface Manifest {
  features: {
    slash_commands?: { command: string; url?: string; should_escape?: boolean }[];
    shortcuts?: { type: string; callback_id: string }[];
    app_home?: { home_tab_enabled?: boolean };
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions?: { request_url?: string; bot_events?: string[] };
    interactivity?: { is_enabled: boolean; request_url?: string };
  };
}

const readJson = (name: string): unknown => JSON.parse(readFileSync(join(SCHEMA_DIR, name), 'utf8'));
const manifestDoc = parseYaml(readFileSync(join(ROOT, 'manifest.yml'), 'utf8')) as unknown;
const manifest = manifestDoc as Manifest;
const scopes = manifest.oauth_config.scopes.bot;

describe('manifest.yml against the official Slack schema', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  // manifest.schema.json $refs the versioned schemas by these URLs; registering them keeps this offline.
  const base = 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas';
  ajv.addSchema(readJson('manifest.schema.1.0.0.json') as object, `${base}/manifest.schema.1.0.0.json`);
  ajv.addSchema(readJson('manifest.schema.2.0.0.json') as object, `${base}/manifest.schema.2.0.0.json`);
  const validate = ajv.compile(readJson('manifest.schema.json') as object);
  const errors = () => ajv.errorsText(validate.errors, { separator: '\n' });

  it('accepts the schema’s own valid example and rejects its invalid one (the validator is wired)', () => {
    expect(validate(readJson('example.valid.json')), errors()).toBe(true);
    expect(validate(readJson('example.invalid.json'))).toBe(false);
  });

  it('accepts manifest.yml as a major_version 2 manifest', () => {
    expect(validate(manifestDoc), errors()).toBe(true);
    expect(manifestDoc).toMatchObject({ _metadata: { major_version: 2 } });
  });
});

describe('the scanner', () => {
  it('finds Web API calls, expands uploadV2 and ignores our own ports', () => {
    const u = scanSource(
      "await this.client.chat.postMessage({}); deps.chat.post(x); client.files.uploadV2({}); app.client.apiCall('pins.add', {});",
    );
    expect([...u.methods].sort()).toEqual(['chat.postMessage', 'files.uploadV2', 'pins.add']);
    const { requirements } = requirementsOf(u);
    expect(missingScopes(requirements, ['chat:write'])).toEqual([
      'manifest lacks scope for files.getUploadURLExternal: one of files:write',
      'manifest lacks scope for files.completeUploadExternal: one of files:write',
      'manifest lacks scope for pins.add: one of pins:write',
    ]);
  });

  it('needs public and private channel scopes for conversations.* and flags extra or redundant scopes', () => {
    const { requirements } = requirementsOf(scanSource('client.conversations.create({})'));
    expect(missingScopes(requirements, ['channels:manage'])).toEqual([
      'manifest lacks scope for conversations.create (private channels): one of groups:write',
    ]);
    expect(unneededScopes(requirements, ['channels:manage', 'groups:write'])).toEqual([]);
    const unneeded = (s: string) => `manifest scope ${s} is unneeded: ${UNNEEDED}`;
    expect(unneededScopes(requirements, ['channels:manage', 'groups:write', 'users:read'])).toEqual([
      unneeded('users:read'),
    ]);
    // Two alternatives for the same need: either could go, so both are reported.
    expect(unneededScopes(requirements, ['channels:manage', 'channels:write', 'groups:write'])).toEqual([
      unneeded('channels:manage'),
      unneeded('channels:write'),
    ]);
  });

  it('reads registrations and refuses names it cannot see', () => {
    const u = scanSource(
      "app.command('/incident', h); app.message(h); app.event('pin_added', h); app.shortcut({ callback_id: 'x', type: 'message' }, h); app.event(NAME, h);",
    );
    expect([...u.commands, ...u.shortcuts, ...botEventsOf(u)]).toEqual([
      '/incident',
      'x',
      'message.channels',
      'message.groups',
      'pin_added',
    ]);
    expect(u.opaque).toEqual(['source: app.event(…) with a non-literal name']);
  });
});

describe('manifest.yml against what src/ uses', () => {
  const coded = scanSrc();
  const usage = withPlanned(coded);
  const derived = requirementsOf(usage);
  const problems = derived.problems;
  const requirements = [...derived.requirements, ...fieldRequirements()];

  it('can derive a scope requirement for everything src/ registers or calls', () => {
    expect(problems).toEqual([]);
    expect(coded.methods.size, 'the scan found no Web API call at all: is the regex stale?').toBeGreaterThan(0);
  });

  it('has a scope for every method, event, command and shortcut', () => {
    expect(missingScopes(requirements, scopes)).toEqual([]);
  });

  it('has no scope that nothing needs', () => {
    expect(unneededScopes(requirements, scopes)).toEqual([]);
  });

  it('subscribes to exactly the events the code listens to', () => {
    const expected = [...botEventsOf(usage)].sort();
    expect([...(manifest.settings.event_subscriptions?.bot_events ?? [])].sort()).toEqual(expected);
    if (expected.includes('app_home_opened')) expect(manifest.features.app_home?.home_tab_enabled).toBe(true);
  });

  it('declares exactly the slash commands registered, each escaped', () => {
    const declared = manifest.features.slash_commands ?? [];
    expect(declared.map((c) => c.command).sort()).toEqual([...usage.commands].sort());
    for (const c of declared) expect(c.should_escape, `${c.command} should_escape`).toBe(true);
  });

  it('declares exactly the message shortcuts registered', () => {
    const declared = (manifest.features.shortcuts ?? []).map((s) => `${s.type}:${s.callback_id}`);
    expect(declared.sort()).toEqual([...usage.shortcuts].map((s) => `message:${s}`).sort());
  });

  it('points every Slack request at the HTTPReceiver endpoint with interactivity on', () => {
    const urls = [
      ...(manifest.features.slash_commands ?? []).map((c) => c.url),
      manifest.settings.event_subscriptions?.request_url,
      manifest.settings.interactivity?.request_url,
    ];
    for (const url of urls) expect(url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    expect(manifest.settings.interactivity?.is_enabled).toBe(true);
  });

  it('PLANNED is honest: nothing in it is already in src/', () => {
    const done = [
      ...PLANNED.methods.filter((m) => coded.methods.has(m)),
      ...PLANNED.events.filter((e) => coded.events.has(e)),
      ...PLANNED.shortcuts.filter((s) => coded.shortcuts.has(s)),
    ];
    expect(done, 'now coded: remove from PLANNED in test/unit/manifest.test.ts').toEqual([]);
  });
});
