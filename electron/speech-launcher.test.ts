import { EventEmitter } from 'node:events';
import type { UtilityProcess } from 'electron';
import { describe, expect, it } from 'vitest';
import { utilityLauncher, type UtilityFork } from './speech-launcher';

class FakeUtility extends EventEmitter {
  pid: number | undefined = 4242;
  posted: unknown[] = [];
  killed = 0;
  postMessage(m: unknown) {
    this.posted.push(m);
  }
  kill() {
    this.killed++;
    this.emit('exit', 0);
    return true;
  }
}

describe('helper processes as Electron utility processes', () => {
  it('forks the entry file with its runtime arguments and carries messages, exit and kill both ways', () => {
    const forks: Array<{ file: string; options: unknown }> = [];
    let made: FakeUtility | undefined;
    const fork: UtilityFork = (file, _args, options) => {
      forks.push({ file, options });
      made = new FakeUtility();
      return made as unknown as UtilityProcess;
    };
    const child = utilityLauncher(fork)('/app.asar/dist/workers/espeak-child.mjs', []);
    expect(forks).toEqual([{ file: '/app.asar/dist/workers/espeak-child.mjs', options: expect.objectContaining({ execArgv: [], serviceName: 'GDial speech' }) }]);
    expect(child.pid).toBe(4242);

    const got: unknown[] = [];
    child.onMessage((m) => got.push(m));
    made!.emit('message', { type: 'ready', pid: 4242 });
    expect(got).toEqual([{ type: 'ready', pid: 4242 }]);

    child.send({ type: 'speak', id: 1, text: 'Hej', voice: 'sv' });
    expect(made!.posted).toEqual([{ type: 'speak', id: 1, text: 'Hej', voice: 'sv' }]);

    const exits: Array<number | null> = [];
    child.onExit((code) => exits.push(code));
    child.kill();
    made!.emit('exit', 1); // reported once, however many times it is said
    expect(exits).toEqual([0]);
    expect(made!.killed).toBe(1);
    child.send({ type: 'speak', id: 2, text: 'Hej', voice: 'sv' });
    expect(made!.posted).toHaveLength(1); // nothing is posted to a process that is gone
  });
});
