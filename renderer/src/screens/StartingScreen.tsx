import { Center, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Shown until the engine answers; the session retries on its own. */
export function StartingScreen() {
  const { t } = useTranslation();
  return (
    <Center component="main" mih="100vh">
      <Stack align="center" role="status" aria-live="polite">
        <Loader aria-hidden />
        <Text>{t('connection.connecting')}</Text>
      </Stack>
    </Center>
  );
}
