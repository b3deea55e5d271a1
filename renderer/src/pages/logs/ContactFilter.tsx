import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiProvider';
import { useLoad } from '../../components/use-load';

export interface PickedContact {
  id: number;
  name: string;
}

interface Props {
  value: PickedContact | null;
  onChange: (value: PickedContact | null) => void;
}

/** A contact chosen by name from the address book (the logs filter on its id). */
export function ContactFilter({ value, onChange }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [search, setSearch] = useState(value?.name ?? '');
  const [query] = useDebouncedValue(search.trim(), 250);
  const results = useLoad(
    useCallback(
      // The field shows the chosen name as its search text; that is not a new search.
      () => (query && query !== value?.name ? api.call('contacts.list', { query, offset: 0, limit: 20 }) : Promise.resolve(null)),
      [api, query, value?.name],
    ),
  );
  const options = (results.data?.rows ?? []).map((r) => ({ value: String(r.id), label: r.name }));
  if (value && !options.some((o) => o.value === String(value.id))) options.unshift({ value: String(value.id), label: value.name });

  return (
    <Select
      label={t('logs.filters.contact')}
      description={t('logs.filters.contactHint')}
      placeholder={t('logs.filters.anyContact')}
      searchable
      clearable
      clearButtonProps={{ 'aria-label': t('logs.filters.clearContact') }}
      data={options}
      filter={({ options: all }) => all}
      value={value ? String(value.id) : null}
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={query ? t('groups.noResults') : t('logs.filters.typeToSearch')}
      onChange={(id, option) => onChange(id && option ? { id: Number(id), name: option.label } : null)}
    />
  );
}
