/**
 * The address book's services on a bare test database of either backend (testBackends()), for
 * suites that run on SQLite and PostgreSQL alike: contacts, groups, import (upload, preview,
 * commit, as the console drives them) and export, with inputs parsed by the contract as the
 * router would.
 */
import type { Actor } from '../audit/audit-log';
import { listAuditEntries } from '../audit/audit-log';
import { ContactsService } from '../contacts/contacts-service';
import { GroupsService } from '../contacts/groups-service';
import { ImportService } from '../contacts/import-service';
import { bytesSource, uploadImportFile, type ContractCall } from '../contacts/upload-file';
import { methods, type AuditEntry, type EventName, type MethodInput, type MethodName, type ParsedInput } from '../contract';
import type { Store } from '../db/store';
import { EventBus } from '../events/event-bus';
import { SettingsService } from '../settings/settings-service';
import type { OpenedTestStore, TestBackend } from './backends';

export const OPERATOR: Actor = { id: null, name: 'operator-1' };
const AUDIENCE = { tokenHashes: ['book-fixture-session'] };

/** The input as the router hands it to a handler: parsed, defaults filled in. */
export function parsed<M extends MethodName>(method: M, input: MethodInput<M>): ParsedInput<M> {
  return methods[method].input.parse(input) as ParsedInput<M>;
}

export interface Book {
  store: Store;
  bus: EventBus;
  contacts: ContactsService;
  groups: GroupsService;
  imports: ImportService;
  /** Every event emitted, in order. */
  events: { name: EventName; payload: unknown }[];
  /** Uploads a file as the console does (announced, then in chunks); its upload id. */
  upload(fileName: string, content: string | Uint8Array): Promise<string>;
  /** Preview then commit, as the wizard does. */
  importText(fileName: string, content: string | Uint8Array, extra?: { targetGroup?: string }): Promise<{
    report: Awaited<ReturnType<ImportService['preview']>>;
    result: Awaited<ReturnType<ImportService['commit']>>;
  }>;
  audit(action: string, limit?: number): Promise<AuditEntry[]>;
  close(): Promise<void>;
}

export async function openBook(backend: TestBackend, env: Record<string, unknown> = {}): Promise<Book> {
  const opened: OpenedTestStore = await backend.open();
  const { store } = opened;
  const bus = new EventBus();
  const events: Book['events'] = [];
  bus.on((name, payload) => events.push({ name, payload }));
  const settings = await SettingsService.open(store, env);
  const imports = new ImportService(store, settings, bus);
  const call = (async (method: MethodName, input: unknown) => {
    if (method === 'contacts.importBegin') return imports.begin(parsed(method, input as MethodInput<'contacts.importBegin'>), AUDIENCE);
    if (method === 'contacts.importChunk') return imports.chunk(parsed(method, input as MethodInput<'contacts.importChunk'>), AUDIENCE);
    throw new Error(`book fixture: ${method} is not an upload method`);
  }) as ContractCall;
  const upload = (fileName: string, content: string | Uint8Array) => uploadImportFile(call, bytesSource(fileName, content));
  return {
    store,
    bus,
    events,
    contacts: new ContactsService(store, bus),
    groups: new GroupsService(store, bus),
    imports,
    upload,
    async importText(fileName, content, extra = {}) {
      const report = await imports.preview(parsed('contacts.importPreview', { uploadId: await upload(fileName, content), ...extra }), AUDIENCE);
      const result = await imports.commit(report.importId, OPERATOR);
      return { report, result };
    },
    audit: (action, limit = 5) => listAuditEntries(store, { action, limit }),
    async close() {
      imports.close();
      await opened.close();
    },
  };
}

