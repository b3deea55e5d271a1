/** `GDIAL_<NAME>` environment variables override stored settings, for headless installs. */
import { envNameOf, settingKeys, settingsShape, type SettingKey, type Settings } from '../contract';
import { AppError } from '../errors';

function candidates(raw: string): unknown[] {
  const trimmed = raw.trim();
  const lowered = trimmed.toLowerCase();
  const out: unknown[] = [trimmed];
  if (['true', '1', 'yes', 'ja', 'on'].includes(lowered)) out.push(true);
  if (['false', '0', 'no', 'nej', 'off'].includes(lowered)) out.push(false);
  if (trimmed !== '' && Number.isFinite(Number(trimmed))) out.push(Number(trimmed));
  return out;
}

/** The settings the environment fixes, validated; a bad value stops the start, naming the variable. */
export function readEnvOverrides(env: NodeJS.ProcessEnv): Partial<Settings> {
  const out: Partial<Record<SettingKey, unknown>> = {};
  for (const key of settingKeys) {
    const name = envNameOf(key);
    const raw = env[name];
    if (raw === undefined) continue;
    const schema = settingsShape[key];
    const parsed = candidates(raw)
      .map((value) => schema.safeParse(value))
      .find((result) => result.success);
    if (!parsed?.success) {
      const reason = schema.safeParse(raw).error?.issues[0]?.message ?? 'invalid value';
      throw new AppError('validation', `${name}=${JSON.stringify(raw)} is not valid: ${reason}`, {
        code: 'settings.bad_env',
        params: { name },
      });
    }
    out[key] = parsed.data;
  }
  return out as Partial<Settings>;
}
