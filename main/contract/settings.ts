/**
 * Engine settings: one flat namespace so each key maps to exactly one environment variable
 * (`lockoutMinutes` → `GDIAL_LOCKOUT_MINUTES`). Later capabilities add keys here.
 */
import { z } from 'zod';
import { languageSchema, patchOf } from './common';

export const settingsShape = {
  defaultLanguage: languageSchema.default('sv'),
  maxFailedLogins: z.number().int().min(1).max(50).default(5),
  lockoutMinutes: z.number().int().min(1).max(24 * 60).default(15),
  sessionHours: z.number().int().min(1).max(24 * 7).default(12),
  /** Contact imports larger than this are refused before anything is read into the book. */
  importMaxRows: z.number().int().min(100).max(1_000_000).default(200_000),
  importMaxMegabytes: z.number().int().min(1).max(200).default(50),
  /** Serve the console and WebSocket on every interface, not only 127.0.0.1 (restart needed). */
  lanAccess: z.boolean().default(false),
};
export const settingsSchema = z.object(settingsShape);
export type Settings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof Settings;
export const settingKeys = Object.keys(settingsShape) as SettingKey[];

export const settingSourceSchema = z.enum(['default', 'database', 'environment']);
export type SettingSource = z.infer<typeof settingSourceSchema>;

export const settingsViewSchema = z.object({
  values: settingsSchema,
  sources: z.record(z.string(), settingSourceSchema),
  /** Keys whose change only applies after the engine restarts. */
  restartRequired: z.array(z.string()),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

export const settingsPatchSchema = patchOf(settingsSchema).strict();

export function envNameOf(key: string): string {
  return `GDIAL_${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}
