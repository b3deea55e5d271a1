/**
 * The settings form is derived from the contract's zod shape, so a setting the engine adds
 * appears in the console (with its name as the label until it is translated).
 */
import { settingKeys, settingsShape } from '@contract';
import type { SettingKey } from '@contract';

export type SettingField =
  | { key: SettingKey; kind: 'number'; min: number | undefined; max: number | undefined }
  | { key: SettingKey; kind: 'boolean' }
  | { key: SettingKey; kind: 'choice'; options: readonly string[] };

// The slice of zod's schema objects we read; every setting is `<type>.default(...)`.
interface Inner {
  def: { type: string };
  minValue?: number | null;
  maxValue?: number | null;
  options?: readonly string[];
}

export const settingFields: SettingField[] = settingKeys.flatMap((key): SettingField[] => {
  const inner = (settingsShape[key] as unknown as { unwrap(): Inner }).unwrap();
  switch (inner.def.type) {
    case 'number':
      return [{ key, kind: 'number', min: inner.minValue ?? undefined, max: inner.maxValue ?? undefined }];
    case 'boolean':
      return [{ key, kind: 'boolean' }];
    case 'enum':
      return [{ key, kind: 'choice', options: inner.options ?? [] }];
    default:
      return [];
  }
});
