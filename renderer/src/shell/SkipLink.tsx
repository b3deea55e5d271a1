import { useTranslation } from 'react-i18next';

export const MAIN_ID = 'main-content';

/** First stop for Tab. Moves focus by script: a plain #anchor would be taken for a route. */
export function SkipLink() {
  const { t } = useTranslation();
  return (
    <a
      className="skip-link"
      href={`#${MAIN_ID}`}
      onClick={(e) => {
        e.preventDefault();
        const main = document.getElementById(MAIN_ID);
        main?.focus();
        main?.scrollIntoView();
      }}
    >
      {t('skipLink')}
    </a>
  );
}
