import type { Icon } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { EmptyNotice } from '../components/EmptyNotice';
import { Page } from '../components/Page';

/** Pages whose capability arrives in a later issue: say plainly what will appear here. */
export function PlaceholderPage({ id, icon: I }: { id: 'schedules'; icon: Icon }) {
  const { t } = useTranslation();
  return (
    <Page title={t(`${id}.title`)}>
      <EmptyNotice icon={<I size={32} />} title={t(`${id}.emptyTitle`)} text={t(`${id}.emptyText`)} />
    </Page>
  );
}
