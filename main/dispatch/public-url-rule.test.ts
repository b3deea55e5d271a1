/**
 * The rule for which calls wait for the public URL's check, on a real SQLite table of alerts and
 * a stand-in public URL whose check the test ends by hand.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { silentLogger } from '../log';
import type { PublicUrlHealth } from '../tunnel/health-check';
import { PublicUrlWait } from './public-url-wait';

const NOW = Date.parse('2026-12-06T12:00:00Z');

function setUp(base: string | null) {
  const sqlite = new Database(':memory:');
  sqlite.exec('CREATE TABLE alerts (id INTEGER PRIMARY KEY, state TEXT, created_at INTEGER, approved_at INTEGER, channels TEXT)');
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
  const wait = new PublicUrlWait({ db: { $client: sqlite } as unknown as Db, publicUrl, onChecked: () => checked++, log: silentLogger() });
  return {
    wait,
    add,
    setHealth: (checkedAt: number) => (health = { ok: true, checkedAt: new Date(checkedAt).toISOString(), latencyMs: 5, error: null }),
    finish: () => finish?.(),
    counts: () => ({ checks, checked }),
  };
}

describe('PublicUrlWait', () => {
  it('holds nothing without a public URL', () => {
    const s = setUp(null);
    expect(s.wait.callsMayStart(s.add('queued', NOW, ['voice']))).toBe(true);
    expect(s.counts().checks).toBe(0);
  });

  it("holds a queued alert's calls until a check after it is ready, then lets them go and says so", async () => {
    const s = setUp('https://gdial.example.org');
    const id = s.add('queued', NOW, ['voice', 'sms']);
    expect(s.wait.callsMayStart(id)).toBe(false);
    expect(s.wait.holds({ state: 'queued', since: NOW, channels: ['voice'] })).toBe(true);
    s.finish();
    await new Promise((r) => setTimeout(r, 0));
    expect(s.counts().checked).toBe(1);
    expect(s.wait.callsMayStart(id)).toBe(true);
  });

  it('takes a check up to 30 s older than the launch or approval as fresh, not an older one', () => {
    const s = setUp('https://gdial.example.org');
    s.setHealth(NOW - 20_000);
    expect(s.wait.callsMayStart(s.add('queued', NOW, ['voice']))).toBe(true);
    // Launched long ago, approved now: the approval is when it became ready to go.
    expect(s.wait.callsMayStart(s.add('queued', NOW - 3_600_000, ['voice'], NOW + 20_000))).toBe(false);
    expect(s.counts().checks).toBe(1);
  });

  it('never holds a running alert (escalation does not pause), nor texts-only alerts', () => {
    const s = setUp('https://gdial.example.org');
    expect(s.wait.callsMayStart(s.add('running', NOW, ['voice']))).toBe(true);
    expect(s.wait.holds({ state: 'queued', since: NOW, channels: ['sms'] })).toBe(false);
    expect(s.counts().checks).toBe(0);
  });
});
