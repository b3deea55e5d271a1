// Import files in chunks, parsed off the engine's thread: through the router and over a real socket.
import { threadId } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { IMPORT_CHUNK_BYTES, type MethodInput, type MethodName } from '../contract';
import { connectEngine } from '../cli/engine-client';
import type { Connection } from '../rpc/router';
import { engineBackends, startTestEngineOn, type EngineBackend } from '../test-support/backends';
import { startTestEngine, type TestEngine } from '../test-support/engine-fixture';
import { EventBus } from '../events/event-bus';
import type { SettingsService } from '../settings/settings-service';
import { ImportService } from './import-service';
import { ImportUploads } from './import-uploads';
import { ParseWorkers } from './parse/parse-in-worker';
import { bytesSource, uploadImportFile, type ContractCall } from './upload-file';

let t: TestEngine | null = null;
let op: Connection;
afterEach(async () => {
  await t?.stop();
  t = null;
});

async function engine(config: Parameters<typeof startTestEngine>[0] = {}) {
  t = await startTestEngine(config);
  op = await t.signedIn('operator');
  return t;
}

const as = (conn: Connection): ContractCall => (method, input) => t!.call(conn, method, input);
const refusal = async <M extends MethodName>(conn: Connection, method: M, input: MethodInput<M>) => {
  const answer = await t!.engine.router.call(conn, method, input);
  if (answer.ok) throw new Error(`${method} was not refused`);
  return answer.error;
};

/** A CSV of `n` contacts, each with its own mobile number; `note` pads each row to make the file larger. */
function book(n: number, note = ''): string {
  const rows = Array.from({ length: n }, (_, i) => `Person ${i};07${String(30_000_000 + i)};${note}`);
  return ['namn;mobil;anteckning', ...rows].join('\n');
}

// The machine running the suite may be busy: these read and write tens of thousands of rows.
const SLOW = 120_000;

