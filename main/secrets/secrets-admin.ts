/** Setting and clearing secrets from the console: audited by name, never by value. */
import type { SecretName, SecretsStatus } from '../contract';
import { recordAudit, type Actor } from '../audit/audit-log';
import type { Store } from '../db/store';
import { AppError } from '../errors';
import type { SecretStore } from './secret-store';

export async function changeSecret(store: Store, secrets: SecretStore, actor: Actor, name: SecretName, value: string | null): Promise<SecretsStatus> {
  const source = secrets.status().secrets.find((s) => s.name === name)?.source;
  if (source === 'environment') {
    throw new AppError('conflict', `${name} is set by an environment variable and cannot be changed here`, {
      code: 'secrets.fixed_by_env',
      params: { name },
    });
  }
  // The file first, then its record: the secret store is a file, not part of the database's unit.
  if (value === null) secrets.clear(name);
  else secrets.set(name, value);
  await store.unit((tx) => recordAudit(tx, actor, { action: value === null ? 'secrets.clear' : 'secrets.set', target: { type: 'secret', id: name }, details: {} }));
  return secrets.status();
}
