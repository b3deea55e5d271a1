import { Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckState } from './use-number-checks';

function listOf(names: string[], language: string): string {
  return new Intl.ListFormat(language === 'en' ? 'en-GB' : 'sv-SE', { style: 'long', type: 'conjunction' }).format(names);
}

/**
 * What the engine made of a typed number, as the input's description: read with the field
 * and, being a live region, announced when the answer arrives; it also says who else already
 * has the number (the input's description, so aria-describedby carries it).
 */
export function NumberCheckText({ check, optedOut }: { check: CheckState; optedOut: boolean }) {
  const { t, i18n } = useTranslation();
  let body: ReactNode = null;
  if (check === 'pending') body = t('contactForm.checking');
  else if (check && !check.ok) {
    const problem = (check.problem && t('contactForm.problems', { returnObjects: true })[check.problem]) || check.reason;
    body = (
      <Text span inherit c="var(--mantine-color-error)">
        {problem}
      </Text>
    );
  } else if (check?.ok) {
    const warnings = t('contactForm.warnings', { returnObjects: true });
    const sms = optedOut ? t('contactForm.optedOut') : check.smsCapable ? t('contactForm.smsYes') : t('contactForm.smsNo');
    body = (
      <>
        <span className="gdial-number">{check.e164}</span>
        {` · ${t(`contacts.kinds.${check.kind ?? 'unknown'}`)} · ${sms}`}
        {check.warnings.map((w) => (
          <Text span inherit display="block" c="var(--mantine-color-orange-light-color)" key={w.code}>
            {warnings[w.code] ?? w.text}
          </Text>
        ))}
        {check.owners.length > 0 ? (
          // A warning, not a block: the engine compared normalised numbers and saves either way.
          <Text span inherit display="block" c="var(--mantine-color-orange-light-color)" data-testid="number-owners">
            {t('contactForm.sharedWith', { names: listOf(check.owners.map((o) => o.name), i18n.language) })}
          </Text>
        ) : null}
      </>
    );
  }
  return (
    <span role="status" data-testid="number-check">
      {body}
    </span>
  );
}
