/** The signed-in console: header, menu and the current page. */
import { AppShell, Burger, Group, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { ForbiddenPage } from '../pages/ForbiddenPage';
import { useHashPath } from '../router/hash-route';
import { mayOpen, routeFor } from '../router/routes';
import { useUser } from '../session/session-context';
import { ColorSchemeSwitch } from './ColorSchemeSwitch';
import { ConnectionIndicator } from './ConnectionIndicator';
import { ClusterBadge } from './cluster/ClusterBadge';
import { ClusterProvider } from './cluster/ClusterProvider';
import { LanguageSwitch } from './LanguageSwitch';
import { MainNav } from './MainNav';
import { MAIN_ID, SkipLink } from './SkipLink';
import { UserMenu } from './UserMenu';
import { PendingApprovalsProvider } from './approvals/PendingApprovalsProvider';
import { OpenProposalsProvider } from './proposals/OpenProposalsProvider';
import { ShellBanners } from './ShellBanners';
import { CountdownBanner } from '../pages/alerts/launch/CountdownBanner';
import { LaunchCountdownProvider } from '../pages/alerts/launch/LaunchCountdownProvider';

export function Shell() {
  const { t } = useTranslation();
  const user = useUser();
  const route = routeFor(useHashPath());
  const [navOpen, { toggle, close }] = useDisclosure(false);
  const Page = mayOpen(user.role, route) ? route.Component : ForbiddenPage;

  return (
    <PendingApprovalsProvider>
      <ClusterProvider>
      <OpenProposalsProvider>
      {/* Above the router: a started countdown outlives the page it was started on. */}
      <LaunchCountdownProvider>
      <SkipLink />
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !navOpen } }}
        padding="lg"
      >
        <AppShell.Header px="md">
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger
                opened={navOpen}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={t('nav.toggle')}
                aria-expanded={navOpen}
              />
              <Text fw={800} size="xl" component="span">
                {t('app.name')}
              </Text>
              <ConnectionIndicator />
              <ClusterBadge />
            </Group>
            <Group gap="sm" wrap="nowrap">
              <LanguageSwitch />
              <ColorSchemeSwitch />
              <UserMenu />
            </Group>
          </Group>
        </AppShell.Header>
        <MainNav current={route} onNavigate={close} />
        <AppShell.Main id={MAIN_ID} tabIndex={-1}>
          <ShellBanners />
          {/* The key remounts the page on navigation, which moves focus to its heading; a failed
              page stays inside the frame, so the menu and the connection status remain. */}
          <ErrorBoundary key={route.id} message={t('errors.pageFailed')}>
            <Page />
          </ErrorBoundary>
          <CountdownBanner />
        </AppShell.Main>
      </AppShell>
      </LaunchCountdownProvider>
      </OpenProposalsProvider>
      </ClusterProvider>
    </PendingApprovalsProvider>
  );
}
