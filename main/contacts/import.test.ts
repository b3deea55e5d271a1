// The import and export as the console and the CLI drive them (upload in chunks, preview, commit),
// through the services on a real database: SQLite and PostgreSQL alike.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../contract';
import { testBackends, type TestBackend } from '../test-support/backends';
import { OPERATOR, openBook, parsed, type Book } from '../test-support/book-fixture';
import { getContact, listContacts } from './contact-queries';
import { exportContacts } from './export-service';

const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), 'files', 'fixtures');
// The machine running the suite may be busy: some of these write tens of thousands of rows.
const SLOW = 120_000;

describe.each(testBackends())('contact import and export on $name', (backend: TestBackend) => {
  let b: Book | null = null;
  let t: Book;
  afterEach(async () => {
    await b?.close();
    b = null;
  });

  async function engine(env: Record<string, unknown> = {}) {
    b = await openBook(backend, env);
    t = b;
    return b;
  }

  /** What an import could write: the book, and its audit entries. */
  async function bookCounts(): Promise<Record<string, number>> {
    const count = async (q: ReturnType<typeof sql>) => (await t.store.get<{ n: number }>(q))!.n;
    return {
      contacts: await count(sql`SELECT COUNT(*) AS n FROM contacts`),
      numbers: await count(sql`SELECT COUNT(*) AS n FROM phone_numbers`),
      groups: await count(sql`SELECT COUNT(*) AS n FROM groups`),
      audit: await count(sql`SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'contacts.%'`),
    };
  }

  const list = (input: Parameters<typeof parsed<'contacts.list'>>[1]) => listContacts(t.store, parsed('contacts.list', input));
  const preview = (uploadId: string, extra: Partial<Parameters<typeof parsed<'contacts.importPreview'>>[1]> = {}) =>
    t.imports.preview(parsed('contacts.importPreview', { uploadId, ...extra }), { tokenHashes: ['book-fixture-session'] });
  const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: { kind?: string; code?: string }) => `${e.kind}:${e.code}`);

  describe('contact import', () => {
    it.each([
      ['outlook-en.csv', 'csv'],
      ['outlook-sv.csv', 'csv'],
      ['google-contacts.csv', 'csv'],
      ['excel-sv-1252.csv', 'csv'],
      ['vcard-30.vcf', 'vcard'],
      ['vcard-40.vcf', 'vcard'],
    ])('imports the real-world file %s with every number normalised', async (file, format) => {
      await engine();
      const bytes = readFileSync(path.join(FIXTURES, file));
      const report = await preview(await t.upload(file, bytes));
      expect(report.format).toBe(format);
      expect(report.totals.new).toBeGreaterThan(0);
      const result = await t.imports.commit(report.importId, OPERATOR);
      expect(result.created).toBe(report.totals.new);
      const numbers = await t.store.all<{ e164: string }>(sql`SELECT e164 FROM phone_numbers`);
      expect(numbers.length).toBeGreaterThan(0);
      for (const n of numbers) expect(n.e164).toMatch(/^\+[1-9]\d{6,14}$/);
    });

    it('reports each row with its line and reason, then commits only the valid rows, all in one go', async () => {
      await engine();
      await t.contacts.create(parsed('contacts.create', { name: 'Gun Gammal', numbers: [{ number: '070-999 00 01' }] }), OPERATOR);
      const csv = [
        'namn;mobil;telefon;grupp',
        'Ny Person;070-100 00 01;;Insats',
        'Gun Gammal;070-999 00 01;08-999 00 02;Insats', // same person, new number → update
        'Fel Person;070-999 00 01;;', // someone else's number → conflict
        'Kort Nummer;070-12;;', // invalid
        'Ny Person;070-100 00 01;;', // same person again in the file → duplicate
        ';070-100 00 09;;', // no name → invalid
      ].join('\n');
      const report = await preview(await t.upload('a.csv', csv));
      expect(report.rows.map((r) => [r.line, r.status])).toEqual([
        [2, 'new'],
        [3, 'update'],
        [4, 'conflict'],
        [5, 'invalid'],
        [6, 'duplicate'],
        [7, 'invalid'],
      ]);
      expect(report.rows[2]!.reason).toContain('Gun Gammal');
      expect(report.rows[3]!.reason).toBe('070-12: too short');
      expect(report.rows[3]!.reasons).toEqual([{ code: 'bad_number', params: { number: '070-12', problem: 'too_short' }, message: '070-12: too short' }]);
      expect(report.rows[2]!.reasons[0]).toMatchObject({ code: expect.stringMatching(/^(number_belongs_to|number_on_line|numbers_of_several)$/) });
      expect(report.rows[1]!.reason).toContain('+4689990002');
      expect(report.totals).toEqual({ rows: 6, new: 1, update: 1, duplicate: 1, invalid: 2, conflict: 1 });

      const result = await t.imports.commit(report.importId, OPERATOR);
      expect(result).toMatchObject({ created: 1, updated: 1, skipped: 4, groupsCreated: ['Insats'] });
      const gun = (await list({ query: 'Gun Gammal' })).rows[0]!;
      expect((await getContact(t.store, gun.id)).numbers.map((n) => n.e164)).toEqual(['+46709990001', '+4689990002']);
      expect(await list({ query: 'Fel Person' })).toMatchObject({ total: 0 });
      const insats = (await t.groups.list()).find((g) => g.name === 'Insats')!;
      expect(insats.memberCount).toBe(2);
    });

    it('never overwrites a person who took the number after the preview', async () => {
      await engine();
      const report = await preview(await t.upload('a.csv', 'namn,mobil\nAnna Ny,070-555 00 01\n'));
      expect(report.totals.new).toBe(1);
      await t.contacts.create(parsed('contacts.create', { name: 'Sven Snabb', numbers: [{ number: '070-555 00 01' }] }), OPERATOR);
      const result = await t.imports.commit(report.importId, OPERATOR);
      expect(result).toMatchObject({ created: 0, totals: { conflict: 1 } });
    });

    it('puts every imported contact into a chosen target group', async () => {
      await engine();
      const { result } = await t.importText('a.csv', 'namn,mobil\nA Ett,070-600 00 01\nB Två,070-600 00 02\n', { targetGroup: 'Övning 2026' });
      expect(result.groupsCreated).toEqual(['Övning 2026']);
      const g = (await t.groups.list()).find((x) => x.name === 'Övning 2026')!;
      expect((await t.groups.members(g.id)).map((m) => m.name)).toEqual(['A Ett', 'B Två']);
    });

    it('uses an adjusted column mapping from the wizard', async () => {
      await engine();
      const csv = 'Vem;Nr\nAnna Berg;070-700 00 01\n';
      const uploadId = await t.upload('x.csv', csv);
      expect(await codeOf(preview(uploadId))).toBe('validation:import.no_name_column');
      // The same upload is read again with the operator's mapping: the file is not sent twice.
      const report = await preview(uploadId, {
        mapping: [
          { column: 0, header: 'Vem', field: 'name' },
          { column: 1, header: 'Nr', field: 'phone', label: 'mobil' },
        ],
      });
      expect(report.rows[0]).toMatchObject({ status: 'new', name: 'Anna Berg', numbers: ['+46707000001'] });
    });

    it.each([
      ['bad-binary.csv', 'import.binary'],
      ['bad-cp850.csv', 'import.encoding'],
      ['bad-no-name-column.csv', 'import.no_name_column'],
    ])('refuses %s with %s and writes nothing', async (file, code) => {
      await engine();
      const before = await bookCounts();
      expect(await codeOf(preview(await t.upload(file, readFileSync(path.join(FIXTURES, file)))))).toBe(`validation:${code}`);
      expect(await bookCounts()).toEqual(before);
    });

    it('refuses a file over the configured row limit before reading it into the book', async () => {
      await engine({ importMaxRows: 1000 });
      const rows = Array.from({ length: 1001 }, (_, i) => `P ${i},070${String(1000000 + i)}`);
      expect(await codeOf(preview(await t.upload('big.csv', ['namn,mobil', ...rows].join('\n'))))).toMatch(/:import.too_many_rows$/);
      expect(await list({})).toMatchObject({ total: 0 });
    });

    it('imports 20,000 rows, reporting progress on the way', async () => {
      await engine();
      const progress: EventPayload<'import.progress'>[] = [];
      t.bus.on((name, payload) => {
        if (name === 'import.progress') progress.push(payload as EventPayload<'import.progress'>);
      });
      const rows = Array.from({ length: 20_000 }, (_, i) => `Person ${i};07${String(30000000 + i)};Grupp ${i % 7}`);
      const { report, result } = await t.importText('stor.csv', ['namn;mobil;grupp', ...rows].join('\r\n'));
      expect(report.totals).toMatchObject({ rows: 20_000, new: 20_000 });
      expect(report.rows.length).toBe(1000);
      expect(report.truncated).toBe(true);
      expect(result.created).toBe(20_000);
      expect((await list({ limit: 1 })).total).toBe(20_000);
      const groups = await t.groups.list();
      expect(groups.map((g) => [g.name, g.memberCount])).toEqual(Array.from({ length: 7 }, (_, i) => [`Grupp ${i}`, i < 20_000 % 7 ? 2858 : 2857]));
      expect((await t.groups.members(groups[3]!.id)).slice(0, 3).map((m) => [m.name, m.position])).toEqual([
        ['Person 3', 0],
        ['Person 10', 1],
        ['Person 17', 2],
      ]);
      const checking = progress.filter((p) => p.phase === 'checking');
      expect(checking.length).toBeGreaterThan(2);
      expect(checking.at(-1)).toMatchObject({ done: 20_000, total: 20_000 });
      expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['reading', 'checking', 'writing', 'done']));
    }, SLOW);

    it('audits the import as one action with its totals', async () => {
      await engine();
      await t.importText('liten.csv', 'namn,mobil\nA,070-800 00 01\n');
      const [entry] = await t.audit('contacts.import', 1);
      expect(entry).toMatchObject({ targetId: 'liten.csv', details: { created: 1, rows: 1 } });
    });
  });

  describe('contact export', () => {
    const create = (input: Parameters<typeof parsed<'contacts.create'>>[1]) => t.contacts.create(parsed('contacts.create', input), OPERATOR);
    const exported = (format: 'csv' | 'csv-excel' | 'vcf') => exportContacts(t.store, parsed('contacts.export', { format }), OPERATOR);

    async function sampleBook() {
      await engine();
      const a = await create({
        name: 'Åsa Öberg',
        organisation: '=HYPERLINK("http://evil")',
        title: 'Styrkeledare',
        email: 'asa@example.se',
        tags: ['rökdykare', 'chef'],
        notes: '-2+3 är en anteckning',
        numbers: [{ number: '070-111 22 33', label: 'mobil' }, { number: '08-123 456 78', label: 'arbete' }],
      });
      const bo = await create({ name: 'Bo Ek', language: 'en', numbers: [{ number: '+47 412 34 567' }] });
      const g = await t.groups.create(parsed('groups.create', { name: 'Ledning, Syd' }), OPERATOR);
      const h = await t.groups.create(parsed('groups.create', { name: 'Avdelning' }), OPERATOR);
      await t.groups.setMembers(g.id, [bo.id, a.id], OPERATOR);
      await t.groups.setMembers(h.id, [a.id], OPERATOR);
    }

    /** The book as a comparable value: what an export must carry. */
    async function book(of: Book) {
      const page = await listContacts(of.store, parsed('contacts.list', { limit: 100 }));
      const contacts = await Promise.all(page.rows.map((r) => getContact(of.store, r.id)));
      return contacts.map((c) => ({
        name: c.name,
        organisation: c.organisation,
        title: c.title,
        email: c.email,
        notes: c.notes,
        tags: c.tags,
        numbers: c.numbers.map((n) => [n.e164, n.kind, n.label]),
        groups: c.groups.map((g) => g.name),
      }));
    }

    it.each(['csv', 'csv-excel', 'vcf'] as const)('round-trips the book through %s', async (format) => {
      await sampleBook();
      const original = await book(t);
      expect(original[1]!.groups).toEqual(['Avdelning', 'Ledning, Syd']);
      const file = await exported(format);
      expect(file.count).toBe(2);
      await t.close();

      await engine();
      const { result } = await t.importText(file.fileName, file.content);
      expect(result.created).toBe(2);
      const copy = await book(t);
      // vCard carries a mobile's kind in TYPE=CELL, and phones read that back as the label "mobil".
      const expected =
        format === 'vcf'
          ? original.map((c) => ({ ...c, numbers: c.numbers.map(([e, kind, label]) => [e, kind, label || (kind === 'mobile' ? 'mobil' : '')]) }))
          : original;
      expect(copy).toEqual(expected);
    });

    it('neutralises formulas, keeps E.164 readable as text, and writes a BOM', async () => {
      await sampleBook();
      const csv = (await exported('csv-excel')).content;
      expect(csv.startsWith('\uFEFF')).toBe(true);
      expect(csv).toContain(`'=HYPERLINK(""http://evil"")`);
      expect(csv).toContain("'-2+3 är en anteckning");
      expect(csv).toContain("'+46701112233");
      expect(csv).not.toMatch(/(^|;)[=+\-@]/m);
    });

    it('audits every export', async () => {
      await sampleBook();
      await exported('vcf');
      const [entry] = await t.audit('contacts.export', 1);
      expect(entry).toMatchObject({ details: { format: 'vcf', count: 2 } });
    });
  });
});
