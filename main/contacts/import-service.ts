/**
 * The import wizard's engine side: upload (in chunks, see import-uploads.ts), preview (read and
 * normalise in a worker thread, then match and report) and commit (match again under the write
 * lock, then write). A preview is kept briefly so the commit imports exactly the file the
 * operator looked at.
 */
import { randomUUID } from 'node:crypto';
import { IMPORT_CHUNK_BYTES, type ImportReport, type ImportResult, type ImportRow, type MethodOutput, type ParsedInput } from '../contract';
import type { Actor } from '../audit/audit-log';
import type { Store } from '../db/store';
import { AppError } from '../errors';
import type { Audience, EventBus } from '../events/event-bus';
import type { SettingsService } from '../settings/settings-service';
import { matchAgainstBook, type PlannedRow, type PreparedRecord } from './import-planner';
import { importReasonsLine } from './import-reasons';
import { ImportUploads } from './import-uploads';
import { totalsOf, writeImport } from './import-writer';
import { ParseWorkers } from './parse/parse-in-worker';

const KEEP_MS = 30 * 60_000;
const MAX_STAGED = 4;
/** Rows that need the operator's eyes come first in a truncated report. */
const ORDER: Record<ImportRow['status'], number> = { invalid: 0, conflict: 1, duplicate: 2, update: 3, new: 4 };

interface Staged {
  uploadId: string;
  fileName: string;
  targetGroup: string | undefined;
  prepared: PreparedRecord[];
  audience: Audience;
  expiresAt: number;
}

function toRow(r: PlannedRow): ImportRow {
  return {
    line: r.prepared.record.line,
    status: r.status,
    name: r.prepared.record.name,
    numbers: r.prepared.numbers.length ? r.prepared.numbers.map((n) => n.e164) : r.prepared.record.phones.map((p) => p.raw),
    firstCall: r.status === 'new' ? (r.prepared.numbers[0]?.e164 ?? null) : null,
    reason: importReasonsLine('en', r.reasons),
    reasons: r.reasons,
    contactId: r.contactId,
  };
}

/** The upload's owner: the session's token hash (uploads outlive a reconnect, not a sign-out). */
function ownerOf(audience: Audience): string {
  const owner = audience.tokenHashes?.[0];
  if (!owner) throw new AppError('unauthenticated', 'Sign in first', { code: 'auth.required' });
  return owner;
}

