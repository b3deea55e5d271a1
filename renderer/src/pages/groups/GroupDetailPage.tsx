import { Anchor, Button, Group as Row, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconPencil, IconUserPlus, IconUsersGroup } from '@tabler/icons-react';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group, GroupMember } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { Announcer } from '../../components/Announcer';
import { EmptyNotice } from '../../components/EmptyNotice';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { useApiEvent } from '../../components/use-api-event';
import { useLoad } from '../../components/use-load';
import { useReturnFocus } from '../../components/use-return-focus';
import { moveItem } from '../../components/use-reorder';
import { formatCount } from '../../i18n/format';
import { hrefOf } from '../../router/hash-route';
import { useCan } from '../../session/use-can';
import { AddMembersModal } from './AddMembersModal';
import { GroupFormModal } from './GroupFormModal';
import { MemberList } from './MemberList';

export function GroupDetailPage({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const canEdit = useCan('groups.setMembers');
  const groups = useLoad(useCallback(() => api.call('groups.list', {}), [api]));
  const members = useLoad(useCallback(() => api.call('groups.members', { id }), [api, id]));
  const [dialog, setDialog] = useState<'add' | 'edit' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [announcement, setAnnouncement] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  // Membership writes go one after another, in the order the operator made them.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const pending = useRef(0);
  const group = groups.data?.find((g) => g.id === id);
  const focus = useReturnFocus();
  const openDialog = (which: 'add' | 'edit') => {
    focus.remember();
    setDialog(which);
  };
  const closeDialog = () => {
    setDialog(null);
    focus.restore();
  };

  useApiEvent('contacts.changed', () => {
    // Our own writes echo back as events; the list on screen is already what we sent.
    if (pending.current > 0) return;
    groups.reload();
    members.reload();
  });

  const replaceGroup = (next: Group) => groups.setData((list) => list?.map((g) => (g.id === next.id ? next : g)));

  function write(next: GroupMember[], message: string): void {
    const before = members.data;
    members.setData(() => next);
    setAnnouncement(message);
    setError(null);
    pending.current++;
    queue.current = queue.current
      .then(() => api.call('groups.setMembers', { id, contactIds: next.map((m) => m.contactId) }))
      .then(replaceGroup, (err: unknown) => {
        setError(err);
        members.setData(() => before);
      })
      .finally(() => pending.current--);
  }

  function move(from: number, to: number): void {
    const list = members.data ?? [];
    const item = list[from];
    if (!item || to < 0 || to >= list.length) return;
    write(moveItem(list, from, to), t('groups.memberMoved', { name: item.name, position: to + 1, count: list.length }));
  }

  function remove(member: GroupMember): void {
    write((members.data ?? []).filter((m) => m.contactId !== member.contactId), t('groups.memberRemoved', { name: member.name }));
    heading.current?.focus();
  }

  function added(next: Group, count: number): void {
    closeDialog();
    replaceGroup(next);
    members.reload();
    const message = t('groups.added', { count, name: next.name });
    setAnnouncement(message);
    notifications.show({ color: 'teal', message });
  }

  const actions =
    canEdit && group ? (
      <Row gap="sm">
        <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={() => openDialog('add')}>
          {t('groups.addMembers')}
        </Button>
        <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={() => openDialog('edit')}>
          {t('groups.rename', { name: group.name })}
        </Button>
      </Row>
    ) : null;

  const fmt = (n: number) => formatCount(n, i18n.language);
  return (
    <Page title={group?.name ?? t('groups.title')} actions={actions}>
      <Anchor href={hrefOf('grupper')} w="fit-content">
        <Row gap={4} component="span">
          <IconArrowLeft size={16} aria-hidden />
          {t('groups.back')}
        </Row>
      </Anchor>
      <ErrorAlert error={groups.error ?? members.error} />
      {groups.data && !group ? <Text role="alert">{t('errors.kinds.not_found')}</Text> : null}
      {group ? (
        <>
          {group.description ? <Text>{group.description}</Text> : null}
          <Text fw={600} data-testid="group-counts">
            {t('groups.counts', { members: fmt(group.memberCount), sms: fmt(group.smsReachableCount) })}
          </Text>
          <Title order={2} size="h3" ref={heading} tabIndex={-1}>
            {t('groups.membersHeading')}
          </Title>
          <ErrorAlert error={error} />
          {members.loading && !members.data ? <Loading /> : null}
          {members.data?.length === 0 ? (
            <EmptyNotice icon={<IconUsersGroup size={32} />} title={t('groups.noMembers')} text={t('groups.noMembersText')} order={3} />
          ) : null}
          {members.data?.length ? (
            <MemberList groupName={group.name} members={members.data} canEdit={canEdit} onMove={move} onRemove={remove} />
          ) : null}
        </>
      ) : null}
      {group && dialog === 'add' ? (
        <AddMembersModal group={group} memberIds={new Set((members.data ?? []).map((m) => m.contactId))} onClose={closeDialog} onAdded={added} />
      ) : null}
      {group && dialog === 'edit' ? (
        <GroupFormModal
          group={group}
          onClose={closeDialog}
          onSaved={(saved) => {
            closeDialog();
            replaceGroup(saved);
            notifications.show({ color: 'teal', message: t('groups.saved', { name: saved.name }) });
          }}
        />
      ) : null}
      <Announcer message={announcement} />
    </Page>
  );
}
