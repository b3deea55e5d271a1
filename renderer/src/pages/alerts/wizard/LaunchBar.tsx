import { Button, Group, Paper, Text } from '@mantine/core';
import { IconArrowRight, IconPlayerPlay, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { WizardStep } from './draft-store';

interface Props {
  step: WizardStep;
  drill: boolean;
  /** The pre-flight has answered and found someone to reach. */
  ready: boolean;
  onBack: () => void;
  onNext: () => void;
  onStart: () => void;
  onDiscard: () => void;
}

/**
 * Tillbaka, Kasta utkast and Nästa / Starta larmet, stuck to the bottom of the viewport so the
 * next action is on screen at 1280×720 on every step. While the countdown runs the shell's banner
 * takes this place, with Avbryt where Starta was.
 */
export function LaunchBar({ step, drill, ready, onBack, onNext, onStart, onDiscard }: Props) {
  const { t } = useTranslation();
  return (
    <Paper
      withBorder
      shadow="sm"
      p="sm"
      data-testid="launch-bar"
      style={{ position: 'sticky', bottom: 0, zIndex: 100, background: 'var(--mantine-color-body)' }}
    >
      <Group justify="space-between" wrap="wrap">
        <Group gap="sm">
          {step > 0 ? (
            <Button variant="default" onClick={onBack}>
              {t('wizard.back')}
            </Button>
          ) : null}
          <Button variant="subtle" color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={onDiscard}>
            {t('quickLaunch.discard')}
          </Button>
        </Group>
        <Group gap="sm">
          <Text size="sm" c="dimmed" visibleFrom="sm" id="launch-shortcuts">
            {t('quickLaunch.shortcuts')}
          </Text>
          {step < 3 ? (
            <Button onClick={onNext} rightSection={<IconArrowRight size={16} aria-hidden />} aria-keyshortcuts="Control+Enter" aria-describedby="launch-shortcuts">
              {t('wizard.next')}
            </Button>
          ) : (
            <Button
              size="md"
              color="red"
              leftSection={<IconPlayerPlay size={18} aria-hidden />}
              onClick={onStart}
              disabled={!ready}
              data-launch-start
              aria-keyshortcuts="Control+Enter"
              aria-describedby="launch-shortcuts"
            >
              {drill ? t('wizard.launch.startDrill') : t('wizard.launch.start')}
            </Button>
          )}
        </Group>
      </Group>
    </Paper>
  );
}
