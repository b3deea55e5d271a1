import { Group, Stack, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useArrivalFocus } from './arrival-focus';

interface PageProps {
  title: string;
  /** Buttons beside the heading, e.g. "New template". */
  actions?: ReactNode;
  children: ReactNode;
}

/** Every page's frame: the h1 (the focus target on arrival) and the page's actions. */
export function Page({ title, actions, children }: PageProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const { t } = useTranslation();

  useArrivalFocus(heading);
  useEffect(() => {
    document.title = `${title} – ${t('app.name')}`;
  }, [title, t]);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center" wrap="wrap">
        <Title order={1} ref={heading} tabIndex={-1}>
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Stack>
  );
}
