/**
 * Everything a call says, synthesised once per text before the first call of an alert goes out:
 * the alert's message and the fixed phrases in both languages. Audio is cached on disk by the
 * speech service, so after a restart preparing again is a cache hit.
 */
import type { Language, Settings } from '../contract';
import { spokenText } from '../contract/message-text';
import type { Queryable } from '../db/store';
import type { Logger } from '../log';
import { alertSpeech, type AlertSpeech } from './call-store';
import { PHRASES, phraseNames, pressPrompt, type PhraseName } from './phrases';
import type { SpeechPort, SpokenPart } from './spoken-part';

const LANGUAGES: Language[] = ['sv', 'en'];

interface TextToSpeak {
  text: string;
  language: Language;
}
const FALLBACK_KEPT_MS = 5 * 60_000;

export class VoicePrompts {
  private readonly parts = new Map<string, SpokenPart>();
  private readonly preparing = new Map<string, Promise<void>>();
  /** Alerts (per engine) known to be ready: the dispatcher asks for every call it places. */
  private readonly readyAlerts = new Set<string>();

  constructor(
    private readonly d: {
      store: Queryable;
      speech: SpeechPort;
      settings: () => Settings;
      log: Logger;
      /** An alert's audio became ready: the dispatcher may place its calls. */
      onReady: () => void;
      /** Audio of an alert's message was made or used: a burn must find it whatever voice made it. */
      remember: (alertId: number, audioId: string) => void;
    },
  ) {}

  /** Keys include every voice setting: a change in Inställningar makes everything prepare again. */
  private voiceSettings(): string {
    const s = this.d.settings();
    return [s.ttsEngine, s.espeakVoiceSv, s.espeakVoiceEn, s.piperBinary, s.piperVoiceSv, s.piperVoiceEn, s.twilioVoiceSv, s.twilioVoiceEn].join('|');
  }

  private key(text: string, language: Language): string {
    return `${this.voiceSettings()}\u0000${language}\u0000${text}`;
  }

  /** The last time speech fell back from the configured engine, for Översikt's health. */
  lastFallback: { at: number; wanted: string; got: string } | null = null;
  /** Fallback parts are kept briefly: once the engine is fixed, calls use it again. */
  private readonly expires = new Map<string, number>();

  private static messageIn(a: AlertSpeech): TextToSpeak {
    return { text: spokenText(a.voiceText, { drill: a.drill, language: a.language }), language: a.language };
  }

  private async messageOf(alertId: number): Promise<TextToSpeak | null> {
    const a = await alertSpeech(this.d.store, alertId);
    return a ? VoicePrompts.messageIn(a) : null;
  }

  /**
   * What the first seconds of a call need: the message, "press 1" and goodbye in the alert's
   * language. The rest (answers, voicemail, the other language) is made meanwhile and, if a
   * call needs it first, synthesised while the carrier waits for the TwiML.
   */
  private async texts(alertId: number): Promise<{ message: TextToSpeak; phrases: TextToSpeak[] } | null> {
    const a = await alertSpeech(this.d.store, alertId);
    if (!a) return null;
    const message = VoicePrompts.messageIn(a);
    const { language } = message;
    return { message, phrases: [{ text: pressPrompt(language, a.confirmKey, a.declineKey), language }, { text: PHRASES.goodbye[language], language }] };
  }

  /** "Press 1 to confirm…" with the alert's own keys, in the language of the person called. */
  private async promptText(alertId: number, language: Language): Promise<string> {
    const keys = await alertSpeech(this.d.store, alertId);
    return pressPrompt(language, keys?.confirmKey ?? '1', keys?.declineKey ?? '2');
  }

  async prompt(alertId: number, language: Language): Promise<SpokenPart> {
    return this.part(await this.promptText(alertId, language), language);
  }

  /** True when every part of the alert's calls is synthesised; otherwise starts that and says false. */
  async ready(alertId: number): Promise<boolean> {
    const readyKey = `${this.voiceSettings()}\u0000${alertId}`;
    if (this.readyAlerts.has(readyKey)) return true;
    const texts = await this.texts(alertId);
    if (!texts || [texts.message, ...texts.phrases].every((t) => this.parts.has(this.key(t.text, t.language)))) {
      this.readyAlerts.add(readyKey);
      return true;
    }
    void this.prepareAlert(alertId);
    return false;
  }

