import { Button, Group, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/ApiProvider';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Section } from '../../../components/Section';
import { useLoad } from '../../../components/use-load';
import { useCan } from '../../../session/use-can';
import { newAlertHref } from '../alert-href';
import { TemplateLaunchButton, launchable } from './template-launch';

/**
 * Översikt's "Snabbstart": each template with defaults as one "Starta: …" button (one click to the
 * filled-in pre-flight), and Nytt larm for everything else. Shown only to those who may launch.
 */
export function QuickLaunch() {
  const canLaunch = useCan('alerts.launch');
  return canLaunch ? <QuickLaunchSection /> : null;
}

function QuickLaunchSection() {
  const { t } = useTranslation();
  const api = useApi();
  const templates = useLoad(useCallback(() => api.call('templates.list', {}), [api]));
  const ready = (templates.data ?? []).filter(launchable);
  return (
    <Section id="overview-quick-launch" title={t('quickLaunch.heading')}>
      <ErrorAlert error={templates.error} />
      <Text size="sm">{templates.data && ready.length === 0 ? t('quickLaunch.none') : t('quickLaunch.intro')}</Text>
      <Group gap="sm" data-testid="quick-launch">
        {ready.map((tpl) => (
          <TemplateLaunchButton key={tpl.id} template={tpl} />
        ))}
        <Button component="a" href={newAlertHref()} size="md" variant="default" leftSection={<IconPlus size={18} aria-hidden />} aria-keyshortcuts="N">
          {t('quickLaunch.newAlert')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('quickLaunch.shortcutHint')}
      </Text>
    </Section>
  );
}
