/** Setting and clearing secrets from the console: audited by name, never by value. */
import type { SecretName, SecretsStatus } from '../contract';
import { appendAudit, type Actor } from '../audit/audit-log';
import type { Db } from '../db/open';
import { AppError } from '../errors';
import type { SecretStore } from './secret-store';

export function changeSecret(db: Db, store: SecretStore, actor: Actor, name: SecretName, value: string | null): SecretsStatus {
  const source = store.status().secrets.find((s) => s.name === name)?.source;
  if (source === 'environment') {
    throw new AppError('conflict', `${name} is set by an environment variable and cannot be changed here`, {
      code: 'secrets.fixed_by_env',
      params: { name },
    });
  }
  if (value === null) store.clear(name);
  else store.set(name, value);
  appendAudit(db, actor, { action: value === null ? 'secrets.clear' : 'secrets.set', target: { type: 'secret', id: name }, details: {} });
  return store.status();
}
