import i18next from 'i18next';
import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClusterStatus } from '@contract';
import { en } from '../../i18n/en';
import { formatTime } from '../../i18n/format';
import { sv } from '../../i18n/sv';
import { headerRole, lastTakeoverText, takeoverText } from './cluster-texts';

let t: { sv: TFunction; en: TFunction };

beforeAll(async () => {
  const i18n = i18next.createInstance();
  await i18n.init({ resources: { sv: { translation: sv }, en: { translation: en } }, lng: 'sv', interpolation: { escapeValue: false } });
  t = { sv: i18n.getFixedT('sv'), en: i18n.getFixedT('en') };
});

const SINCE = '2026-12-07T06:00:00.000Z';
function status(over: Partial<ClusterStatus>): ClusterStatus {
  return {
    self: { id: 'b', name: 'ws-b', role: 'standby' },
    multiple: true,
    epoch: null,
    leader: { id: 'a', name: 'ws-a', since: SINCE },
    nodes: [],
    lastTakeover: null,
    ...over,
  };
}

describe('the cluster in words', () => {
  it('says nothing in the header where one engine owns the database (SQLite)', () => {
    expect(headerRole(t.sv, status({ multiple: false, self: { id: 'a', name: 'ws-a', role: 'leader' } }))).toBeNull();
    expect(headerRole(t.sv, null)).toBeNull();
  });

  it('names the leader for a standby and this workstation when it leads, in both languages', () => {
    expect(headerRole(t.sv, status({}))?.label).toBe('Reserv · leds av ws-a');
    expect(headerRole(t.en, status({}))?.label).toBe('Standby · led by ws-a');
    const leading = status({ self: { id: 'b', name: 'ws-b', role: 'leader' }, epoch: 3, leader: { id: 'b', name: 'ws-b', since: SINCE } });
    expect(headerRole(t.sv, leading)?.label).toBe('Leder · ws-b');
    expect(headerRole(t.en, leading)?.label).toBe('Leading · ws-b');
    expect(headerRole(t.sv, status({ leader: null }))?.label).toBe('Reserv · ingen leder just nu');
  });

  it('announces a takeover with the time of day, and with no "from" when the old leader is unknown', () => {
    const at = '2026-12-07T06:01:05.000Z';
    const time = formatTime(at, 'sv');
    expect(takeoverText(t.sv, { from: 'ws-a', to: 'ws-b', at }, 'sv')).toBe(`ws-b har tagit över ledningen från ws-a kl. ${time}.`);
    expect(takeoverText(t.en, { from: 'ws-a', to: 'ws-b', at }, 'en')).toBe(`ws-b has taken over the lead from ws-a at ${formatTime(at, 'en')}.`);
    expect(takeoverText(t.sv, { from: null, to: 'ws-b', at }, 'sv')).toBe(`ws-b har tagit över ledningen kl. ${time}.`);
    expect(lastTakeoverText(t.sv, null, 'sv')).toBe('Inget övertagande sedan den här arbetsstationen startade.');
    expect(lastTakeoverText(t.sv, { from: 'ws-a', to: 'ws-b', at }, 'sv')).toMatch(/^Senaste övertagande: ws-b tog över ledningen från ws-a 2026-12-07 /);
  });
});
