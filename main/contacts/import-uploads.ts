/**
 * Import files on their way in: announced with their size, then sent in order in chunks of at
 * most IMPORT_CHUNK_BYTES, so no transport ever carries the whole file in one frame. An upload
 * belongs to the session that began it; it is dropped when it sits idle too long, when its
 * session ends, or once its import is committed. The size limit is checked on the announced size
 * and again on every chunk: the client's own check is a courtesy, never trusted.
 */
import { randomUUID } from 'node:crypto';
import { IMPORT_CHUNK_BASE64_CHARS, IMPORT_CHUNK_BYTES } from '../contract';
import { AppError } from '../errors';
import { importError } from './files/import-error';

/** An upload nobody has touched for this long is abandoned (a closed tab, a killed CLI). */
export const UPLOAD_IDLE_MS = 10 * 60_000;
/** Per session and in all: a bound on what abandoned or hostile uploads can hold in memory. */
const MAX_PER_SESSION = 2;
const MAX_IN_ALL = 6;

export interface Upload {
  readonly id: string;
  readonly fileName: string;
  readonly size: number;
  readonly owner: string;
  received: number;
  chunks: Buffer[];
  /** The whole file once the last chunk is in (kept for re-reads with another mapping). */
  bytes: Buffer | null;
  timer: NodeJS.Timeout;
}

export function tooLarge(size: number, maxBytes: number): AppError {
  const megabytes = Math.floor(maxBytes / (1024 * 1024));
  return importError('import.too_large', `The file is ${size} bytes; one import may be at most ${megabytes} MB.`, {
    size,
    limit: maxBytes,
    megabytes,
  });
}

const unknownUpload = () =>
  new AppError('not_found', 'This upload is gone (it expired or its session ended); send the file again', {
    code: 'import.upload_gone',
  });

export class ImportUploads {
  private readonly uploads = new Map<string, Upload>();

  constructor(private readonly idleMs = UPLOAD_IDLE_MS) {}

  begin(owner: string, fileName: string, size: number, maxBytes: number): Upload {
    if (size > maxBytes) throw tooLarge(size, maxBytes);
    const own = [...this.uploads.values()].filter((u) => u.owner === owner);
    // The session's oldest upload makes room: a wizard that was closed without cancelling.
    while (own.length >= MAX_PER_SESSION) this.discard(own.shift()!.id);
    if (this.uploads.size >= MAX_IN_ALL) {
      throw new AppError('conflict', 'Too many imports are being sent at once; try again in a moment', {
        code: 'import.busy',
      });
    }
    const id = randomUUID();
    const upload: Upload = {
      id,
      fileName,
      size,
      owner,
      received: 0,
      chunks: [],
      bytes: size === 0 ? Buffer.alloc(0) : null,
      timer: this.idleTimer(id),
    };
    this.uploads.set(id, upload);
    return upload;
  }

  append(owner: string, uploadId: string, offset: number, dataBase64: string): number {
    const upload = this.owned(owner, uploadId);
    if (dataBase64.length > IMPORT_CHUNK_BASE64_CHARS) throw badChunk('The chunk is larger than one chunk may be');
    if (offset !== upload.received) {
      throw badChunk(`Expected the chunk at byte ${upload.received}, got one at ${offset}`, { expected: upload.received });
    }
    const chunk = Buffer.from(dataBase64, 'base64');
    if (chunk.length === 0 || chunk.length > IMPORT_CHUNK_BYTES) throw badChunk('The chunk is empty or not base64');
    if (upload.received + chunk.length > upload.size) {
      // More bytes than announced: the announced size passed the limit check, these would not.
      this.discard(upload.id);
      throw badChunk('The file is longer than its announced size; send it again');
    }
    upload.chunks.push(chunk);
    upload.received += chunk.length;
    if (upload.received === upload.size) {
      upload.bytes = Buffer.concat(upload.chunks, upload.size);
      upload.chunks = [];
    }
    return upload.received;
  }

  /** The complete file of an upload, for a preview. */
  complete(owner: string, uploadId: string): Upload & { bytes: Buffer } {
    const upload = this.owned(owner, uploadId);
    if (!upload.bytes) {
      throw badChunk(`The file is not complete: ${upload.received} of ${upload.size} bytes arrived`, {
        expected: upload.received,
      });
    }
    return upload as Upload & { bytes: Buffer };
  }

  discard(uploadId: string): void {
    const upload = this.uploads.get(uploadId);
    if (!upload) return;
    clearTimeout(upload.timer);
    this.uploads.delete(uploadId);
  }

  discardOwned(owner: string, uploadId: string): void {
    if (this.uploads.get(uploadId)?.owner === owner) this.discard(uploadId);
  }

  discardOwnedBy(owners: readonly string[]): void {
    for (const upload of [...this.uploads.values()]) if (owners.includes(upload.owner)) this.discard(upload.id);
  }

  has(uploadId: string): boolean {
    return this.uploads.has(uploadId);
  }

  close(): void {
    for (const id of [...this.uploads.keys()]) this.discard(id);
  }

  private owned(owner: string, uploadId: string): Upload {
    const upload = this.uploads.get(uploadId);
    // Another session's upload is as good as gone: its id says nothing to anyone else.
    if (!upload || upload.owner !== owner) throw unknownUpload();
    upload.timer.refresh();
    return upload;
  }

  private idleTimer(uploadId: string): NodeJS.Timeout {
    const timer = setTimeout(() => this.discard(uploadId), this.idleMs);
    // An abandoned upload never keeps the engine's process alive.
    timer.unref();
    return timer;
  }
}

function badChunk(message: string, params: Record<string, string | number> = {}): AppError {
  return new AppError('validation', message, { code: 'import.bad_chunk', params });
}
