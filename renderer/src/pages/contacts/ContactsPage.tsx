import { Button, Group, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAddressBook, IconFileImport, IconPlus, IconSearch } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactRow } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { EmptyNotice } from '../../components/EmptyNotice';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { useApiEvent } from '../../components/use-api-event';
import { useLoad } from '../../components/use-load';
import { useReturnFocus } from '../../components/use-return-focus';
import { formatCount } from '../../i18n/format';
import { useCan } from '../../session/use-can';
import { hasFilters, noFilters, toQuery } from './contact-filters';
import type { ContactFilters } from './contact-filters';
import { ContactDrawer } from './ContactDrawer';
import { ContactsGrid } from './ContactsGrid';
import { ContactsToolbar } from './ContactsToolbar';
import { ExportMenu } from './ExportMenu';
import { ImportWizard } from './import/ImportWizard';
import { useContactPages } from './use-contact-pages';

const SEARCH_DELAY_MS = 300;
/** An import or a burst of edits elsewhere arrives as many events; refresh once. */
const REFRESH_DELAY_MS = 200;

type Editing = { id: number | null; name: string } | null;

export function ContactsPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const canEdit = useCan('contacts.update');
  const [filters, setFilters] = useState<ContactFilters>(noFilters);
  const [query] = useDebouncedValue(filters.query, SEARCH_DELAY_MS);
  const listQuery = useMemo(() => toQuery({ ...filters, query }), [filters, query]);
  const resetKey = JSON.stringify(listQuery);
  const pages = useContactPages(listQuery);
  const groups = useLoad(useCallback(() => api.call('groups.list', {}), [api]));
  const tags = useLoad(useCallback(() => api.call('contacts.tags', {}), [api]));
  const [editing, setEditing] = useState<Editing>(null);
  const [importing, setImporting] = useState(false);
  const focus = useReturnFocus();
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useApiEvent('contacts.changed', () => {
    clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(() => {
      pages.refresh();
      groups.reload();
      tags.reload();
    }, REFRESH_DELAY_MS);
  });

  useEffect(() => () => clearTimeout(refreshTimer.current), []);

  const selectedGroup = groups.data?.find((g) => g.id === filters.groupId) ?? null;
  const { remember, restore } = focus;
  const open = useCallback(
    (row: ContactRow) => {
      remember();
      setEditing({ id: row.id, name: row.name });
    },
    [remember],
  );
  const closeDrawer = () => {
    setEditing(null);
    restore();
  };
  const total = pages.total;
  const status = pages.searching ? t('contacts.searching') : total === null ? '' : t('contacts.count', { count: total, formatted: formatCount(total, i18n.language) });

  const actions = (
    <Group gap="sm">
      {canEdit ? (
        <>
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => {
              remember();
              setEditing({ id: null, name: '' });
            }}>
            {t('contacts.new')}
          </Button>
          <Button variant="default" leftSection={<IconFileImport size={16} aria-hidden />} onClick={() => {
              remember();
              setImporting(true);
            }}>
            {t('contacts.import')}
          </Button>
          <ExportMenu group={selectedGroup} />
        </>
      ) : null}
    </Group>
  );

  const filtered = hasFilters({ ...filters, query });
  return (
    <Page title={t('contacts.title')} actions={actions}>
      {!canEdit ? <Text c="dimmed">{t('contacts.readOnly')}</Text> : null}
      <ContactsToolbar
        filters={filters}
        onChange={(patch) => setFilters((f) => ({ ...f, ...patch }))}
        groups={groups.data ?? []}
        tags={tags.data ?? []}
      />
      <Text role="status" fw={600} data-testid="contacts-count">
        {status}
      </Text>
      <ErrorAlert error={pages.error} />
      {total === 0 && !pages.searching ? (
        filtered ? (
          <EmptyNotice icon={<IconSearch size={32} />} title={t('contacts.noMatchTitle')} text={t('contacts.noMatchText')} />
        ) : (
          <EmptyNotice icon={<IconAddressBook size={32} />} title={t('contacts.emptyTitle')} text={t('contacts.emptyText')} />
        )
      ) : null}
      {total !== null && total > 0 ? <ContactsGrid pages={pages} total={total} resetKey={resetKey} onOpen={open} /> : null}
      {editing ? (
        <ContactDrawer id={editing.id} name={editing.name} canEdit={canEdit} knownTags={tags.data ?? []} onClose={closeDrawer} />
      ) : null}
      {importing ? (
        <ImportWizard
          groupNames={(groups.data ?? []).map((g) => g.name)}
          onClose={() => {
            setImporting(false);
            restore();
          }}
        />
      ) : null}
    </Page>
  );
}
