import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/env.js';
import type { RunbookCatalog } from '../../src/runbooks/catalog.js';
import { loadRunbooks } from '../../src/runbooks/load-runbooks.js';

const SERVICES = ['payments', 'search', 'analytics'];
const EXAMPLES = [
  'connection-pool-restart',
  'deploy-regression-rollback',
  'disk-full-clear-logs',
  'pod-oomkilled-restart',
  'redis-timeout-flush-cache',
];

async function loadError(dir: string, services = SERVICES): Promise<string> {
  try {
    await loadRunbooks(dir, services);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`expected ${dir} to be refused`);
}

describe('example runbooks', () => {
  let catalog: RunbookCatalog;
  beforeAll(async () => {
    catalog = await loadRunbooks('runbooks', SERVICES);
  });

  it('load and validate against the configured services', () => {
    expect(catalog.list().map((r) => r.id)).toEqual(EXAMPLES);
    for (const runbook of catalog.list()) {
      expect(runbook.symptoms.length, runbook.id).toBeGreaterThanOrEqual(3);
      expect(runbook.diagnosis.length, runbook.id).toBeGreaterThanOrEqual(2);
      expect(runbook.resolution.action.executor, runbook.id).toBe('webhook');
      expect(runbook.rollback, runbook.id).toBeDefined();
      expect(catalog.parametersOf(runbook.id)).toEqual(['service']);
    }
  });

  it('auto-approves only clearing old logs', () => {
    expect(
      catalog
        .list()
        .filter((r) => r.auto_approve)
        .map((r) => r.id),
    ).toEqual(['disk-full-clear-logs']);
    expect(catalog.get('pod-oomkilled-restart')).toMatchObject({ confidence: 0.95, blast_radius: 'low' });
  });
});

describe('bad runbooks give one line naming the file and the field', () => {
  const fixture = (name: string) => join('test/fixtures/runbooks-bad', name);
  const cases: [string, string][] = [
    ['bad-executor', 'x.yml: resolution.action.executor must be webhook or dry-run'],
    [
      'unknown-placeholder',
      'x.yml: resolution.steps.0 has an unknown placeholder {{svc}}; use {{service}}, {{namespace}}, {{deployment}}',
    ],
    [
      'unquoted-placeholder',
      'x.yml: resolution.action.params.deployment must be a string; quote values containing {{placeholders}} in YAML',
    ],
    [
      'unknown-service',
      'x.yml: services.1 billing is not a configured service (configured: payments, search, analytics)',
    ],
    ['unknown-key', 'x.yml: unknown key auto_aprove'],
    ['missing-field', 'x.yml: prevention is required'],
    ['bad-confidence', 'x.yml: confidence must be a number between 0 and 1'],
    [
      'auto-approve-irreversible',
      'x.yml: auto_approve cannot be true for an irreversible or high-blast-radius runbook',
    ],
  ];
  for (const [name, message] of cases)
    it(name, async () => {
      const error = await loadError(fixture(name));
      expect(error).toBe(`${fixture(name)}/${message}`);
      expect(error).not.toContain('\n');
    });

  it('not-yaml', async () => {
    expect(await loadError(fixture('not-yaml'))).toMatch(
      /^test\/fixtures\/runbooks-bad\/not-yaml\/x\.yml: not valid YAML \(/,
    );
  });

  it('duplicate ids name both files', async () => {
    const dir = fixture('duplicate-id');
    expect(await loadError(dir)).toBe(`${dir}/b.yaml: id bad-example is already defined in ${dir}/a.yml`);
  });
});

describe('runbook directory', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'firebreak-runbooks-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('an empty directory is an empty catalogue', async () => {
    await writeFile(join(dir, 'README.md'), 'not a runbook');
    const catalog = await loadRunbooks(dir, SERVICES);
    expect(catalog.list()).toEqual([]);
  });

  it('a missing directory is an error naming it', async () => {
    expect(await loadError(join(dir, 'nope'))).toBe(`runbooks_dir ${join(dir, 'nope')} does not exist`);
  });

  it('a file instead of a directory is an error', async () => {
    expect(await loadError(join(dir, 'README.md'))).toBe(`runbooks_dir ${join(dir, 'README.md')} is not a directory`);
  });
});

describe('parameters', () => {
  let catalog: RunbookCatalog;
  beforeAll(async () => {
    catalog = await loadRunbooks('runbooks', SERVICES);
  });

  it('accepts exactly the runbook parameters and returns a clean copy', () => {
    const result = catalog.validateParams('pod-oomkilled-restart', { service: 'search' });
    expect(result).toEqual({ ok: true, params: { service: 'search' } });
  });

  it.each([
    [{}, 'missing parameter service'],
    [{ service: 'search', namespace: 'prod' }, 'unexpected parameter "namespace"'],
    [{ service: 'search; rm -rf /' }, /^parameter service must be/],
    [{ service: 'Search' }, /^parameter service must be/],
    [{ service: '' }, /^parameter service must be/],
    [{ service: 'a'.repeat(101) }, /^parameter service must be/],
    [{ service: 42 }, /^parameter service must be/],
    [{ service: 'billing' }, 'runbook pod-oomkilled-restart does not apply to service billing'],
    [null, 'parameters must be an object'],
    [['search'], 'parameters must be an object'],
  ])('refuses %j', (params, error) => {
    const result = catalog.validateParams('pod-oomkilled-restart', params);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });

  it('refuses an unknown runbook and a service the runbook does not list', async () => {
    expect(catalog.validateParams('rm-rf', { service: 'search' })).toEqual({
      ok: false,
      error: 'unknown runbook "rm-rf"',
    });
    const dir = await mkdtemp(join(tmpdir(), 'firebreak-runbooks-'));
    try {
      const text = await readFile('test/fixtures/runbooks-bad/bad-executor/x.yml', 'utf8');
      await writeFile(
        join(dir, 'only-payments.yml'),
        text.replace('executor: ssh', 'executor: dry-run').replace('["*"]', '["payments"]'),
      );
      const scoped = await loadRunbooks(dir, SERVICES);
      expect(scoped.appliesTo('bad-example', 'payments')).toBe(true);
      expect(scoped.validateParams('bad-example', { service: 'search' })).toEqual({
        ok: false,
        error: 'runbook bad-example does not apply to service search',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('renders placeholders without evaluating anything', () => {
    const rendered = catalog.render('pod-oomkilled-restart', { service: 'payments' });
    expect(rendered.action).toEqual({
      executor: 'webhook',
      name: 'restart-deployment',
      params: { deployment: 'payments', namespace: 'prod' },
    });
    expect(rendered.steps[0]).toBe('kubectl rollout restart deployment/payments -n prod');
    expect(rendered.rollback).toEqual({
      executor: 'webhook',
      name: 'rollout-undo',
      params: { deployment: 'payments', namespace: 'prod' },
    });
    expect(JSON.stringify(rendered)).not.toContain('{{');
    expect(() => catalog.render('pod-oomkilled-restart', { service: '$(reboot)' })).toThrow(/cannot render/);
  });
});
