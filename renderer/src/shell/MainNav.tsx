import { AppShell, NavLink, ScrollArea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { hrefOf } from '../router/hash-route';
import { mayOpen, routes } from '../router/routes';
import type { RouteDef } from '../router/routes';
import { useUser } from '../session/session-context';
import { ApprovalsBadge } from './approvals/ApprovalsBadge';

export function MainNav({ current, onNavigate }: { current: RouteDef; onNavigate: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  return (
    <AppShell.Navbar p="xs" aria-label={t('nav.label')}>
      <AppShell.Section grow component={ScrollArea}>
        {routes
          .filter((r) => mayOpen(user.role, r))
          .map((r) => {
            const active = r.id === current.id;
            return (
              <NavLink
                key={r.id}
                href={hrefOf(r.path)}
                label={t(`nav.${r.id}`)}
                leftSection={<r.icon size={18} aria-hidden />}
                active={active}
                aria-current={active ? 'page' : undefined}
                onClick={onNavigate}
                rightSection={r.id === 'alerts' ? <ApprovalsBadge /> : undefined}
              />
            );
          })}
      </AppShell.Section>
    </AppShell.Navbar>
  );
}
