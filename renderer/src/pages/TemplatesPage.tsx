import { ActionIcon, Button, Group, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconTemplate, IconTrash } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Template } from '@contract';
import { useApi } from '../api/ApiProvider';
import { ConfirmModal } from '../components/ConfirmModal';
import { EmptyNotice } from '../components/EmptyNotice';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { Page } from '../components/Page';
import { useLoad } from '../components/use-load';
import { formatDateTime } from '../i18n/format';
import { useCan } from '../session/use-can';
import { TemplateLaunchButton, launchable } from './alerts/launch/template-launch';
import { TemplateFormModal } from './TemplateFormModal';

type Editing = { template: Template | null } | null;

export function TemplatesPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const canEdit = useCan('templates.update');
  const canLaunch = useCan('alerts.launch');
  const list = useLoad(useCallback(() => api.call('templates.list', {}), [api]));
  const [editing, setEditing] = useState<Editing>(null);
  const [removing, setRemoving] = useState<Template | null>(null);

  function saved(template: Template, created: boolean): void {
    setEditing(null);
    list.setData((items) => {
      const rest = (items ?? []).filter((x) => x.id !== template.id);
      return [...rest, template].sort((a, b) => a.name.localeCompare(b.name, i18n.language));
    });
    notifications.show({ color: 'teal', message: t(created ? 'templates.created' : 'templates.saved', { name: template.name }) });
  }

  async function remove(template: Template): Promise<void> {
    await api.call('templates.delete', { id: template.id });
    setRemoving(null);
    list.setData((items) => items?.filter((x) => x.id !== template.id));
    notifications.show({ color: 'teal', message: t('templates.removed', { name: template.name }) });
  }

  const newButton = canEdit ? (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing({ template: null })}>
      {t('templates.new')}
    </Button>
  ) : null;

  return (
    <Page title={t('templates.title')} actions={newButton}>
      <Text>{t('templates.intro')}</Text>
      {!canEdit ? <Text c="dimmed">{t('templates.readOnly')}</Text> : null}
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.length === 0 ? (
        <EmptyNotice icon={<IconTemplate size={32} />} title={t('templates.emptyTitle')} text={t('templates.emptyText')} />
      ) : null}
      {list.data && list.data.length > 0 ? (
        <Table.ScrollContainer minWidth={560}>
          <Table striped highlightOnHover aria-label={t('templates.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('templates.name')}</Table.Th>
                <Table.Th scope="col">{t('templates.language')}</Table.Th>
                <Table.Th scope="col">{t('templates.confirmDigit')}</Table.Th>
                <Table.Th scope="col">{t('templates.updatedAt')}</Table.Th>
                {canLaunch ? <Table.Th scope="col">{t('quickLaunch.template.column')}</Table.Th> : null}
                {canEdit ? <Table.Th scope="col">{t('common.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((tpl) => (
                <Table.Tr key={tpl.id}>
                  <Table.Td>{tpl.name}</Table.Td>
                  <Table.Td>{t(`language.${tpl.language}`)}</Table.Td>
                  <Table.Td>{tpl.confirmDigit}</Table.Td>
                  <Table.Td>{formatDateTime(tpl.updatedAt, i18n.language)}</Table.Td>
                  {canLaunch ? <Table.Td>{launchable(tpl) ? <TemplateLaunchButton template={tpl} compact /> : '–'}</Table.Td> : null}
                  {canEdit ? (
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <ActionIcon variant="subtle" aria-label={t('templates.edit', { name: tpl.name })} onClick={() => setEditing({ template: tpl })}>
                          <IconPencil size={18} aria-hidden />
                        </ActionIcon>
                        <ActionIcon variant="subtle" color="red" aria-label={t('templates.remove', { name: tpl.name })} onClick={() => setRemoving(tpl)}>
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
      {editing ? <TemplateFormModal template={editing.template} onClose={() => setEditing(null)} onSaved={saved} /> : null}
      {removing ? (
        <ConfirmModal
          title={t('templates.removeTitle')}
          text={t('templates.removeConfirm', { name: removing.name })}
          confirmLabel={t('common.delete')}
          onConfirm={() => remove(removing)}
          onClose={() => setRemoving(null)}
        />
      ) : null}
    </Page>
  );
}
