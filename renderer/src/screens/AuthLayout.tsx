import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useArrivalFocus } from '../components/arrival-focus';
import { ColorSchemeSwitch } from '../shell/ColorSchemeSwitch';
import { ConnectionIndicator } from '../shell/ConnectionIndicator';
import { LanguageSwitch } from '../shell/LanguageSwitch';
import { MAIN_ID, SkipLink } from '../shell/SkipLink';

/** The frame of the screens before sign-in: the same header controls, one card in the middle. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – ${t('app.name')}`;
  }, [title, t]);
  useArrivalFocus(heading);

  return (
    <Box mih="100vh">
      <SkipLink />
      <Box component="header" px="md" py="sm" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <Group justify="space-between">
          <Group gap="sm">
            <Text fw={800} size="xl" component="span">
              {t('app.name')}
            </Text>
            <ConnectionIndicator />
          </Group>
          <Group gap="sm">
            <LanguageSwitch />
            <ColorSchemeSwitch />
          </Group>
        </Group>
      </Box>
      <Center component="main" id={MAIN_ID} tabIndex={-1} p="md" mt="xl">
        <Paper withBorder shadow="sm" p="xl" w="100%" maw={440}>
          <Stack>
            <div>
              <Title order={1} ref={heading} tabIndex={-1}>
                {title}
              </Title>
              <Text c="dimmed" size="sm">
                {t('app.tagline')}
              </Text>
            </div>
            {children}
          </Stack>
        </Paper>
      </Center>
    </Box>
  );
}
