import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { engineBackends } from '../test-support/backends';
import { PASSWORD, removeDir, startTestEngine, tempDir } from '../test-support/engine-fixture';
import { runCliAsync, startServe, type ServeProcess } from '../test-support/run-node';
import WebSocket from 'ws';

// Each CLI run starts a Node process (and a parse worker) from TypeScript source: slow on a busy machine.
const SLOW = 90_000;
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const CSV = [
  'namn;mobil;telefon;grupp;e-post',
  'Anna Berg;070-123 45 67;08-123 456 78;Räddningstjänst;anna@example.se',
  'Bo Ek;0046 70 222 33 44;;Räddningstjänst;',
  'Ce Fel;070-12;;;',
  'Dan Krock;+46701234567;;;',
].join('\r\n');

function fixture(): { dir: string; file: string } {
  const dir = tempDir('gdial-cli-');
  cleanups.push(() => removeDir(dir));
  const file = path.join(dir, 'kontakter.csv');
  writeFileSync(file, CSV);
  return { dir, file };
}

describe.each(engineBackends())('gdial contacts import/export on $name, with no engine running', (backend) => {
  it('dry-runs with a per-row report, imports, imports again as duplicates, and exports', async () => {
    const { dir, file } = fixture();
    const dataDir = path.join(dir, 'data');
    // On PostgreSQL the CLI finds the database where the engine would: GDIAL_DATABASE_URL.
    const database = await backend.database();
    cleanups.push(() => database.drop());
    const env = database.databaseUrl ? { GDIAL_DATABASE_URL: database.databaseUrl } : {};
    const runCli = (args: string[]) => runCliAsync(args, env);
    const dry = await runCli(['contacts', 'import', file, '--data-dir', dataDir, '--dry-run']);
    expect(dry.stdout).toMatch(/rad 2\tny\tAnna Berg\t\+46701234567 \+46812345678/);
    expect(dry.stdout).toMatch(/rad 4\togiltig\tCe Fel\t070-12\t070-12: för kort/);
    expect(dry.stdout).toMatch(/rad 5\tkonflikt\tDan Krock.*rad 2 \(Anna Berg\)/);
    expect(dry.stdout).toContain('Provkörning: ingenting skrevs.');
    expect(dry.code).toBe(1);

    const json = await runCli(['contacts', 'import', file, '--data-dir', dataDir, '--json']);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.report.totals).toMatchObject({ rows: 4, new: 2, invalid: 1, conflict: 1 });
    expect(parsed.result).toMatchObject({ created: 2, groupsCreated: ['Räddningstjänst'] });

    // Importing the same file again changes nothing: duplicates.
    const again = JSON.parse((await runCli(['contacts', 'import', file, '--data-dir', dataDir, '--json'])).stdout);
    expect(again.report.totals).toMatchObject({ new: 0, duplicate: 2 });

    const out = path.join(dir, 'ut.csv');
    const exported = await runCli(['contacts', 'export', '--format', 'csv-excel', '--out', out, '--data-dir', dataDir]);
    expect(exported.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain("'+46701234567");
    expect(text).toContain('Bo Ek');
    expect(existsSync(path.join(dataDir, 'gdial.db'))).toBe(backend.name === 'sqlite');
  }, SLOW);
});

describe('gdial contacts import/export', () => {

  it('talks to the running engine instead of starting a second one, and exports through it', async () => {
    const { dir, file } = fixture();
    const dataDir = path.join(dir, 'data');
    const serve: ServeProcess = await startServe(['--port', '0', '--data-dir', dataDir]);
    cleanups.push(() => serve.stop());
    const result = await runCliAsync(['contacts', 'import', file, '--data-dir', dataDir, '--group', 'Larmgrupp 1']);
    expect(result.stderr).toContain(`via the running engine at ${serve.url}`);
    expect(result.stdout).toContain('Importerat: 2 nya');

    // The running engine sees them at once (ask it over its own WebSocket, as the console would).
    const ws = new WebSocket(serve.url.replace('http', 'ws') + '/rpc');
    await new Promise((r) => ws.once('open', r));
    const call = (id: number, method: string, input: unknown) =>
      new Promise<{ ok: boolean; value: unknown }>((resolve) => {
        ws.on('message', (d) => {
          const f = JSON.parse(String(d));
          if (f.id === id) resolve(f.result);
        });
        ws.send(JSON.stringify({ t: 'call', id, method, input }));
      });
    await call(1, 'auth.setup', { username: 'admin', displayName: 'A', password: PASSWORD });
    const groups = (await call(2, 'groups.list', {})).value as { name: string; memberCount: number }[];
    expect(groups).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Larmgrupp 1', memberCount: 2 })]));
    ws.close();

    const out = path.join(dir, 'ut.csv');
    const exported = await runCliAsync(['contacts', 'export', '--format', 'csv-excel', '--out', out, '--data-dir', dataDir]);
    expect(exported.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain("'+46701234567");
    expect(text).toContain('Anna Berg');
  }, SLOW);

  it('refuses a file over the size limit in MB before sending any of it, and writes nothing', async () => {
    const { dir } = fixture();
    const dataDir = path.join(dir, 'data');
    const big = path.join(dir, 'stor.csv');
    // 1 MB and one line more: over a 1 MB limit, and readable if it were ever parsed.
    writeFileSync(big, `namn;mobil\n${'Anna Berg;070-123 45 67\n'.repeat(Math.ceil((1024 * 1024) / 24) + 1)}`);
    const result = await runCliAsync(['contacts', 'import', big, '--data-dir', dataDir], { GDIAL_IMPORT_MAX_MEGABYTES: '1' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('one import may be at most 1 MB');
    // Refused before the import began: nothing was sent, read or written.
    expect(result.stderr).not.toContain('Importerar via');
    const t = await startTestEngine({ dataDir });
    cleanups.push(() => t.stop());
    expect(t.engine.db.$client.prepare('SELECT COUNT(*) AS n FROM contacts').get()).toEqual({ n: 0 });
  });

  it('refuses when an engine owns the data directory but cannot be reached, and writes nothing', async () => {
    const { dir, file } = fixture();
    const t = await startTestEngine({ dataDir: path.join(dir, 'data') }); // in-process, no HTTP port
    cleanups.push(() => t.stop());
    const result = await runCliAsync(['contacts', 'import', file, '--data-dir', t.dataDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is using .* offers no local access/);
    expect(t.engine.db.$client.prepare('SELECT COUNT(*) AS n FROM contacts').get()).toEqual({ n: 0 });
  });
});
