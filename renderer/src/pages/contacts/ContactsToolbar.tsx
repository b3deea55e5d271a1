import { Button, Group, NativeSelect, TextInput } from '@mantine/core';
import { IconSearch, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { contactFlags, numberKinds } from '@contract';
import type { Group as ContactGroup, NumberKind } from '@contract';
import { hasFilters } from './contact-filters';
import type { ContactFilters, ContactFlag } from './contact-filters';

interface Props {
  filters: ContactFilters;
  onChange: (patch: Partial<ContactFilters>) => void;
  groups: ContactGroup[];
  tags: string[];
}

/** Search and filters; each select says "all" rather than being empty, so its state is readable. */
export function ContactsToolbar({ filters, onChange, groups, tags }: Props) {
  const { t } = useTranslation();
  return (
    <Group align="flex-end" gap="sm" wrap="wrap" role="search" aria-label={t('contacts.search')}>
      <TextInput
        type="search"
        label={t('contacts.search')}
        description={t('contacts.searchHint')}
        placeholder={t('contacts.searchPlaceholder')}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={filters.query}
        onChange={(e) => onChange({ query: e.currentTarget.value })}
        w={{ base: '100%', sm: 320 }}
      />
      <NativeSelect
        label={t('contacts.group')}
        value={filters.groupId === null ? '' : String(filters.groupId)}
        onChange={(e) => onChange({ groupId: e.currentTarget.value ? Number(e.currentTarget.value) : null })}
        data={[{ value: '', label: t('contacts.allGroups') }, ...groups.map((g) => ({ value: String(g.id), label: g.name }))]}
      />
      <NativeSelect
        label={t('contacts.tag')}
        value={filters.tag ?? ''}
        onChange={(e) => onChange({ tag: e.currentTarget.value || null })}
        data={[{ value: '', label: t('contacts.allTags') }, ...tags.map((tag) => ({ value: tag, label: tag }))]}
      />
      <NativeSelect
        label={t('contacts.kind')}
        value={filters.kind ?? ''}
        onChange={(e) => onChange({ kind: (e.currentTarget.value || null) as NumberKind | null })}
        data={[{ value: '', label: t('contacts.allKinds') }, ...numberKinds.map((k) => ({ value: k, label: t(`contacts.kinds.${k}`) }))]}
      />
      <NativeSelect
        label={t('contacts.flag')}
        value={filters.flag ?? ''}
        onChange={(e) => onChange({ flag: (e.currentTarget.value || null) as ContactFlag | null })}
        data={[{ value: '', label: t('contacts.flagNone') }, ...contactFlags.map((f) => ({ value: f, label: t(`contacts.flags.${f}`) }))]}
      />
      {hasFilters(filters) ? (
        <Button
          variant="subtle"
          leftSection={<IconX size={16} aria-hidden />}
          onClick={() => onChange({ query: '', groupId: null, tag: null, kind: null, flag: null })}
        >
          {t('contacts.clearFilters')}
        </Button>
      ) : null}
    </Group>
  );
}
