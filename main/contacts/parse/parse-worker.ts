/**
 * The contact-file parse worker (a worker thread, entry `contact-parse-worker`): decoding,
 * CSV/vCard parsing and number normalisation are pure CPU and can take seconds on a large or
 * hostile file, so they run here and never on the engine's thread. One job per worker; the
 * thread ends when its job is answered.
 */
import { parentPort, threadId } from 'node:worker_threads';
import { AppError } from '../../errors';
import { readImportFile } from '../files/read-import-file';
import { prepareRecords } from '../import-planner';
import { ROWS_PER_MESSAGE, type ParseJob, type WorkerMessage } from './parse-protocol';

const port = parentPort;
if (!port) throw new Error('contact-parse-worker runs as a worker thread only');
const send = (message: WorkerMessage) => port.postMessage(message);

port.once('message', async (job: ParseJob) => {
  try {
    send({ t: 'progress', phase: 'reading', done: 0, total: 0 });
    const { records, ...meta } = readImportFile(job.bytes, { fileName: job.fileName, mapping: job.mapping, limits: job.limits });
    const total = records.length;
    const prepared = await prepareRecords(records, (done) => send({ t: 'progress', phase: 'checking', done, total }));
    send({ t: 'meta', meta, total, threadId });
    for (let i = 0; i < prepared.length; i += ROWS_PER_MESSAGE) send({ t: 'rows', rows: prepared.slice(i, i + ROWS_PER_MESSAGE) });
    send({ t: 'done' });
  } catch (error) {
    if (error instanceof AppError) send({ t: 'refused', error: error.toShape() });
    else send({ t: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
