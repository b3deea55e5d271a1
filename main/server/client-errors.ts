/** What every HTTP server of the engine does with a request it cannot parse. */
import type { Duplex } from 'node:stream';

/**
 * A malformed request (or a peer that vanished) ends that connection only, with 400 where one can
 * still be sent. Registered as `clientError` on every server, so the choice is ours, not a default.
 */
export function endBadClient(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code !== 'ECONNRESET' && socket.writable) {
    socket.write('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  }
  // As Node does without a handler: the answer goes out if the socket takes it at once; the socket goes either way.
  socket.destroy();
}
