/**
 * Settings: defaults from the contract, then what admins stored, then the environment on top.
 * Stored values are re-validated on read so a hand-edited row cannot smuggle in nonsense.
 * Read once at start (`open`), again after each change, and (several workstations on PostgreSQL)
 * every few seconds for changes made elsewhere: every service asks `current()` synchronously,
 * often on hot paths.
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
import { recordAudit, type Actor } from '../audit/audit-log';
import type { Store } from '../db/store';
import { now } from '../db/tx';
import { AppError } from '../errors';
import { putSetting, storedSettings, type StoredSetting } from './settings-store';

/** How soon a setting changed on another workstation (PostgreSQL) applies here. */
const FOLLOW_MS = 2_000;
const RESTART_REQUIRED: SettingKey[] = ['lanAccess', 'webhookPort', 'carrier', 'simulatorUrl', 'simulatorProfile', 'drillsToSimulator'];

export class SettingsService {
  private cache: SettingsView;

  private constructor(
    private readonly store: Store,
    private readonly envOverrides: Partial<Settings>,
    stored: StoredSetting[],
  ) {
    this.cache = this.viewOf(stored);
  }

  /** The settings as stored now: read before any service asks for them. */
  static async open(store: Store, envOverrides: Partial<Settings>): Promise<SettingsService> {
    return new SettingsService(store, envOverrides, await storedSettings(store));
  }

  current(): Settings {
    return this.cache.values;
  }

  view(): SettingsView {
    return this.cache;
  }

  private viewOf(rows: StoredSetting[]): SettingsView {
    const stored = new Map(rows.map((r) => [r.key, r.value]));
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

  async update(patch: Partial<Settings>, actor: Actor): Promise<SettingsView> {
    const keys = Object.keys(patch) as SettingKey[];
    const fixed = keys.filter((k) => k in this.envOverrides);
    if (fixed.length > 0) {
      throw new AppError('conflict', `Set by the environment and cannot be changed here: ${fixed.join(', ')}`, {
        code: 'settings.fixed_by_env',
        params: { keys: fixed.join(', ') },
      });
    }
    const before = this.current();
    const stored = await this.store.unit(async (tx) => {
      for (const key of keys) await putSetting(tx, key, JSON.stringify(patch[key]), now(), actor.id);
      const changes = Object.fromEntries(keys.map((k) => [k, { from: before[k], to: patch[k] }]));
      await recordAudit(tx, actor, { action: 'settings.update', target: { type: 'settings', id: keys.join(',') }, details: changes });
      // Read back in the same unit: the cache becomes what this change committed.
      return storedSettings(tx);
    });
    this.cache = this.viewOf(stored);
    for (const listener of this.listeners) listener(keys);
    return this.view();
  }

  /**
   * Reads the stored settings again: another workstation on the same database may have changed
   * them (several workstations on PostgreSQL). Listeners hear the keys whose values changed.
   */
  async reload(): Promise<SettingKey[]> {
    const before = this.current();
    this.cache = this.viewOf(await storedSettings(this.store));
    const after = this.current();
    const changed = settingKeys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    if (changed.length > 0) for (const listener of this.listeners) listener(changed);
    return changed;
  }

  /** Reads the settings again every `everyMs` (changes made on other workstations); returns the stop. */
  followOtherWorkstations(onError: (err: unknown) => void, everyMs = FOLLOW_MS): () => void {
    const timer = setInterval(() => void this.reload().catch(onError), everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  private readonly listeners = new Set<(keys: SettingKey[]) => void>();

  /** Services that apply a setting live (tunnel, carrier account) hear which keys changed. */
  onChange(listener: (keys: SettingKey[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
