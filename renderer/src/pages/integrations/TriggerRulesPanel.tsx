/**
 * Integrationer → Regler för inkommande larm: the rules in the order they are tried, what each
 * matches, its template and whether it launches at once. Operators create, edit (a modal that
 * asks before unsaved changes go) and delete (asked first); viewers read.
 */
import { ActionIcon, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconListCheck, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TriggerRule } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { ConfirmModal } from '../../components/ConfirmModal';
import { EmptyNotice } from '../../components/EmptyNotice';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useLoad } from '../../components/use-load';
import { useCan } from '../../session/use-can';
import { RuleMatches } from './RuleMatches';
import { TriggerRuleFormModal } from './TriggerRuleFormModal';

type Editing = { rule: TriggerRule | null } | null;

/** The order the engine tries them in: position, then (for equal positions) the older first. */
const byPosition = (a: TriggerRule, b: TriggerRule) => a.position - b.position || a.id - b.id;

export function TriggerRulesPanel() {
  const { t } = useTranslation();
  const api = useApi();
  const canEdit = useCan('triggers.updateRule');
  const rules = useLoad(useCallback(() => api.call('triggers.rules', {}).then((list) => [...list].sort(byPosition)), [api]));
  const templates = useLoad(useCallback(() => api.call('templates.list', {}), [api]));
  const [editing, setEditing] = useState<Editing>(null);
  const [removing, setRemoving] = useState<TriggerRule | null>(null);
  const templateName = (id: number) => templates.data?.find((x) => x.id === id)?.name;
  const nextPosition = Math.min(10_000, Math.max(0, ...(rules.data ?? []).map((r) => r.position)) + 10);

  function saved(rule: TriggerRule, created: boolean): void {
    setEditing(null);
    rules.setData((list) => [...(list ?? []).filter((x) => x.id !== rule.id), rule].sort(byPosition));
    notifications.show({ color: 'teal', message: t(created ? 'integrations.triggers.rules.created' : 'integrations.triggers.rules.saved', { name: rule.name }) });
  }

  async function remove(rule: TriggerRule): Promise<void> {
    await api.call('triggers.deleteRule', { id: rule.id });
    setRemoving(null);
    rules.setData((list) => list?.filter((x) => x.id !== rule.id));
    notifications.show({ color: 'teal', message: t('integrations.triggers.rules.removed', { name: rule.name }) });
  }

  return (
    <Stack>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Text maw={720}>{t('integrations.triggers.rules.intro')}</Text>
        {canEdit ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing({ rule: null })} disabled={!templates.data}>
            {t('integrations.triggers.rules.new')}
          </Button>
        ) : null}
      </Group>
      {!canEdit ? <Text c="dimmed">{t('integrations.triggers.rules.readOnly')}</Text> : null}
      <ErrorAlert error={rules.error ?? templates.error} />
      {rules.loading && !rules.data ? <Loading /> : null}
      {rules.data && rules.data.length === 0 ? (
        <EmptyNotice icon={<IconListCheck size={32} />} title={t('integrations.triggers.rules.emptyTitle')} text={t('integrations.triggers.rules.emptyText')} />
      ) : null}
      {rules.data && rules.data.length > 0 ? (
        <Table.ScrollContainer minWidth={860}>
          <Table striped aria-label={t('integrations.triggers.rules.tableLabel')} verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('integrations.triggers.rules.columns.position')}</Table.Th>
                <Table.Th scope="col">{t('integrations.triggers.rules.columns.name')}</Table.Th>
                <Table.Th scope="col">{t('integrations.triggers.rules.columns.matches')}</Table.Th>
                <Table.Th scope="col">{t('integrations.triggers.rules.columns.template')}</Table.Th>
                <Table.Th scope="col">{t('integrations.triggers.rules.columns.mode')}</Table.Th>
                <Table.Th scope="col">{t('integrations.triggers.rules.columns.enabled')}</Table.Th>
                {canEdit ? <Table.Th scope="col">{t('common.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.data.map((rule) => (
                <Table.Tr key={rule.id} data-testid="rule-row">
                  <Table.Td>{rule.position}</Table.Td>
                  <Table.Td>
                    <Text fw={600}>{rule.name}</Text>
                  </Table.Td>
                  <Table.Td>
                    <RuleMatches rule={rule} />
                  </Table.Td>
                  <Table.Td>{templateName(rule.templateId) ?? (templates.data ? t('integrations.triggers.rules.templateGone') : '…')}</Table.Td>
                  <Table.Td>
                    {rule.launchAtOnce ? (
                      <Badge color="red" variant="light">
                        {t('integrations.triggers.rules.modeLaunch')}
                      </Badge>
                    ) : (
                      t('integrations.triggers.rules.modePropose')
                    )}
                  </Table.Td>
                  <Table.Td>{rule.enabled ? t('integrations.triggers.rules.enabledYes') : t('integrations.triggers.rules.enabledNo')}</Table.Td>
                  {canEdit ? (
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <ActionIcon variant="subtle" aria-label={t('integrations.triggers.rules.edit', { name: rule.name })} onClick={() => setEditing({ rule })} disabled={!templates.data}>
                          <IconPencil size={18} aria-hidden />
                        </ActionIcon>
                        <ActionIcon variant="subtle" color="red" aria-label={t('integrations.triggers.rules.remove', { name: rule.name })} onClick={() => setRemoving(rule)}>
                          <IconTrash size={18} aria-hidden />
                        </ActionIcon>
                      </Group>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {editing && templates.data ? (
        <TriggerRuleFormModal rule={editing.rule} nextPosition={nextPosition} templates={templates.data} onClose={() => setEditing(null)} onSaved={saved} />
      ) : null}
      {removing ? (
        <ConfirmModal
          title={t('integrations.triggers.rules.removeTitle')}
          text={t('integrations.triggers.rules.removeText', { name: removing.name })}
          confirmLabel={t('common.delete')}
          onConfirm={() => remove(removing)}
          onClose={() => setRemoving(null)}
        />
      ) : null}
    </Stack>
  );
}
