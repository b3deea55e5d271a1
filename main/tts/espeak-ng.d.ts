/** Types for the espeak-ng package: its espeak-ng command line as an Emscripten module factory. */
declare module 'espeak-ng' {
  export interface ESpeakNgModule {
    FS: {
      readFile(path: string): Uint8Array;
      writeFile(path: string, data: string | Uint8Array): void;
    };
  }

  export interface ESpeakNgOptions {
    /** The command line; main() runs with it as soon as the module has started. */
    arguments: string[];
    thisProgram?: string;
    print?: (line: string) => void;
    printErr?: (line: string) => void;
    /** Called by exit() and by a crash, with what to throw to unwind the stack. */
    quit?: (status: number, toThrow: unknown) => void;
    preRun?: Array<(module: ESpeakNgModule) => void>;
    /** Instantiates the WebAssembly module with these imports and hands the instance back. */
    instantiateWasm?: (imports: object, receive: (instance: object) => void) => object;
  }

  export type ESpeakNgFactory = (options: ESpeakNgOptions) => Promise<ESpeakNgModule>;
  const ESpeakNg: ESpeakNgFactory;
  export default ESpeakNg;
}
