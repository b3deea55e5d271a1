/**
 * GDial's marks, drawn in code: the tray icon (grey ring when idle, red disc while an alert is
 * active, so the state reads at a glance on light and dark task bars) and the installer icon.
 */
import { encodePng } from './png';

type Rgb = readonly [number, number, number];
/** A shape's coverage of the point (x, y) in a unit square: 0 outside, 1 inside. */
type Shape = (x: number, y: number) => boolean;

const SAMPLES = 4;

/** Paints layers bottom to top, each a shape and a colour, with 4×4 supersampled edges. */
function paint(size: number, layers: Array<[Shape, Rgb]>): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES) / size;
          const y = (py + (sy + 0.5) / SAMPLES) / size;
          let top: Rgb | null = null;
          for (const [shape, colour] of layers) if (shape(x, y)) top = colour;
          if (top) {
            r += top[0];
            g += top[1];
            b += top[2];
            a += 1;
          }
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        out[i] = Math.round(r / a);
        out[i + 1] = Math.round(g / a);
        out[i + 2] = Math.round(b / a);
        out[i + 3] = Math.round((255 * a) / (SAMPLES * SAMPLES));
      }
    }
  }
  return out;
}

const disc = (radius: number): Shape => (x, y) => (x - 0.5) ** 2 + (y - 0.5) ** 2 <= radius ** 2;
const ring = (outer: number, inner: number): Shape => (x, y) => {
  const d = (x - 0.5) ** 2 + (y - 0.5) ** 2;
  return d <= outer ** 2 && d >= inner ** 2;
};
const roundedSquare = (inset: number, corner: number): Shape => (x, y) => {
  const dx = Math.max(inset + corner - x, 0, x - (1 - inset - corner));
  const dy = Math.max(inset + corner - y, 0, y - (1 - inset - corner));
  return x >= inset && x <= 1 - inset && y >= inset && y <= 1 - inset && dx * dx + dy * dy <= corner * corner;
};

export const COLOURS = {
  idle: [138, 148, 166] as Rgb,
  alert: [224, 49, 49] as Rgb,
  white: [255, 255, 255] as Rgb,
  navy: [28, 43, 74] as Rgb,
};

export type TrayState = 'idle' | 'alert';

export function trayIconRgba(state: TrayState, size: number): Uint8Array {
  return state === 'alert'
    ? paint(size, [
        [disc(0.46), COLOURS.alert],
        [disc(0.16), COLOURS.white],
      ])
    : paint(size, [
        [ring(0.44, 0.3), COLOURS.idle],
        [disc(0.14), COLOURS.idle],
      ]);
}

export function trayIconPng(state: TrayState, size: number): Buffer {
  return encodePng(size, size, trayIconRgba(state, size));
}

/** The application icon (installers, task bar, dock): a white dial ring and a red call on navy. */
export function appIconPng(size = 1024): Buffer {
  return encodePng(
    size,
    size,
    paint(size, [
      [roundedSquare(0.06, 0.2), COLOURS.navy],
      [ring(0.34, 0.26), COLOURS.white],
      [disc(0.15), COLOURS.alert],
    ]),
  );
}
