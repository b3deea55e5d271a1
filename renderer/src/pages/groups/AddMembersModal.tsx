import { Button, Checkbox, Group as Row, Modal, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useLoad } from '../../components/use-load';
import { formatCount } from '../../i18n/format';

const RESULTS = 50;

interface Props {
  group: Group;
  memberIds: ReadonlySet<number>;
  onClose: () => void;
  onAdded: (group: Group, count: number) => void;
}

/** Search the book and tick contacts; they join the end of the group's order. */
export function AddMembersModal({ group, memberIds, onClose, onAdded }: Props) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [text, setText] = useState('');
  const [query] = useDebouncedValue(text.trim(), 250);
  const [picked, setPicked] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const results = useLoad(
    useCallback(() => api.call('contacts.list', { ...(query ? { query } : {}), offset: 0, limit: RESULTS }), [api, query]),
  );

  function toggle(id: number, on: boolean): void {
    setPicked((ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)));
  }

  async function add(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      onAdded(await api.call('groups.addMembers', { id: group.id, contactIds: picked }), picked.length);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const page = results.data;
  return (
    <Modal opened onClose={onClose} size="lg" title={t('groups.addTitle', { name: group.name })} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack>
        <ErrorAlert error={error ?? results.error} />
        <TextInput
          type="search"
          label={t('groups.addSearch')}
          description={t('groups.addSearchHint')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          data-autofocus
        />
        {results.loading && !page ? <Loading /> : null}
        <Text role="status" size="sm" c="dimmed">
          {page && page.total === 0 ? t('groups.noResults') : ''}
          {page && page.total > page.rows.length
            ? t('groups.moreResults', { shown: formatCount(page.rows.length, i18n.language), total: formatCount(page.total, i18n.language) })
            : ''}
        </Text>
        {page && page.rows.length ? (
          <ScrollArea.Autosize mah={360} type="auto">
            <Stack gap={6} role="group" aria-label={t('groups.addResults')} data-testid="add-member-results">
              {page.rows.map((row) => {
                const member = memberIds.has(row.id);
                const details = [row.organisation, row.primaryNumber].filter(Boolean).join(' · ');
                return (
                  <Checkbox
                    key={row.id}
                    label={`${row.name}${member ? ` ${t('groups.alreadyMember')}` : ''}`}
                    description={details || undefined}
                    checked={member || picked.includes(row.id)}
                    disabled={member}
                    onChange={(e) => toggle(row.id, e.currentTarget.checked)}
                  />
                );
              })}
            </Stack>
          </ScrollArea.Autosize>
        ) : null}
        <Row justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => void add()} loading={busy} disabled={picked.length === 0}>
            {t('groups.addSelected', { count: picked.length })}
          </Button>
        </Row>
      </Stack>
    </Modal>
  );
}
