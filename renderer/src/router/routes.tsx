/** The console's pages, in menu order. Paths are Swedish and stable; labels follow the language. */
import {
  IconAddressBook,
  IconPlugConnected,
  IconCalendarTime,
  IconFileText,
  IconLayoutDashboard,
  IconSettings,
  IconSpeakerphone,
  IconTemplate,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import type { Icon } from '@tabler/icons-react';
import type { ComponentType } from 'react';
import { may, type MethodName, type Role } from '@contract';
import { AlertsPage } from '../pages/alerts/AlertsPage';
import { ContactsPage } from '../pages/contacts/ContactsPage';
import { GroupsPage } from '../pages/groups/GroupsPage';
import { IntegrationsPage } from '../pages/integrations/IntegrationsPage';
import { LogsPage } from '../pages/logs/LogsPage';
import { OverviewPage } from '../pages/overview/OverviewPage';
import { SchedulesPage } from '../pages/schedules/SchedulesPage';
import { SettingsPage } from '../pages/SettingsPage';
import { TemplatesPage } from '../pages/TemplatesPage';
import { UsersPage } from '../pages/UsersPage';

export type RouteId =
  | 'overview'
  | 'alerts'
  | 'contacts'
  | 'groups'
  | 'templates'
  | 'schedules'
  | 'logs'
  | 'integrations'
  | 'settings'
  | 'users';

export interface RouteDef {
  id: RouteId;
  path: string;
  icon: Icon;
  /** The method the page cannot work without: whoever may call it sees the page (the contract's table decides). */
  needs: MethodName;
  Component: ComponentType;
}

export const routes: readonly RouteDef[] = [
  { id: 'overview', path: 'oversikt', icon: IconLayoutDashboard, needs: 'dashboard.get', Component: OverviewPage },
  { id: 'alerts', path: 'larm', icon: IconSpeakerphone, needs: 'alerts.list', Component: AlertsPage },
  { id: 'contacts', path: 'kontakter', icon: IconAddressBook, needs: 'contacts.list', Component: ContactsPage },
  { id: 'groups', path: 'grupper', icon: IconUsersGroup, needs: 'groups.list', Component: GroupsPage },
  { id: 'templates', path: 'mallar', icon: IconTemplate, needs: 'templates.list', Component: TemplatesPage },
  { id: 'schedules', path: 'schema', icon: IconCalendarTime, needs: 'schedules.list', Component: SchedulesPage },
  // Call and SMS logs for everyone; the audit log's tab shows for whoever may call audit.list.
  { id: 'logs', path: 'loggar', icon: IconFileText, needs: 'logs.list', Component: LogsPage },
  // Inbound alarms and their proposals for everyone; keys and outgoing webhooks for admins (tabs by method).
  { id: 'integrations', path: 'integrationer', icon: IconPlugConnected, needs: 'proposals.list', Component: IntegrationsPage },
  { id: 'settings', path: 'installningar', icon: IconSettings, needs: 'settings.get', Component: SettingsPage },
  { id: 'users', path: 'anvandare', icon: IconUsers, needs: 'users.list', Component: UsersPage },
];

/** Whether a user with this role sees the page: asked of the contract, never decided here. */
export function mayOpen(role: Role, route: RouteDef): boolean {
  return may(role, route.needs);
}

/** The route for a path; unknown paths land on the overview. */
export function routeFor(path: string): RouteDef {
  return routes.find((r) => r.path === path) ?? (routes[0] as RouteDef);
}
