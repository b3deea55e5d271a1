/** Contact import at control-room scale: 100,000 rows from CSV to committed, through the contract. */
import { bytesSource, uploadImportFile } from '../main/contacts/upload-file';
import { startTestEngine } from '../main/test-support/engine-fixture';
import { round, timed, type Bench } from './harness';

const ROWS = 100_000;
const FIRST = ['Anna', 'Bo', 'Åsa', 'Örjan', 'Karin', 'Lars', 'Märta', 'Nils', 'Eva', 'Per'];
const LAST = ['Berg', 'Ek', 'Öberg', 'Lind', 'Ström', 'Holm', 'Åström', 'Nyberg', 'Sjöberg', 'Falk'];

/** Numbers written the many ways Swedes write them, two per person for a third of the rows. */
function csv(): string {
  const lines = ['namn;mobil;telefon;grupp;e-post'];
  for (let i = 0; i < ROWS; i++) {
    const s = String(2_000_000 + i); // 7 digits, a range the numbering plan allocates
    const mobile = i % 3 === 0 ? `070-${s.slice(0, 3)} ${s.slice(3, 5)} ${s.slice(5)}` : `+46 (0)73 ${s}`;
    const phone = i % 3 === 1 ? `08-${s.slice(0, 3)} ${s.slice(3)}` : '';
    lines.push(`${FIRST[i % 10]} ${LAST[(i / 10) % 10 | 0]} ${i};${mobile};${phone};Grupp ${i % 25};p${i}@example.se`);
  }
  return lines.join('\r\n');
}

/** 100,000 rows imported; `databaseUrl` runs it on PostgreSQL (postgres.bench.ts). */
export async function importRows(database: { databaseUrl?: string } = {}): Promise<number> {
    const content = csv();
    const t = await startTestEngine({ ...database, env: { GDIAL_IMPORT_MAX_ROWS: String(ROWS) } });
    const op = await t.signedIn('operator');
    const { seconds, value } = await timed(async () => {
      const uploadId = await uploadImportFile((method, input) => t.call(op, method, input), bytesSource('bench.csv', content));
      const report = await t.call(op, 'contacts.importPreview', { uploadId, rowLimit: 100 });
      return t.call(op, 'contacts.importCommit', { importId: report.importId });
    });
    await t.stop();
    if (value.created !== ROWS) throw new Error(`bench import created ${value.created} of ${ROWS}`);
    return round(seconds, 2);
}

export const contactsBench: Bench = {
  name: 'contacts',
  run: async () => ({ import_100k_s: await importRows() }),
};
