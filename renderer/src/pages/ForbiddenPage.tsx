import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { EmptyNotice } from '../components/EmptyNotice';
import { Page } from '../components/Page';

/** Someone followed a link to an admin page without the role; the engine would refuse anyway. */
export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('forbidden.title')}>
      <EmptyNotice icon={<IconLock size={32} />} title={t('forbidden.title')} text={t('forbidden.text')} />
    </Page>
  );
}
