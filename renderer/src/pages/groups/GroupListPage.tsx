import { ActionIcon, Anchor, Button, Group as Row, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconTrash, IconUsersGroup } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { ConfirmModal } from '../../components/ConfirmModal';
import { EmptyNotice } from '../../components/EmptyNotice';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { useApiEvent } from '../../components/use-api-event';
import { useLoad } from '../../components/use-load';
import { useReturnFocus } from '../../components/use-return-focus';
import { formatCount } from '../../i18n/format';
import { useCan } from '../../session/use-can';
import { GroupFormModal } from './GroupFormModal';
import { groupHref } from './group-href';

type Editing = { group: Group | null } | null;

export function GroupListPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const canEdit = useCan('groups.update');
  const list = useLoad(useCallback(() => api.call('groups.list', {}), [api]));
  const [editing, setEditing] = useState<Editing>(null);
  const [removing, setRemoving] = useState<Group | null>(null);
  const fmt = (n: number) => formatCount(n, i18n.language);
  const focus = useReturnFocus();
  const edit = (group: Group | null) => {
    focus.remember();
    setEditing({ group });
  };
  const close = () => {
    setEditing(null);
    setRemoving(null);
    focus.restore();
  };

  // Imports and membership changes elsewhere move the counts.
  useApiEvent('contacts.changed', () => list.reload());

  function saved(group: Group, created: boolean): void {
    close();
    list.setData((items) => [...(items ?? []).filter((g) => g.id !== group.id), group].sort((a, b) => a.name.localeCompare(b.name, i18n.language)));
    notifications.show({ color: 'teal', message: t(created ? 'groups.created' : 'groups.saved', { name: group.name }) });
  }

  async function remove(group: Group): Promise<void> {
    await api.call('groups.delete', { id: group.id });
    // The row with the button that opened the dialog is gone: focus goes to the heading instead.
    setRemoving(null);
    document.querySelector<HTMLElement>('h1')?.focus();
    list.setData((items) => items?.filter((g) => g.id !== group.id));
    notifications.show({ color: 'teal', message: t('groups.removed', { name: group.name }) });
  }

  const newButton = canEdit ? (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => edit(null)}>
      {t('groups.new')}
    </Button>
  ) : null;

  return (
    <Page title={t('groups.title')} actions={newButton}>
      <Text>{t('groups.intro')}</Text>
      {!canEdit ? <Text c="dimmed">{t('groups.readOnly')}</Text> : null}
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.length === 0 ? (
        <EmptyNotice icon={<IconUsersGroup size={32} />} title={t('groups.emptyTitle')} text={t('groups.emptyText')} />
      ) : null}
      {list.data && list.data.length > 0 ? (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover aria-label={t('groups.tableLabel')} data-testid="groups-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('groups.name')}</Table.Th>
                <Table.Th scope="col">{t('groups.description')}</Table.Th>
                <Table.Th scope="col" ta="right">{t('groups.members')}</Table.Th>
                <Table.Th scope="col" ta="right">{t('groups.smsReachable')}</Table.Th>
                {canEdit ? <Table.Th scope="col">{t('common.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((g) => (
                <Table.Tr key={g.id}>
                  <Table.Th scope="row" fw={500}>
                    <Anchor href={groupHref(g.id)}>{g.name}</Anchor>
                  </Table.Th>
                  <Table.Td>{g.description}</Table.Td>
                  <Table.Td ta="right">{fmt(g.memberCount)}</Table.Td>
                  <Table.Td ta="right">{fmt(g.smsReachableCount)}</Table.Td>
                  {canEdit ? (
                    <Table.Td>
                      <Row gap="xs" wrap="nowrap">
                        <ActionIcon variant="subtle" aria-label={t('groups.rename', { name: g.name })} onClick={() => edit(g)}>
                          <IconPencil size={18} aria-hidden />
                        </ActionIcon>
                        <ActionIcon variant="subtle" color="red" aria-label={t('groups.remove', { name: g.name })} onClick={() => {
                            focus.remember();
                            setRemoving(g);
                          }}>
                          <IconTrash size={18} aria-hidden />
                        </ActionIcon>
                      </Row>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {editing ? <GroupFormModal group={editing.group} onClose={close} onSaved={saved} /> : null}
      {removing ? (
        <ConfirmModal
          title={t('groups.removeTitle')}
          text={t('groups.removeConfirm', { name: removing.name })}
          confirmLabel={t('common.delete')}
          onConfirm={() => remove(removing)}
          onClose={close}
        />
      ) : null}
    </Page>
  );
}
