/**
 * The console keeps no copy of a role rule: pages ask `useCan(method)` (the contract's table) or
 * read the engine's flags on the data. This scan fails when a role check creeps back in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve('renderer/src');
// Pages that show or edit a role as data (the user list, the user form, an API key's form) may name roles.
const namesRolesAsData = new Set(['pages/UsersPage.tsx', 'pages/UserFormModal.tsx', 'shell/UserMenu.tsx', 'pages/integrations/ApiKeyFormModal.tsx']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [full] : [];
  });
}

const ROLE_CHECKS: [string, RegExp][] = [
  ['a role compared with ===/!==', /\.role\s*[!=]==|[!=]==\s*\w+\.role\b/],
  ['a role literal', /['"](admin|operator|viewer)['"]/],
  ['a rank helper called with a role', /\ballows\s*\(/],
  ['a page limited by role instead of by a method', /\bminRole\b/],
];

describe('console role checks', () => {
  const files = [...sources(path.join(root, 'pages')), ...sources(path.join(root, 'shell')), ...sources(path.join(root, 'router')), ...sources(path.join(root, 'components'))];

  it('scans the pages, the shell and the router', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it('no page decides by role itself', () => {
    const found: string[] = [];
    for (const file of files) {
      const rel = path.relative(root, file).split(path.sep).join('/');
      if (namesRolesAsData.has(rel)) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const [what, pattern] of ROLE_CHECKS) if (pattern.test(line)) found.push(`${rel}:${i + 1} ${what}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('catches the checks it looks for', () => {
    const caught = (line: string) => ROLE_CHECKS.some(([, p]) => p.test(line));
    expect(caught("const isAdmin = useUser().role === 'admin';")).toBe(true);
    expect(caught("const canEdit = allows(user.role, 'operator');")).toBe(true);
    expect(caught("const canEdit = useCan('contacts.update');")).toBe(false);
  });
});
