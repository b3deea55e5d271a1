import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_EVENT, IPC_INVOKE } from '../main/contract';
import { PASSWORD, startTestEngine, type TestEngine } from '../main/test-support/engine-fixture';
import { CONSOLE_PREFIX, CONSOLE_URL } from './console-protocol';
import { appFrameCheck, attachIpcBridge } from './ipc-bridge';

// Electron is faked only at its boundary: an ipcMain that stores the handler, and windows
// (WebContents) that record what they are sent. The engine behind the bridge is real.
const APP = 'file:///opt/GDial/resources/app.asar/dist/renderer/index.html';

class FakeContents extends EventEmitter {
  sent: unknown[][] = [];
  mainFrame = { url: APP };
  send(...args: unknown[]) {
    this.sent.push(args);
  }
}

let t: TestEngine;
let handler: (event: IpcMainInvokeEvent, method: unknown, input: unknown) => Promise<unknown>;

function eventFrom(contents: FakeContents, frame: { url: string } = contents.mainFrame) {
  return { sender: contents as unknown as WebContents, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

beforeAll(async () => {
  t = await startTestEngine();
  attachIpcBridge(
    {
      handle: (channel: string, fn: typeof handler) => {
        expect(channel).toBe(IPC_INVOKE);
        handler = fn;
      },
      removeHandler: () => undefined,
    } as never,
    t.engine,
    appFrameCheck(APP),
  );
});
afterAll(() => t.stop());

describe('IPC bridge', () => {
  it('carries contract calls from the app frame, one session per window', async () => {
    const win = new FakeContents();
    expect(await handler(eventFrom(win), 'auth.status', {})).toMatchObject({ ok: true, value: { needsSetup: true } });
    await handler(eventFrom(win), 'auth.setup', { username: 'admin', displayName: 'A', password: PASSWORD });
    expect(await handler(eventFrom(win), 'auth.me', {})).toMatchObject({ ok: true, value: { username: 'admin' } });
    const other = new FakeContents();
    expect(await handler(eventFrom(other), 'auth.me', {})).toMatchObject({ ok: false, error: { kind: 'unauthenticated' } });
  });

  it('refuses a subframe or a page from anywhere else, and runs nothing', async () => {
    const win = new FakeContents();
    const iframe = { url: APP };
    expect(await handler(eventFrom(win, iframe), 'auth.status', {})).toMatchObject({
      ok: false,
      error: { code: 'ipc.untrusted_sender' },
    });
    const hijacked = new FakeContents();
    hijacked.mainFrame = { url: 'https://evil.example/' };
    const before = t.engine.db.$client.prepare('SELECT COUNT(*) AS n FROM users').get();
    expect(
      await handler(eventFrom(hijacked), 'auth.setup', { username: 'evil', displayName: 'E', password: PASSWORD }),
    ).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(t.engine.db.$client.prepare('SELECT COUNT(*) AS n FROM users').get()).toEqual(before);
  });

  it('sends events only to the windows they are for', async () => {
    const adminWin = new FakeContents();
    await handler(eventFrom(adminWin), 'auth.login', { username: 'admin', password: PASSWORD });
    await handler(eventFrom(adminWin), 'profile.update', { language: 'en' });
    const anonymous = new FakeContents();
    await handler(eventFrom(anonymous), 'auth.status', {});
    await handler(eventFrom(adminWin), 'profile.update', { language: 'sv' });
    expect(adminWin.sent.some(([channel, name]) => channel === IPC_EVENT && name === 'session.user')).toBe(true);
    expect(anonymous.sent).toEqual([]);
  });

  it('tells a window whose session ended why, and sends it nothing more', async () => {
    const adminWin = new FakeContents();
    await handler(eventFrom(adminWin), 'auth.login', { username: 'admin', password: PASSWORD });
    const created = (await handler(eventFrom(adminWin), 'users.create', {
      username: 'vakthavande',
      displayName: 'Vakthavande',
      role: 'operator',
      password: PASSWORD,
    })) as { ok: true; value: { id: number } };
    const names = (win: FakeContents) => win.sent.filter(([channel]) => channel === IPC_EVENT).map(([, name, payload]) => [name, payload]);

    // Disabled by an admin: told once, with the reason.
    const disabledWin = new FakeContents();
    await handler(eventFrom(disabledWin), 'auth.login', { username: 'vakthavande', password: PASSWORD });
    await handler(eventFrom(adminWin), 'users.update', { id: created.value.id, disabled: true });
    expect(names(disabledWin)).toEqual([['session.ended', { reason: 'disabled' }]]);

    // Enabled again and signed in anew; then an admin sets a new password: told, and then silent.
    await handler(eventFrom(adminWin), 'users.update', { id: created.value.id, disabled: false });
    const resetWin = new FakeContents();
    await handler(eventFrom(resetWin), 'auth.login', { username: 'vakthavande', password: PASSWORD });
    await handler(eventFrom(adminWin), 'users.setPassword', { id: created.value.id, password: `${PASSWORD} igen` });
    expect(names(resetWin)).toEqual([['session.ended', { reason: 'password_changed' }]]);
    const before = resetWin.sent.length;
    await handler(eventFrom(adminWin), 'profile.update', { language: 'en' });
    await handler(eventFrom(adminWin), 'users.update', { id: created.value.id, displayName: 'Vakthavande 2' });
    expect(resetWin.sent.length).toBe(before);
    expect(await handler(eventFrom(resetWin), 'auth.me', {})).toMatchObject({ ok: false, error: { kind: 'unauthenticated' } });
    // The admin's own window kept its session and its events.
    expect(names(adminWin).some(([name]) => name === 'session.user')).toBe(true);
    expect(await handler(eventFrom(adminWin), 'auth.me', {})).toMatchObject({ ok: true });
  });

  it('carries contract methods only: anything else is refused before it reaches a handler', async () => {
    const win = new FakeContents();
    expect(await handler(eventFrom(win), { method: 'auth.status' }, {})).toMatchObject({ ok: false, error: { code: 'ipc.untrusted_sender' } });
    expect(await handler(eventFrom(win), 'fs.readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(await handler(eventFrom(win), '__proto__', {})).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });

  it('trusts the desktop console at gdial://console/ and nothing that merely looks like it', () => {
    const check = appFrameCheck(CONSOLE_PREFIX);
    const at = (url: string) => {
      const contents = new FakeContents();
      contents.mainFrame = { url };
      return check(eventFrom(contents));
    };
    expect(at(CONSOLE_URL)).toBe(true);
    expect(at(`${CONSOLE_PREFIX}index.html#/larm`)).toBe(true);
    for (const url of ['gdial://consolex/index.html', 'gdial://console.evil/index.html', 'file:///opt/GDial/dist/renderer/index.html', 'https://evil.example/#gdial://console/']) {
      expect(at(url), url).toBe(false);
    }
    // A frame that is not its window's top frame, even with the right URL.
    const contents = new FakeContents();
    contents.mainFrame = { url: CONSOLE_URL };
    expect(check(eventFrom(contents, { url: CONSOLE_URL }))).toBe(false);
    expect(check({ sender: contents, senderFrame: null } as unknown as IpcMainInvokeEvent)).toBe(false);
  });
});
