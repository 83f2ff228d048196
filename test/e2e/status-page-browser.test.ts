import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidents } from '../../src/db/schema/index.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { declare, lastEphemeral, run, settle } from '../support/scenario.js';
import { statusConfig } from '../support/statuspage.js';

/**
 * The real page in a real browser (Debian's chromium driven by playwright-core), after publications
 * made through signed Slack requests. `.ci/run` installs chromium and sets FIREBREAK_BROWSER_TEST=required,
 * so there a missing browser fails; elsewhere the test is skipped, loudly.
 */
const CHROMIUM = process.env.FIREBREAK_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const required = process.env.FIREBREAK_BROWSER_TEST === 'required';
if (!available && !required)
  console.warn(`\n⚠️  SKIPPED: the status page browser test needs chromium at ${CHROMIUM} (apt-get install chromium)\n`);
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'status-page');

const h = useHarness({ config: statusConfig({ statuspage: false }) });
let context: BrowserContext;
let page: Page;
let profile: string;

beforeAll(async () => {
  if (!available && !required) return;
  if (!available) throw new Error(`FIREBREAK_BROWSER_TEST=required but there is no chromium at ${CHROMIUM}`);
  mkdirSync(ARTIFACTS, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), 'firebreak-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 390, height: 844 },
  });
  page = context.pages()[0] ?? (await context.newPage());
});

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function open(name: string): Promise<void> {
  const res = await page.goto(`${h.app.url}/status`);
  expect(res?.status()).toBe(200);
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Declares, makes `user` comms lead, and publishes through the form with these values. */
async function publish(ch: string, user: string, values: Record<string, string>) {
  await run(h, user, ch, 'statuspage');
  const view = h.emulator.openModals(user).at(-1)!;
  await h.emulator.submitView({ user, viewId: view.id, values });
  await settle(h);
}

describe.skipIf(!available && !required)('the status page in chromium', () => {
  it('shows a publication, then the resolution with today coloured; a private incident changes nothing; markup is text', async () => {
    await open('0-empty');
    await expect(page.locator('[role=status]').innerText()).resolves.toBe('All systems operational');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    const ch = await declare(h, 'declare sev1 payments checkout failing');
    await run(h, 'UALICE', ch, 'comms <@UCAROL>');
    await publish(ch, 'UCAROL', {
      public_name: 'Card payments failing',
      public_message: 'Some card payments fail. We are working on it.',
      'component:payments': 'partial_outage',
    });
    await open('1-published');
    await expect(page.locator('[role=status]').innerText()).resolves.toBe('Partial outage');
    const payments = page.locator('.component', { hasText: 'Payments API' });
    await expect(payments.locator('.st').innerText()).resolves.toBe('Partial outage');
    const active = page.locator('section[aria-labelledby=active] .incident');
    await expect(active.locator('h3').innerText()).resolves.toBe('Card payments failing');
    await expect(active.locator('.updates p').innerText()).resolves.toBe(
      'Some card payments fail. We are working on it.',
    );
    // Mobile-friendly: nothing wider than a phone.
    // (Expressions as strings: they run in the browser, whose DOM types this Node project does not load.)
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);

    await publish(ch, 'UCAROL', { public_phase: 'resolved', public_message: 'Card payments work again.' });
    await run(h, 'UALICE', ch, 'ic <@UALICE>');
    await run(h, 'UALICE', ch, 'resolve Rolled back the gateway');
    await open('2-resolved');
    await expect(page.locator('[role=status]').innerText()).resolves.toBe('All systems operational');
    expect(await page.locator('section[aria-labelledby=active]').count()).toBe(0);
    const past = page.locator('section[aria-labelledby=past] .incident');
    await expect(past.locator('.phase').first().innerText()).resolves.toBe('Resolved');
    await expect(past.locator('.updates p').first().innerText()).resolves.toBe('Card payments work again.');
    const today = payments.locator('.bar').last();
    const title = await today.getAttribute('title');
    expect(title).toBe(`${new Date().toISOString().slice(0, 10)}: Partial outage — Card payments failing`);
    type Styled = { getComputedStyle(el: unknown): { backgroundColor: string } };
    const colour = (el: unknown) => (globalThis as unknown as Styled).getComputedStyle(el).backgroundColor;
    const yesterday = payments.locator('.bar').nth(-2);
    // The light scheme's partial-outage orange (#bc4c00) against the operational green (#1a7f37).
    expect(await today.evaluate(colour)).toBe('rgb(188, 76, 0)');
    expect(await yesterday.evaluate(colour)).toBe('rgb(26, 127, 55)');
    expect(await payments.locator('.bars').getAttribute('aria-label')).toBe(
      'Payments API, last 90 days: 1 day with incidents',
    );

    // A private incident's declaration (and an attempt to publish it) changes nothing on the page.
    const before = await page.locator('main').innerText();
    await run(h, 'UALICE', BROADCAST, '');
    const [declareView] = h.emulator.openModals('UALICE');
    await h.emulator.submitView({
      user: 'UALICE',
      viewId: declareView!.id,
      values: { title: 'Card data exposure', severity: '1', services: ['payments'], options: ['private'] },
    });
    await settle(h, 300);
    const secret = (await h.db.select().from(incidents)).find((i) => i.isPrivate)!;
    await run(h, 'UALICE', secret.channelId!, 'ic <@UALICE>');
    await run(h, 'UALICE', secret.channelId!, 'statuspage');
    expect(lastEphemeral(h, 'UALICE')).toContain('This incident is private');
    await open('3-after-private');
    expect(await page.locator('main').innerText()).toBe(before);
    expect(await page.content()).not.toContain('Card data exposure');

    // Markup in what is published shows as text and never runs.
    const other = await declare(h, 'declare sev2 search is slow');
    await run(h, 'UALICE', other, 'comms <@UALICE>');
    await publish(other, 'UALICE', {
      public_name: '<script>window.pwned = 1</script> Search slow',
      public_message: '<img src=x onerror="window.pwned = 2"> Searches are slow.',
      'component:search': 'degraded_performance',
    });
    await open('4-markup-as-text');
    const shown = page.locator('section[aria-labelledby=active] .incident h3');
    await expect(shown.innerText()).resolves.toBe('<script>window.pwned = 1</script> Search slow');
    await expect(page.locator('section[aria-labelledby=active] .updates p').innerText()).resolves.toBe(
      '<img src=x onerror="window.pwned = 2"> Searches are slow.',
    );
    expect(await page.evaluate('window.pwned')).toBeUndefined();
    expect(await page.locator('script, main img').count()).toBe(0);
  });
});
