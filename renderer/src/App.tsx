import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { ApiProvider } from './api/ApiProvider';
import type { ApiClient } from './api/client';
import { Root } from './Root';
import { SessionProvider } from './session/SessionProvider';
import { cssVariablesResolver, theme } from './theme';

export function App({ client }: { client: ApiClient }) {
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