  prepareAlert(alertId: number): Promise<void> {
    const key = `${this.voiceSettings()}\u0000${alertId}`;
    let work = this.preparing.get(key);
    if (!work) {
      work = this.texts(alertId)
        .then((texts) => Promise.all(texts ? [this.messagePart(alertId, texts.message), ...texts.phrases.map((t) => this.part(t.text, t.language))] : []))
        .then(() => this.d.onReady())
        .finally(() => this.preparing.delete(key));
      this.preparing.set(key, work);
    }
    return work;
  }

  /** Forgets an alert's message (a burn): returns what was spoken, so its audio can be erased too. */
  async forget(alertId: number): Promise<TextToSpeak | null> {
    for (const key of [...this.readyAlerts]) if (key.endsWith(`\u0000${alertId}`)) this.readyAlerts.delete(key);
    const message = await this.messageOf(alertId);
    if (message) for (const key of [...this.parts.keys()]) if (key.endsWith(`\u0000${message.language}\u0000${message.text}`)) this.parts.delete(key);
    return message;
  }

  /** The fixed phrases, synthesised at start so the first alert waits only for its own message. */
  async warmUp(): Promise<void> {
    await Promise.all(phraseNames.flatMap((name) => LANGUAGES.map((language) => this.phrase(name, language))));
  }

  /** A text's spoken part, synthesising it if needed; speech failures fall back to the carrier's voice. */
  async part(text: string, language: Language): Promise<SpokenPart> {
    const key = this.key(text, language);
    const known = this.parts.get(key);
    if (known && (this.expires.get(key) ?? Infinity) > Date.now()) return known;
    let part: SpokenPart;
    try {
      // eslint-disable-next-line no-restricted-syntax -- speech synthesis (SpeechPort.prepare), no SQL statement
      part = await this.d.speech.prepare(text, language);
    } catch (error) {
      this.d.log.error({ err: error }, 'speech synthesis failed; the carrier will read the text');
      part = this.say(text, language);
    }
    this.parts.set(key, part);
    const wanted = this.d.settings().ttsEngine;
    const got = part.kind === 'say' ? 'twilio' : part.engine;
    if (got !== wanted) {
      this.lastFallback = { at: Date.now(), wanted, got };
      this.expires.set(key, Date.now() + FALLBACK_KEPT_MS);
    } else this.expires.delete(key);
    return part;
  }

  phrase(name: PhraseName, language: Language): Promise<SpokenPart> {
    return this.part(PHRASES[name][language], language);
  }

  async message(alertId: number): Promise<SpokenPart | null> {
    const m = await this.messageOf(alertId);
    return m ? this.messagePart(alertId, m) : null;
  }

  /** The alert's message, its audio noted as the alert's (never the fixed phrases: they are shared). */
  private async messagePart(alertId: number, message: TextToSpeak): Promise<SpokenPart> {
    // Noted before synthesis too: a crash between writing the file and noting it would leave it unlisted.
    this.note(alertId, () => this.d.speech.audioIds(message.text, message.language));
    const part = await this.part(message.text, message.language);
    if (part.kind === 'audio') this.note(alertId, () => [part.id]);
    return part;
  }

  private note(alertId: number, ids: () => string[]): void {
    try {
      for (const id of ids()) this.d.remember(alertId, id);
    } catch (error) {
      // The call goes out regardless: a burn still erases the audio of today's voices by the text.
      this.d.log.error({ err: error, alert: alertId }, "could not note the message's audio for a later burn");
    }
  }

  /** The carrier's own voice, for calls whose TwiML travels inline (the carrier cannot fetch our audio). */
  say(text: string, language: Language): Extract<SpokenPart, { kind: 'say' }> {
    const s = this.d.settings();
    return language === 'sv'
      ? { kind: 'say', text, voice: s.twilioVoiceSv, language: 'sv-SE' }
      : { kind: 'say', text, voice: s.twilioVoiceEn, language: 'en-US' };
  }

  async sayMessage(alertId: number): Promise<Extract<SpokenPart, { kind: 'say' }> | null> {
    const m = await this.messageOf(alertId);
    return m ? this.say(m.text, m.language) : null;
  }
}
