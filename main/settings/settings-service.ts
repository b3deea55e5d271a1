/**
 * Settings: defaults from the contract, then what admins stored, then the environment on top.
 * Stored values are re-validated on read so a hand-edited row cannot smuggle in nonsense.
 */
import {
  settingKeys,
  settingsSchema,
  settingsShape,
  type SettingKey,
  type SettingSource,
  type Settings,
  type SettingsView,
} from '../contract';
import { appendAudit, type Actor } from '../audit/audit-log';
import type { Db } from '../db/open';
import { settings as settingsTable } from '../db/schema';
import { inTransaction, now } from '../db/tx';
import { AppError } from '../errors';

const RESTART_REQUIRED: SettingKey[] = ['lanAccess', 'webhookPort', 'carrier', 'simulatorUrl', 'simulatorProfile', 'drillsToSimulator'];

export class SettingsService {
  private cache: SettingsView | null = null;

  constructor(
    private readonly db: Db,
    private readonly envOverrides: Partial<Settings>,
  ) {}

  current(): Settings {
    return this.view().values;
  }

  view(): SettingsView {
    this.cache ??= this.load();
    return this.cache;
  }

  private load(): SettingsView {
    const stored = new Map(this.db.select().from(settingsTable).all().map((r) => [r.key, r.value]));
    const values: Record<string, unknown> = {};
    const sources: Record<string, SettingSource> = {};
    for (const key of settingKeys) {
      const schema = settingsShape[key];
      if (key in this.envOverrides) {
        values[key] = this.envOverrides[key];
        sources[key] = 'environment';
        continue;
      }
      const raw = stored.get(key);
      const parsed = raw === undefined ? null : schema.safeParse(JSON.parse(raw));
      values[key] = parsed?.success ? parsed.data : schema.parse(undefined);
      sources[key] = parsed?.success ? 'database' : 'default';
    }
    return { values: settingsSchema.parse(values), sources, restartRequired: RESTART_REQUIRED };
  }

  update(patch: Partial<Settings>, actor: Actor): SettingsView {
    const keys = Object.keys(patch) as SettingKey[];
    const fixed = keys.filter((k) => k in this.envOverrides);
    if (fixed.length > 0) {
      throw new AppError('conflict', `Set by the environment and cannot be changed here: ${fixed.join(', ')}`, {
        code: 'settings.fixed_by_env',
        params: { keys: fixed.join(', ') },
      });
    }
    const before = this.current();
    inTransaction(this.db, () => {
      for (const key of keys) {
        const value = JSON.stringify(patch[key]);
        this.db
          .insert(settingsTable)
          .values({ key, value, updatedAt: now(), updatedBy: actor.id })
          .onConflictDoUpdate({ target: settingsTable.key, set: { value, updatedAt: now(), updatedBy: actor.id } })
          .run();
      }
      const changes = Object.fromEntries(keys.map((k) => [k, { from: before[k], to: patch[k] }]));
      appendAudit(this.db, actor, { action: 'settings.update', target: { type: 'settings', id: keys.join(',') }, details: changes });
    });
    this.cache = null;
    for (const listener of this.listeners) listener(keys);
    return this.view();
  }

  private readonly listeners = new Set<(keys: SettingKey[]) => void>();

  /** Services that apply a setting live (tunnel, carrier account) hear which keys changed. */
  onChange(listener: (keys: SettingKey[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