export class ImportService {
  private readonly staged = new Map<string, Staged>();
  readonly uploads = new ImportUploads();
  readonly workers = new ParseWorkers();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly settings: SettingsService,
    private readonly bus: EventBus,
  ) {
    // An ended session's uploads and previews are nobody's any more.
    this.unsubscribe = bus.on((name, _payload, audience) => {
      if (name === 'session.ended' && audience.tokenHashes) this.endSession(audience.tokenHashes);
    });
  }

  private maxBytes(): number {
    return this.settings.current().importMaxMegabytes * 1024 * 1024;
  }

  begin(input: ParsedInput<'contacts.importBegin'>, audience: Audience): MethodOutput<'contacts.importBegin'> {
    const maxBytes = this.maxBytes();
    const upload = this.uploads.begin(ownerOf(audience), input.fileName, input.size, maxBytes);
    return { uploadId: upload.id, chunkBytes: IMPORT_CHUNK_BYTES, maxBytes };
  }

  chunk(input: ParsedInput<'contacts.importChunk'>, audience: Audience): MethodOutput<'contacts.importChunk'> {
    return { received: this.uploads.append(ownerOf(audience), input.uploadId, input.offset, input.dataBase64) };
  }

  /** The wizard was cancelled or another file chosen; an unknown id is already gone, which is fine. */
  discard(uploadId: string, audience: Audience): void {
    const owner = ownerOf(audience);
    this.uploads.discardOwned(owner, uploadId);
    for (const [id, s] of this.staged) if (s.uploadId === uploadId && s.audience.tokenHashes?.includes(owner)) this.staged.delete(id);
  }

  /** Drops everything a session left behind (sign-out, expiry, disabled user). */
  endSession(tokenHashes: readonly string[]): void {
    this.uploads.discardOwnedBy(tokenHashes);
    for (const [id, s] of this.staged) if (s.audience.tokenHashes?.some((h) => tokenHashes.includes(h))) this.staged.delete(id);
  }

  close(): void {
    this.unsubscribe();
    this.workers.close();
    this.uploads.close();
    this.staged.clear();
  }

  private progress(importId: string, audience: Audience, phase: 'reading' | 'checking' | 'writing' | 'done', done: number, total: number) {
    this.bus.emit('import.progress', { importId, phase, done, total }, audience);
  }

  async preview(input: ParsedInput<'contacts.importPreview'>, audience: Audience): Promise<ImportReport> {
    const importId = randomUUID();
    const upload = this.uploads.complete(ownerOf(audience), input.uploadId);
    const { importMaxRows } = this.settings.current();
    this.progress(importId, audience, 'reading', 0, 0);
    const parsed = await this.workers.parse(
      {
        // A copy the worker owns: the upload keeps its bytes for a re-read with another mapping.
        bytes: new Uint8Array(upload.bytes),
        fileName: upload.fileName,
        mapping: input.mapping,
        limits: { maxBytes: this.maxBytes(), maxRows: importMaxRows, maxLineBytes: 1024 * 1024 },
      },
      (phase, done, total) => this.progress(importId, audience, phase, done, total),
    );
    const file = parsed.meta;
    const { prepared } = parsed;
    const total = prepared.length;
    const planned = await matchAgainstBook(this.store, prepared, input.targetGroup);
    this.stage(importId, {
      uploadId: upload.id,
      fileName: upload.fileName,
      targetGroup: input.targetGroup,
      prepared,
      audience,
      expiresAt: Date.now() + KEEP_MS,
    });
    this.progress(importId, audience, 'done', total, total);

    const rows = planned.map(toRow);
    const shown =
      rows.length > input.rowLimit
        ? rows
            .map((row, i) => ({ row, i }))
            .sort((a, b) => ORDER[a.row.status] - ORDER[b.row.status] || a.i - b.i)
            .slice(0, input.rowLimit)
            .sort((a, b) => a.i - b.i)
            .map((x) => x.row)
        : rows;
    return {
      importId,
      fileName: upload.fileName,
      format: file.format,
      encoding: file.encoding,
      delimiter: file.delimiter ?? null,
      headers: file.headers ?? [],
      mapping: file.mapping ?? [],
      totals: totalsOf(planned),
      rows: shown,
      truncated: shown.length < rows.length,
    };
  }

  private stage(importId: string, staged: Staged) {
    const at = Date.now();
    for (const [id, s] of this.staged) if (s.expiresAt < at) this.staged.delete(id);
    while (this.staged.size >= MAX_STAGED) this.staged.delete(this.staged.keys().next().value!);
    this.staged.set(importId, staged);
  }

  async commit(importId: string, actor: Actor): Promise<ImportResult> {
    const staged = this.staged.get(importId);
    if (!staged || staged.expiresAt < Date.now()) {
      throw new AppError('not_found', 'This import preview has expired; read the file again', { code: 'import.expired' });
    }
    this.staged.delete(importId);
    // The file is in the book now (or refused): a second commit would need a new upload anyway.
    this.uploads.discard(staged.uploadId);
    const total = staged.prepared.length;
    this.progress(importId, staged.audience, 'writing', 0, total);
    const result = await writeImport(
      this.store,
      () => matchAgainstBook(this.store, staged.prepared, staged.targetGroup),
      { fileName: staged.fileName, actor },
      (done, writing) => this.progress(importId, staged.audience, 'writing', done, writing),
    );
    this.progress(importId, staged.audience, 'done', total, total);
    this.bus.emit('contacts.changed', {});
    return result;
  }
}
