/**
 * The import wizard's engine side: preview (read, normalise, match, report) and commit (match
 * again under the write lock, then write). A preview is kept briefly so the commit imports
 * exactly the file the operator looked at.
 */
import { randomUUID } from 'node:crypto';
import type { ImportReport, ImportResult, ImportRow, ParsedInput } from '../contract';
import type { Actor } from '../audit/audit-log';
import type { Db } from '../db/open';
import { AppError } from '../errors';
import type { Audience, EventBus } from '../events/event-bus';
import type { SettingsService } from '../settings/settings-service';
import { readImportFile } from './files/read-import-file';
import type { GroupsService } from './groups-service';
import { matchAgainstBook, prepareRecords, type PlannedRow, type PreparedRecord } from './import-planner';
import { totalsOf, writeImport } from './import-writer';

const KEEP_MS = 30 * 60_000;
const MAX_STAGED = 4;
/** Rows that need the operator's eyes come first in a truncated report. */
const ORDER: Record<ImportRow['status'], number> = { invalid: 0, conflict: 1, duplicate: 2, update: 3, new: 4 };

interface Staged {
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
    reason: r.reason,
    contactId: r.contactId,
  };
}

export class ImportService {
  private readonly staged = new Map<string, Staged>();

  constructor(
    private readonly db: Db,
    private readonly groups: GroupsService,
    private readonly settings: SettingsService,
    private readonly bus: EventBus,
  ) {}

  private progress(importId: string, audience: Audience, phase: 'reading' | 'checking' | 'writing' | 'done', done: number, total: number) {
    this.bus.emit('import.progress', { importId, phase, done, total }, audience);
  }

  async preview(input: ParsedInput<'contacts.importPreview'>, audience: Audience): Promise<ImportReport> {
    const importId = randomUUID();
    const { importMaxRows, importMaxMegabytes } = this.settings.current();
    this.progress(importId, audience, 'reading', 0, 0);
    const bytes = Buffer.from(input.contentBase64, 'base64');
    const file = readImportFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      fileName: input.fileName,
      mapping: input.mapping,
      limits: { maxBytes: importMaxMegabytes * 1024 * 1024, maxRows: importMaxRows, maxLineBytes: 1024 * 1024 },
    });
    const total = file.records.length;
    const prepared = await prepareRecords(file.records, (done) => this.progress(importId, audience, 'checking', done, total));
    const planned = matchAgainstBook(this.db, prepared, input.targetGroup);
    this.stage(importId, { fileName: input.fileName, targetGroup: input.targetGroup, prepared, audience, expiresAt: Date.now() + KEEP_MS });
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
      fileName: input.fileName,
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

  commit(importId: string, actor: Actor): ImportResult {
    const staged = this.staged.get(importId);
    if (!staged || staged.expiresAt < Date.now()) {
      throw new AppError('not_found', 'This import preview has expired; read the file again', { code: 'import.expired' });
    }
    this.staged.delete(importId);
    const total = staged.prepared.length;
    this.progress(importId, staged.audience, 'writing', 0, total);
    const result = writeImport(
      this.db,
      this.groups,
      () => matchAgainstBook(this.db, staged.prepared, staged.targetGroup),
      { fileName: staged.fileName, actor },
    );
    this.progress(importId, staged.audience, 'done', total, total);
    this.bus.emit('contacts.changed', {});
    return result;
  }
}
