/**
 * Test support: a stand-in for the piper program, a Node script that records its argv and stdin
 * to `<dir>/piper-call.json` and writes half a second of tone as WAV to --output_file, so the
 * runner is tested through a real process, a real pipe and a real file.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type FakePiperBehaviour = 'speak' | 'fail' | 'hang' | 'no-output';

export interface PiperCall {
  args: string[];
  stdin: string;
}

export function writeFakePiper(dir: string, behaviour: FakePiperBehaviour = 'speak'): { binary: string; calls: () => PiperCall | null } {
  const binary = path.join(dir, 'piper');
  const record = path.join(dir, 'piper-call.json');
  writeFileSync(
    binary,
    `#!/usr/bin/env node
const fs = require('node:fs');
const args = process.argv.slice(2);
let stdin = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => (stdin += d));
process.stdin.on('end', () => {
  fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args, stdin }));
  const behaviour = ${JSON.stringify(behaviour)};
  if (behaviour === 'fail') {
    process.stderr.write('[error] Failed to load voice model\\n');
    process.exit(3);
  }
  if (behaviour === 'hang') return void setTimeout(() => undefined, 600000);
  if (behaviour === 'no-output') return;
  const rate = 22050, n = rate / 2, wav = Buffer.alloc(44 + n * 2);
  wav.write('RIFF', 0); wav.writeUInt32LE(36 + n * 2, 4); wav.write('WAVEfmt ', 8); wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); wav.writeUInt16LE(1, 22); wav.writeUInt32LE(rate, 24); wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32); wav.writeUInt16LE(16, 34); wav.write('data', 36); wav.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) wav.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  fs.writeFileSync(args[args.indexOf('--output_file') + 1], wav);
});
`,
  );
  chmodSync(binary, 0o755);
  return {
    binary,
    calls: () => {
      try {
        return JSON.parse(readFileSync(record, 'utf8')) as PiperCall;
      } catch {
        return null;
      }
    },
  };
}

/** An empty .onnx voice with its .onnx.json beside it, as Piper expects. */
export function writeFakeVoice(dir: string, name = 'sv_SE-test-medium.onnx'): string {
  const voice = path.join(dir, name);
  writeFileSync(voice, '');
  writeFileSync(`${voice}.json`, '{}');
  return voice;
}
