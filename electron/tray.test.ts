import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { shellTexts } from './texts';

type Item = { label?: string; type?: string; enabled?: boolean; click?: () => void };

/** Electron's Tray, Menu and nativeImage, faked at their boundary. */
class FakeTray extends EventEmitter {
  static last: FakeTray;
  image: unknown;
  tooltip = '';
  menu: Item[] = [];
  balloons: unknown[] = [];
  destroyed = false;
  constructor(image: unknown) {
    super();
    this.image = image;
    FakeTray.last = this;
  }
  setImage(image: unknown) {
    this.image = image;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: Item[]) {
    this.menu = menu;
  }
  displayBalloon(options: unknown) {
    this.balloons.push(options);
  }
  destroy() {
    this.destroyed = true;
  }
}
class FakeImage {
  reps: Array<{ scaleFactor: number; width: number; buffer: Buffer }> = [];
  addRepresentation(rep: { scaleFactor: number; width: number; buffer: Buffer }) {
    this.reps.push(rep);
  }
}
vi.mock('electron', () => ({
  Tray: FakeTray,
  Menu: { buildFromTemplate: (items: Item[]) => items },
  nativeImage: { createEmpty: () => new FakeImage() },
}));

const sv = shellTexts('sv-SE');
let shown = 0;
let quit = 0;
beforeEach(() => {
  shown = 0;
  quit = 0;
});

async function tray(platform: NodeJS.Platform = 'win32') {
  const { createTray } = await import('./tray');
  const t = createTray({ texts: sv, onShow: () => shown++, onQuit: () => quit++, platform });
  return { t, fake: FakeTray.last };
}
const labels = (menu: Item[]) => menu.filter((i) => i.label).map((i) => i.label);

describe('tray', () => {
  it('starts idle, and shows an active alert in its icon, tooltip and menu', async () => {
    const { t, fake } = await tray();
    const idleImage = fake.image as FakeImage;
    expect(idleImage.reps.map((r) => [r.scaleFactor, r.width])).toEqual([
      [1, 16],
      [2, 32],
    ]);
    expect(fake.tooltip).toBe('GDial – inget larm pågår');
    t.setAlertActive(true);
    expect(fake.image).not.toBe(idleImage);
    expect(fake.tooltip).toBe('GDial – ett larm pågår');
    expect(labels(fake.menu)[0]).toBe('GDial – ett larm pågår');
    t.setAlertActive(false);
    expect(fake.image).toBe(idleImage);
  });

  it('opens the window from the icon or the menu, and quits from the menu', async () => {
    const { fake } = await tray();
    fake.emit('click');
    fake.menu.find((i) => i.label === 'Visa GDial')!.click!();
    expect(shown).toBe(2);
    fake.menu.find((i) => i.label === 'Avsluta GDial')!.click!();
    expect(quit).toBe(1);
  });

  it('offers a waiting update in the menu, and takes it away again', async () => {
    const { t, fake } = await tray();
    let installs = 0;
    t.setUpdateAction(() => installs++);
    fake.menu.find((i) => i.label === sv.installUpdate)!.click!();
    expect(installs).toBe(1);
    t.setUpdateAction(null);
    expect(labels(fake.menu)).not.toContain(sv.installUpdate);
  });

  it('tells a Windows user with a balloon that GDial still runs; other trays show it in the icon', async () => {
    const win = await tray('win32');
    win.t.tellKeptRunning();
    expect(win.fake.balloons).toEqual([{ title: sv.keptInTrayTitle, content: sv.keptInTray, iconType: 'info' }]);
    const mac = await tray('darwin');
    mac.t.tellKeptRunning();
    expect(mac.fake.balloons).toEqual([]);
    mac.t.destroy();
    expect(mac.fake.destroyed).toBe(true);
  });

  it('speaks English on an English OS, Swedish otherwise', () => {
    expect(shellTexts('en-GB').quit).toBe('Quit GDial');
    expect(shellTexts('sv').quit).toBe('Avsluta GDial');
    expect(shellTexts('de-DE').quit).toBe('Avsluta GDial');
  });
});
