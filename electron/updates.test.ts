import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { mayInstall, UpdateController, type UpdaterLike } from './updates';

/** electron-updater's autoUpdater, faked at its boundary: records what the shell asks of it. */
class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  feeds: unknown[] = [];
  checks = 0;
  installs: unknown[][] = [];
  checkFails = false;
  setFeedURL(options: { provider: 'generic'; url: string }) {
    this.feeds.push(options);
  }
  async checkForUpdates() {
    this.checks++;
    if (this.checkFails) throw new Error('ENOTFOUND updates.example');
    return null;
  }
  quitAndInstall(...args: unknown[]) {
    this.installs.push(args);
  }
}

function controller(opts: { url?: string; active?: boolean; restart?: boolean; ask?: () => Promise<boolean> } = {}) {
  const updater = new FakeUpdater();
  const state = { url: opts.url ?? 'https://updates.example/gdial/', active: opts.active ?? false, restart: opts.restart ?? true };
  const asked: string[] = [];
  const ready: Array<string | null> = [];
  const warnings: unknown[] = [];
  const c = new UpdateController({
    updater,
    feedUrl: async () => state.url,
    alertActive: () => state.active,
    askToRestart: async (version) => {
      asked.push(version);
      return opts.ask ? opts.ask() : state.restart;
    },
    onReady: (v) => ready.push(v),
    log: { info: () => undefined, warn: (...args: unknown[]) => void warnings.push(args) } as never,
  });
  const settle = () => new Promise((r) => setImmediate(r));
  return { c, updater, state, asked, ready, warnings, settle };
}

describe('updates', () => {
  it('downloads automatically and checks the generic server named by the setting, set once per URL', async () => {
    const { c, updater, state } = controller();
    expect(updater.autoDownload).toBe(true);
    expect(await c.check()).toBe('checked');
    expect(await c.check()).toBe('checked');
    expect(updater.feeds).toEqual([{ provider: 'generic', url: 'https://updates.example/gdial/' }]);
    state.url = 'https://other.example/';
    await c.check();
    expect(updater.feeds).toHaveLength(2);
    expect(updater.checks).toBe(3);
  });

  it('does nothing when the update URL is empty', async () => {
    const { c, updater } = controller({ url: '  ' });
    expect(await c.check()).toBe('off');
    expect(updater.feeds).toEqual([]);
    expect(updater.checks).toBe(0);
  });

  it('reports a failed check without throwing, and an updater error never goes unhandled', async () => {
    const { c, updater, warnings } = controller();
    updater.checkFails = true;
    expect(await c.check()).toBe('failed');
    expect(() => updater.emit('error', new Error('sha512 checksum mismatch'))).not.toThrow();
    expect(warnings).toHaveLength(2);
  });

  it('offers a restart when an update arrives with no alert running, and installs on yes', async () => {
    const { c, updater, asked, ready, settle } = controller();
    await c.check();
    updater.emit('update-downloaded', { version: '0.2.0' });
    await settle();
    expect(asked).toEqual(['0.2.0']);
    expect(ready).toEqual(['0.2.0']);
    expect(updater.installs).toEqual([[false, true]]);
  });

  it('never installs while an alert is active: no offer, no restart, not on quit', async () => {
    const { c, updater, state, asked, settle } = controller({ active: true });
    await c.check();
    updater.emit('update-downloaded', { version: '0.2.0' });
    await settle();
    expect(asked).toEqual([]);
    expect(c.installNow()).toBe(false);
    c.beforeQuit();
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(updater.installs).toEqual([]);

    // The alert ends: now the update is offered, and installs on quit.
    state.active = false;
    c.alertsEnded();
    await settle();
    expect(asked).toEqual(['0.2.0']);
    expect(updater.installs).toHaveLength(1);
    c.beforeQuit();
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('re-checks at the moment of installing: an alert launched while the question was open wins', async () => {
    let answer!: (yes: boolean) => void;
    const { c, updater, state, settle } = controller({ ask: () => new Promise((r) => (answer = r)) });
    await c.check();
    updater.emit('update-downloaded', { version: '0.2.0' });
    state.active = true;
    answer(true);
    await settle();
    expect(updater.installs).toEqual([]);
    expect(c.pendingVersion).toBe('0.2.0');
  });

  it('asks once per version ("later" means on quit), and not at all once updates are turned off', async () => {
    const { c, updater, state, asked, settle } = controller({ restart: false });
    await c.check();
    updater.emit('update-downloaded', { version: '0.2.0' });
    await settle();
    c.alertsEnded();
    await settle();
    expect(asked).toEqual(['0.2.0']);
    expect(updater.installs).toEqual([]);
    c.beforeQuit();
    expect(updater.autoInstallOnAppQuit).toBe(true);

    state.url = '';
    await c.check();
    c.beforeQuit();
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(c.installNow()).toBe(false);
  });

  it('the rule itself', () => {
    expect(mayInstall({ downloaded: '1.0.0', alertActive: false, feedOn: true })).toBe(true);
    expect(mayInstall({ downloaded: '1.0.0', alertActive: true, feedOn: true })).toBe(false);
    expect(mayInstall({ downloaded: null, alertActive: false, feedOn: true })).toBe(false);
    expect(mayInstall({ downloaded: '1.0.0', alertActive: false, feedOn: false })).toBe(false);
  });
});
