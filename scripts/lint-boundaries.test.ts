// The import direction of ARCHITECTURE.md is enforced by lint; this proves the rules still bite.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it('main/ never imports electron or the console', async () => {
    expect(await restrictedImports('main/x/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).not.toEqual([]);
    expect(await restrictedImports('main/x/probe.ts', "import A from '../../renderer/src/App';\nexport const a = A;\n")).not.toEqual([]);
    expect(await restrictedImports('main/x/probe.ts', "import { z } from 'zod';\nexport const a = z;\n")).toEqual([]);
  });

  it('queries live in the store layer only', async () => {
    const query = "import { sql } from 'drizzle-orm';\nexport const q = sql`SELECT 1`;\n";
    expect(await restrictedImports('main/x/probe.ts', query)).not.toEqual([]);
    expect(await restrictedImports('main/x/probe.ts', "import pg from 'pg';\nexport const a = pg;\n")).not.toEqual([]);
    expect(await restrictedImports('main/x/probe-store.ts', query)).toEqual([]);
    expect(await restrictedImports('main/db/probe.ts', query)).toEqual([]);
    const [raw] = await eslint.lintText("export const f = (c: { prepare(s: string): unknown }) => c.prepare('SELECT 1');\n", { filePath: 'main/x/probe.ts' });
    expect(raw!.messages.map((m) => m.ruleId)).toContain('no-restricted-syntax');
  });

  it('main/contract depends on zod and itself only', async () => {
    expect(await restrictedImports('main/contract/probe.ts', "import { AppError } from '../errors';\nexport const a = AppError;\n")).not.toEqual([]);
    expect(await restrictedImports('main/contract/probe.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).not.toEqual([]);
    expect(await restrictedImports('main/contract/probe.ts', "import { z } from 'zod';\nimport { roles } from './common';\nexport const a = [z, roles];\n")).toEqual([]);
  });

  it('renderer/ reaches the engine only through @contract', async () => {
    const file = 'renderer/src/probe.ts';
    expect(await restrictedImports(file, "import { x } from '../../main/db/schema';\nexport const a = x;\n")).not.toEqual([]);
    expect(await restrictedImports(file, "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).not.toEqual([]);
    expect(await restrictedImports(file, "import fs from 'node:fs';\nexport const a = fs;\n")).not.toEqual([]);
    expect(await restrictedImports(file, "import { methods } from '@contract';\nexport const a = methods;\n")).toEqual([]);
  });

  it('tools and tests never import electron (only the shell does)', async () => {
    for (const file of ['scripts/probe.ts', 'bench/probe.ts', 'e2e/probe.test.ts']) {
      expect(await restrictedImports(file, "import { app } from 'electron';\nexport const a = app;\n")).not.toEqual([]);
    }
    expect(await restrictedImports('e2e/probe.test.ts', "import { _electron } from 'playwright-core';\nexport const a = _electron;\n")).toEqual([]);
  });

  it('electron/ never imports the console', async () => {
    expect(await restrictedImports('electron/probe.ts', "import A from '../renderer/src/App';\nexport const a = A;\n")).not.toEqual([]);
  });
});
