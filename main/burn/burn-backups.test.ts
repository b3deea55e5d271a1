/**
 * A burn reaches the backups too: a backup taken while the message was still readable holds its
 * words, and a restore would bring them back, so the burn erases them there as well — from the
 * backup file's bytes — and the backup stays whole and restorable.
 */
import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkIntegrity } from '../backup/online-backup';
import { bookWithGroup, draft, FAST, waitForAlert } from '../test-support/alert-fixture';
import { startTestEngine, type TestEngine } from '../test-support/engine-fixture';

const SECRET = 'Hemligt larm Zebra4711 vid norra porten';

let t: TestEngine | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

/** Every backup file in the engine's backup folder, with its bytes (and any journal beside it). */
function backups(dataDir: string): Array<{ file: string; bytes: Buffer }> {
  const dir = path.join(dataDir, 'backups');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.db'))
    .map((f) => path.join(dir, f))
    .map((file) => ({
      file,
      bytes: Buffer.concat([file, `${file}-wal`, `${file}-journal`].map(readIfThere)),
    }));
}

/** A journal can vanish between looking and reading (the scrub is still committing): then it holds nothing. */
function readIfThere(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw err;
  }
}

async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !condition(); ) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('burn messages and backups', () => {
  it('erases the burned words from a backup taken before the burn; the backup stays whole and keeps the other alerts', async () => {
    t = await startTestEngine({ simulatorConfig: { ...FAST, outcomes: { answer: 0, busy: 0, noAnswer: 1, voicemail: 0, failed: 0 } } });
    const admin = await t.signedIn('admin');
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 1);
    const kept = await t.call(op, 'alerts.launch', { launchKey: 'kept-alert', draft: draft(groupId, { voiceText: 'Vanligt larm Okapi2210', policy: { cycles: 1 } } as never) });
    const burnable = await t.call(op, 'alerts.launch', {
      launchKey: 'burn-backup',
      draft: draft(groupId, { voiceText: SECRET, burn: { after: 'time', minutes: 60 }, policy: { cycles: 1 } } as never),
    });
    await waitForAlert(t, op, kept.id);
    await waitForAlert(t, op, burnable.id);

    const backup = await t.call(admin, 'backups.run', {});
    // The engine's own scheduled backup at start came before the alerts; this one holds the words.
    const before = backups(t.dataDir).find((b) => path.basename(b.file) === backup.fileName)!;
    expect(before.bytes.includes(Buffer.from('Zebra4711'))).toBe(true);

    await t.call(op, 'alerts.burn', { id: burnable.id });
    // Nobody asks for it: the burn itself reaches the backup.
    // Done when no backup holds the words and each is one file again (the scrub closed its copy).
    await until(() => backups(t!.dataDir).every((b) => !b.bytes.includes(Buffer.from('Zebra4711')) && !existsSync(`${b.file}-wal`)));

    const after = backups(t.dataDir).find((b) => b.file === before.file);
    expect(after!.bytes.includes(Buffer.from('Okapi2210'))).toBe(true); // only the burned alert lost its words
    expect(existsSync(`${after!.file}-wal`)).toBe(false); // one self-contained file, as backups are
    expect(checkIntegrity(after!.file)).toBe('ok');
    // Restored, the copy would show the alert as burned, not as an alert with an empty message.
    const copy = new Database(after!.file, { readonly: true });
    const mark = copy.prepare('SELECT b.burned_at FROM burn_messages b JOIN alerts a ON a.id = b.alert_id WHERE a.launch_key = ?').get('burn-backup') as { burned_at: number | null };
    copy.close();
    expect(mark.burned_at).not.toBeNull();
    const listed = await t.call(admin, 'backups.list', {});
    expect(listed.map((b) => b.fileName)).toContain(backup.fileName);
  });
});
