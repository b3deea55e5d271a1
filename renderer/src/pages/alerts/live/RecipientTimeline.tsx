import { Badge, Drawer, Group, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry, TimelineStep } from '@contract';
import { useApi } from '../../../api/ApiProvider';
import { Announcer } from '../../../components/Announcer';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Loading } from '../../../components/Loading';
import { useApiEvent } from '../../../components/use-api-event';
import { useLoad } from '../../../components/use-load';
import { formatTime } from '../../../i18n/format';
import { answeredByText, attemptReasonText } from '../attempt-reason';

interface Props {
  alertId: number;
  recipientId: number;
  name: string;
  onClose: () => void;
}

// Colour is a second cue only: every step is also named in words.
const TONE: Partial<Record<TimelineStep, string>> = {
  pressed_confirm: 'teal.9',
  replied_confirm: 'teal.9',
  pressed_decline: 'orange.9',
  replied_decline: 'orange.9',
  busy: 'red.9',
  no_answer: 'red.9',
  failed: 'red.9',
  in_doubt: 'orange.9',
  canceled: 'gray.8',
};

/**
 * Everything that happened to one recipient, oldest first: each call and text, who answered,
 * which key was pressed. A drawer that keeps focus inside until closed; it follows the alert's
 * live progress for this recipient and announces new steps.
 */
export function RecipientTimeline({ alertId, recipientId, name, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const id = useId();
  const timeline = useLoad(useCallback(() => api.call('alerts.timeline', { alertId, recipientId }), [api, alertId, recipientId]));
  const [announcement, setAnnouncement] = useState('');
  const seen = useRef<number | null>(null);
  const entries = timeline.data?.entries ?? [];

  useApiEvent('alert.progress', (payload) => {
    if (payload.recipients.some((r) => r.alertId === alertId && r.id === recipientId)) timeline.reload();
  });

  // New steps after the first load are read out; the first load is what the operator opened.
  useEffect(() => {
    if (!timeline.data) return;
    const count = timeline.data.entries.length;
    const last = timeline.data.entries.at(-1);
    if (seen.current !== null && count > seen.current && last) {
      setAnnouncement(t('timeline.newEntry', { name, step: t(`timeline.steps.${last.step}`) }));
    }
    seen.current = count;
  }, [timeline.data, name, t]);

  /** The engine's detail in words: the key pressed, the reply as written, else its reason as given. */
  function detail(e: TimelineEntry): string | null {
    if (!e.detail) return null;
    if (e.step === 'pressed_confirm' || e.step === 'pressed_decline') return t('timeline.key', { key: e.detail });
    if (e.step === 'replied_confirm' || e.step === 'replied_decline' || e.step === 'replied_text') return t('timeline.reply', { text: e.detail });
    if (e.detail === 'stand-down') return t('timeline.standDown');
    if (e.reason) return attemptReasonText(t, e.reason);
    if (e.step === 'machine') return answeredByText(t, e.detail);
    return e.detail;
  }


  return (
    <Drawer
      opened
      onClose={onClose}
      position="right"
      size="md"
      title={t('timeline.title', { name })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      data-testid="recipient-timeline"
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed" id={`${id}-hint`}>
          {t('timeline.hint')}
        </Text>
        <ErrorAlert error={timeline.error} />
        {timeline.loading && !timeline.data ? <Loading /> : null}
        {timeline.data && entries.length === 0 ? <Text>{t('timeline.empty')}</Text> : null}
        {entries.length > 0 ? (
          // role="list": without bullets some screen readers stop calling it a list.
          <ol role="list" className="gdial-timeline" aria-label={t('timeline.listLabel', { name })} aria-describedby={`${id}-hint`} data-testid="timeline-entries">
            {entries.map((e, i) => (
              <li key={`${e.at}-${e.step}-${e.attemptId ?? ''}-${i}`} data-step={e.step}>
                <Group gap="xs" wrap="nowrap" align="baseline">
                  <time dateTime={e.at} className="gdial-timeline-time">
                    {formatTime(e.at, i18n.language)}
                  </time>
                  <Stack gap={0}>
                    <Group gap={6} wrap="wrap">
                      {TONE[e.step] ? <Badge size="xs" circle color={TONE[e.step]} aria-hidden>{' '}</Badge> : null}
                      <Text fw={600} size="sm" data-testid="timeline-step">
                        {t(`timeline.steps.${e.step}`)}
                      </Text>
                    </Group>
                    {e.channel || e.e164 ? (
                      <Text size="sm">
                        {e.channel ? t(`alerts.channels.${e.channel}`) : null} {e.e164 ? <span className="gdial-number">{e.e164}</span> : null}
                      </Text>
                    ) : null}
                    {detail(e) ? (
                      <Text size="sm" c="dimmed" data-testid="timeline-detail">
                        {detail(e)}
                      </Text>
                    ) : null}
                  </Stack>
                </Group>
              </li>
            ))}
          </ol>
        ) : null}
      </Stack>
      <Announcer message={announcement} />
    </Drawer>
  );
}
