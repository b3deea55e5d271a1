import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isLanguage } from '../i18n';
import { useSession } from '../session/session-context';

/** Language names stay in their own language so anyone can find theirs. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { setLanguage } = useSession();
  return (
    <SegmentedControl
      aria-label={t('language.label')}
      size="xs"
      value={i18n.language}
      onChange={(value) => isLanguage(value) && setLanguage(value)}
      data={[
        { value: 'sv', label: <span lang="sv">Svenska</span> },
        { value: 'en', label: <span lang="en">English</span> },
      ]}
    />
  );
}
