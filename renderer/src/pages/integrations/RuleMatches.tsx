/** What a rule matches, in words: "händelse ”Brand” · allvar Extrem, Allvarlig", or "Alla larm". */
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TriggerRule } from '@contract';

export function RuleMatches({ rule }: { rule: TriggerRule }) {
  const { t } = useTranslation();
  const parts = [
    rule.sender ? t('integrations.triggers.rules.match.sender', { value: rule.sender }) : null,
    rule.event ? t('integrations.triggers.rules.match.event', { value: rule.event }) : null,
    rule.area ? t('integrations.triggers.rules.match.area', { value: rule.area }) : null,
    rule.severities.length > 0
      ? t('integrations.triggers.rules.match.severities', { value: rule.severities.map((s) => t(`integrations.triggers.severity.${s}`)).join(', ') })
      : null,
    rule.urgencies.length > 0
      ? t('integrations.triggers.rules.match.urgencies', { value: rule.urgencies.map((u) => t(`integrations.triggers.urgency.${u}`)).join(', ') })
      : null,
    rule.textMatch ? t('integrations.triggers.rules.match.text', { value: rule.textMatch }) : null,
  ].filter((p): p is string => p !== null);
  return <Text size="sm">{parts.length > 0 ? parts.join(' · ') : t('integrations.triggers.rules.anything')}</Text>;
}
