/** Helpers for dispatch tests: a book of people, a draft, and waiting for an alert to settle. */
import type { Alert, AlertDraft, MethodInput } from '../contract';
import { bytesSource, uploadImportFile } from '../contacts/upload-file';
import type { Connection } from '../rpc/router';
import type { TestEngine } from './engine-fixture';

/** `count` people with one mobile each (+46702nnnnnn), all in one group; returns the group id. */
export async function bookWithGroup(t: TestEngine, op: Connection, count: number, name = 'Styrka'): Promise<{ groupId: number; numbers: string[] }> {
  const numbers = Array.from({ length: count }, (_, i) => `+46702${String(i).padStart(6, '0')}`);
  const rows = numbers.map((n, i) => `Person ${i + 1},0${n.slice(3, 5)}-${n.slice(5, 8)} ${n.slice(8)}`);
  const uploadId = await uploadImportFile((method, input) => t.call(op, method, input), bytesSource('book.csv', ['namn,mobil', ...rows].join('\n')));
  const report = await t.call(op, 'contacts.importPreview', {
    uploadId,
    targetGroup: name,
    rowLimit: 10,
  });
  if (report.totals.new !== count) throw new Error(`book: ${JSON.stringify(report.totals)}`);
  await t.call(op, 'contacts.importCommit', { importId: report.importId });
  const group = (await t.call(op, 'groups.list', {})).find((g) => g.name === name)!;
  return { groupId: group.id, numbers };
}

export function draft(groupId: number, extra: Partial<MethodInput<'alerts.launch'>['draft']> = {}): MethodInput<'alerts.launch'>['draft'] {
  return {
    title: 'Brand i Åby',
    voiceText: 'Brand i Åby industriområde. Samling vid stationen.',
    smsText: 'Brand i Åby industriområde. Samling vid stationen.',
    channels: ['voice'],
    groupIds: [groupId],
    ...extra,
  } as AlertDraft;
}

export async function waitForAlert(
  t: TestEngine,
  conn: Connection,
  id: number,
  done: (a: Alert) => boolean = (a) => ['completed', 'canceled', 'expired'].includes(a.state),
  timeoutMs = 20_000,
): Promise<Alert> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const alert = await t.call(conn, 'alerts.get', { id });
    if (done(alert)) return alert;
    if (Date.now() > until) throw new Error(`alert ${id} did not settle: ${JSON.stringify(alert.counters)} state ${alert.state}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Simulator timings that make a call-out take milliseconds instead of minutes. */
export const FAST = { latencyMs: { min: 1, max: 5 }, ringMs: { min: 1, max: 5 }, talkMs: { min: 1, max: 2 }, timeScale: 0 };
