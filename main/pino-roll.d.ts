/** The part of pino-roll (no types of its own) that log.ts uses. */
declare module 'pino-roll' {
  import type { EventEmitter } from 'node:events';

  export interface PinoRollOptions {
    /** Base path; `.<number>` and the extension are appended. */
    file: string;
    extension?: string;
    /** e.g. `10m`, `512k`, `4096b`. */
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    limit?: { count: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
    sync?: boolean;
    mode?: number;
  }

  /** A sonic-boom stream writing the current file. */
  export interface RollStream extends EventEmitter {
    write(data: string): boolean;
    flush(cb?: (error?: Error) => void): void;
    end(): void;
    readonly file: string;
  }

  export default function pinoRoll(options: PinoRollOptions): Promise<RollStream>;
}
