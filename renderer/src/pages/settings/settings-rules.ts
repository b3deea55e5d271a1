/**
 * The settings form's rules that are not in the contract's shapes: which fields matter for the
 * choices made (the speech engine, how the carrier reaches GDial).
 */
import type { SettingKey, TtsEngine } from '@contract';

/** How the carrier reaches GDial: one choice in the form, two settings (`tunnel`, `publicUrl`) in the engine. */
export type AddressMode = 'none' | 'own' | 'ngrok';
export const addressModes: readonly AddressMode[] = ['none', 'own', 'ngrok'];

type Values = Record<string, unknown>;

export function addressModeOf(values: Values): AddressMode {
  if (values.tunnel === 'ngrok') return 'ngrok';
  return typeof values.publicUrl === 'string' && values.publicUrl.trim() !== '' ? 'own' : 'none';
}

/**
 * The settings a mode stands for. "Ingen" empties the address, so the engine stops handing the
 * carrier one nobody answers; ngrok keeps it, since the engine ignores it while the tunnel is on.
 */
export function withAddressMode(mode: AddressMode, draft: Values): Values {
  switch (mode) {
    case 'none':
      return { ...draft, tunnel: 'off', publicUrl: '' };
    case 'own':
      return { ...draft, tunnel: 'off' };
    case 'ngrok':
      return { ...draft, tunnel: 'ngrok' };
  }
}

/** The voice settings each engine reads; the others are kept but not shown. */
const VOICE_KEYS: Record<TtsEngine, SettingKey[]> = {
  espeak: ['espeakVoiceSv', 'espeakVoiceEn'],
  piper: ['piperBinary', 'piperVoiceSv', 'piperVoiceEn'],
  twilio: ['twilioVoiceSv', 'twilioVoiceEn'],
};
const ALL_VOICE_KEYS = new Set(Object.values(VOICE_KEYS).flat());

/** Whether a setting means anything with the choices in the draft. */
export function isRelevant(key: SettingKey, draft: Values, mode: AddressMode): boolean {
  if (key === 'publicUrl') return mode === 'own';
  if (key === 'ngrokDomain') return mode === 'ngrok';
  if (ALL_VOICE_KEYS.has(key)) {
    const engine = (draft.ttsEngine as TtsEngine | undefined) ?? 'espeak';
    return (VOICE_KEYS[engine] ?? []).includes(key);
  }
  return true;
}

/** The SMS sender's rule lives in the contract; the form asks the same function the engine's schema uses. */
export { isValidSmsSender } from '@contract';

/** An own public address must be an http(s) URL; the engine's schema checks the rest. */
export function isValidPublicUrl(value: string): boolean {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
