import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, encodePng } from './png';
import { appIconPng, COLOURS, trayIconPng } from './tray-icon';

/** Reads back what encodePng wrote, checking every chunk's CRC as any PNG reader does. */
function decode(png: Buffer): { width: number; height: number; pixel(x: number, y: number): number[] } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  for (;;) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length)).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9], data[12]]).toEqual([8, 6, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  const raw = inflateSync(Buffer.concat(idat));
  return {
    width,
    height,
    pixel: (x, y) => {
      const row = y * (width * 4 + 1);
      expect(raw[row]).toBe(0);
      return [...raw.subarray(row + 1 + x * 4, row + 1 + x * 4 + 4)];
    },
  };
}

describe('icons drawn in code', () => {
  it('encodes RGBA as a valid PNG', () => {
    const img = decode(encodePng(2, 1, Uint8Array.from([255, 0, 0, 255, 0, 0, 255, 128])));
    expect(img.pixel(0, 0)).toEqual([255, 0, 0, 255]);
    expect(img.pixel(1, 0)).toEqual([0, 0, 255, 128]);
    expect(() => encodePng(2, 2, new Uint8Array(4))).toThrow(/Expected 16 bytes/);
  });

  it('tells an active alert (red disc) from idle (grey ring) at tray sizes, transparent around', () => {
    for (const size of [16, 32]) {
      const alert = decode(trayIconPng('alert', size));
      const idle = decode(trayIconPng('idle', size));
      expect([alert.width, alert.height]).toEqual([size, size]);
      const ringAt = Math.round(size * 0.13);
      expect(alert.pixel(ringAt, size / 2)).toEqual([...COLOURS.alert, 255]);
      expect(alert.pixel(size / 2, size / 2)).toEqual([...COLOURS.white, 255]);
      expect(idle.pixel(ringAt, size / 2)).toEqual([...COLOURS.idle, 255]);
      expect(idle.pixel(size / 2, size / 2)).toEqual([...COLOURS.idle, 255]);
      for (const img of [alert, idle]) expect(img.pixel(0, 0)[3]).toBe(0);
    }
  });

  it('draws the installer icon large enough for every platform (electron-builder wants 512+)', () => {
    const icon = decode(appIconPng(512));
    expect(icon.width).toBe(512);
    expect(icon.pixel(256, 256)).toEqual([...COLOURS.alert, 255]);
    expect(icon.pixel(60, 256)).toEqual([...COLOURS.navy, 255]);
  });
});
