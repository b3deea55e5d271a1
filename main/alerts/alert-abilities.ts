/**
 * What one user may do with one alert now, from the same rules the engine applies when the
 * button is pressed: the method table's role, the alert's state, the two-person rule and burn.
 */
import { may, type Alert, type AlertAbilities, type AlertView, type Role } from '../contract';

export interface Viewer {
  /** The caller's user id; null for local administration, which launched nothing. */
  id: number | null;
  role: Role;
}

const ACTIVE: ReadonlySet<Alert['state']> = new Set(['pending_approval', 'queued', 'running']);

export function alertAbilities(alert: Alert, viewer: Viewer): AlertAbilities {
  const burned = alert.burn?.burnedAt != null;
  return {
    canApprove: may(viewer.role, 'alerts.approve') && alert.state === 'pending_approval' && alert.createdById !== viewer.id,
    canCancel: may(viewer.role, 'alerts.cancel') && ACTIVE.has(alert.state),
    canBurn: may(viewer.role, 'alerts.burn') && !burned && (alert.burn !== null || may(viewer.role, 'alerts.burnAny')),
    canResend: may(viewer.role, 'alerts.resend') && alert.state !== 'pending_approval' && !burned,
    canResolveInDoubt: may(viewer.role, 'alerts.resolveInDoubt'),
  };
}

export function alertViewFor(alert: Alert, viewer: Viewer): AlertView {
  return { ...alert, can: alertAbilities(alert, viewer) };
}
