import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { AlertActivity } from './alert-activity';
import { bringToFront, QuitGuard, type WindowLike } from './lifecycle';

/**
 * Electron's app and BrowserWindow, faked at their boundary: the app emits 'before-quit' on
 * quit() and closes its windows unless a listener prevents it, as Electron does.
 */
class FakeWindow extends EventEmitter implements WindowLike {
  visible = true;
  minimized = false;
  destroyed = false;
  focused = 0;
  isDestroyed = () => this.destroyed;
  isMinimized = () => this.minimized;
  restore = () => void (this.minimized = false);
  show = () => void (this.visible = true);
  hide = () => void (this.visible = false);
  focus = () => void this.focused++;
  /** The user clicks the window's close button. */
  close(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroyed = true;
    return !prevented;
  }
}

class FakeApp extends EventEmitter {
  exited = false;
  constructor(readonly windows: FakeWindow[]) {
    super();
  }
  quit = () => {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    for (const w of this.windows.filter((w) => !w.destroyed)) if (!w.close()) return;
    this.exited = true;
  };
}

function shell(alertActive: () => boolean, answer: () => Promise<boolean> = async () => false) {
  const win = new FakeWindow();
  const app = new FakeApp([win]);
  const activity = new AlertActivity(alertActive);
  const asked: number[] = [];
  const events: string[] = [];
  const guard = new QuitGuard({
    activity,
    confirm: () => {
      asked.push(1);
      return answer();
    },
    quit: () => app.quit(),
    onQuitting: () => events.push('quitting'),
    onHiddenToTray: () => events.push('hidden'),
  });
  app.on('before-quit', (e) => guard.beforeQuit(e));
  win.on('close', (e) => guard.windowClose(e, win));
  return { win, app, activity, guard, asked, events };
}

describe('closing and quitting', () => {
  it('with no alert: closing the window closes it, and quitting quits without a question', () => {
    const s = shell(() => false);
    expect(s.win.close()).toBe(true);
    s.app.quit();
    expect(s.app.exited).toBe(true);
    expect(s.asked).toEqual([]);
    expect(s.events).toEqual(['quitting']);
  });

  it('during an alert: closing the window hides it to the tray, GDial keeps running', () => {
    const s = shell(() => true);
    expect(s.win.close()).toBe(false);
    expect(s.win.visible).toBe(false);
    expect(s.win.destroyed).toBe(false);
    expect(s.app.exited).toBe(false);
    expect(s.events).toEqual(['hidden']);
  });

  it('during an alert: quitting asks first; "keep running" keeps everything as it was', async () => {
    const s = shell(() => true, async () => false);
    s.app.quit();
    await Promise.resolve();
    expect(s.asked).toHaveLength(1);
    expect(s.app.exited).toBe(false);
    expect(s.win.destroyed).toBe(false);
    expect(s.events).toEqual([]);
    expect(s.guard.isQuitting).toBe(false);
  });

  it('during an alert: "quit anyway" quits, closing the window instead of hiding it', async () => {
    let answer!: (yes: boolean) => void;
    const s = shell(() => true, () => new Promise((resolve) => (answer = resolve)));
    s.app.quit();
    // A second Cmd+Q while the question is open asks nothing more.
    s.app.quit();
    expect(s.asked).toHaveLength(1);
    answer(true);
    await new Promise((r) => setImmediate(r));
    expect(s.app.exited).toBe(true);
    expect(s.win.destroyed).toBe(true);
    expect(s.events).toEqual(['quitting']);
  });

  it('once a quit has gone ahead, the quits that follow (after the engine stopped) pass unasked', () => {
    let active = false;
    const s = shell(() => active);
    s.app.quit();
    // An alert launched by a schedule during shutdown, or the frozen last answer: no dialog now.
    active = true;
    s.app.quit();
    expect(s.asked).toEqual([]);
    expect(s.events).toEqual(['quitting', 'quitting']);
  });

  it('a second launch, the tray or the dock brings the window back from the tray or the dock', () => {
    const win = new FakeWindow();
    win.visible = false;
    win.minimized = true;
    bringToFront(win);
    expect(win).toMatchObject({ visible: true, minimized: false, focused: 1 });
    win.destroyed = true;
    bringToFront(win);
    expect(win.focused).toBe(1);
    bringToFront(null);
  });
});
