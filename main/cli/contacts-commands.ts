/** `gdial contacts import|export`: the same report and files as the console, for sync scripts. */
import { closeSync, existsSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ImportReport, ImportResult, ImportRow } from '../contract';
import { importReasonsLine } from '../contacts/import-reasons';
import { tooLarge } from '../contacts/import-uploads';
import { uploadImportFile, type FileSource } from '../contacts/upload-file';
import { AppError } from '../errors';
import type { CliIo, CommonFlags } from './commands';
import { connectEngine } from './engine-client';

const STATUS_SV: Record<ImportRow['status'], string> = {
  new: 'ny',
  update: 'uppdateras',
  duplicate: 'dubblett',
  invalid: 'ogiltig',
  conflict: 'konflikt',
};

function printReport(report: ImportReport, io: CliIo) {
  io.out(`Fil: ${report.fileName} (${report.format}, ${report.encoding}${report.delimiter ? `, avgränsare "${report.delimiter}"` : ''})`);
  for (const row of report.rows) {
    io.out(
      [`rad ${row.line}`, STATUS_SV[row.status], row.name || '(namn saknas)', row.numbers.join(' '), importReasonsLine('sv', row.reasons) ?? row.reason ?? '']
        .join('\t')
        .trimEnd(),
    );
  }
  const t = report.totals;
  io.out(`Totalt ${t.rows} rader: ${t.new} nya, ${t.update} uppdateras, ${t.duplicate} dubbletter, ${t.invalid} ogiltiga, ${t.conflict} konflikter.`);
}

export async function contactsImport(
  flags: CommonFlags & { file: string | undefined; dryRun: boolean; group: string | undefined },
  io: CliIo,
): Promise<number> {
  if (!flags.file) throw new AppError('validation', 'contacts import needs a file: gdial contacts import <file>', { code: 'cli.missing_file' });
  if (!existsSync(flags.file)) throw new AppError('not_found', `No such file: ${flags.file}`, { code: 'cli.no_file' });
  const size = statSync(flags.file).size;
  const client = await connectEngine(flags.dataDir);
  let fd: number | null = null;
  try {
    // The limit is the engine's setting; a file over it is refused before a byte of it is read.
    const maxBytes = (await client.call('settings.get', {})).values.importMaxMegabytes * 1024 * 1024;
    if (size > maxBytes) throw tooLarge(size, maxBytes);
    if (!flags.json) io.err(`Importerar via ${client.via}`);
    client.on('import.progress', (p) => {
      if (!flags.json && p.total > 0 && p.phase !== 'done') io.err(`${p.phase}: ${p.done}/${p.total}`);
    });
    fd = openSync(flags.file, 'r');
    const file: FileSource = { fileName: path.basename(flags.file), size, read: readerOf(fd) };
    let shown = -1;
    const uploadId = await uploadImportFile(client.call.bind(client), file, (sent, total) => {
      const pct = Math.floor((sent / total) * 100);
      if (!flags.json && total > 1024 * 1024 && pct >= shown + 10) io.err(`sending: ${(shown = pct)}%`);
    });
    const report = await client.call('contacts.importPreview', { uploadId, targetGroup: flags.group, rowLimit: 1_000_000 });
    let result: ImportResult | null = null;
    if (!flags.dryRun && report.totals.new + report.totals.update > 0) {
      result = await client.call('contacts.importCommit', { importId: report.importId });
    }
    if (flags.json) io.out(JSON.stringify({ dryRun: flags.dryRun, report, result }));
    else {
      printReport(report, io);
      if (flags.dryRun) io.out('Provkörning: ingenting skrevs.');
      else if (result) io.out(`Importerat: ${result.created} nya, ${result.updated} uppdaterade, ${result.skipped} hoppades över.`);
      else io.out('Ingenting att importera.');
    }
    // 1 tells a sync script that some rows need a person's attention, even though the rest went in.
    return report.totals.invalid + report.totals.conflict > 0 ? 1 : 0;
  } finally {
    if (fd !== null) closeSync(fd);
    await client.close();
  }
}

/** Reads the file piece by piece: a large file is never held whole in the CLI's memory. */
function readerOf(fd: number): FileSource['read'] {
  return (offset, length) => {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, offset);
    return buffer.subarray(0, read);
  };
}

export async function contactsExport(
  flags: CommonFlags & { format: string | undefined; out: string | undefined; group: string | undefined },
  io: CliIo,
): Promise<number> {
  const format = flags.format;
  if (format !== 'csv' && format !== 'csv-excel' && format !== 'vcf') {
    throw new AppError('validation', 'contacts export needs --format csv, csv-excel or vcf', { code: 'cli.bad_format' });
  }
  if (!flags.out) throw new AppError('validation', 'contacts export needs --out <file>', { code: 'cli.missing_out' });
  if (existsSync(flags.out)) throw new AppError('conflict', `${flags.out} already exists; choose a new file name`, { code: 'cli.exists' });
  const client = await connectEngine(flags.dataDir);
  try {
    let groupId: number | undefined;
    if (flags.group) {
      const wanted = flags.group.toLocaleLowerCase('sv');
      groupId = (await client.call('groups.list', {})).find((g) => g.name.toLocaleLowerCase('sv') === wanted)?.id;
      if (!groupId) throw new AppError('not_found', `No group named "${flags.group}"`, { code: 'cli.no_group' });
    }
    const file = await client.call('contacts.export', { format, groupId, includeInactive: false });
    writeFileSync(flags.out, file.content, { encoding: 'utf8', flag: 'wx' });
    if (flags.json) io.out(JSON.stringify({ file: path.resolve(flags.out), count: file.count, format }));
    else io.out(`Exporterade ${file.count} kontakter till ${path.resolve(flags.out)}.`);
    return 0;
  } finally {
    await client.close();
  }
}
