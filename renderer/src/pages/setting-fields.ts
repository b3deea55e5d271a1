/**
 * The settings form is derived from the contract's zod shape, so a setting the engine adds
 * appears in the console (in "Övrigt", under its name, until it is placed and translated; the
 * test beside this file fails until then).
 */
import { settingKeys, settingsShape } from '@contract';
import type { SettingKey } from '@contract';

export type SettingField =
  | { key: SettingKey; kind: 'number'; integer: boolean; min: number | undefined; max: number | undefined }
  | { key: SettingKey; kind: 'boolean' }
  | { key: SettingKey; kind: 'choice'; options: readonly string[] }
  | { key: SettingKey; kind: 'text'; maxLength: number | undefined; url: boolean }
  | { key: SettingKey; kind: 'group' }
  | { key: SettingKey; kind: 'timeZone' };

export type SettingSectionId =
  | 'general'
  | 'carrier'
  | 'publicAddress'
  | 'tts'
  | 'pacing'
  | 'alerts'
  | 'simulator'
  | 'security'
  | 'import'
  | 'network'
  | 'backups'
  | 'other';

export interface SettingSection {
  id: SettingSectionId;
  fields: SettingField[];
}

/** Where each setting is shown, in order: an administrator looks for them by topic. */
const PLACES: Record<Exclude<SettingSectionId, 'other'>, SettingKey[]> = {
  general: ['defaultLanguage', 'timeZone'],
  carrier: ['carrier', 'twilioAccountSid', 'callerId', 'smsSender', 'carrierTimeoutSeconds'],
  // The tunnel setting is shown as one choice with publicUrl (none / own address / ngrok).
  publicAddress: ['tunnel', 'publicUrl', 'ngrokDomain', 'webhookPort', 'statusPollSeconds'],
  tts: ['ttsEngine', 'espeakVoiceSv', 'espeakVoiceEn', 'piperBinary', 'piperVoiceSv', 'piperVoiceEn', 'twilioVoiceSv', 'twilioVoiceEn', 'voiceRepeats'],
  pacing: ['callsPerSecond', 'smsSegmentsPerSecond', 'maxConcurrentCalls', 'typicalCallSeconds', 'pricePerCallMinute', 'pricePerSmsSegment', 'currency'],
  alerts: ['approvalThreshold', 'drillsToSimulator', 'drillRosterGroupId'],
  simulator: ['simulatorProfile', 'simulatorUrl'],
  security: ['maxFailedLogins', 'lockoutMinutes', 'sessionHours'],
  import: ['importMaxRows', 'importMaxMegabytes'],
  network: ['lanAccess', 'allowedHosts', 'updateUrl'],
  backups: ['backupEveryHours', 'backupKeep', 'backupDir'],
};

/** Settings that hold the id of something the console can list: chosen by name, not typed. */
const PICKERS: Partial<Record<SettingKey, 'group' | 'timeZone'>> = { drillRosterGroupId: 'group', timeZone: 'timeZone' };

// The slice of zod's schema objects we read; every setting is `<type>.default(...)`, a string
// setting that may be left empty is `'' | string`.
interface Inner {
  def: { type: string; options?: Inner[] };
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
  maxLength?: number | null;
  format?: string | null;
  options?: readonly string[];
}

function fieldOf(key: SettingKey): SettingField | null {
  const picker = PICKERS[key];
  if (picker) return { key, kind: picker };
  const inner = (settingsShape[key] as unknown as { unwrap(): Inner }).unwrap();
  const text = inner.def.type === 'union' ? inner.def.options?.find((o) => o.def.type === 'string') : inner;
  switch (inner.def.type) {
    case 'number':
      return { key, kind: 'number', integer: inner.isInt === true, min: inner.minValue ?? undefined, max: inner.maxValue ?? undefined };
    case 'boolean':
      return { key, kind: 'boolean' };
    case 'enum':
      return { key, kind: 'choice', options: inner.options ?? [] };
    case 'string':
    case 'union':
      return text ? { key, kind: 'text', maxLength: text.maxLength ?? undefined, url: text.format === 'url' } : null;
    default:
      return null;
  }
}

export const settingFields: SettingField[] = settingKeys.flatMap((key) => fieldOf(key) ?? []);

export function sectionOf(key: SettingKey): SettingSectionId {
  const found = Object.entries(PLACES).find(([, keys]) => keys.includes(key));
  return (found?.[0] as SettingSectionId | undefined) ?? 'other';
}

export const settingSections: SettingSection[] = ([...Object.keys(PLACES), 'other'] as SettingSectionId[])
  .map((id) => ({
    id,
    fields:
      id === 'other'
        ? settingFields.filter((f) => sectionOf(f.key) === 'other')
        : PLACES[id].flatMap((key) => settingFields.filter((f) => f.key === key)),
  }))
  .filter((s) => s.fields.length > 0);
