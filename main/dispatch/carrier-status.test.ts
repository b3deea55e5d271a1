import { describe, expect, it } from 'vitest';
import { carrierKindsOf, carrierStatus, reachesSimulator } from './carrier-status';

describe('carrier kinds', () => {
  it('the simulator carrier takes live alerts and drills alike', () => {
    const kinds = carrierKindsOf({ carrier: 'simulator', drillsToSimulator: false });
    expect(kinds).toEqual({ live: 'simulator', drills: 'simulator' });
    expect(reachesSimulator(kinds, false)).toBe(true);
    expect(reachesSimulator(kinds, true)).toBe(true);
  });

  it('with Twilio, only drills set to the simulator avoid real phones', () => {
    const kinds = carrierKindsOf({ carrier: 'twilio', drillsToSimulator: true });
    expect(reachesSimulator(kinds, false)).toBe(false);
    expect(reachesSimulator(kinds, true)).toBe(true);
    expect(reachesSimulator(carrierKindsOf({ carrier: 'twilio', drillsToSimulator: false }), true)).toBe(false);
  });

  it('says what applies after a restart when the stored choice differs from what runs', () => {
    const running = carrierKindsOf({ carrier: 'simulator', drillsToSimulator: false });
    expect(carrierStatus(running, { carrier: 'simulator', drillsToSimulator: true })).toMatchObject({ simulatorOnly: true, afterRestart: null });
    expect(carrierStatus(running, { carrier: 'twilio', drillsToSimulator: true })).toEqual({
      live: 'simulator',
      drills: 'simulator',
      simulatorOnly: true,
      afterRestart: { live: 'twilio', drills: 'simulator' },
      uplinkDown: false,
      databaseDown: false,
    });
  });
});
