import { describe, expect, it } from 'vitest';
import { escapeText } from '../../src/slack/views/format.js';

describe('escaping user text for Slack', () => {
  it('defuses broadcasts, special mentions and disguised links', () => {
    expect(escapeText('<!channel> down & <!here>')).toBe('&lt;!channel&gt; down &amp; &lt;!here&gt;');
    expect(escapeText('<https://evil.example|bank.com>')).toBe('&lt;https://evil.example|bank.com&gt;');
    expect(escapeText('<!subteam^S123>')).toBe('&lt;!subteam^S123&gt;');
  });

  it('keeps person and channel mentions', () => {
    expect(escapeText('ask <@U123> or <@W9|bob> in <#C42|ops>')).toBe('ask <@U123> or <@W9|bob> in <#C42|ops>');
  });

  it('escapes what stands between mentions', () => {
    expect(escapeText('<b><@U1>&<@U2><i>')).toBe('&lt;b&gt;<@U1>&amp;<@U2>&lt;i&gt;');
  });
});
