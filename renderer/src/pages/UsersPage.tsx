import { ActionIcon, Badge, Button, Group, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconKey, IconLockOpen, IconPencil, IconPlus } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '@contract';
import { useApi } from '../api/ApiProvider';
import { ErrorAlert } from '../components/ErrorAlert';
import { errorText } from '../components/error-text';
import { Loading } from '../components/Loading';
import { Page } from '../components/Page';
import { useLoad } from '../components/use-load';
import { formatDateTime } from '../i18n/format';
import { useUser } from '../session/session-context';
import { SetPasswordModal } from './SetPasswordModal';
import { UserFormModal } from './UserFormModal';

type Dialog = { kind: 'edit'; user: User | null } | { kind: 'password'; user: User } | null;

export function UsersPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const me = useUser();
  const list = useLoad(useCallback(() => api.call('users.list', {}), [api]));
  const [dialog, setDialog] = useState<Dialog>(null);
  const lang = i18n.language;

  const replace = (u: User) =>
    list.setData((items) => {
      const rest = (items ?? []).filter((x) => x.id !== u.id);
      return [...rest, u].sort((a, b) => a.username.localeCompare(b.username));
    });

  function saved(u: User, created: boolean): void {
    setDialog(null);
    replace(u);
    notifications.show({ color: 'teal', message: t(created ? 'users.created' : 'users.saved', { name: u.username }) });
  }

  async function unlock(u: User): Promise<void> {
    try {
      replace(await api.call('users.unlock', { id: u.id }));
      notifications.show({ color: 'teal', message: t('users.unlocked', { name: u.username }) });
    } catch (err) {
      notifications.show({ color: 'red', message: errorText(t, err, lang) });
    }
  }

  function status(u: User) {
    if (u.disabled) return <Badge color="gray" variant="light" tt="none">{t('users.disabled')}</Badge>;
    if (u.lockedUntil) {
      return (
        <Badge color="orange" variant="light" tt="none">
          {t('users.lockedUntil', { until: formatDateTime(u.lockedUntil, lang) })}
        </Badge>
      );
    }
    return <Badge color="teal" variant="light" tt="none">{t('users.active')}</Badge>;
  }

  const newButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setDialog({ kind: 'edit', user: null })}>
      {t('users.new')}
    </Button>
  );

  return (
    <Page title={t('users.title')} actions={newButton}>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover aria-label={t('users.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('auth.username')}</Table.Th>
                <Table.Th scope="col">{t('auth.displayName')}</Table.Th>
                <Table.Th scope="col">{t('users.role')}</Table.Th>
                <Table.Th scope="col">{t('users.status')}</Table.Th>
                <Table.Th scope="col">{t('users.lastLogin')}</Table.Th>
                <Table.Th scope="col">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>
                    {u.username} {u.id === me.id ? <Text span inherit c="dimmed">{t('users.you')}</Text> : null}
                  </Table.Td>
                  <Table.Td>{u.displayName}</Table.Td>
                  <Table.Td>{t(`roles.${u.role}`)}</Table.Td>
                  <Table.Td>{status(u)}</Table.Td>
                  <Table.Td>{u.lastLoginAt ? formatDateTime(u.lastLoginAt, lang) : t('common.never')}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <ActionIcon variant="subtle" aria-label={t('users.edit', { name: u.username })} onClick={() => setDialog({ kind: 'edit', user: u })}>
                        <IconPencil size={18} aria-hidden />
                      </ActionIcon>
                      <ActionIcon variant="subtle" aria-label={t('users.setPassword', { name: u.username })} onClick={() => setDialog({ kind: 'password', user: u })}>
                        <IconKey size={18} aria-hidden />
                      </ActionIcon>
                      {u.lockedUntil ? (
                        <ActionIcon variant="subtle" color="orange" aria-label={t('users.unlock', { name: u.username })} onClick={() => void unlock(u)}>
                          <IconLockOpen size={18} aria-hidden />
                        </ActionIcon>
                      ) : null}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {dialog?.kind === 'edit' ? <UserFormModal user={dialog.user} onClose={() => setDialog(null)} onSaved={saved} /> : null}
      {dialog?.kind === 'password' ? (
        <SetPasswordModal
          user={dialog.user}
          onClose={() => setDialog(null)}
          onDone={() => {
            notifications.show({ color: 'teal', message: t('users.passwordSet', { name: dialog.user.username }) });
            setDialog(null);
          }}
        />
      ) : null}
    </Page>
  );
}
