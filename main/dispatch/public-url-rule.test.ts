/**
 * The rule for which calls wait for the public URL's check, on a real SQLite table of alerts and
 * a stand-in public URL whose check the test ends by hand.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../db/sqlite-store';
import { silentLogger } from '../log';
import type { PublicUrlHealth } from '../tunnel/health-check';
import { PublicUrlWait } from './public-url-wait';

const NOW = Date.parse('2026-12-06T12:00:00Z');

function setUp(base: string | null) {
  const sqlite = new Database(':memory:');
  sqlite.exec(`CREATE TABLE alerts (id INTEGER PRIMARY KEY, state TEXT, created_at INTEGER, approved_at INTEGER, channels TEXT);
    CREATE TABLE dispatch_attempts (id INTEGER PRIMARY KEY, alert_id INTEGER, channel TEXT, submitting_at INTEGER)`);
  const sent = (alertId: number, channel: 'voice' | 'sms') =>
    sqlite.prepare('INSERT INTO dispatch_attempts (alert_id, channel, submitting_at) VALUES (?, ?, ?)').run(alertId, channel, NOW);
  const add = (state: string, createdAt: number, channels: string[], approvedAt: number | null = null) =>
    Number(sqlite.prepare('INSERT INTO alerts (state, created_at, approved_at, channels) VALUES (?, ?, ?, ?)').run(state, createdAt, approvedAt, JSON.stringify(channels)).lastInsertRowid);
  let health: PublicUrlHealth | null = null;
  let finish: (() => void) | null = null;
  let checks = 0;
  let checked = 0;
  const publicUrl = {
    base: () => base,
    status: () => ({ health }) as never,
    check: () => {
      checks++;
      return new Promise<PublicUrlHealth>((resolve) => {
        finish = () => {
          health = { ok: true, checkedAt: new Date(NOW + 1_000).toISOString(), latencyMs: 5, error: null };
          resolve(health);
        };
      });
    },
  };
  const store = new SqliteStore(sqlite, { dialect: 'sqlite', location: ':memory:', schemaVersion: 0 });
  const wait = new PublicUrlWait({ store, publicUrl, onChecked: () => checked++, log: silentLogger() });
  return {
    wait,
    add,
    sent,
    approve: (id: number, at: number) => sqlite.prepare("UPDATE alerts SET state = 'queued', approved_at = ? WHERE id = ?").run(at, id),
    setHealth: (checkedAt: number) => (health = { ok: true, checkedAt: new Date(checkedAt).toISOString(), latencyMs: 5, error: null }),
    finish: () => finish?.(),
    counts: () => ({ checks, checked }),
  };
}

describe('PublicUrlWait', () => {
  it('holds nothing without a public URL', async () => {
    const s = setUp(null);
    expect(await s.wait.callsMayStart(s.add('queued', NOW, ['voice']))).toBe(true);
    expect(s.counts().checks).toBe(0);
  });

  it("holds a queued alert's calls until a check after it is ready, then lets them go and says so", async () => {
    const s = setUp('https://gdial.example.org');
    const id = s.add('queued', NOW, ['voice', 'sms']);
    expect(await s.wait.callsMayStart(id)).toBe(false);
    expect(await s.wait.holds(id)).toBe(true);
    s.finish();
    await new Promise((r) => setTimeout(r, 0));
    expect(s.counts().checked).toBe(1);
    expect(await s.wait.callsMayStart(id)).toBe(true);
  });

  it('takes a check up to 30 s older than the launch or approval as fresh, not an older one', async () => {
    const s = setUp('https://gdial.example.org');
    s.setHealth(NOW - 20_000);
    expect(await s.wait.callsMayStart(s.add('queued', NOW, ['voice']))).toBe(true);
    // Launched long ago, approved now: the approval is when it became ready to go.
    expect(await s.wait.callsMayStart(s.add('queued', NOW - 3_600_000, ['voice'], NOW + 20_000))).toBe(false);
    expect(s.counts().checks).toBe(1);
  });

  it('never holds an alert whose calls have begun (escalation does not pause), nor texts-only alerts; texts sent first do not count', async () => {
    const s = setUp('https://gdial.example.org');
    const calling = s.add('running', NOW, ['voice']);
    s.sent(calling, 'voice');
    expect(await s.wait.callsMayStart(calling)).toBe(true);
    expect(await s.wait.holds(s.add('queued', NOW, ['sms']))).toBe(false);
    expect(s.counts().checks).toBe(0);
    // Voice and SMS: the texts went out first (the alert runs), the calls still wait.
    const mixed = s.add('running', NOW, ['voice', 'sms']);
    s.sent(mixed, 'sms');
    expect(await s.wait.callsMayStart(mixed)).toBe(false);
  });

  it('decides for an alert awaiting approval only once it is approved', async () => {
    const s = setUp('https://gdial.example.org');
    s.setHealth(NOW - 10_000);
    const id = s.add('pending_approval', NOW - 3_600_000, ['voice']);
    expect(await s.wait.holds(id)).toBe(false);
    expect(await s.wait.callsMayStart(id)).toBe(true);
    s.approve(id, NOW);
    expect(await s.wait.callsMayStart(id)).toBe(true); // the check 10 s before approval is fresh
    const later = s.add('pending_approval', NOW - 3_600_000, ['voice']);
    expect(await s.wait.callsMayStart(later)).toBe(true);
    s.approve(later, NOW + 60_000);
    expect(await s.wait.callsMayStart(later)).toBe(false);
  });
});
