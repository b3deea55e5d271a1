import { Stack, Text, Textarea } from '@mantine/core';
import type { TextareaProps } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../i18n/format';
import { Announcer } from './Announcer';
import { addedWords, sentSmsCount } from './sms-counter';
import type { SmsCount, SmsSending } from './sms-counter';

interface Props extends Omit<TextareaProps, 'value' | 'onChange' | 'description'> {
  value: string;
  onChange: (value: string) => void;
  /** How the text goes out: the counter counts the SMS as sent, additions included. */
  sending: SmsSending;
  /** A template may later be sent as a drill: say what that adds. */
  drillNote?: boolean;
}

/**
 * The SMS text with a live count of the parts it will cost, counted on the SMS as it is sent
 * (drill mark and reply hint included, as the pre-flight counts it). The count is part of the
 * field's description; a screen reader hears it again only when the number of parts or the
 * encoding changes, not on every keystroke.
 */
export function SmsTextField({ value, onChange, sending, drillNote = false, ...rest }: Props) {
  const { t, i18n } = useTranslation();
  const [announcement, setAnnouncement] = useState('');
  const count = sentSmsCount(value, sending);
  const added = addedWords(sending.language);

  function counterText(c: SmsCount, text: string): string {
    if (!text.trim()) return t('sms.empty');
    return t('sms.count', { count: c.segments, encoding: c.encoding, remaining: formatCount(c.remaining, i18n.language) });
  }

  function change(next: string): void {
    const before = sentSmsCount(value, sending);
    const after = sentSmsCount(next, sending);
    if (before.segments !== after.segments || before.encoding !== after.encoding) {
      setAnnouncement([counterText(after, next), after.encoding === 'UCS-2' ? t('sms.ucs2Short') : ''].filter(Boolean).join(' '));
    }
    onChange(next);
  }

  const chars = count.wideChars.map((c) => `”${c}”`).join(', ');
  const counted = sending.drill
    ? t('sms.countedDrill', { mark: added.drillMark, hint: added.replyHint })
    : t('sms.counted', { hint: added.replyHint });
  return (
    <>
      <Textarea
        {...rest}
        autosize
        minRows={2}
        maxLength={1600}
        value={value}
        onChange={(e) => change(e.currentTarget.value)}
        inputWrapperOrder={['label', 'input', 'description', 'error']}
        description={
          <Stack gap={2} component="span">
            <Text span size="xs" fw={600} data-testid="sms-counter">
              {counterText(count, value)}
            </Text>
            {count.encoding === 'UCS-2' ? (
              <Text span size="xs" c="var(--mantine-color-orange-light-color)" data-testid="sms-ucs2">
                {t('sms.ucs2', { count: count.wideChars.length, chars })}
              </Text>
            ) : null}
            <Text span size="xs" data-testid="sms-counted">
              {drillNote && !sending.drill
                ? `${counted} ${t('sms.drillNote', { mark: added.drillMark, length: added.drillMark.length + 1 })}`
                : counted}
            </Text>
          </Stack>
        }
      />
      <Announcer message={announcement} />
    </>
  );
}
