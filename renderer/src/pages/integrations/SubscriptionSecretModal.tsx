import { useTranslation } from 'react-i18next';
import { SecretShownOnceModal } from './SecretShownOnceModal';

/** The new subscription's signing secret (`whsec_…`), shown this once. */
export function SubscriptionSecretModal({ name, secret, onClose }: { name: string; secret: string; onClose: () => void }) {
  const { t } = useTranslation();
  const texts = {
    title: t('integrations.webhooksOut.createdTitle', { name }),
    shownOnce: t('integrations.webhooksOut.shownOnce'),
    shownOnceText: t('integrations.webhooksOut.shownOnceText'),
    label: t('integrations.webhooksOut.secretLabel'),
    copy: t('integrations.webhooksOut.copy'),
    copied: t('integrations.webhooksOut.copied'),
    done: t('integrations.webhooksOut.done'),
  };
  return <SecretShownOnceModal secret={secret} texts={texts} onClose={onClose} />;
}