describe('chunked import upload', () => {
  it('carries a file of many chunks through the router, each call well under 1 MiB', async () => {
    await engine();
    const csv = book(15_000, 'x'.repeat(40)); // about 1 MB: four chunks
    const frames: number[] = [];
    const call: ContractCall = (method, input) => {
      frames.push(JSON.stringify({ t: 'call', id: 1, method, input }).length);
      return t!.call(op, method, input);
    };
    const uploadId = await uploadImportFile(call, bytesSource('stor.csv', csv));
    expect(frames.length).toBe(1 + Math.ceil(Buffer.byteLength(csv) / IMPORT_CHUNK_BYTES));
    expect(frames.length).toBeGreaterThan(3);
    expect(Math.max(...frames)).toBeLessThan(512 * 1024);
    const report = await t!.call(op, 'contacts.importPreview', { uploadId, rowLimit: 10 });
    expect(report.totals).toMatchObject({ rows: 15_000, new: 15_000 });
    const result = await t!.call(op, 'contacts.importCommit', { importId: report.importId });
    expect(result.created).toBe(15_000);
    // Committed: the upload is gone with it.
    expect(await refusal(op, 'contacts.importPreview', { uploadId })).toMatchObject({ code: 'import.upload_gone' });
  }, SLOW);

  it('refuses a file over the size limit at its announcement, in MB, before any byte is sent', async () => {
    await engine({ env: { GDIAL_IMPORT_MAX_MEGABYTES: '2' } });
    const error = await refusal(op, 'contacts.importBegin', { fileName: 'stor.csv', size: 2 * 1024 * 1024 + 1 });
    expect(error).toMatchObject({ kind: 'validation', code: 'import.too_large', params: { limit: 2 * 1024 * 1024, megabytes: 2 } });
    expect(error.message).toContain('at most 2 MB');
    // Exactly at the limit is fine.
    expect(await t!.call(op, 'contacts.importBegin', { fileName: 'ok.csv', size: 2 * 1024 * 1024 })).toMatchObject({
      chunkBytes: IMPORT_CHUNK_BYTES,
      maxBytes: 2 * 1024 * 1024,
    });
  });

  it('never trusts the client: more bytes than announced, chunks out of order or oversized are refused', async () => {
    await engine();
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const { uploadId } = await t!.call(op, 'contacts.importBegin', { fileName: 'a.csv', size: 10 });
    expect(await refusal(op, 'contacts.importChunk', { uploadId, offset: 5, dataBase64: b64('12345') })).toMatchObject({
      code: 'import.bad_chunk',
      params: { expected: 0 },
    });
    expect(await refusal(op, 'contacts.importChunk', { uploadId, offset: 0, dataBase64: 'A'.repeat(IMPORT_CHUNK_BYTES * 2) })).toMatchObject({
      kind: 'validation',
    });
    await t!.call(op, 'contacts.importChunk', { uploadId, offset: 0, dataBase64: b64('namn;') });
    expect(await refusal(op, 'contacts.importPreview', { uploadId })).toMatchObject({ code: 'import.bad_chunk', params: { expected: 5 } });
    expect(await refusal(op, 'contacts.importChunk', { uploadId, offset: 5, dataBase64: b64('mobil\nA;1') })).toMatchObject({
      code: 'import.bad_chunk',
    });
    // Overrunning the announced size discarded the upload altogether.
    expect(await refusal(op, 'contacts.importPreview', { uploadId })).toMatchObject({ code: 'import.upload_gone' });
  });

  it("keeps one session's upload from every other session", async () => {
    await engine();
    const other = await t!.signedIn('operator');
    const uploadId = await uploadImportFile(as(op), bytesSource('a.csv', book(3)));
    expect(await refusal(other, 'contacts.importPreview', { uploadId })).toMatchObject({ code: 'import.upload_gone' });
    expect(await refusal(other, 'contacts.importChunk', { uploadId, offset: 0, dataBase64: 'QQ==' })).toMatchObject({
      code: 'import.upload_gone',
    });
    await t!.call(other, 'contacts.importDiscard', { uploadId });
    expect((await t!.call(op, 'contacts.importPreview', { uploadId })).totals.new).toBe(3);
    await t!.call(op, 'contacts.importDiscard', { uploadId });
    expect(await refusal(op, 'contacts.importPreview', { uploadId })).toMatchObject({ code: 'import.upload_gone' });
  });

  it('drops the uploads of a session that ends', () => {
    const bus = new EventBus();
    const settings = { current: () => ({ importMaxMegabytes: 1 }) } as unknown as SettingsService;
    const imports = new ImportService(null as never, settings, bus);
    const mine = imports.begin({ fileName: 'a.csv', size: 5 }, { tokenHashes: ['h1'] });
    const theirs = imports.begin({ fileName: 'b.csv', size: 5 }, { tokenHashes: ['h2'] });
    bus.emit('session.ended', { reason: 'disabled' }, { tokenHashes: ['h1'] });
    expect(imports.uploads.has(mine.uploadId)).toBe(false);
    expect(imports.uploads.has(theirs.uploadId)).toBe(true);
    imports.endSession(['h2']); // what auth.logout does
    expect(imports.uploads.has(theirs.uploadId)).toBe(false);
    imports.close();
  });

  it('discards an upload nobody touches for the idle time', async () => {
    const uploads = new ImportUploads(30);
    const upload = uploads.begin('owner', 'a.csv', 10, 100);
    expect(uploads.has(upload.id)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(uploads.has(upload.id)).toBe(false);
    expect(() => uploads.append('owner', upload.id, 0, 'QQ==')).toThrow(/gone/);
    uploads.close();
  });
});

describe('parsing off the engine thread', () => {
  it('reads and checks the file in a worker thread, not on the engine thread', async () => {
    const workers = new ParseWorkers();
    const bytes = new TextEncoder().encode(book(5));
    const parsed = await workers.parse(
      { bytes, fileName: 'a.csv', limits: { maxBytes: 1 << 20, maxRows: 100, maxLineBytes: 1 << 16 } },
      () => {},
    );
    expect(parsed.prepared).toHaveLength(5);
    expect(parsed.prepared[0]!.numbers[0]!.e164).toBe('+46730000000');
    expect(parsed.threadId).toBeGreaterThan(0);
    expect(parsed.threadId).not.toBe(threadId);
    // The bytes were moved to the worker, not copied: the engine's view of them is empty.
    expect(bytes.byteLength).toBe(0);
  });

  it.each([
    ['1 million', 1_000_000],
    ['10 million', 10_000_000],
  ])('refuses %s blank lines by the row limit, and keeps answering meanwhile', async (_label, lines) => {
    await engine();
    const flood = `namn;mobil\n${'\n'.repeat(lines)}`;
    const uploadId = await uploadImportFile(as(op), bytesSource('tomt.csv', flood));
    const result = t!.engine.router.call(op, 'contacts.importPreview', { uploadId });
    expect(await result).toMatchObject({ ok: false, error: { kind: 'validation', code: 'import.too_many_rows', params: { limit: 200_000 } } });
    expect(await t!.call(op, 'contacts.list', {})).toMatchObject({ total: 0 });
  }, SLOW);

  it('answers other calls while a large file is being read', async () => {
    await engine();
    const uploadId = await uploadImportFile(as(op), bytesSource('stor.csv', book(30_000)));
    let settled = false;
    const preview = t!.call(op, 'contacts.importPreview', { uploadId, rowLimit: 1 }).finally(() => {
      settled = true;
    });
    // Calls made after the preview began are answered before it ends: the engine's thread is free.
    let answeredMeanwhile = 0;
    while (!settled) {
      // A turn of the event loop between calls: an in-process call alone never leaves the microtask queue.
      await new Promise((resolve) => setImmediate(resolve));
      await t!.call(op, 'contacts.tags', {});
      if (!settled) answeredMeanwhile++;
    }
    expect((await preview).totals.new).toBe(30_000);
    expect(answeredMeanwhile).toBeGreaterThan(0);
  }, SLOW);
});

describe.each(engineBackends())('writing a large import on $name', (backend: EngineBackend) => {
  it('writes in batches with a turn of the loop between them, and checks each batch against the book anew', async () => {
    t = await startTestEngineOn(backend);
    op = await t.signedIn('operator');
    const store = t.engine.store;
    const uploadId = await uploadImportFile(as(op), bytesSource('stor.csv', book(5000)));
    const report = await t.call(op, 'contacts.importPreview', { uploadId, rowLimit: 1 });
    expect(report.totals.new).toBe(5000);
    const writing: number[] = [];
    let meanwhile: Promise<unknown> = Promise.resolve();
    t.engine.bus.on((name, payload) => {
      if (name !== 'import.progress' || (payload as { phase: string }).phase !== 'writing') return;
      writing.push((payload as { done: number }).done);
      if ((payload as { done: number }).done === 2000) {
        // Between two batches someone else saves a contact with the number of row 4,501. The
        // unit asks for the writer's turn now, so it runs before the batch after next (rows 4,001 to 5,000).
        meanwhile = store.unit(async (tx) => {
          const id = (await tx.get<{ id: number }>(sql`
            INSERT INTO contacts (name, sort_key, created_at, updated_at) VALUES ('Sven Snabb', 'sven snabb', 0, 0) RETURNING id`))!.id;
          await tx.run(sql`
            INSERT INTO phone_numbers (contact_id, e164, raw, kind, label, priority, voice_capable, sms_capable, created_at, updated_at)
            VALUES (${id}, '+46730004500', 'x', 'mobile', '', 0, 1, 1, 0, 0)`);
        });
      }
    });
    let settled = false;
    const commit = t.call(op, 'contacts.importCommit', { importId: report.importId }).finally(() => {
      settled = true;
    });
    let answeredMeanwhile = 0;
    while (!settled) {
      await new Promise((resolve) => setImmediate(resolve));
      await t.call(op, 'contacts.tags', {});
      if (!settled) answeredMeanwhile++;
    }
    const result = await commit;
    await meanwhile;
    expect(writing).toEqual([0, 2000, 4000, 5000]);
    expect(answeredMeanwhile).toBeGreaterThan(0);
    expect(result).toMatchObject({ created: 4999, totals: { new: 4999, conflict: 1 } });
    const owners = await store.all(sql`SELECT c.name FROM phone_numbers p JOIN contacts c ON c.id = p.contact_id WHERE p.e164 = '+46730004500'`);
    expect(owners).toEqual([{ name: 'Sven Snabb' }]);
  }, SLOW);
});

describe('chunked import over the WebSocket', () => {
  it('sends, previews and commits a multi-chunk file through a real socket', async () => {
    t = await startTestEngine({ port: 0 });
    await t.signedIn('admin');
    const client = await connectEngine(t.dataDir);
    try {
      expect(client.via).toContain('running engine');
      const csv = book(10_000, 'x'.repeat(40));
      const sent: number[] = [];
      const uploadId = await uploadImportFile(client.call.bind(client), bytesSource('ws.csv', csv), (n) => sent.push(n));
      expect(sent.length).toBe(Math.ceil(Buffer.byteLength(csv) / IMPORT_CHUNK_BYTES));
      expect(sent.length).toBeGreaterThan(1);
      expect(sent.at(-1)).toBe(Buffer.byteLength(csv));
      const report = await client.call('contacts.importPreview', { uploadId, rowLimit: 5 });
      expect(report.totals.new).toBe(10_000);
      expect((await client.call('contacts.importCommit', { importId: report.importId })).created).toBe(10_000);
    } finally {
      await client.close();
    }
  }, SLOW);
});
