/**
 * `npm run demo`: the real Firebreak against the local Slack emulator on a fresh embedded database,
 * driven through a scripted incident by signed requests exactly like Slack's. Prints what every channel
 * saw. Exits 1, saying why, when a step did not do what it should or the app broke one of Slack's rules.
 */
import {
  printChannels,
  printEphemerals,
  printFailure,
  printIntro,
  printSteps,
  printSummary,
  savePostmortem,
} from './demo/print.js';
import { type DemoStack, startDemoStack } from './demo/setup.js';
import { SCRIPT, ScriptRunner } from './demo/steps.js';

async function main(): Promise<number> {
  const started = performance.now();
  let stack: DemoStack;
  try {
    stack = await startDemoStack();
  } catch (err) {
    printFailure(`Could not start the emulator and the app: ${(err as Error).message}`, []);
    return 1;
  }
  const startupMs = performance.now() - started;
  const runner = new ScriptRunner(stack);
  let failure: string | undefined;
  try {
    printIntro(stack);
    try {
      await runner.runAll();
    } catch (err) {
      failure = (err as Error).message;
    }
    printSteps(runner.records, SCRIPT.length);
    printChannels(stack, runner.incidentChannel);
    printEphemerals(stack);
    const postmortem = await savePostmortem(stack);
    if (!failure && !postmortem) failure = 'No postmortem draft was uploaded to the incident channel.';
    printSummary(stack, { startupMs, totalMs: performance.now() - started });
    const violations = stack.emulator.violations;
    if (!failure && violations.length) failure = 'The app broke Slack rules the real Slack would enforce.';
    if (failure) printFailure(failure, violations);
  } finally {
    await stack.stop();
  }
  return failure ? 1 : 0;
}

const code = await main();
process.exitCode = code;
// Everything is stopped; if some handle still holds the event loop open, do not hang the terminal over it.
setTimeout(() => process.exit(code), 2_000).unref();
