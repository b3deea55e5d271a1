/**
 * Engine settings: one flat namespace so each key maps to exactly one environment variable
 * (`lockoutMinutes` → `GDIAL_LOCKOUT_MINUTES`). Later capabilities add keys here.
 */
import { z } from 'zod';
import { smsSenderSchema } from './sms-sender';
import { languageSchema, patchOf } from './common';
import { ttsEngineSchema, tunnelModeSchema } from './conversation';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const settingsShape = {
  defaultLanguage: languageSchema.default('sv'),
  maxFailedLogins: z.number().int().min(1).max(50).default(5),
  lockoutMinutes: z.number().int().min(1).max(24 * 60).default(15),
  sessionHours: z.number().int().min(1).max(24 * 7).default(12),
  /** Which carrier places calls: the built-in simulator (drills, training) or Twilio. */
  carrier: z.enum(['simulator', 'twilio']).default('simulator'),
  twilioAccountSid: z.union([z.literal(''), z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'an account SID: AC + 32 hex digits')]).default(''),
  /** The number calls come from (E.164, verified in Twilio). */
  callerId: z.string().trim().max(20).default('+46700000000'),
  /** SMS sender: an E.164 number or an alphanumeric name (max 11 characters); the rule is in sms-sender.ts. */
  smsSender: smsSenderSchema.default('GDial'),
  /** The built-in simulator's pace: 'realistic' rings for seconds; 'fast' (tests, demos) for milliseconds. */
  simulatorProfile: z.enum(['realistic', 'fast']).default('realistic'),
  /** A simulator running elsewhere (e.g. `npm run simulator`); empty = the built-in one. */
  simulatorUrl: z.union([z.literal(''), z.string().url()]).default(''),
  /** Your own public URL (a reverse proxy to the webhook port); used when the tunnel is off. Empty = none. */
  publicUrl: z.union([z.literal(''), z.string().url()]).default(''),
  /** 'ngrok' opens a tunnel at start (authtoken in the secret store); 'off' uses publicUrl, or none. */
  tunnel: tunnelModeSchema.default('off'),
  /** A reserved ngrok domain (e.g. gdial-kommun.ngrok.app); empty = a random one each start. */
  ngrokDomain: z.string().trim().max(253).default(''),
  /** Loopback port of the webhook receiver (0 = any free port). */
  webhookPort: z.number().int().min(0).max(65535).default(7421),
  /** Live alerts to more people than this need a second person's approval (0 = never). */
  approvalThreshold: z.number().int().min(0).max(1_000_000).default(0),
  /** Drills go to the built-in simulator even when the carrier is Twilio: no real phone rings. */
  drillsToSimulator: z.boolean().default(false),
  /** When set, drills may only reach members of this group (the drill roster). */
  drillRosterGroupId: z.number().int().min(0).default(0),
  /** Attempts without news this long are asked about at the carrier (lost callbacks, no public URL). */
  statusPollSeconds: z.number().int().min(1).max(3600).default(30),
  /** How long a request to the carrier may take before its outcome counts as unknown. */
  carrierTimeoutSeconds: z.number().min(0.5).max(60).default(15),
  /** Pacing: never more than these per second, whatever the queue holds. */
  callsPerSecond: z.number().min(0.1).max(100).default(1),
  smsSegmentsPerSecond: z.number().min(0.1).max(500).default(1),
  maxConcurrentCalls: z.number().int().min(1).max(1000).default(10),
  /** For the pre-flight's estimates only. */
  typicalCallSeconds: z.number().int().min(5).max(600).default(40),
  pricePerCallMinute: z.number().min(0).max(100).default(1.2),
  pricePerSmsSegment: z.number().min(0).max(100).default(0.6),
  currency: z.string().trim().min(3).max(3).default('SEK'),
  /** Contact imports larger than this are refused before anything is read into the book. */
  importMaxRows: z.number().int().min(100).max(1_000_000).default(200_000),
  importMaxMegabytes: z.number().int().min(1).max(200).default(50),
  /** Who speaks the message: espeak-ng (built in), Piper (installed separately) or Twilio's own voices. */
  ttsEngine: ttsEngineSchema.default('espeak'),
  espeakVoiceSv: z.string().trim().min(1).max(40).default('sv'),
  espeakVoiceEn: z.string().trim().min(1).max(40).default('en'),
  /** Path of the piper executable and of its .onnx voices (the .onnx.json must sit next to each). */
  piperBinary: z.string().trim().max(1000).default(''),
  piperVoiceSv: z.string().trim().max(1000).default(''),
  piperVoiceEn: z.string().trim().max(1000).default(''),
  twilioVoiceSv: z.string().trim().min(1).max(60).default('Polly.Astrid'),
  twilioVoiceEn: z.string().trim().min(1).max(60).default('Polly.Joanna'),
  /** Times the message and "press 1" are played when nobody presses a key. */
  voiceRepeats: z.number().int().min(1).max(5).default(3),
  /** The zone schedules are read in by default and the dashboard's days are counted in. */
  timeZone: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .refine(isTimeZone, 'an IANA time zone, e.g. Europe/Stockholm')
    .default('Europe/Stockholm'),
  /** Online backups: every this many hours (0 = off), keeping the newest `backupKeep`. */
  backupEveryHours: z.number().int().min(0).max(24 * 7).default(24),
  backupKeep: z.number().int().min(1).max(365).default(14),
  /** Where backups go; empty = `<data-dir>/backups`. */
  backupDir: z
    .string()
    .trim()
    .max(1000)
    .refine((dir) => dir === '' || /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(dir), 'a full path (relative paths depend on where GDial was started)')
    .default(''),
  /** The desktop app's update server (electron-updater's generic provider); empty = no updates. */
  updateUrl: z.union([z.literal(''), z.string().url()]).default(''),
  /** Serve the console and WebSocket on every interface, not only 127.0.0.1 (restart needed). */
  lanAccess: z.boolean().default(false),
  /**
   * Extra names the console answers to, comma-separated (`name` any port, `name:port` one): a
   * reverse proxy's name, a DNS alias. Loopback, and with LAN access this machine's own names and
   * addresses, are always allowed; any other Host is refused (DNS rebinding).
   */
  allowedHosts: z
    .string()
    .trim()
    .max(2000)
    .refine(
      (list) => list.split(',').every((entry) => entry.trim() === '' || /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*)(:\d{1,5})?$/.test(entry.trim())),
      'host names or addresses separated by commas, each optionally with :port',
    )
    .default(''),
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
