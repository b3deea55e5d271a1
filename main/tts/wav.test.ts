import { describe, expect, it } from 'vitest';
import { encodeWav, parseWav, rms } from './wav';

const tone = (seconds: number, amplitude: number, rate = 8000) =>
  Int16Array.from({ length: Math.round(seconds * rate) }, (_, i) => Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * 440 * i) / rate)));

describe('wav', () => {
  it('reads back the format and duration it wrote', () => {
    const info = parseWav(encodeWav(tone(1.5, 0.5), 8000));
    expect(info).toMatchObject({ format: 1, channels: 1, sampleRate: 8000, bitsPerSample: 16, dataOffset: 44, dataBytes: 24000, durationMs: 1500 });
  });

  it('measures loudness: silence is 0, a sine of amplitude a is a/√2', () => {
    expect(rms(encodeWav(new Int16Array(800), 8000))).toBe(0);
    expect(rms(encodeWav(tone(1, 0.5), 8000))).toBeCloseTo(0.5 / Math.SQRT2, 3);
  });

  it('skips chunks it does not know and trusts only the bytes present', () => {
    const plain = encodeWav(tone(1, 0.5), 8000);
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc\0')]);
    const withList = Buffer.concat([plain.subarray(0, 36), list, plain.subarray(36)]);
    expect(parseWav(withList).durationMs).toBe(1000);
    // A streamed header claims more data than was written (espeak-ng does this when piped).
    const cut = Buffer.from(plain.subarray(0, 44 + 8000));
    cut.writeUInt32LE(0x7ffff000, 40);
    expect(parseWav(cut).durationMs).toBe(500);
  });

  it('refuses what is not a WAV file', () => {
    expect(() => parseWav(Buffer.from('ID3 not a wav file at all'))).toThrow(/RIFF/);
    expect(() => parseWav(encodeWav(tone(0.1, 0.5), 8000).subarray(0, 30))).toThrow();
  });
});
