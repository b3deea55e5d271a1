/**
 * How a message is spoken: the facade the engine calls. It writes the text out for speech,
 * uses the engine the settings name and falls back so that an alert is always spoken:
 * Piper → espeak-ng → Twilio's own voices. Local audio is cached by (engine, voice, spoken text).
 */
import { readFile } from 'node:fs/promises';
import type { Language, Settings, TtsPreview } from '../contract';
import { AppError } from '../errors';
import type { Logger } from '../log';
import { AudioCacheClosedError, type AudioCache, type Cached } from './audio-cache';
import { createEspeakTts } from './espeak-tts';
import { normalizeForSpeech } from './normalize';
import { createPiperTts } from './piper-tts';
import type { TtsPort } from './tts-port';

export type SpokenPart =
  | { kind: 'audio'; id: string; durationMs: number; engine: 'espeak' | 'piper'; voice: string }
  | { kind: 'say'; text: string; voice: string; language: 'sv-SE' | 'en-US' };

export interface SpeechDeps {
  settings: () => Settings;
  cache: AudioCache;
  log: Logger;
  /** Replace the engines (tests); by default they are built from the settings of the moment. */
  engines?: { espeak?: TtsPort; piper?: (settings: Settings) => TtsPort };
}

const TWILIO_LANGUAGE = { sv: 'sv-SE', en: 'en-US' } as const;

export const TWILIO_PREVIEW_REASON = "Twilio's voices play only in calls; this preview uses espeak-ng";

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class Speech {
  constructor(private readonly deps: SpeechDeps) {}

  /** What the call plays for `text`: a cached WAV, or words for Twilio to say when no local voice can. */
  async prepare(text: string, language: Language): Promise<SpokenPart> {
    const settings = this.deps.settings();
    const spoken = normalizeForSpeech(text, language);
    if (settings.ttsEngine === 'twilio') return this.say(settings, spoken, language);
    // Every failure falls through to the next voice, not only TtsError: an alert that goes out
    // in a worse voice beats one that does not go out at all. The logs say what broke.
    if (settings.ttsEngine === 'piper') {
      try {
        return part(await this.audio(this.piper(settings), spoken, language));
      } catch (error) {
        this.deps.log.warn({ err: messageOf(error) }, 'Piper failed; speaking with espeak-ng instead');
      }
    }
    try {
      return part(await this.audio(this.espeak(settings), spoken, language));
    } catch (error) {
      // An engine stopping mid-synthesis is not a broken voice: say so quietly, not as an error.
      if (error instanceof AudioCacheClosedError) this.deps.log.debug('synthesis ended by the engine stopping');
      else this.deps.log.error({ err: messageOf(error) }, "espeak-ng failed; Twilio's own voice will speak the message");
      return this.say(settings, spoken, language);
    }
  }

  /**
   * The audio an operator hears before launching: the same cached file the calls would play.
   * Twilio's voices exist only inside a call, so that setting previews with espeak-ng.
   */
  async preview(text: string, language: Language): Promise<TtsPreview> {
    const settings = this.deps.settings();
    const spoken = normalizeForSpeech(text, language);
    let fallbackReason: string | null = settings.ttsEngine === 'twilio' ? TWILIO_PREVIEW_REASON : null;
    if (settings.ttsEngine === 'piper') {
      try {
        return await this.previewWith(this.piper(settings), spoken, language, null);
      } catch (error) {
        fallbackReason = messageOf(error);
        this.deps.log.warn({ err: fallbackReason }, 'Piper failed; previewing with espeak-ng instead');
      }
    }
    try {
      return await this.previewWith(this.espeak(settings), spoken, language, fallbackReason);
    } catch (error) {
      this.deps.log.error({ err: messageOf(error) }, 'espeak-ng failed; no preview');
      throw new AppError('unavailable', `No voice on this computer could speak the text: ${messageOf(error)}`, { code: 'tts.unavailable' });
    }
  }

  /**
   * Erases the cached audio of a text (a burn message), for every local voice it may have been
   * made with under the current settings. Returns how many files were removed.
   */
  forget(text: string, language: Language): number {
    return this.audioIds(text, language).filter((id) => this.deps.cache.remove(id)).length;
  }

  /** The cache ids of a text under every local voice of the current settings, synthesised or not. */
  audioIds(text: string, language: Language): string[] {
    const settings = this.deps.settings();
    const spoken = normalizeForSpeech(text, language);
    return [this.espeak(settings), this.piper(settings)].map((port) => this.deps.cache.idFor(port.engine, port.voiceFor(language), spoken));
  }

  private espeak(settings: Settings): TtsPort {
    return this.deps.engines?.espeak ?? createEspeakTts({ sv: settings.espeakVoiceSv, en: settings.espeakVoiceEn });
  }

  private piper(settings: Settings): TtsPort {
    const make = this.deps.engines?.piper;
    return make ? make(settings) : createPiperTts({ binary: settings.piperBinary, voices: { sv: settings.piperVoiceSv, en: settings.piperVoiceEn } });
  }

  private say(settings: Settings, spoken: string, language: Language): SpokenPart {
    const voice = language === 'sv' ? settings.twilioVoiceSv : settings.twilioVoiceEn;
    return { kind: 'say', text: spoken, voice, language: TWILIO_LANGUAGE[language] };
  }

  private async audio(port: TtsPort, spoken: string, language: Language): Promise<Spoken> {
    const voice = port.voiceFor(language);
    const cached = await this.deps.cache.ensure({ engine: port.engine, voice, text: spoken }, () => port.synthesize(spoken, language));
    // Never the text: alerts carry phone numbers and names, which stay out of the logs.
    this.deps.log.debug({ id: cached.id, engine: port.engine, voice, hit: cached.hit, durationMs: cached.durationMs }, 'speech ready');
    return { engine: port.engine, voice, cached };
  }

  private async previewWith(port: TtsPort, spoken: string, language: Language, fallbackReason: string | null): Promise<TtsPreview> {
    const { engine, voice, cached } = await this.audio(port, spoken, language);
    const wav = await readFile(cached.file);
    return { engine, voice, spokenText: spoken, wavBase64: wav.toString('base64'), durationMs: cached.durationMs, fallbackReason };
  }
}

interface Spoken {
  engine: 'espeak' | 'piper';
  voice: string;
  cached: Cached;
}

const part = ({ engine, voice, cached }: Spoken): SpokenPart => ({ kind: 'audio', id: cached.id, durationMs: cached.durationMs, engine, voice });
