/**
 * A WebSocket client written by hand on a TCP socket, for tests that must send what no library
 * would: broken frames, forged Host headers. Nothing is checked on our side.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface RawUpgrade {
  socket: Socket;
  /** The status line of the server's answer, e.g. `HTTP/1.1 101 Switching Protocols`. */
  status: string;
  /** Bytes after the answer's headers (frames the server sent). */
  rest: Buffer;
}

/** Opens a TCP connection and asks for a WebSocket upgrade with these headers. */
export function rawUpgrade(url: string, headers: Record<string, string> = {}): Promise<RawUpgrade> {
  const { hostname, port, pathname, host } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let buffered = Buffer.alloc(0);
    socket.once('error', reject);
    socket.once('close', () => reject(new Error(`closed before an answer: ${buffered.toString('latin1')}`)));
    socket.on('data', function onData(chunk: Buffer) {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      socket.removeAllListeners('close');
      socket.removeAllListeners('error');
      socket.on('error', () => {}); // resets after the test's bad frames are expected
      resolve({ socket, status: buffered.subarray(0, buffered.indexOf('\r\n')).toString('latin1'), rest: buffered.subarray(end + 4) });
    });
    const all: Record<string, string> = {
      Host: host,
      Upgrade: 'websocket',
      Connection: 'Upgrade',
      'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      'Sec-WebSocket-Version': '13',
      ...headers,
    };
    socket.write(`GET ${pathname} HTTP/1.1\r\n${Object.entries(all).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
  });
}

/** One frame as a client sends it: FIN unless told otherwise, optional RSV bits, masked unless told otherwise. */
export function frame(opcode: number, payload: Buffer, opts: { mask?: boolean; rsv?: number; declaredLength?: bigint; fin?: boolean } = {}): Buffer {
  const mask = opts.mask ?? true;
  const length = opts.declaredLength ?? BigInt(payload.length);
  const head = [(opts.fin === false ? 0 : 0x80) | ((opts.rsv ?? 0) << 4) | opcode];
  let ext = Buffer.alloc(0);
  if (length < 126n) head.push((mask ? 0x80 : 0) | Number(length));
  else if (length < 65536n) {
    head.push((mask ? 0x80 : 0) | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(Number(length));
  } else {
    head.push((mask ? 0x80 : 0) | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(length);
  }
  if (!mask) return Buffer.concat([Buffer.from(head), ext, payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(head), ext, key, masked]);
}

/**
 * Waits until the server closes the connection; resolves with the close code it sent first
 * (null when it only dropped the socket).
 */
export function serverClose(socket: Socket, already: Buffer = Buffer.alloc(0), timeoutMs = 10_000): Promise<number | null> {
  return new Promise((resolve, reject) => {
    let data = already;
    const timer = setTimeout(() => reject(new Error('the server kept the connection open')), timeoutMs);
    // A close frame from the server: 0x88, a length, the code (unmasked).
    const code = () => {
      const at = data.indexOf(0x88);
      return at >= 0 && data.length >= at + 4 && (data[at + 1]! & 0x7f) >= 2 ? data.readUInt16BE(at + 2) : null;
    };
    const onData = (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      // Like a client that hears the close: our side ends too, and the server drops the socket.
      if (code() !== null) socket.end();
    };
    socket.on('data', onData);
    onData(Buffer.alloc(0));
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(code());
    });
    socket.once('end', () => socket.end());
  });
}
