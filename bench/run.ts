/**
 * `npm run bench`: ack latency, Web API calls per declaration and every subcommand under concurrency,
 * against the real app and the Slack emulator. Prints tables and writes bench/results/latest.json.
 * Nothing here asserts a time: numbers depend on the machine, so they are reported, not judged.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { measureAckLatency } from './ack-latency.js';
import { measureContextAssembly } from './ai-context.js';
import { measureAlertIntake } from './alert-intake.js';
import { CONCURRENCY, measureConcurrency, ROUNDS } from './concurrency.js';
import { measureDeclareCalls } from './declare-calls.js';
import { measureDigest } from './digest.js';
import { describeEnvironment } from './environment.js';
import { type FootprintResult, measureFootprint, type Target } from './footprint/measure.js';
import { printFootprint } from './footprint/report.js';
import { measurePostmortem } from './postmortem.js';
import {
  printAckLatency,
  printAlertIntake,
  printConcurrency,
  printContextAssembly,
  printDeclareCalls,
  printDigest,
  printEnvironment,
  printPostmortem,
  printSchedulerTick,
  printStopLatency,
} from './report.js';
import { measureRulesEval, printRulesEval } from './rules-eval.js';
import { BenchStack } from './stack.js';
import { measureStopLatency } from './stop-latency.js';
import { runTickBench } from './tick-stack.js';

const RESULTS = fileURLToPath(new URL('./results/latest.json', import.meta.url));

/** Runs `fn` on a fresh stack (own emulator and database), so sections do not see each other's incidents. */
async function withStack<T>(
  fn: (stack: BenchStack) => Promise<T>,
): Promise<{ result: T; database: string; violations: string[] }> {
  const stack = await BenchStack.start();
  try {
    const result = await fn(stack);
    return { result, database: stack.databaseDescription, violations: [...stack.emulator.violations] };
  } finally {
    await stack.stop();
  }
}

/**
 * The embedded default, and PostgreSQL when DATABASE_URL is set (`--with-pglite` adds the earlier
 * PGlite default for comparison), each with its own apps, emulator and database.
 */
async function footprint(): Promise<FootprintResult[]> {
  const targets: Target[] = ['embedded'];
  if (process.env.DATABASE_URL) targets.push('postgres');
  if (process.argv.includes('--with-pglite')) targets.push('pglite');
  const results: FootprintResult[] = [];
  for (const target of targets) results.push(await measureFootprint(target));
  printFootprint(results);
  return results;
}

async function main(): Promise<void> {
  if (process.argv.includes('--tick-only')) {
    printSchedulerTick(await runTickBench());
    return;
  }
  const started = performance.now();
  if (process.argv.includes('--footprint-only')) {
    printEnvironment(describeEnvironment('see each footprint row'));
    const results = await footprint();
    await mkdir(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
    await writeFile(
      fileURLToPath(new URL('./results/footprint.json', import.meta.url)),
      `${JSON.stringify({ generatedAt: new Date().toISOString(), results }, null, 2)}\n`,
    );
    process.stdout.write(`Done in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    return;
  }
  const first = await withStack(async (stack) => ({
    ack: await measureAckLatency(stack),
    calls: await measureDeclareCalls(stack),
  }));
  const environment = describeEnvironment(first.database);
  printEnvironment(environment);
  printAckLatency(first.result.ack);
  printDeclareCalls(first.result.calls);

  const footprintResults = await footprint();

  const second = await withStack((stack) => measureConcurrency(stack));
  printConcurrency(second.result, CONCURRENCY, ROUNDS);

  const tick = await runTickBench();
  printSchedulerTick(tick);

  const stop = await measureStopLatency();
  printStopLatency(stop);

  const aiContext = await measureContextAssembly();
  printContextAssembly(aiContext);

  const postmortem = await measurePostmortem();
  printPostmortem(postmortem);

  const rulesEval = await measureRulesEval();
  printRulesEval(rulesEval);

  // 100,000 incidents are a PostgreSQL workload; on the embedded default it is skipped and says so.
  const alertIntake = await measureAlertIntake();
  printAlertIntake(alertIntake);

  const digest = process.env.DATABASE_URL ? await measureDigest() : undefined;
  printDigest(digest);

  const violations = [...first.violations, ...second.violations];
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `\nSlack protocol violations: ${violations.length}${violations.length ? `\n  - ${violations.join('\n  - ')}` : ''}\n`,
  );
  await mkdir(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  const results = {
    generatedAt: new Date().toISOString(),
    durationSeconds: Math.round(seconds),
    environment,
    ackLatency: first.result.ack,
    declareCalls: first.result.calls,
    footprint: footprintResults,
    concurrency: { inFlight: CONCURRENCY, rounds: ROUNDS, commands: second.result },
    schedulerTick: tick,
    stop,
    aiContext,
    postmortem,
    rulesEval,
    digest: digest ?? null,
    alertIntake,
    violations,
  };
  await writeFile(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`Done in ${seconds.toFixed(0)} s; results written to ${RESULTS}\n`);
}

try {
  await main();
} catch (err) {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? err}\n`);
  process.exitCode = 1;
}
