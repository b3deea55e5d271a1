/**
 * The client side of an import upload, for the CLI and the engine's own tests (the console has
 * its own in renderer/): announce the file, then send it in order, one chunk per call. A file
 * over the size limit is refused at the announcement, before any of its bytes are read or sent.
 */
import type { MethodInput, MethodName, MethodOutput } from '../contract';

export type ContractCall = <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>;

export interface FileSource {
  fileName: string;
  size: number;
  read(offset: number, length: number): Uint8Array | Promise<Uint8Array>;
}

export function bytesSource(fileName: string, content: string | Uint8Array): FileSource {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return { fileName, size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

/** Returns the upload id that contacts.importPreview then names. */
export async function uploadImportFile(
  call: ContractCall,
  source: FileSource,
  onProgress: (sent: number, size: number) => void = () => {},
): Promise<string> {
  const { uploadId, chunkBytes } = await call('contacts.importBegin', { fileName: source.fileName, size: source.size });
  let sent = 0;
  while (sent < source.size) {
    const chunk = await source.read(sent, Math.min(chunkBytes, source.size - sent));
    // A file that shrank while being read: stop here, the engine's preview then says it is incomplete.
    if (chunk.length === 0) break;
    const dataBase64 = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('base64');
    sent = (await call('contacts.importChunk', { uploadId, offset: sent, dataBase64 })).received;
    onProgress(sent, source.size);
  }
  return uploadId;
}
