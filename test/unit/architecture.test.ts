import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The house (../shared/STYLE.md): adapters and rooms below the services import nothing that runs back
// up to them, and ai/ and remediation/ do not lean on each other. Wiring lives in the composition root.
const SRC = resolve(import.meta.dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every relative import of src/, as `from → to` paths relative to src/ (`ai/rules-engine.ts → runbooks/catalog.ts`). */
const edges = files(SRC).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'(\.[^']+)'/g)].map((m) => ({
    from: relative(SRC, file),
    to: relative(SRC, resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts'))),
  })),
);

// Slack markup a string or template literal would write: a mention `<@U…>`, a channel link `<#C…>`, a `<!here>`,
// or their start before a substitution (`<@${id}>`). A regular expression's lookbehind `(?<!…)` is not one.
const SLACK_MARKUP = /(?<!\(\?)<(?:[@#][A-Z]|![a-z]|[@#!]$)/;

/** The string and template literals of a source text that write Slack markup, as `path:line`. Comments and regular expressions (which read it) are not literals. */
function markupLiterals(path: string, text: string): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    const literal =
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node);
    if (literal && SLACK_MARKUP.test(node.text))
      found.push(`${path}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const room = (path: string) => (path.includes('/') ? path.split('/')[0]! : path);
const offending = (from: string, forbidden: string[]) =>
  edges.filter((e) => room(e.from) === from && forbidden.includes(room(e.to))).map((e) => `${e.from} → ${e.to}`);

describe('the house', () => {
  it('reads imports (the scan finds the known edges)', () => {
    expect(edges).toContainEqual({ from: 'ai/rules-engine.ts', to: 'runbooks/catalog.ts' });
  });

  it('ai/ and remediation/ do not import each other', () => {
    expect(offending('ai', ['remediation'])).toEqual([]);
    expect(offending('remediation', ['ai'])).toEqual([]);
  });

  it('ai/, remediation/, runbooks/ and integrations/ import nothing above them (services, slack, jobs, the root)', () => {
    const above = ['services', 'slack', 'jobs', 'firebreak.ts', 'main.ts'];
    expect(['ai', 'remediation', 'runbooks', 'integrations'].flatMap((below) => offending(below, above))).toEqual([]);
    expect(offending('runbooks', ['ai'])).toEqual([]);
  });

  it('only the entry points (main, the CLI, the sandbox that starts the app) import the composition root', () => {
    const importers = edges.filter((e) => e.to === 'firebreak.ts').map((e) => e.from);
    expect(importers.filter((f) => !['main.ts', 'cli.ts'].includes(f) && room(f) !== 'sandbox')).toEqual([]);
  });

  it('finds Slack markup in string and template literals, not in comments or regular expressions', () => {
    const sample = [
      '// <@U1> in a comment',
      'const read = /^<@([UW][A-Z0-9]+)>$/;',
      "const here = '<!here>';",
      'const notAfter = String.raw`(?<![\\w@])x`;',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source of a template literal, scanned as code
      'const who = (id: string) => `by <@${id}>`;',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: as above
      'const where = (a: string, c: string) => `${a} in <#${c}>`;',
    ].join('\n');
    expect(markupLiterals('sample.ts', sample)).toEqual(['sample.ts:3', 'sample.ts:5', 'sample.ts:6']);
  });

  it('domain/ writes no Slack markup (it may read it: the command grammar parses mentions)', () => {
    const domain = files(join(SRC, 'domain')).flatMap((file) =>
      markupLiterals(relative(SRC, file), readFileSync(file, 'utf8')),
    );
    expect(domain).toEqual([]);
  });

  it('SQL lives in db/: no file of src/ outside it imports drizzle-orm', () => {
    const drizzle = /(?:\bfrom|\bimport)\s*\(?\s*['"]drizzle-orm(?:\/[^'"]*)?['"]/;
    const importers = files(SRC)
      .filter((file) => drizzle.test(readFileSync(file, 'utf8')))
      .map((file) => relative(SRC, file));
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((f) => room(f) !== 'db')).toEqual([]);
  });
});
