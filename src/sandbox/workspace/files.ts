/**
 * Files uploaded through the files.getUploadURLExternal → upload URL → files.completeUploadExternal
 * flow (what `WebClient.files.uploadV2` does). Content is kept so tests can assert what the bot shared.
 */
import type { StoredFile } from '../types.js';
import type { IdFactory } from './ids.js';

interface FileRecord extends StoredFile {
  /** Declared by files.getUploadURLExternal; Slack rejects uploads of another size. */
  declaredLength: number;
  uploaded: boolean;
}

/** Storage for uploaded files. */
export class FileStore {
  private readonly records = new Map<string, FileRecord>();

  constructor(private readonly ids: IdFactory) {}

  clear(): void {
    this.records.clear();
  }

  /** Reserves a file id for an upload of `length` bytes. */
  reserve(filename: string, length: number): StoredFile {
    const record: FileRecord = {
      id: this.ids.next('F'),
      filename,
      title: filename,
      content: '',
      bytes: Buffer.alloc(0),
      size: 0,
      channels: [],
      completed: false,
      declaredLength: length,
      uploaded: false,
    };
    this.records.set(record.id, record);
    return record;
  }

  /** Stores the uploaded bytes; false when the id was never reserved. */
  receive(id: string, bytes: Buffer): boolean {
    const record = this.records.get(id);
    if (!record) return false;
    record.content = bytes.toString('utf8');
    record.bytes = Buffer.from(bytes);
    record.size = bytes.length;
    record.uploaded = true;
    return true;
  }

  /** Whether the bytes of this file have arrived (completeUploadExternal needs them). */
  isUploaded(id: string): boolean {
    return this.records.get(id)?.uploaded ?? false;
  }

  /** Marks the upload complete, with an optional title, and records where it was shared. */
  complete(id: string, title: string | undefined, channel: string | undefined): StoredFile | undefined {
    const record = this.records.get(id);
    if (!record) return undefined;
    record.completed = true;
    if (title) record.title = title;
    if (channel && !record.channels.includes(channel)) record.channels.push(channel);
    return record;
  }

  /** Defensive copies of every completed file. */
  all(): StoredFile[] {
    return [...this.records.values()]
      .filter((r) => r.completed)
      .map(({ id, filename, title, content, bytes, size, channels, completed }) => ({
        id,
        filename,
        title,
        content,
        bytes: Buffer.from(bytes),
        size,
        channels: [...channels],
        completed,
      }));
  }
}
