import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunbookCatalog } from '../../src/runbooks/catalog.js';
import { loadRunbooks, parseRunbookText } from '../../src/runbooks/load-runbooks.js';
import { parseHealthy } from '../../src/runbooks/runbook.js';

const SERVICES = ['payments', 'search'];
const BASE = `
id: x
title: X
services: ["*"]
symptoms: ["out of memory"]
diagnosis: [{ step: "a", command: "b", expected: "c" }]
resolution: { action: { executor: dry-run, name: restart, params: { deployment: "{{service}}" } }, steps: ["s"] }
prevention: "p"
confidence: 0.5
blast_radius: low
reversibility: instant
`;
const parse = (extra: string) => parseRunbookText(BASE + extra, 'x.yml', SERVICES);
const problem = (extra: string) => {
  try {
    parse(extra);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('runbook evidence and verify sections', () => {
  it('parse durations and the healthy side', () => {
    const r = parse(`
evidence:
  - { name: "memory vs limit", query: 'max(m{container="{{service}}"})', unit: ratio }
verify:
  query: 'sum(rate(e{service="{{service}}"}[5m]))'
  healthy: "< 0.01"
  within: 10m
  hold: 2m
`);
    expect(r.verify).toEqual({
      query: 'sum(rate(e{service="{{service}}"}[5m]))',
      healthy: '< 0.01',
      within: '10m',
      hold: '2m',
    });
    expect(parseHealthy('> 1e-3')).toEqual({ op: '>', threshold: 0.001 });
    expect(r.evidence).toHaveLength(1);
  });

  it.each([
    [
      'verify: { query: "q", healthy: "about 1", within: 10m, hold: 2m }',
      'x.yml: verify.healthy must be "< N" or "> N", like "< 0.01"',
    ],
    [
      'verify: { query: "q", healthy: "< 1", within: soon, hold: 2m }',
      'x.yml: verify.within must be a duration such as 30s, 10m or 1h',
    ],
    ['verify: { query: "q", healthy: "> 1", within: 2m, hold: 2m }', 'x.yml: verify.hold must be shorter than within'],
    ['verify: { query: "q", healthy: "> 1", within: 10m }', 'x.yml: verify.hold is required'],
    [
      'verify: { query: \'m{c="{{svc}}"}\', healthy: "> 1", within: 10m, hold: 1m }',
      /verify\.query has an unknown placeholder \{\{svc\}\}/,
    ],
    ['evidence: [{ name: "n", query: "q" }]', 'x.yml: evidence.0.unit is required'],
    ['evidence: [{ name: "n", query: "q", unit: "a lot of" }]', /evidence\.0\.unit must be a short unit/],
    ['evidence: [{ name: "n", query: "q", unit: ratio, colour: red }]', 'x.yml: unknown key evidence.0.colour'],
  ])('refuses %s', (extra, message) => {
    expect(problem(extra)).toMatch(message);
  });
});

describe('the shipped runbooks', () => {
  let catalog: RunbookCatalog;
  beforeAll(async () => {
    catalog = await loadRunbooks('runbooks', SERVICES);
  });

  it('each has evidence and a verify query, filled with the service', () => {
    for (const runbook of catalog.list()) {
      const rendered = catalog.render(runbook.id, { service: 'payments' });
      expect(rendered.evidence.length, runbook.id).toBeGreaterThan(0);
      expect(rendered.verify?.query, runbook.id).toMatch(/payments/);
      expect(JSON.stringify(rendered), runbook.id).not.toContain('{{');
      expect(rendered.verify?.withinMs, runbook.id).toBeGreaterThan(rendered.verify!.holdMs);
    }
  });
});

describe('a runbook directory with a bad verify section stops start-up', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'firebreak-runbooks-'));
    await writeFile(join(dir, 'x.yml'), `${BASE}verify: { query: "q", healthy: "=1", within: 10m, hold: 1m }\n`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('names the file and field', async () => {
    await expect(loadRunbooks(dir, SERVICES)).rejects.toThrow(`${join(dir, 'x.yml')}: verify.healthy must be`);
  });
});
