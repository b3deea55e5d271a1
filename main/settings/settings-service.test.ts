/** Settings through the service and its store, on SQLite and on PostgreSQL. */
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testBackends, type OpenedTestStore } from '../test-support/backends';
import { SettingsService } from './settings-service';

const ADMIN = { id: null, name: 'admin' };

describe.each(testBackends())('settings on $name', (backend) => {
  let opened: OpenedTestStore;
  beforeEach(async () => {
    opened = await backend.open();
  });
  afterEach(() => opened.close());

  it('starts from defaults, stores a change, tells listeners, and reads it again after a restart', async () => {
    const settings = await SettingsService.open(opened.store, {});
    expect(settings.current()).toMatchObject({ maxFailedLogins: 5, lockoutMinutes: 15, lanAccess: false });
    expect(settings.view().sources.lockoutMinutes).toBe('default');
    const heard: string[][] = [];
    settings.onChange((keys) => heard.push(keys));
    const view = await settings.update({ lockoutMinutes: 45 }, ADMIN);
    expect(view.values.lockoutMinutes).toBe(45);
    expect(settings.current().lockoutMinutes).toBe(45);
    expect(heard).toEqual([['lockoutMinutes']]);
    await settings.update({ lockoutMinutes: 50, maxFailedLogins: 7 }, ADMIN);

    const again = await SettingsService.open(opened.store, {});
    expect(again.current()).toMatchObject({ lockoutMinutes: 50, maxFailedLogins: 7 });
    expect(again.view().sources).toMatchObject({ lockoutMinutes: 'database', maxFailedLogins: 'database', defaultLanguage: 'default' });
    const audit = await opened.store.all<{ details: string }>(sql`SELECT details FROM audit_log WHERE action = 'settings.update' ORDER BY id`);
    expect(audit.map((r) => JSON.parse(r.details))).toEqual([{ lockoutMinutes: { from: 15, to: 45 } }, { lockoutMinutes: { from: 45, to: 50 }, maxFailedLogins: { from: 5, to: 7 } }]);
  });

  it('lets the environment win and refuses to change what it sets, writing nothing', async () => {
    const settings = await SettingsService.open(opened.store, { sessionHours: 4 });
    expect(settings.current().sessionHours).toBe(4);
    expect(settings.view().sources.sessionHours).toBe('environment');
    await expect(settings.update({ sessionHours: 10 }, ADMIN)).rejects.toMatchObject({ code: 'settings.fixed_by_env' });
    expect(await opened.store.all(sql`SELECT key FROM settings`)).toEqual([]);
  });

  it('reads a stored value it cannot accept as the default', async () => {
    await opened.store.run(sql`INSERT INTO settings (key, value, updated_at) VALUES ('maxFailedLogins', '0', 1)`);
    const settings = await SettingsService.open(opened.store, {});
    expect(settings.current().maxFailedLogins).toBe(5);
    expect(settings.view().sources.maxFailedLogins).toBe('default');
  });
});
