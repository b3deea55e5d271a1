/** The console's pages, in menu order. Paths are Swedish and stable; labels follow the language. */
import {
  IconAddressBook,
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
import type { Role } from '@contract';
import { AlertsPage } from '../pages/alerts/AlertsPage';
import { ContactsPage } from '../pages/contacts/ContactsPage';
import { GroupsPage } from '../pages/groups/GroupsPage';
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
  | 'settings'
  | 'users';

export interface RouteDef {
  id: RouteId;
  path: string;
  icon: Icon;
  /** The least role that sees the page; the engine enforces the same on every method. */
  minRole: Role;
  Component: ComponentType;
}

export const routes: readonly RouteDef[] = [
  { id: 'overview', path: 'oversikt', icon: IconLayoutDashboard, minRole: 'viewer', Component: OverviewPage },
  { id: 'alerts', path: 'larm', icon: IconSpeakerphone, minRole: 'viewer', Component: AlertsPage },
  { id: 'contacts', path: 'kontakter', icon: IconAddressBook, minRole: 'viewer', Component: ContactsPage },
  { id: 'groups', path: 'grupper', icon: IconUsersGroup, minRole: 'viewer', Component: GroupsPage },
  { id: 'templates', path: 'mallar', icon: IconTemplate, minRole: 'viewer', Component: TemplatesPage },
  { id: 'schedules', path: 'schema', icon: IconCalendarTime, minRole: 'viewer', Component: SchedulesPage },
  // Call and SMS logs for everyone; the audit log's tab is for administrators only.
  { id: 'logs', path: 'loggar', icon: IconFileText, minRole: 'viewer', Component: LogsPage },
  { id: 'settings', path: 'installningar', icon: IconSettings, minRole: 'viewer', Component: SettingsPage },
  { id: 'users', path: 'anvandare', icon: IconUsers, minRole: 'admin', Component: UsersPage },
];

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export function allows(role: Role, least: Role): boolean {
  return rank[role] >= rank[least];
}

/** The route for a path; unknown paths land on the overview. */
export function routeFor(path: string): RouteDef {
  return routes.find((r) => r.path === path) ?? (routes[0] as RouteDef);
}
