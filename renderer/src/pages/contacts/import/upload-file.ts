/**
 * Sends an import file to the engine the way it wants it: the size is checked against the
 * engine's limit first (a file over it is refused here, before a byte is read), then the file is
 * announced and sent in order in chunks of IMPORT_CHUNK_BYTES, one contract call each, so no
 * frame over the WebSocket or Electron IPC ever carries the whole file.
 */
import { IMPORT_CHUNK_BYTES } from '@contract';
import { ApiError } from '../../../api/api-error';
import type { ApiClient } from '../../../api/client';
import { fileToBase64 } from './file-base64';

export interface UploadProgress {
  sent: number;
  size: number;
}

/** The same refusal the engine gives, so both languages say "at most N MB" the same way. */
export function tooLargeError(size: number, maxBytes: number): ApiError {
  const megabytes = Math.floor(maxBytes / (1024 * 1024));
  return new ApiError({
    kind: 'validation',
    message: `The file is ${size} bytes; one import may be at most ${megabytes} MB.`,
    code: 'import.too_large',
    params: { size, limit: maxBytes, megabytes },
  });
}

/** Returns the upload id that contacts.importPreview names. */
export async function uploadFile(api: ApiClient, file: File, onProgress: (p: UploadProgress) => void): Promise<string> {
  const maxBytes = (await api.call('settings.get', {})).values.importMaxMegabytes * 1024 * 1024;
  if (file.size > maxBytes) throw tooLargeError(file.size, maxBytes);
  const { uploadId, chunkBytes } = await api.call('contacts.importBegin', { fileName: file.name, size: file.size });
  const step = Math.min(chunkBytes, IMPORT_CHUNK_BYTES);
  let sent = 0;
  onProgress({ sent, size: file.size });
  while (sent < file.size) {
    const dataBase64 = await fileToBase64(file.slice(sent, Math.min(file.size, sent + step)));
    sent = (await api.call('contacts.importChunk', { uploadId, offset: sent, dataBase64 })).received;
    onProgress({ sent, size: file.size });
  }
  return uploadId;
}
