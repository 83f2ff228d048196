import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { incidents } from '../../src/db/schema/index.js';
import { publishToStatusPage } from '../../src/services/status-page/publish-to-status-page.js';
import { TestClock } from '../support/clock.js';
import { DEFAULT_CONFIG, useHarness } from '../support/harness.js';
import { declare, lastEphemeral, run } from '../support/scenario.js';
import { statusConfig } from '../support/statuspage.js';

// The page's JSON as tests read it (README "/status.json"); loosely typed on purpose.
// biome-ignore lint/suspicious/noExplicitAny: assertions walk the document freely
type StatusJson = Record<string, any>;

const clock = new TestClock('2026-11-23T10:00:00Z');
const h = useHarness({ config: statusConfig({ statuspage: false }), now: clock.now });
afterEach(() => clock.set('2026-11-23T10:00:00Z'));

let seq = 0;
async function publishIn(ch: string, values: { name: string; message: string; phase?: string; payments?: string }) {
  await publishToStatusPage(h.app.services, {
    channelId: ch,
    actorId: 'UALICE',
    requestKey: `view:V${++seq}`,
    name: values.name,
    message: values.message,
    phase: (values.phase ?? 'investigating') as 'investigating',
    components: { payments: (values.payments ?? 'major_outage') as 'major_outage', search: 'operational' },
  });
}

async function incidentWithComms(text = 'declare sev1 payments internal-only codename falcon') {
  const ch = await declare(h, text);
  await run(h, 'UALICE', ch, 'comms <@UALICE>');
  return ch;
}

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${h.app.url}${path}`, { headers });

describe('GET /status, /status.json, /status/feed.atom', () => {
  it('shows only what was published, as text: names and messages with markup are escaped, nothing internal', async () => {
    const ch = await incidentWithComms();
    await run(h, 'UALICE', ch, 'note the root cause is the falcon cache');
    await publishIn(ch, {
      name: 'Payments <script>alert(1)</script> down',
      message: 'We are on it & will "update" <b>soon</b>.',
    });
    clock.set('2026-11-23T10:30:00Z');
    await publishIn(ch, {
      name: 'Payments <script>alert(1)</script> down',
      message: 'Fix deployed.',
      phase: 'monitoring',
    });

    const page = await get('/status');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('public, no-cache');
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-/);
    const html = await page.text();
    expect(html).not.toContain('<script');
    expect(html).toContain('Payments &lt;script&gt;alert(1)&lt;/script&gt; down');
    expect(html).toContain('We are on it &amp; will &quot;update&quot; &lt;b&gt;soon&lt;/b&gt;.');
    expect(html).toContain('<title>Acme status</title>');
    expect(html).toContain('href="https://acme.example/support">Support</a>');
    expect(html).toContain('class="overall s-major_outage" role="status">Major outage</p>');
    // Updates newest first; 90 bars per public component, today's coloured with a date and the incident.
    expect(html.indexOf('Fix deployed.')).toBeLessThan(html.indexOf('We are on it'));
    expect(html.match(/class="bar /g)).toHaveLength(180);
    expect(html).toContain(
      'class="bar s-major_outage" title="2026-11-23: Major outage — Payments &lt;script&gt;alert(1)&lt;/script&gt; down"',
    );
    for (const internal of ['falcon', 'INC-', 'UALICE', 'analytics', 'sev1', 'SEV1'])
      expect(html).not.toContain(internal);

    const json = (await (await get('/status.json')).json()) as StatusJson;
    expect(json.page).toEqual({ title: 'Acme status', time_zone: 'UTC' });
    expect(json.incidents[0]).toMatchObject({
      name: 'Payments <script>alert(1)</script> down',
      status: 'monitoring',
      started_at: '2026-11-23T10:00:00.000Z',
      updated_at: '2026-11-23T10:30:00.000Z',
      components: [{ name: 'Payments API', status: 'major_outage' }],
    });
    expect(json.incidents[0].updates.map((u: { status: string; body: string }) => [u.status, u.body])).toEqual([
      ['monitoring', 'Fix deployed.'],
      ['investigating', 'We are on it & will "update" <b>soon</b>.'],
    ]);
    expect(json.components[0].days).toHaveLength(90);
    expect(JSON.stringify(json)).not.toContain('falcon');

    const feed = await get('/status/feed.atom');
    expect(feed.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await feed.text();
    expect(xml.match(/<entry>/g)).toHaveLength(2);
    expect(xml).toContain('<title>Payments &lt;script&gt;alert(1)&lt;/script&gt; down — Monitoring</title>');
    expect(xml).toContain('<updated>2026-11-23T10:30:00.000Z</updated>');
    expect(xml.indexOf('Fix deployed.')).toBeLessThan(xml.indexOf('We are on it'));
    expect(xml).not.toContain('falcon');
  });

  it('answers 304 to a matching ETag until something is published', async () => {
    const ch = await incidentWithComms();
    await publishIn(ch, { name: 'Payments errors', message: 'Investigating.' });
    for (const path of ['/status', '/status.json', '/status/feed.atom']) {
      const first = await get(path);
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect((await get(path, { 'if-none-match': etag })).status).toBe(304);
      expect((await get(path, { 'if-none-match': '"other"' })).status).toBe(200);
    }
    const before = (await get('/status')).headers.get('etag');
    await publishIn(ch, { name: 'Payments errors', message: 'Fixed.', phase: 'resolved' });
    const after = await get('/status', { 'if-none-match': before! });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('Fixed.');
  });

  it('an incident made private after publishing disappears from the page', async () => {
    const ch = await incidentWithComms();
    await publishIn(ch, { name: 'Payments errors', message: 'Investigating.' });
    await h.db.update(incidents).set({ isPrivate: true }).where(eq(incidents.channelId, ch));
    const json = (await (await get('/status.json')).json()) as StatusJson;
    expect(json.incidents).toEqual([]);
    expect(json.status.indicator).toBe('operational');
  });

  it('is off without status_page: 404, and /incident statuspage says how to set it up', async () => {
    await h.restart({ config: DEFAULT_CONFIG, now: clock.now });
    try {
      for (const path of ['/status', '/status.json', '/status/feed.atom']) expect((await get(path)).status).toBe(404);
      const ch = await incidentWithComms();
      await run(h, 'UALICE', ch, 'statuspage');
      expect(lastEphemeral(h, 'UALICE')).toBe(
        'The status page is not set up: add `status_page:` to firebreak.yml to publish to customers.',
      );
    } finally {
      await h.restart({ config: statusConfig({ statuspage: false }), now: clock.now });
    }
  });
});
