/**
 * The upload URL handed out by files.getUploadURLExternal (`POST /upload/<fileId>`). Slack accepts the
 * raw bytes or a multipart form; @slack/web-api sends multipart with the bytes in a `body` file field.
 */
import type { EmulatorCore } from '../core.js';
import { parseMultipart } from './body.js';

/** Stores the bytes for a reserved file id; answers like Slack's upload host. */
export async function handleUpload(
  core: EmulatorCore,
  fileId: string,
  raw: Buffer,
  contentType: string,
): Promise<{ status: number; body: string }> {
  let bytes = raw;
  if (contentType.toLowerCase().startsWith('multipart/form-data')) {
    const form = await parseMultipart(raw, contentType);
    const file = [...form.values()].find((v) => typeof v !== 'string') as Blob | undefined;
    const text = form.get('content') ?? form.get('body');
    bytes = file ? Buffer.from(await file.arrayBuffer()) : Buffer.from(typeof text === 'string' ? text : '');
  }
  if (!core.ws.files.receive(fileId, bytes)) return { status: 404, body: 'file_not_found' };
  return { status: 200, body: `OK - ${bytes.length}` };
}
