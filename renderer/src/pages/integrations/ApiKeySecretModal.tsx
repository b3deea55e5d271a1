import { useTranslation } from 'react-i18next';
import { SecretShownOnceModal } from './SecretShownOnceModal';

/** The new key, shown this once: GDial keeps only its hash. */
export function ApiKeySecretModal({ name, secret, onClose }: { name: string; secret: string; onClose: () => void }) {
  const { t } = useTranslation();
  const texts = {
    title: t('integrations.api.keys.createdTitle', { name }),
    shownOnce: t('integrations.api.keys.shownOnce'),
    shownOnceText: t('integrations.api.keys.shownOnceText'),
    label: t('integrations.api.keys.secretLabel'),
    copy: t('integrations.api.keys.copy'),
    copied: t('integrations.api.keys.copied'),
    done: t('integrations.api.keys.done'),
    usage: t('integrations.api.keys.usage'),
  };
  return <SecretShownOnceModal secret={secret} texts={texts} onClose={onClose} />;
}
