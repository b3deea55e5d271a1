import { Alert, Button, Checkbox, Group, Paper, Stack, Text } from '@mantine/core';
import { IconHeadphones } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language, TtsPreview } from '@contract';
import { useApi } from '../api/ApiProvider';
import { formatDuration } from '../i18n/format';
import { errorText } from './error-text';

interface Props {
  /** The text for voice calls, as typed. */
  text: string;
  language: Language;
}

interface Heard {
  preview: TtsPreview;
  /** A blob: URL (the console's CSP allows media from blob:, not from data:). */
  url: string;
  /** What was spoken, to tell when the text has changed since. */
  text: string;
  language: Language;
  drill: boolean;
}

function wavBlob(base64: string): Blob {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type: 'audio/wav' });
}

/**
 * "Lyssna": the text spoken by the engine exactly as a called person would hear it, in a
 * player with controls, with the text as it is read (numbers and abbreviations written out)
 * and the voice that read it.
 */
export function VoicePreview({ text, language }: Props) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const audio = useRef<HTMLAudioElement>(null);
  const [drill, setDrill] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [needText, setNeedText] = useState(false);
  const [heard, setHeard] = useState<Heard | null>(null);

  // Each preview owns its blob URL; the old one is let go when replaced or when the editor closes.
  useEffect(() => () => {
    if (heard) URL.revokeObjectURL(heard.url);
  }, [heard]);

  async function listen(): Promise<void> {
    if (!text.trim()) {
      setNeedText(true);
      return;
    }
    setNeedText(false);
    setBusy(true);
    setError(null);
    try {
      const preview = await api.call('tts.preview', { text, language, drill });
      setHeard({ preview, url: URL.createObjectURL(wavBlob(preview.wavBase64)), text, language, drill });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  // Play at once: the operator pressed Lyssna. A browser that refuses still shows the controls.
  useEffect(() => {
    if (heard) audio.current?.play().catch(() => undefined);
  }, [heard]);

  const stale = heard !== null && (heard.text !== text || heard.language !== language || heard.drill !== drill);
  const p = heard?.preview;
  return (
    <Stack gap="xs" data-testid="voice-preview">
      <Group gap="md" align="center">
        <Button
          variant="default"
          size="sm"
          leftSection={<IconHeadphones size={16} aria-hidden />}
          loading={busy}
          onClick={() => void listen()}
          aria-label={t('voicePreview.listenLabel')}
        >
          {t('voicePreview.listen')}
        </Button>
        <Checkbox
          label={t('voicePreview.asDrill')}
          description={t('voicePreview.asDrillHint')}
          checked={drill}
          onChange={(e) => setDrill(e.currentTarget.checked)}
        />
      </Group>
      {needText ? (
        <Text size="sm" c="var(--mantine-color-error)" role="alert">
          {t('voicePreview.needText')}
        </Text>
      ) : null}
      {error ? (
        <Text size="sm" c="var(--mantine-color-error)" role="alert">
          {errorText(t, error, i18n.language)}
        </Text>
      ) : null}
      <Text size="sm" role="status" aria-live="polite" data-testid="voice-preview-status">
        {p && !busy ? t('voicePreview.ready', { duration: formatDuration(p.durationMs / 1000, i18n.language) }) : ''}
      </Text>
      {heard && p ? (
        <Paper withBorder p="sm">
          <Stack gap="xs">
            <audio ref={audio} controls src={heard.url} aria-label={t('voicePreview.player')} data-testid="voice-preview-audio" style={{ width: '100%' }} />
            {stale ? (
              <Text size="sm" c="dimmed">
                {t('voicePreview.stale')}
              </Text>
            ) : null}
            <dl className="gdial-preview-facts">
              <dt>{t('voicePreview.spoken')}</dt>
              <dd data-testid="voice-preview-spoken">{p.spokenText}</dd>
              <dt>{t('voicePreview.voice')}</dt>
              <dd data-testid="voice-preview-voice">{t('voicePreview.voiceValue', { engine: t(`voicePreview.engines.${p.engine}`), voice: p.voice })}</dd>
            </dl>
            {p.fallbackReason ? (
              <Alert color="yellow" variant="light" p="xs" data-testid="voice-preview-fallback">
                <Text size="sm">{t('voicePreview.fallback', { reason: p.fallbackReason })}</Text>
              </Alert>
            ) : null}
          </Stack>
        </Paper>
      ) : null}
    </Stack>
  );
}
