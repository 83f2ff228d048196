/**
 * How well the rule-based engine picks runbooks: precision, recall and abstention over the labelled
 * evaluation set kept with the tests (test/fixtures/symptom-eval/cases.ts), on the shipped runbooks.
 * Deterministic: the numbers change only when the engine, the runbooks or the set change.
 */
import { fileURLToPath } from 'node:url';
import { analyzeWithRules } from '../src/ai/rules-engine.js';
import { loadRunbooks } from '../src/runbooks/load-runbooks.js';
import { EVAL_CASES, type EvalScore, scoreEvalSet } from '../test/fixtures/symptom-eval/cases.js';

const RUNBOOKS = fileURLToPath(new URL('../runbooks', import.meta.url));

export interface RulesEvalResult extends EvalScore {
  positives: number;
  negatives: number;
}

export async function measureRulesEval(): Promise<RulesEvalResult> {
  const catalog = await loadRunbooks(RUNBOOKS, ['payments', 'search', 'analytics']);
  const score = scoreEvalSet((ctx) => analyzeWithRules(ctx, catalog).proposals[0]?.runbookId);
  const positives = EVAL_CASES.filter((c) => c.expected !== null).length;
  return { ...score, positives, negatives: EVAL_CASES.length - positives };
}

export function printRulesEval(r: RulesEvalResult): void {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  process.stdout.write(
    `\nRule-based engine on the labelled evaluation set (${r.cases} cases: ${r.positives} known patterns, ${r.negatives} unrelated)\n` +
      `  precision ${pct(r.precision)} · recall ${pct(r.recall)} · abstention on unrelated incidents ${pct(r.abstention)}\n` +
      r.misses.map((m) => `  missed: ${m}\n`).join(''),
  );
}
