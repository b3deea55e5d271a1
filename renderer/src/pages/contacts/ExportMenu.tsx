import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { downloadText } from '../../components/download';
import { errorText } from '../../components/error-text';
import { formatCount } from '../../i18n/format';

type Format = 'csv' | 'csv-excel' | 'vcf';
const FORMATS: { format: Format; key: 'exportMenu.csv' | 'exportMenu.csvExcel' | 'exportMenu.vcf' }[] = [
  { format: 'csv', key: 'exportMenu.csv' },
  { format: 'csv-excel', key: 'exportMenu.csvExcel' },
  { format: 'vcf', key: 'exportMenu.vcf' },
];

/** Exports the active book, or the group the table is filtered on; the engine writes the file. */
export function ExportMenu({ group }: { group: Group | null }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [busy, setBusy] = useState(false);

  async function run(format: Format): Promise<void> {
    setBusy(true);
    try {
      const file = await api.call('contacts.export', { format, ...(group ? { groupId: group.id } : {}) });
      downloadText(file.fileName, file.mimeType, file.content);
      notifications.show({ color: 'teal', message: t('exportMenu.done', { count: file.count, formatted: formatCount(file.count, i18n.language), file: file.fileName }) });
    } catch (err) {
      notifications.show({ color: 'red', message: errorText(t, err, i18n.language) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="default" loading={busy} leftSection={<IconDownload size={16} aria-hidden />} rightSection={<IconChevronDown size={16} aria-hidden />}>
          {group ? t('exportMenu.buttonGroup', { name: group.name }) : t('exportMenu.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {FORMATS.map(({ format, key }) => (
          <Menu.Item key={format} onClick={() => void run(format)}>
            {t(key)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
