import { describe, expect, it } from 'vitest';
import { formatDateTime, formatRunTime, formatTime, zoneName } from './format';

// 2026-12-06 03:14 in Stockholm is winter time (CET, +01:00); 2026-07-01 12:00 is summer time (CEST).
const WINTER = '2026-12-06T02:14:00.000Z';
const SUMMER = '2026-07-01T10:00:00.000Z';

describe('times in the console name their zone', () => {
  it('names the zone the computer shows the time in, in both languages', () => {
    const zone = zoneName(new Date(WINTER));
    expect(zone).not.toBe('');
    expect(formatDateTime(WINTER, 'sv').endsWith(` ${zone}`)).toBe(true);
    expect(formatDateTime(WINTER, 'en').endsWith(` ${zone}`)).toBe(true);
    expect(formatTime(WINTER, 'sv').endsWith(` ${zone}`)).toBe(true);
  });

  it('says CET in winter and CEST in summer for Stockholm, as the exports do', () => {
    expect(zoneName(new Date(WINTER), 'Europe/Stockholm')).toBe('CET');
    expect(zoneName(new Date(SUMMER), 'Europe/Stockholm')).toBe('CEST');
    expect(formatRunTime(WINTER, 'sv', 'Europe/Stockholm')).toMatch(/03:14 CET$/);
    expect(formatRunTime(SUMMER, 'en', 'Europe/Stockholm')).toMatch(/12:00 CEST$/);
  });

  it('leaves a missing or unreadable time as it was', () => {
    expect(formatDateTime(null, 'sv')).toBe('');
    expect(formatDateTime('not a time', 'sv')).toBe('not a time');
  });
});
