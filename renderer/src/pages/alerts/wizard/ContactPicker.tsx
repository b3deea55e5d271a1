import { ActionIcon, Checkbox, Group, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconX } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactRow } from '@contract';
import { useApi } from '../../../api/ApiProvider';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useLoad } from '../../../components/use-load';
import { formatCount } from '../../../i18n/format';
import type { PickedContact } from './wizard-draft';

const RESULTS = 25;

interface Props {
  picked: PickedContact[];
  onChange: (picked: PickedContact[]) => void;
  onAnnounce: (message: string) => void;
}

function toPicked(row: ContactRow): PickedContact {
  return { id: row.id, name: row.name, detail: [row.organisation, row.primaryNumber].filter(Boolean).join(' · ') };
}

/** Single people besides the groups: search the book, tick, and see who is chosen. */
export function ContactPicker({ picked, onChange, onAnnounce }: Props) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [text, setText] = useState('');
  const [query] = useDebouncedValue(text.trim(), 250);
  const results = useLoad(
    useCallback(
      () => (query ? api.call('contacts.list', { query, offset: 0, limit: RESULTS }) : Promise.resolve(null)),
      [api, query],
    ),
  );
  const ids = new Set(picked.map((p) => p.id));

  function toggle(row: ContactRow, on: boolean): void {
    onChange(on ? [...picked, toPicked(row)] : picked.filter((p) => p.id !== row.id));
    onAnnounce(t(on ? 'wizard.recipients.contactAdded' : 'wizard.recipients.contactRemoved', { name: row.name }));
  }

  function remove(p: PickedContact): void {
    onChange(picked.filter((x) => x.id !== p.id));
    onAnnounce(t('wizard.recipients.contactRemoved', { name: p.name }));
  }

  const page = results.data;
  return (
    <Stack gap="xs">
      <TextInput
        type="search"
        label={t('wizard.recipients.search')}
        description={t('groups.addSearchHint')}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
      />
      <ErrorAlert error={results.error} />
      <Text role="status" size="sm" c="dimmed">
        {page && page.total === 0 ? t('groups.noResults') : ''}
        {page && page.total > page.rows.length
          ? t('groups.moreResults', { shown: formatCount(page.rows.length, i18n.language), total: formatCount(page.total, i18n.language) })
          : ''}
      </Text>
      {page && page.rows.length > 0 ? (
        <ScrollArea.Autosize mah={260} type="auto">
          <Stack gap={6} role="group" aria-label={t('groups.addResults')} data-testid="contact-results">
            {page.rows.map((row) => (
              <Checkbox
                key={row.id}
                label={row.name}
                description={toPicked(row).detail || undefined}
                checked={ids.has(row.id)}
                onChange={(e) => toggle(row, e.currentTarget.checked)}
              />
            ))}
          </Stack>
        </ScrollArea.Autosize>
      ) : null}
      {picked.length > 0 ? (
        <ul className="gdial-plain-list" aria-label={t('wizard.recipients.pickedLabel')} data-testid="picked-contacts">
          {picked.map((p) => (
            <li key={p.id}>
              <Group gap="xs" wrap="nowrap">
                <ActionIcon variant="subtle" color="red" aria-label={t('wizard.recipients.removeContact', { name: p.name })} onClick={() => remove(p)}>
                  <IconX size={16} aria-hidden />
                </ActionIcon>
                <Text size="sm">
                  {p.name}
                  {p.detail ? <Text span size="sm" c="dimmed">{` · ${p.detail}`}</Text> : null}
                </Text>
              </Group>
            </li>
          ))}
        </ul>
      ) : null}
    </Stack>
  );
}
