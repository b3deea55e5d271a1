import { describe, expect, it } from 'vitest';
import type { Alert } from '../contract';
import { alertAbilities } from './alert-abilities';

function alert(over: Partial<Alert>): Alert {
  return { id: 1, state: 'running', createdById: 7, burn: null, ...over } as Alert;
}
const operator = { id: 8, role: 'operator' } as const;
const launcher = { id: 7, role: 'operator' } as const;
const admin = { id: 9, role: 'admin' } as const;
const viewer = { id: 10, role: 'viewer' } as const;

describe('alert abilities for the calling user', () => {
  it('approval: someone other than the launcher, while it waits', () => {
    expect(alertAbilities(alert({ state: 'pending_approval' }), operator).canApprove).toBe(true);
    expect(alertAbilities(alert({ state: 'pending_approval' }), launcher).canApprove).toBe(false);
    expect(alertAbilities(alert({ state: 'pending_approval' }), viewer).canApprove).toBe(false);
    expect(alertAbilities(alert({ state: 'running' }), operator).canApprove).toBe(false);
  });

  it('cancel: operators, while the alert waits or runs', () => {
    for (const state of ['pending_approval', 'queued', 'running'] as const) expect(alertAbilities(alert({ state }), operator).canCancel).toBe(true);
    for (const state of ['completed', 'canceled', 'expired'] as const) expect(alertAbilities(alert({ state }), operator).canCancel).toBe(false);
    expect(alertAbilities(alert({}), viewer).canCancel).toBe(false);
  });

  it('burn: a burn message by any operator, any other alert only by an admin, never twice', () => {
    const burnMessage = alert({ burn: { after: 'time', minutes: 60, burnAt: '2027-01-01T00:00:00.000Z', burnedAt: null, textElsewhere: [] } });
    expect(alertAbilities(burnMessage, operator).canBurn).toBe(true);
    expect(alertAbilities(alert({}), operator).canBurn).toBe(false);
    expect(alertAbilities(alert({}), admin).canBurn).toBe(true);
    expect(alertAbilities(alert({}), viewer).canBurn).toBe(false);
    const burned = alert({ burn: { after: 'time', minutes: 60, burnAt: '2027-01-01T00:00:00.000Z', burnedAt: '2027-01-01T00:00:00.000Z', textElsewhere: [] } });
    expect(alertAbilities(burned, admin).canBurn).toBe(false);
    expect(alertAbilities(burned, admin).canResend).toBe(false);
  });

  it('resend and in-doubt decisions: operators, once approved', () => {
    expect(alertAbilities(alert({ state: 'completed' }), operator).canResend).toBe(true);
    expect(alertAbilities(alert({ state: 'pending_approval' }), operator).canResend).toBe(false);
    expect(alertAbilities(alert({}), operator).canResolveInDoubt).toBe(true);
    expect(alertAbilities(alert({}), viewer)).toEqual({ canApprove: false, canCancel: false, canBurn: false, canResend: false, canResolveInDoubt: false });
  });
});
