import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProvider } from './api/ApiProvider';
import type { ApiClient } from './api/client';
import { Root } from './Root';
import { SessionProvider } from './session/SessionProvider';
import { cssVariablesResolver, localizedTheme } from './theme';

export function App({ client }: { client: ApiClient }) {
  const { t } = useTranslation();
  const theme = useMemo(() => localizedTheme(t('common.close')), [t]);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <Notifications position="top-right" />
      <ApiProvider client={client}>
        <SessionProvider>
          <Root />
        </SessionProvider>
      </ApiProvider>
    </MantineProvider>
  );
}
