import { ActionIcon, Badge, Group, Text } from '@mantine/core';
import { IconUserMinus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { GroupMember } from '@contract';
import { ReorderControls } from '../../components/ReorderControls';
import { useReorder } from '../../components/use-reorder';

interface Props {
  groupName: string;
  members: GroupMember[];
  canEdit: boolean;
  onMove: (from: number, to: number) => void;
  onRemove: (member: GroupMember) => void;
}

/** A group's members in call-out order, each movable by drag or by the keyboard. */
export function MemberList({ groupName, members, canEdit, onMove, onRemove }: Props) {
  const { t } = useTranslation();
  const reorder = useReorder(onMove, canEdit);
  return (
    <ol className="gdial-plain-list" aria-label={t('groups.memberListLabel', { name: groupName })} data-testid="group-members">
      {members.map((m, i) => (
        <li
          key={m.contactId}
          data-reorder-item
          className="gdial-reorder-item gdial-member"
          data-over={reorder.over === i && reorder.dragging !== i ? true : undefined}
          data-dragging={reorder.dragging === i ? true : undefined}
          {...reorder.itemProps(i)}
        >
          <Group justify="space-between" wrap="nowrap" py={6} gap="sm">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
              <Text fw={700} w={36} ta="right" aria-hidden>
                {i + 1}.
              </Text>
              <div style={{ minWidth: 0 }}>
                <Text fw={500} truncate>
                  {m.name}
                  {!m.active ? (
                    <Badge component="span" ml="xs" size="sm" color="gray" variant="light" tt="none">
                      {t('groups.inactive')}
                    </Badge>
                  ) : null}
                </Text>
                <Text size="sm" c="dimmed" truncate>
                  {[m.organisation, m.primaryNumber ?? t('groups.noNumber')].filter(Boolean).join(' · ')}
                  {m.primaryNumber && !m.smsReachable ? ` · ${t('groups.noSms')}` : ''}
                </Text>
              </div>
            </Group>
            {canEdit ? (
              <Group gap={4} wrap="nowrap">
                <ReorderControls index={i} count={members.length} name={m.name} reorder={reorder} onMove={onMove} />
                <ActionIcon variant="subtle" color="red" aria-label={t('groups.removeMember', { name: m.name })} onClick={() => onRemove(m)}>
                  <IconUserMinus size={18} aria-hidden />
                </ActionIcon>
              </Group>
            ) : null}
          </Group>
        </li>
      ))}
    </ol>
  );
}
