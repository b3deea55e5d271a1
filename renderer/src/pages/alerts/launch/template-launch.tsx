import { Button } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Template } from '@contract';
import { newAlertHref } from '../alert-href';

/** The wizard at the pre-flight with everything from the template filled in. */
export function templateLaunchHref(id: number): string {
  return `${newAlertHref()}&mall=${id}`;
}

/** Only a template with defaults can start with one click; the others are texts for the wizard. */
export const launchable = (template: Template): boolean => template.alertDefaults !== null;

/** "Starta: Brand – Styrka Väst": one click to the filled-in pre-flight; Starta larmet then starts the countdown. */
export function TemplateLaunchButton({ template, compact = false }: { template: Template; compact?: boolean }) {
  const { t } = useTranslation();
  const label = t('quickLaunch.start', { name: template.name });
  return (
    <Button
      component="a"
      href={templateLaunchHref(template.id)}
      color="red"
      variant={compact ? 'light' : 'filled'}
      size={compact ? 'compact-sm' : 'md'}
      leftSection={<IconPlayerPlay size={compact ? 14 : 18} aria-hidden />}
      aria-label={compact ? label : undefined}
    >
      {compact ? t('quickLaunch.startShort') : label}
    </Button>
  );
}
