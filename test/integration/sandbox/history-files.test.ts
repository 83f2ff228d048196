import type { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import type { SlackEmulator } from '../../../src/sandbox/index.js';
import { useSandbox } from './helpers.js';

describe('sandbox: reading history and uploading files', () => {
  let emu: SlackEmulator;
  let client: WebClient;
  let clock = 1_700_000_000_000;
  useSandbox(
    (s) => ({ emu, client } = s),
    () => {
      clock = 1_700_000_000_000;
      return { now: () => clock };
    },
  );

  async function postMany(n: number): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      clock += 1000;
      const { ts } = await client.chat.postMessage({ channel: 'CINCIDENTS', text: `m${i}` });
      out.push(ts ?? '');
    }
    return out;
  }

  it('issues strictly increasing ts strings even with a frozen clock', async () => {
    const a = await client.chat.postMessage({ channel: 'CINCIDENTS', text: 'a' });
    const b = await client.chat.postMessage({ channel: 'CINCIDENTS', text: 'b' });
    expect(a.ts).toBe('1700000000.000000');
    expect(b.ts).toBe('1700000000.000001');
  });

  it('pages conversations.history newest first with limit/cursor', async () => {
    const ts = await postMany(5);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await client.conversations.history({ channel: 'CINCIDENTS', limit: 2, cursor });
      pages++;
      seen.push(...(page.messages ?? []).map((m) => m.text ?? ''));
      cursor = page.response_metadata?.next_cursor || undefined;
      expect(page.has_more).toBe(cursor !== undefined);
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['m4', 'm3', 'm2', 'm1', 'm0']);
    const window = await client.conversations.history({ channel: 'CINCIDENTS', oldest: ts[1], latest: ts[3] });
    expect(window.messages?.map((m) => m.text)).toEqual(['m2']);
    const inclusive = await client.conversations.history({
      channel: 'CINCIDENTS',
      oldest: ts[1],
      latest: ts[3],
      inclusive: true,
    });
    expect(inclusive.messages?.map((m) => m.text)).toEqual(['m3', 'm2', 'm1']);
  });

  it('keeps thread replies and ephemerals out of history; replies returns the thread', async () => {
    const [parent] = await postMany(1);
    await client.chat.postMessage({ channel: 'CINCIDENTS', text: 'reply 1', thread_ts: parent });
    await emu.userPosts({ user: 'UALICE', channel: 'CINCIDENTS', text: 'reply 2', threadTs: parent });
    await client.chat.postEphemeral({ channel: 'CINCIDENTS', user: 'UBOB', text: 'only bob' });
    const history = await client.conversations.history({ channel: 'CINCIDENTS' });
    expect(history.messages?.map((m) => m.text)).toEqual(['m0']);
    expect(history.messages?.[0]).toMatchObject({ reply_count: 2, thread_ts: parent });
    const replies = await client.conversations.replies({ channel: 'CINCIDENTS', ts: parent ?? '' });
    expect(replies.messages?.map((m) => m.text)).toEqual(['m0', 'reply 1', 'reply 2']);
    const paged = await client.conversations.replies({ channel: 'CINCIDENTS', ts: parent ?? '', limit: 2 });
    expect(paged.messages).toHaveLength(2);
    expect(paged.response_metadata?.next_cursor).not.toBe('');
  });

  it('pages conversations.members and conversations.list', async () => {
    const first = await client.conversations.members({ channel: 'CINCIDENTS', limit: 3 });
    const second = await client.conversations.members({
      channel: 'CINCIDENTS',
      limit: 3,
      cursor: first.response_metadata?.next_cursor,
    });
    expect([...(first.members ?? []), ...(second.members ?? [])].sort()).toEqual(
      ['UALICE', 'UBOB', 'UCAROL', 'UDAVE', 'UFIREBOT'].sort(),
    );
    expect(second.response_metadata?.next_cursor).toBe('');
    await client.conversations.create({ name: 'inc-a' });
    await client.conversations.create({ name: 'inc-b', is_private: true });
    const pub = await client.conversations.list({});
    expect(pub.channels?.map((c) => c.name)).toEqual(['incidents', 'inc-a']);
    const all = await client.conversations.list({ types: 'public_channel,private_channel', limit: 2 });
    expect(all.channels).toHaveLength(2);
    expect(all.response_metadata?.next_cursor).not.toBe('');
  });

  it('runs the files.uploadV2 flow and shares the file into the channel', async () => {
    const result = await client.files.uploadV2({
      channel_id: 'CINCIDENTS',
      content: '# Postmortem\nroot cause: DNS',
      filename: 'postmortem.md',
      title: 'Postmortem INC-42',
      initial_comment: 'Draft postmortem attached',
    });
    expect(result.ok).toBe(true);
    expect(emu.files()).toMatchObject([
      {
        filename: 'postmortem.md',
        title: 'Postmortem INC-42',
        content: '# Postmortem\nroot cause: DNS',
        channels: ['CINCIDENTS'],
      },
    ]);
    const message = emu.lastMessage('CINCIDENTS');
    expect(message).toMatchObject({ text: 'Draft postmortem attached', files: [{ title: 'Postmortem INC-42' }] });
    expect(emu.callCount('files.getUploadURLExternal')).toBe(1);
    expect(emu.callCount('files.completeUploadExternal')).toBe(1);
    emu.assertNoViolations();
  });

  it('keeps a binary upload byte for byte (a PNG chart)', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x80]);
    await client.files.uploadV2({ channel_id: 'CINCIDENTS', file: png, filename: 'chart.png', title: 'Chart' });
    const [file] = emu.files();
    expect(file?.size).toBe(png.length);
    expect(file?.bytes.equals(png)).toBe(true);
    expect(emu.lastMessage('CINCIDENTS')).toMatchObject({ files: [{ name: 'chart.png', title: 'Chart' }] });
    emu.assertNoViolations();
  });

  it('accepts raw upload bodies too, and refuses completing a file never uploaded', async () => {
    const { upload_url, file_id } = await client.files.getUploadURLExternal({ filename: 'a.txt', length: 3 });
    expect(upload_url).toMatch(new RegExp(`^${emu.baseUrl}/upload/F`));
    const res = await fetch(upload_url ?? '', { method: 'POST', body: 'abc' });
    expect(res.status).toBe(200);
    await client.files.completeUploadExternal({ files: [{ id: file_id ?? '', title: 'A' }] });
    expect(emu.files()).toMatchObject([{ id: file_id, content: 'abc', title: 'A', channels: [] }]);
    const other = await client.files.getUploadURLExternal({ filename: 'b.txt', length: 3 });
    await expect(client.files.completeUploadExternal({ files: [{ id: other.file_id ?? '' }] })).rejects.toMatchObject({
      data: { error: 'file_not_found' },
    });
  });

  it('gives permalinks and lets the bot delete its own messages only', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'CINCIDENTS', text: 'oops' });
    const { permalink } = await client.chat.getPermalink({ channel: 'CINCIDENTS', message_ts: ts ?? '' });
    expect(permalink).toBe(`${emu.baseUrl}/archives/CINCIDENTS/p${(ts ?? '').replace('.', '')}`);
    await client.chat.delete({ channel: 'CINCIDENTS', ts: ts ?? '' });
    expect(emu.messages('CINCIDENTS')).toEqual([]);
  });
});
