/**
 * espeak-ng compiled to WebAssembly: built in, offline, the same on every platform. The package
 * is the espeak-ng command line as an Emscripten module whose main() runs once, while the module
 * starts, and cannot be run again; so each synthesis starts a fresh instance of a WebAssembly
 * module compiled once per process.
 *
 * This module runs only inside the speech process (espeak-child.ts), never in the engine: espeak-ng
 * is GPL-3.0, and it speaks synchronously for about 200 ms per text, which would stall the
 * engine's event loop. The engine talks to it through espeak-tts.ts.
 */
import type { ESpeakNgFactory, ESpeakNgModule } from 'espeak-ng';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { TtsError, type Synthesized } from './tts-port';
import { parseWav } from './wav';

const IN = '/in.txt';
const OUT = '/out.wav';

/** Node has WebAssembly; the ES and Node type libraries this project uses do not describe it. */
interface Wasm {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Promise<object>;
}
const { WebAssembly: wasmApi } = globalThis as unknown as { WebAssembly: Wasm };

interface Loaded {
  factory: ESpeakNgFactory;
  /** The compiled module: compiling takes tens of milliseconds, instantiating much less. */
  wasm: object;
}

let loading: Promise<Loaded> | undefined;

/** Loads and compiles espeak-ng once per process; later calls share the result. */
export function loadEspeak(): Promise<Loaded> {
  loading ??= (async () => {
    const wasmFile = path.join(path.dirname(createRequire(import.meta.url).resolve('espeak-ng')), 'espeak-ng.wasm');
    const [{ default: factory }, wasm] = await Promise.all([import('espeak-ng'), readFile(wasmFile).then((bytes) => wasmApi.compile(bytes))]);
    return { factory, wasm };
  })().catch((error: unknown) => {
    loading = undefined;
    throw new TtsError(`espeak-ng could not be loaded (${String(error)}); reinstall GDial`, { cause: error });
  });
  return loading;
}

/** Speaks `text` with `voice`; one at a time (an instance holds 32 MB): the child serves requests in turn. */
export async function speak(text: string, voice: string): Promise<Synthesized> {
  const { factory, wasm } = await loadEspeak();
  const messages: string[] = [];
  let status = 0;
  let failed: (error: unknown) => void = () => undefined;
  const crashed = new Promise<never>((_resolve, reject) => (failed = reject));
  let instance: ESpeakNgModule;
  try {
    instance = await Promise.race([
      factory({
        // Text from a file, not argv: a message starting with "-" must not be read as an option.
        arguments: ['-b', '1', '-v', voice, '-w', OUT, '-f', IN],
        thisProgram: 'espeak-ng',
        // Never the console: espeak-ng's messages belong in the error we throw.
        print: (line) => messages.push(line),
        printErr: (line) => {
          // Emscripten's own note that exit() left the runtime alive is noise to an operator.
          if (!line.startsWith('program exited')) messages.push(line);
        },
        // Emscripten's default sets process.exitCode to espeak-ng's exit status: one unknown
        // voice would make GDial itself exit with 1 later. Unwind, and keep the status here.
        quit: (code, toThrow) => {
          status = code;
          throw toThrow;
        },
        preRun: [(m) => m.FS.writeFile(IN, text)],
        // A crash inside main() surfaces here, not in the factory's promise, which would never settle.
        instantiateWasm: (imports, receive) => {
          wasmApi
            .instantiate(wasm, imports)
            .then((i) => receive(i))
            .catch(failed);
          return {};
        },
      }),
      crashed,
    ]);
  } catch (error) {
    throw new TtsError(`espeak-ng failed with voice "${voice}": ${messages.join(' ') || String(error)}`, { cause: error });
  }
  let wav: Buffer | null = null;
  try {
    const bytes = instance.FS.readFile(OUT);
    wav = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch {
    // No file: the status and messages below say why.
  }
  if (status !== 0 || !wav) {
    throw new TtsError(`espeak-ng could not speak with voice "${voice}": ${messages.join(' ') || `exit status ${status}`}. Check the espeak-ng voice in Settings.`);
  }
  const info = parseWav(wav);
  if (info.dataBytes === 0) throw new TtsError('espeak-ng produced no audio for this text');
  return { wav, durationMs: info.durationMs };
}
